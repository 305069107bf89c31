from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status

from campaigns.api.filters import RateCardFilter
from campaigns.api.serializers.rate_cards import (
    RateCardInputSerializer,
    RateCardSerializer,
    RateCardUpdateSerializer,
)
from campaigns.models import RateCard
from campaigns.selectors import rate_cards_for_user
from campaigns.services.rate_cards import rate_card_create, rate_card_update
from influencer_platform.api.permissions import AgencyOnlyElseNotFound
from influencer_platform.api.viewsets import ScopedViewSet


class RateCardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Persona rate cards: agency-only; they do not exist for brand clients (404)."""

    model = RateCard
    selector = staticmethod(rate_cards_for_user)
    serializer_class = RateCardSerializer
    permission_classes = [AgencyOnlyElseNotFound]
    filterset_class = RateCardFilter
    ordering_fields = ["created_at", "persona__name"]
    ordering = ["persona__name"]

    @extend_schema(request=RateCardInputSerializer, responses={201: RateCardSerializer})
    def create(self, request):
        data = dict(self.validated(RateCardInputSerializer, request.data))
        rate_card = rate_card_create(user=request.user, **_plain(data))
        return self.respond(self.get_queryset().get(pk=rate_card.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=RateCardUpdateSerializer, responses=RateCardSerializer)
    def partial_update(self, request, uuid=None):
        rate_card = self.get_object()
        data = dict(self.validated(RateCardUpdateSerializer, request.data, partial=True))
        rate_card_update(rate_card=rate_card, user=request.user, data=_plain(data))
        return self.respond(self.get_queryset().get(pk=rate_card.pk))


def _plain(data: dict) -> dict:
    """Nested serializer output is a list of OrderedDicts; services take plain dicts."""
    return {
        key: [dict(row) for row in value] if isinstance(value, list) else value for key, value in data.items()
    }
