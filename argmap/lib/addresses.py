"""The client's address, as every rate and lock-out counts it.

Behind a reverse proxy every request comes from the proxy, and the client's own address is in
`X-Forwarded-For`, which the proxy appends to. That header is believed only when the request
really comes from a trusted proxy (`ARGMAP_TRUSTED_PROXIES`): read from the right, the first
address that is not a trusted proxy is the client. A client talking to the app directly, or
writing its own `X-Forwarded-For`, cannot choose the address it is counted under.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or networks (`10.0.0.2`, `172.16.0.0/12`, `::1`); a bad one stops start-up."""
    found = []
    for value in values:
        try:
            found.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"ARGMAP_TRUSTED_PROXIES: {value!r} is not an address or a network."
            ) from None
    return tuple(found)


@cache
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


# Where the peer has no IP address (a server on a Unix socket leaves REMOTE_ADDR empty): every
# such request is counted under this one address. It must still be an address, because
# django-axes stores it in an IP address column.
NO_ADDRESS = "0.0.0.0"


def _peer(request: HttpRequest) -> str:
    try:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "").strip()))
    except ValueError:
        return NO_ADDRESS


def client_address(request: HttpRequest) -> str:
    """The client's address, always an IP address: the peer's, or, when the peer is a trusted
    proxy, the last address in `X-Forwarded-For` that is not one of the trusted proxies."""
    peer = _peer(request)
    networks = _trusted(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(peer, networks):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if not _is_trusted(hop, networks):
            # What a proxy appended is an address; anything else came from the client.
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer
    return peer
