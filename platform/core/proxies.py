"""The client's address behind trusted reverse proxies.

Audit records, login throttling and online petitions read REMOTE_ADDR. Behind
nginx that is the proxy's own address, so when a request comes from one of
TRUSTED_PROXIES (addresses or networks), REMOTE_ADDR becomes the last address
in X-Forwarded-For that is not itself a trusted proxy. A request from anywhere
else keeps its REMOTE_ADDR: a client cannot claim an address by sending the
header itself.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(item, strict=False) for item in proxies)


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(meta) -> str | None:
    """The client's address from a request's META."""
    remote = meta.get("REMOTE_ADDR")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not remote or not _trusted(remote, networks):
        return remote
    hops = [
        hop.strip() for hop in meta.get(FORWARDED_FOR, "").split(",") if hop.strip()
    ]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote
    return hops[0] if hops else remote


class TrustedProxyMiddleware:
    """Sets REMOTE_ADDR to the client's address (see client_address)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.TRUSTED_PROXIES:
            request.META["REMOTE_ADDR"] = client_address(request.META)
        return self.get_response(request)
