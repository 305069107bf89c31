"""Server-rendered pages: the agency dashboard at the root, the brand client's portal under /portal/."""

from django.urls import include, path

from campaigns.urls import portal_urlpatterns
from influencer_platform import views
from influencer_platform.accounts import invitation_views
from influencer_platform.accounts import views as account_views

portal_patterns = [path("", views.portal_home, name="home"), *portal_urlpatterns]

urlpatterns = [
    path("", views.home, name="home"),
    path("settings/tokens/", account_views.api_token_list, name="api-tokens"),
    path("settings/tokens/<uuid:uuid>/revoke/", account_views.api_token_revoke_view, name="api-token-revoke"),
    path("brands/<uuid:uuid>/invite/", invitation_views.brand_invite, name="brand-invite"),
    path(
        "invitations/<uuid:uuid>/revoke/",
        invitation_views.brand_invitation_revoke_view,
        name="brand-invitation-revoke",
    ),
    path("invite/<str:token>/", invitation_views.invitation_accept, name="invitation-accept"),
    path("portal/", include((portal_patterns, "portal"))),
    path("personas/", include("personas.urls")),
    path("", include("campaigns.urls")),
    path("", include("generation.urls")),
    path("trust/", include("trust.urls")),
    path("notifications/", include("notifications.urls")),
]
