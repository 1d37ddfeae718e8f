"""Where renkei may send a webhook: only to public Internet addresses.

A coordinator types the endpoint's URL, so without this guard renkei would POST wherever that
URL points — the server's own loopback services, the office network behind it, a cloud
metadata service on 169.254.169.254 (server-side request forgery). The URL is checked when the
endpoint is saved, and every connection is checked again against the address it actually
connects to, because a name's DNS answer can change after the save (DNS rebinding).

``RENKEI_WEBHOOK_ALLOW_PRIVATE`` turns the guard off, for an installation whose receivers sit
in its own network on purpose (and for tests, whose receiver listens on 127.0.0.1).
"""

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(OSError):
    """The host is, or resolves to, an address renkei does not send webhooks to. An OSError so
    that it ends a connection attempt the way a refused connection does."""


def private_allowed() -> bool:
    return bool(getattr(settings, "RENKEI_WEBHOOK_ALLOW_PRIVATE", False))


def kind_of(address: Address) -> str | None:
    """Why the address is refused (loopback, private …), or None for a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    # The most telling name first: 127.0.0.1 and 169.254.x.x are also "private" to ipaddress.
    checks = (
        ("is_loopback", _("loopback")),
        ("is_link_local", _("link-local")),
        ("is_multicast", _("multicast")),
        ("is_unspecified", _("unspecified")),
        ("is_reserved", _("reserved")),
        ("is_private", _("private")),
    )
    for attribute, kind in checks:
        if getattr(address, attribute):
            return kind
    if not address.is_global:  # e.g. 100.64.0.0/10, the carriers' shared address space
        return _("non-public")
    return None


def refusal(host: str, address: Address, kind: str) -> str:
    # The name only, never what it resolved to: a coordinator must not be able to map the
    # server's internal network through this message.
    shown = host
    return _(
        "%(host)s is not on the public Internet (%(kind)s address); renkei sends webhooks only "
        "to public addresses."
    ) % {"host": shown, "kind": kind}


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def resolve(host: str, port: int) -> list[tuple[Any, ...]]:
    """Every address ``host`` resolves to, as getaddrinfo gives them, after checking them all:
    one refused address refuses the host, since a connection may use any of them."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not private_allowed():
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            kind = kind_of(address)
            if kind is not None:
                raise AddressRefused(refusal(host, address, kind))
    return infos


def check_url(url: str) -> None:
    """At save time: refuses a URL whose host is, or resolves to, a refused address. A name
    that does not resolve (yet) is let through — the connection is checked again anyway."""
    if private_allowed():
        return
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return  # not a URL: the URL validator says so
    if not host or parts.scheme.lower() not in ("http", "https"):
        return
    literal = _literal(host)
    if literal is not None:
        kind = kind_of(literal)
        if kind is not None:
            raise AddressRefused(refusal(host, literal, kind))
        return
    try:
        resolve(host, port or (443 if parts.scheme == "https" else 80))
    except AddressRefused:
        raise
    except (OSError, UnicodeError):
        return


def create_connection(
    address: tuple[str, int], timeout: Any = None, source_address: Any = None
) -> socket.socket:
    """socket.create_connection that connects only to addresses that passed the check, so the
    address checked is the address used (no second DNS lookup between the two)."""
    host, port = address
    last: OSError | None = None
    for family, kind, proto, _name, sockaddr in resolve(host, port):
        sock = socket.socket(family, kind, proto)
        try:
            if isinstance(timeout, int | float):  # not socket's "default timeout" marker
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            last = error
            sock.close()
    raise last or OSError(f"no address for {host}")
