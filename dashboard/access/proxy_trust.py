"""Which connections may vouch for a user: an authenticating reverse proxy at a known address.

With `flightdeck serve --trusted-user-headers`, Streamlit copies identity headers such as
`X-Forwarded-Email` into `st.user`. Any client could add those headers itself, so they count only
on a connection from an address in `--trusted-proxy` (loopback by default: a proxy on the same
machine); `dashboard.app.guard` removes them from every other request before Streamlit sees it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from dashboard.i18n import t

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class BadProxyAddress(ValueError):
    """A `--trusted-proxy` value that is not an address or a network; the message names it."""


def networks(values: Iterable[str]) -> tuple[Network, ...]:
    """Addresses ("10.0.0.5") and networks ("10.0.0.0/24", "fd00::/64") as networks."""
    found = []
    for value in values:
        try:
            found.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise BadProxyAddress(t("serve.bad_trusted_proxy", value=value)) from None
    return tuple(found)


def peer(host: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a connection came from (an IPv4 address mapped into IPv6 as itself); None for
    a Unix socket or anything else that is not an address."""
    if not host:
        return None
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@dataclass(frozen=True)
class ProxyTrust:
    """The identity headers (lower case) and the networks allowed to send them."""

    headers: frozenset[str]
    trusted: tuple[Network, ...]

    def vouches(self, host: str | None) -> bool:
        """Whether a connection from `host` may name the user in identity headers."""
        address = peer(host)
        return address is not None and any(address in network for network in self.trusted)
