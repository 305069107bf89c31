from django.urls import path

from trust.views.consent import consent_record_add_view, consent_record_revoke_view
from trust.views.rules import disclosure_rules_page

app_name = "trust"

urlpatterns = [
    path("consent/add/", consent_record_add_view, name="consent-add"),
    path("consent/<uuid:uuid>/revoke/", consent_record_revoke_view, name="consent-revoke"),
    path("disclosure-rules/", disclosure_rules_page, name="disclosure-rules"),
]
