from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from campaigns.api.serializers.earnings import EarningsQuerySerializer, EarningsReportSerializer
from campaigns.selectors import earnings_by_brand, earnings_by_persona_month
from influencer_platform.api.permissions import AgencyOnlyElseNotFound

SELECTORS = {"persona_month": earnings_by_persona_month, "brand": earnings_by_brand}


class EarningsView(APIView):
    """Gross, agency commission and net from issued and paid invoices, one block per currency."""

    permission_classes = [AgencyOnlyElseNotFound]

    @extend_schema(parameters=[EarningsQuerySerializer], responses=EarningsReportSerializer)
    def get(self, request):
        query = EarningsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        group = query.validated_data["group"]
        year = query.validated_data.get("year")
        report = SELECTORS[group](user=request.user, year=year, currency=query.validated_data.get("currency"))
        return Response(EarningsReportSerializer({"group": group, "year": year, "currencies": report}).data)
