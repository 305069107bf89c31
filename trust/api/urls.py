from django.urls import path

from trust.api.views import VerifyCredentialsView

urlpatterns = [
    path("content-credentials/verify/", VerifyCredentialsView.as_view(), name="content-credentials-verify"),
]
