from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action

from campaigns.api.filters import CampaignFilter
from campaigns.api.serializers.campaigns import (
    CampaignInputSerializer,
    CampaignSerializer,
    CampaignTransitionSerializer,
    CampaignUpdateSerializer,
)
from campaigns.models import Campaign
from campaigns.selectors import campaigns_for_user
from campaigns.services.campaigns import campaign_create, campaign_transition, campaign_update
from influencer_platform.api.viewsets import ScopedViewSet


class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Campaigns; status moves only through ``/transition/``. Contracting locks deliverable prices."""

    model = Campaign
    selector = staticmethod(campaigns_for_user)
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter
    ordering_fields = ["created_at", "start_date", "end_date", "name", "status"]
    ordering = ["-created_at"]

    @extend_schema(request=CampaignInputSerializer, responses={201: CampaignSerializer})
    def create(self, request):
        data = dict(self.validated(CampaignInputSerializer, request.data))
        campaign = campaign_create(user=request.user, **data)
        return self.respond(campaign, status=status.HTTP_201_CREATED)

    @extend_schema(request=CampaignUpdateSerializer, responses=CampaignSerializer)
    def partial_update(self, request, uuid=None):
        campaign = self.get_object()
        data = dict(self.validated(CampaignUpdateSerializer, request.data, partial=True))
        return self.respond(campaign_update(campaign=campaign, user=request.user, data=data))

    @extend_schema(request=CampaignTransitionSerializer, responses=CampaignSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, uuid=None):
        campaign = self.get_object()
        data = self.validated(CampaignTransitionSerializer, request.data)
        return self.respond(campaign_transition(campaign=campaign, user=request.user, **data))
