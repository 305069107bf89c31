"""API rate limits: a scheduling tool's token and a signed-in person are counted apart.

A busy integration cannot use up the budget of the agency staff who own its token, and each token is
limited on its own. Anonymous requests are counted per client address (DRF's ``AnonRateThrottle``).
"""

from rest_framework.throttling import SimpleRateThrottle

from influencer_platform.accounts.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class SessionUserRateThrottle(SimpleRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated or isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
