"""Where an inquiry came from: a short label such as ``expo-2026`` carried by the link a printed
catalogue's QR code points to (NIPcom hands its catalogue out at exhibitions, seed l.2198–2203),
so that the cockpit can count inquiries and orders per exhibition.

Plain Python: the window, the catalogue and the model's validator share these rules.
"""

import re
import unicodedata

MAX_LENGTH = 40
DEFAULT = "catalogue"
# Lower-case ASCII letters, digits and single hyphens or underscores between them: safe in a URL,
# a CSV cell and a page without escaping, and short enough to print under a QR code.
PATTERN = r"^[a-z0-9](?:[a-z0-9_-]{0,38}[a-z0-9])?$"
_VALID = re.compile(PATTERN)


def clean(value: object) -> str:
    """``value`` if it is a valid source label (case folded), else "": a link carries what a
    coordinator printed, and anything else (a hand-edited address, markup, a very long string)
    is dropped rather than stored or shown."""
    if not isinstance(value, str):
        return ""
    label = value.strip().lower()
    return label if _VALID.fullmatch(label) else ""


def from_label(text: str) -> str:
    """The source a coordinator's typed label makes: full-width letters folded (Ｅｘｐｏ),
    spaces and other separators turned into hyphens, anything else left out; "" when nothing
    usable is left (e.g. a label written only in Japanese)."""
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    label = re.sub(r"[^a-z0-9_-]+", "-", folded)
    label = re.sub(r"[-_]{2,}", "-", label).strip("-_")[:MAX_LENGTH].strip("-_")
    return clean(label)
