from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notifications_read_all, name="read-all"),
    path("preferences/", views.notification_preferences, name="preferences"),
    path("<uuid:uuid>/open/", views.notification_open, name="open"),
]
