from django.urls import path
from rest_framework.routers import SimpleRouter

from campaigns.api.views.brands import BrandContactViewSet, BrandViewSet
from campaigns.api.views.campaigns import CampaignViewSet
from campaigns.api.views.deliverables import DeliverableViewSet
from campaigns.api.views.earnings import EarningsView
from campaigns.api.views.invoices import InvoiceViewSet
from campaigns.api.views.quotes import QuoteView
from campaigns.api.views.rate_cards import RateCardViewSet

router = SimpleRouter()
router.register("brands", BrandViewSet, basename="brand")
router.register("brand-contacts", BrandContactViewSet, basename="brand-contact")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("deliverables", DeliverableViewSet, basename="deliverable")
router.register("invoices", InvoiceViewSet, basename="invoice")
router.register("rate-cards", RateCardViewSet, basename="rate-card")

urlpatterns = [
    path("quotes/", QuoteView.as_view(), name="quote"),
    path("earnings/", EarningsView.as_view(), name="earnings"),
    *router.urls,
]
