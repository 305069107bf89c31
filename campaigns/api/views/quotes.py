from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from campaigns.api.serializers.rate_cards import QuoteRequestSerializer, QuoteSerializer
from campaigns.models import RateCard
from campaigns.services.quotes import Quote, quote_compute
from influencer_platform.api.permissions import AgencyOnlyElseNotFound
from influencer_platform.common.errors import ServiceError


def quote_payload(quote: Quote) -> dict:
    return {
        "currency": quote.currency,
        "lines": quote.lines,
        "total": quote.total,
        "revision_rounds_allowed": quote.revision_rounds_allowed,
        "locked": False,
        "locked_at": None,
    }


class QuoteView(APIView):
    """Price a deliverable from a persona's rate card without saving anything."""

    permission_classes = [AgencyOnlyElseNotFound]

    @extend_schema(request=QuoteRequestSerializer, responses=QuoteSerializer)
    def post(self, request):
        serializer = QuoteRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        inputs = dict(serializer.validated_data)
        persona = inputs.pop("persona")
        rate_card = (
            RateCard.objects.filter(persona=persona)
            .prefetch_related("prices", "usage_multipliers", "exclusivity_fees")
            .first()
        )
        if rate_card is None:
            raise ServiceError(f"{persona} has no rate card.", code="no_rate_card", field="persona")
        quote = quote_compute(rate_card=rate_card, **inputs)
        return Response(QuoteSerializer(quote_payload(quote)).data)
