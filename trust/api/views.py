from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from influencer_platform.api.permissions import AgencyOnlyElseNotFound
from trust import disclosure_rules as table
from trust.api.serializers import (
    DisclosureRuleTableSerializer,
    VerificationSerializer,
    VerifyRequestSerializer,
)
from trust.services.verification import uploaded_credentials_verify


class VerifyCredentialsView(APIView):
    """Check the C2PA content credentials of any uploaded mp4 or image; nothing is stored."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": VerifyRequestSerializer}, responses=VerificationSerializer)
    def post(self, request):
        serializer = VerifyRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = uploaded_credentials_verify(uploaded=serializer.validated_data["file"])
        return Response(VerificationSerializer(result.as_dict()).data)


class DisclosureRulesView(APIView):
    """The versioned disclosure rule table (agency staff; brand clients get 404): what each platform
    and jurisdiction requires a post to carry, why, and what in the studio enforces it."""

    permission_classes = [AgencyOnlyElseNotFound]

    @extend_schema(responses=DisclosureRuleTableSerializer)
    def get(self, request):
        payload = {"version": table.VERSION, "effective": table.EFFECTIVE, "rules": table.disclosure_rules()}
        return Response(DisclosureRuleTableSerializer(payload).data)
