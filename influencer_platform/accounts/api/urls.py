from django.urls import path
from rest_framework.routers import SimpleRouter

from influencer_platform.accounts.api.views import ApiTokenViewSet, MeView

router = SimpleRouter()
router.register("api-tokens", ApiTokenViewSet, basename="api-token")

urlpatterns = [path("me/", MeView.as_view(), name="api-me"), *router.urls]
