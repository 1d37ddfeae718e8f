"""What a person reads on a Japanese page, and what on it is not Japanese.

``visible_text`` keeps the text a person sees or hears (a screen reader reads ``aria-label`` and
``alt``): text nodes outside scripts and styles, and the attributes people read. ``findings``
then lists English words outside the allow-list, seed references and Python exception text.
"""

import re
from html.parser import HTMLParser

# Attributes a person reads (or hears through a screen reader); every other attribute is markup.
READ_ATTRIBUTES = frozenset({"title", "alt", "placeholder", "aria-label"})
# Elements whose content is never shown as text.
HIDDEN_ELEMENTS = frozenset({"script", "style", "template", "noscript", "svg"})
# Text a person types or copies exactly as shown (a key, an HTTP header): never translated, so not
# read for English words — still read for exception text and seed references.
VERBATIM_ELEMENTS = frozenset({"code", "kbd", "samp"})
_VERBATIM_START, _VERBATIM_END = "\x02", "\x03"
_VERBATIM = re.compile("\x02[^\x03]*\x03")
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)

# Each entry says why a Latin word belongs on a Japanese page. Words are compared case-sensitively
# where the case is the point (codes are upper case); nothing here is an ordinary English word.
ALLOWED_WORDS = frozenset(
    {
        # The product's name, written in Latin letters as its logo.
        "renkei",
        # The language switch names each language in that language, so its reader finds it.
        "English",
        # Standards and the certificate codes people search by (JIS Q 9100, ISO 9001, ISO 14001).
        "JIS",
        "ISO",
        "IATF",
        # The EU rules on substances in parts that quality declarations name.
        "RoHS",
        "REACH",
        "JQA",
        # Drawing file formats: customers and members call them by these names.
        "STEP",
        "STP",
        "IGES",
        "PDF",
        "DXF",
        "DWG",
        "CSV",
        "Excel",
        "ZIP",
        "PNG",
        "JPEG",
        # Units and the surface-roughness symbol as drawings write them.
        "mm",
        "kg",
        # A product's capacity as its label prints it (a beer mug of 420 ml).
        "ml",
        "Ra",
        "MB",
        "KB",
        "GB",
        # Technical acronyms for which Japanese has no other word in use (NC machining, CAD data,
        # the API and its tokens, CMM inspection, CNC, the Web, PDCA, QCD, KPI, NDA).
        "NC",
        "CNC",
        "CAD",
        "CAM",
        "CMM",
        "API",
        "KPI",
        "NDA",
        "QCD",
        "PDCA",
        "Web",
        "URL",
        "HTTP",
        "HTTPS",
        "JSON",
        "HMAC",
        "SHA",
        "OK",
        # Two-factor authentication: the app names and the standard people are told to use.
        "TOTP",
        "Google",
        "Authenticator",
        "Microsoft",
        # More formats people choose files and write by: video and image types, the encoding of
        # an imported CSV, the workbook's extension, the knowledge editor's Markdown.
        "MP4",
        "WebM",
        "WebP",
        "GIF",
        "STL",
        "Shift_JIS",
        "xlsx",
        "Markdown",
        "YouTube",
        # The date format a form asks for, written as Japanese forms write it.
        "YYYY-MM-DD",
        # A QR code is QRコード in Japanese; FAX, NPO and PR are Japanese words in Latin letters.
        "QR",
        "FAX",
        "NPO",
        "PR",
        # The web hooks page speaks to whoever builds the receiving side: the HTTP method, the
        # README's section (written in English) and the name Japanese services use for it.
        "POST",
        "README",
        "Webhook",
        "Webhooks",
        # Single capital letters: axes (X×Y×Z), shapes (V 形) and standards' parts (JIS Z 3821).
        *"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        # Currency and the ordinal unit on quotes.
        "JPY",
    }
)

# An e-mail address or a URL is an address, not a word.
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|https?://\S+|\b[\w-]+(\.[\w-]+)+/\S*")
# A token with a digit is a code, a number or a symbol (A7075, SUS304, JQ-1234, 5軸, v1).
_CODE = re.compile(r"^[A-Za-z0-9_./#:+-]*\d[A-Za-z0-9_./#:+-]*$")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'.+-]*")
SEED_REFERENCE = re.compile(r"seed\s*l\.|\bl\.\s?\d+")
EXCEPTION_TEXT = re.compile(
    r"Traceback|\w*Error:|\w*Exception\b|<class|\bNone\b|\[Errno|\bTrue\b|\bFalse\b"
)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_ELEMENTS and tag not in VOID_ELEMENTS:
            self.hidden += 1
            return
        if self.hidden:
            return
        if tag in VERBATIM_ELEMENTS:
            self.parts.append(_VERBATIM_START)
        values = dict(attrs)
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.parts.append(str(values[name]))
        # A button written as <input type=submit value=…> shows its value.
        if tag == "input" and values.get("type") in {"submit", "button", "reset"}:
            self.parts.append(str(values.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_ELEMENTS and self.hidden:
            self.hidden -= 1
        elif tag in VERBATIM_ELEMENTS and not self.hidden:
            self.parts.append(_VERBATIM_END)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return "\n".join(part.strip() for part in parser.parts if part.strip())


def readable(html: str) -> str:
    """The visible text without the markers of verbatim spans."""
    return visible_text(html).replace(_VERBATIM_START, "").replace(_VERBATIM_END, "")


def english_words(text: str, allowed: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Latin-letter words that are neither codes nor on the allow-list (nor in ``allowed``: the
    names and codes the data itself holds)."""
    text = _ADDRESS.sub(" ", _VERBATIM.sub(" ", text))
    found = []
    for match in _WORD.finditer(text):
        word = match.group().strip("'.+-_")
        if not word or _CODE.match(word):
            continue
        if word in ALLOWED_WORDS or word in allowed:
            continue
        found.append(word)
    return found


def findings(html: str, allowed: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Everything on the page a Japanese reader should not see, as short descriptions."""
    marked = visible_text(html)
    text = marked.replace(_VERBATIM_START, "").replace(_VERBATIM_END, "")
    problems = []
    words = english_words(marked, allowed)
    if words:
        problems.append("English: " + ", ".join(sorted(set(words))))
    for pattern, what in ((SEED_REFERENCE, "seed reference"), (EXCEPTION_TEXT, "exception text")):
        for match in pattern.finditer(text):
            start = max(match.start() - 30, 0)
            problems.append(f"{what}: …{text[start : match.end() + 30]}…")
    return problems
