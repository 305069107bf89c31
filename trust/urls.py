from django.urls import path

from trust.views.consent import consent_record_revoke_view

app_name = "trust"

urlpatterns = [
    path("consent/<uuid:uuid>/revoke/", consent_record_revoke_view, name="consent-revoke"),
]
