from django.urls import path
from rest_framework.routers import SimpleRouter

from trust.api.consent import ConsentRecordViewSet
from trust.api.views import DisclosureRulesView, VerifyCredentialsView

router = SimpleRouter()
router.register("consent-records", ConsentRecordViewSet, basename="consent-record")

urlpatterns = [
    path("content-credentials/verify/", VerifyCredentialsView.as_view(), name="content-credentials-verify"),
    path("disclosure-rules/", DisclosureRulesView.as_view(), name="disclosure-rules"),
    *router.urls,
]
