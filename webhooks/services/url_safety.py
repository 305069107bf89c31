"""Server-side request forgery guard: receivers must be public https hosts unless settings say otherwise."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from influencer_platform.common.errors import ServiceError


class WebhookUrlRefused(ServiceError):
    code = "webhook_url_refused"


def _is_private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def webhook_url_check(*, url: str) -> None:
    """Refuse what a receiver URL must not be; the host is resolved, so a public name that points
    at 127.0.0.1 or 169.254.169.254 is refused as well. Checked on save and again before each send."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        raise WebhookUrlRefused("Webhook URLs must be http(s).", field="url")
    if parts.scheme != "https" and settings.WEBHOOK_REQUIRE_HTTPS:
        raise WebhookUrlRefused("Webhook URLs must use https://.", field="url")
    if parts.username or parts.password:
        raise WebhookUrlRefused("Webhook URLs cannot carry credentials.", field="url")
    host = parts.hostname
    if not host:
        raise WebhookUrlRefused("The webhook URL has no host.", field="url")
    if settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise WebhookUrlRefused(f"The host {host!r} does not resolve ({exc}).", field="url") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if _is_private(address):
            raise WebhookUrlRefused(
                f"{host} resolves to {address}, a loopback, private or link-local address; "
                "set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow it.",
                field="url",
            )
