"""The client's address behind trusted proxies (TRUSTED_PROXIES)."""

import pytest
from django.test import RequestFactory

from core.proxies import TrustedProxyMiddleware, client_address


def _address(settings, proxies, remote, forwarded=None):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get(
        "/",
        REMOTE_ADDR=remote,
        **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}),
    )
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]

    TrustedProxyMiddleware(view)(request)
    return seen["address"]


def test_a_trusted_proxy_passes_on_the_client_address(settings):
    assert _address(settings, ["127.0.0.1"], "127.0.0.1", "10.8.1.20") == "10.8.1.20"


def test_addresses_the_client_wrote_itself_are_ignored(settings):
    # The client sent "6.6.6.6"; nginx appended the address it saw.
    forwarded = "6.6.6.6, 10.8.1.20"
    assert _address(settings, ["127.0.0.1"], "127.0.0.1", forwarded) == "10.8.1.20"


def test_a_chain_of_trusted_proxies_is_walked_back(settings):
    forwarded = "10.8.1.20, 172.16.0.5"
    proxies = ["127.0.0.1", "172.16.0.0/12"]
    assert _address(settings, proxies, "127.0.0.1", forwarded) == "10.8.1.20"


def test_an_untrusted_peer_cannot_claim_an_address(settings):
    assert _address(settings, ["127.0.0.1"], "10.9.9.9", "1.2.3.4") == "10.9.9.9"


@pytest.mark.parametrize("proxies", [[], ["127.0.0.1"]])
def test_without_the_header_the_peer_address_stays(settings, proxies):
    assert _address(settings, proxies, "127.0.0.1") == "127.0.0.1"


def test_garbage_in_the_header_keeps_the_peer(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "not-an-address"}
    assert client_address(meta) == "127.0.0.1"
