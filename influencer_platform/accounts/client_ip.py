"""The client's address as the studio sees it: behind N trusted proxies, the Nth-from-last forwarded hop.

Login lockouts and API throttles both key on it, so with a reverse proxy in front they must not see
every user as the proxy's address, and without one a client must not choose its own address.
"""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    # Each trusted proxy appended the address it saw; anything further left was written by the client.
    return hops[-proxies] if len(hops) >= proxies else remote
