"""Where a request comes from: the address the throttle counts, the audit trail records and the access log shows.

Behind a reverse proxy every request arrives from the proxy, and the client's address is in X-Forwarded-For — a
header anyone can send. It is believed only when the request came from a proxy named in GAOXIN["TRUSTED_PROXIES"]
(addresses or networks), and then read from the right: each proxy appends the address it received from, so the
rightmost address that is not one of our proxies is the first one no proxy of ours can vouch for, and nothing left of
it can be trusted (GB/T 22239-2019 8.1.4.3 c: audit records carry the source; a forged header must not move it)."""

import ipaddress
from functools import cache

from django.conf import settings

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"


@cache  # settings are read once per process; tests that change them clear it (trusted_proxies.cache_clear)
def trusted_proxies() -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in settings.GAOXIN["TRUSTED_PROXIES"])


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted_proxy(address) -> bool:
    return any(address in network for network in trusted_proxies())


def client_address(request) -> str:
    """The client's IP address as text; "" for a sign-in without a request (a management command, a test's login)."""
    if request is None:
        return ""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return ""
    if not _is_trusted_proxy(peer):
        return str(peer)
    hops = [_address(part) for part in request.META.get(FORWARDED_HEADER, "").split(",")]
    for hop in reversed(hops):
        if hop is None:
            break  # a hop that is not an address: nothing left of it can be read
        if not _is_trusted_proxy(hop):
            return str(hop)
        peer = hop
    return str(peer)
