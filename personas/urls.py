from django.urls import path

from personas import channel_views, views

app_name = "personas"

urlpatterns = [
    path("", views.persona_list, name="list"),
    path("new/", views.persona_create_view, name="create"),
    path("<uuid:uuid>/", views.persona_detail, name="detail"),
    path("<uuid:uuid>/edit/", views.persona_edit, name="edit"),
    path("<uuid:uuid>/images/", views.image_upload, name="image-upload"),
    path("<uuid:uuid>/images/<uuid:image_uuid>/primary/", views.image_set_primary, name="image-primary"),
    path("<uuid:uuid>/images/<uuid:image_uuid>/label/", views.image_label, name="image-label"),
    path("<uuid:uuid>/images/<uuid:image_uuid>/delete/", views.image_delete, name="image-delete"),
    path("<uuid:uuid>/channels/", channel_views.channel_add, name="channel-add"),
    path("<uuid:uuid>/channels/<uuid:channel_uuid>/", channel_views.channel_edit, name="channel-edit"),
    path(
        "<uuid:uuid>/channels/<uuid:channel_uuid>/followers/",
        channel_views.follower_snapshot_add,
        name="follower-snapshot-add",
    ),
]
