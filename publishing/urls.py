from django.urls import path

from publishing.views import pages
from publishing.views.delivery import publication_delivery

app_name = "publishing"

urlpatterns = [
    path("publications/calendar/", pages.publication_calendar, name="calendar"),
    path("publications/metrics-import/", pages.metrics_import_view, name="metrics-import"),
    path("publications/<uuid:uuid>/reschedule/", pages.publication_reschedule_view, name="reschedule"),
    path("publications/<uuid:uuid>/withdraw/", pages.publication_withdraw_view, name="withdraw"),
    path("deliverables/<uuid:uuid>/publications/", pages.publication_plan_view, name="plan"),
    path(
        "calendars/personas/<uuid:uuid>/<str:signature>.ics",
        pages.persona_calendar_feed,
        name="persona-calendar-feed",
    ),
]

# The delivery URL is outside the app namespace: schedulers' stored URLs must never change shape.
delivery_urlpatterns = [
    path(
        "deliver/<uuid:uuid>/<int:version>/<str:signature>.mp4",
        publication_delivery,
        name="publication-delivery",
    ),
]
