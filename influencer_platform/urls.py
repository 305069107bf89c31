from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from influencer_platform.media import media_file
from publishing.urls import delivery_urlpatterns

api_patterns = [
    path("", include("influencer_platform.accounts.api.urls")),
    path("", include("personas.api.urls")),
    path("", include("campaigns.api.urls")),
    path("", include("generation.api.urls")),
    path("", include("webhooks.api.urls")),
    path("", include("trust.api.urls")),
    path("", include("publishing.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, so the page runs under a strict CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    *delivery_urlpatterns,
    path("", include("publishing.urls")),
    path("", include("influencer_platform.dashboard_urls")),
]

if settings.SERVE_MEDIA:
    # Local-disk media, private: scope or signature checked per request. S3 serves presigned URLs.
    urlpatterns.append(re_path(r"^media/(?P<path>.+)$", media_file, name="media"))

# With DEBUG off, an unexpected error under /api/ answers JSON like every other API error.
handler500 = "influencer_platform.api.exceptions.server_error"
