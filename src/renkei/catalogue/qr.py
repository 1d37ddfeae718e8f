"""The QR code each catalogue edition carries: the group's inquiry window, tagged with where the
catalogue was handed out, so that the inquiries it brings are counted per source."""

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.urls import reverse

from renkei.lib import sources
from renkei.orgs.models import Group


def window_url(group: Group, source: str) -> str:
    """The absolute address of ``group``'s window with ``?src=``; the public base address
    (``RENKEI_BASE_URL``, as every link renkei mails), since a printed page is read far from the
    request that made it. An invalid source falls back to the default label."""
    label = sources.clean(source) or sources.DEFAULT
    path = reverse("inquiries:window", args=[group.slug])
    return f"{settings.RENKEI_BASE_URL.rstrip('/')}{path}?{urlencode({'src': label})}"


def code(url: str) -> segno.QRCode:
    """The QR code of ``url``, error correction M (15 %): a printed page survives a fold or a
    coffee ring, and the code stays small enough to scan from a table's distance."""
    return segno.make(url, error="m", micro=False)


def svg(url: str, title: str) -> str:
    """Inline SVG markup (no data: address, no style attribute: the strict CSP allows it)."""
    markup: str = code(url).svg_inline(scale=4, border=4, dark="#000", light="#fff", title=title)
    return markup
