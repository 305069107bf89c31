from django.urls import path

from publishing.views.delivery import publication_delivery

urlpatterns = [
    path(
        "deliver/<uuid:uuid>/<int:version>/<str:signature>.mp4",
        publication_delivery,
        name="publication-delivery",
    ),
]
