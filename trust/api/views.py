from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from trust.api.serializers import VerificationSerializer, VerifyRequestSerializer
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
