"""PDFs in Japanese with the font embedded, and the drawing helpers every renkei PDF shares.

reportlab's built-in CID fonts (HeiseiKakuGo-W5) are only named in the file: a viewer without
that font shows other glyphs or none, and an archived invoice (電子帳簿保存法) must look the same
in ten years. reportlab embeds TrueType (glyf) fonts only, as a subset of the glyphs used, not
the CFF-based Noto CJK OpenType fonts, so renkei uses IPAex Gothic (Debian's
``fonts-ipaexfont-gothic``; ``make setup`` installs it as root) or the TrueType file named by
the ``RENKEI_PDF_FONT`` setting. Without one, rendering a PDF raises :class:`FontMissingError`:
never a silent fallback to a font that is not embedded. The app starts without it.

The layout helpers flow text down A4 pages: :func:`wrap` breaks text to a width measured with
the font (Japanese line-breaking rules kept), :meth:`Writer.table` draws wrapped cells and
breaks across pages repeating its header, and every page gets a footer with "page / pages".
"""

import functools
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

FONT = "RenkeiGothic"

# Where the usual packages put an IPA font with TrueType outlines: Debian and Ubuntu
# (fonts-ipaexfont-gothic, fonts-ipafont-gothic), Fedora (ipa-ex-gothic-fonts), and Debian's
# "Japanese gothic" alternative, which may point to a CFF font and is then skipped.
KNOWN_FONT_PATHS = (
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/ipa-ex-gothic/ipaexg.ttf",
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
)

# A4 in points, and the margins every document keeps.
PAGE_WIDTH, PAGE_HEIGHT = 595.2756, 841.8898
MARGIN = 40.0
LEFT, RIGHT = MARGIN, PAGE_WIDTH - MARGIN
TOP = PAGE_HEIGHT - MARGIN
BOTTOM = 56.0  # the body stops here; the page footer sits below
FOOTER_Y = 30.0


class FontMissingError(RuntimeError):
    """No TrueType font that a PDF can embed was found."""


def find_font(configured: str = "") -> Path:
    """The font file to embed: ``configured`` (the ``RENKEI_PDF_FONT`` setting) when given,
    else the first usable file of :data:`KNOWN_FONT_PATHS`. Raises :class:`FontMissingError`
    naming what was tried and how to fix it."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    candidates = [configured] if configured else list(KNOWN_FONT_PATHS)
    problems: list[str] = []
    for candidate in candidates:
        path = Path(candidate)
        if not path.is_file():
            problems.append(f"{path}: not found")
            continue
        try:
            TTFont("renkei-probe", str(path))
        except (TTFError, OSError, ValueError, KeyError) as error:
            problems.append(f"{path}: {error}")
            continue
        return path
    where = "RENKEI_PDF_FONT" if configured else "the known locations"
    raise FontMissingError(
        f"No embeddable Japanese TrueType font for PDFs in {where} ("
        + "; ".join(problems)
        + "). Install Debian's fonts-ipaexfont-gothic (`make setup` does it when run as root) "
        "or set RENKEI_PDF_FONT to a .ttf file with TrueType outlines."
    )


def _configured_font() -> str:
    from django.conf import settings

    return str(getattr(settings, "RENKEI_PDF_FONT", "") or "")


@functools.cache
def register_font() -> str:
    """Register the embedded font with reportlab once per process; returns its name. Cached
    (a failure is not): every measured string asks for it, thousands of times per document."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(find_font(_configured_font()))))
    return FONT


def yen(amount: int | Decimal) -> str:
    """¥1,234 for whole yen; a unit price with sen keeps two decimals (¥1,234.50)."""
    sign = "-" if amount < 0 else ""
    if isinstance(amount, Decimal) and amount != amount.to_integral_value():
        return f"{sign}¥{abs(amount).quantize(Decimal('0.01')):,}"
    return f"{sign}¥{abs(int(amount)):,}"


class _Advances(dict[str, float]):
    """Each character's advance in the font's units (1/1000 of the size), looked up in the
    font's table the first time the character is measured."""

    def __init__(self, widths: dict[int, float], default: float) -> None:
        super().__init__()
        self._widths = widths
        self._default = default

    def __missing__(self, char: str) -> float:
        advance = self[char] = self._widths.get(ord(char), self._default)
        return advance


@functools.cache
def _advances() -> _Advances:
    from reportlab.pdfbase.pdfmetrics import getFont

    face = getFont(register_font()).face
    return _Advances(face.charWidths, float(face.defaultWidth))


def _measure(text: str, size: float) -> float:
    # The units summed left to right from 0 and then scaled, as reportlab's stringWidth does, so
    # a width measured here is the very one reportlab would give for the same text.
    return 0.001 * size * sum(map(_advances().__getitem__, text))


@functools.lru_cache(maxsize=8192)
def text_width(text: str, size: float) -> float:
    """The width of ``text`` at ``size`` points in the embedded font (cached: amounts, dates
    and column titles repeat on every row and page)."""
    return _measure(text, size)


# 禁則処理: characters that may not begin a line, and those that may not end one.
NO_LINE_START = frozenset(
    "、。，．,.)]}）〕］｝〉》」』】ー・：；:;！？!?%％ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜…"
)
NO_LINE_END = frozenset("([{（〔［｛〈《「『【¥￥$")
# Latin words, numbers and codes stay whole where they fit (T1234567890123, KS-2026-0012).
_TOKEN = re.compile(r"[ \t]+|[!-~]+|.", re.DOTALL)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` at ``size`` points, measured with the
    embedded font. Newlines are kept; a Latin word longer than the width is cut."""
    return list(_wrapped(text, width, size))


@functools.lru_cache(maxsize=4096)
def _wrapped(text: str, width: float, size: float) -> tuple[str, ...]:
    # Cached: the same quantity, price, rate and date cells recur on many rows.
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, size))
    return tuple(lines)


def _wrap_paragraph(paragraph: str, width: float, size: float) -> list[str]:
    advance = _advances().__getitem__
    scale = 0.001 * size
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for token in _tokens(paragraph):
        # One character (most Japanese tokens) is one look-up in the width table.
        token_width = scale * (advance(token) if len(token) == 1 else sum(map(advance, token)))
        if used + token_width <= width:
            current.append(token)
            used += token_width
            continue
        if token.isspace():  # a space at the break is dropped
            if current:
                lines.append("".join(current).rstrip())
            current, used = [], 0.0
            continue
        pieces = _cut(token, width, size) if token_width > width else [token]
        # 禁則: an opening bracket does not end a line and a closing mark or a small kana does
        # not begin one; the token next to it moves down with it, where that still fits.
        carried: list[str] = []
        while len(current) > 1 and (
            current[-1][-1] in NO_LINE_END or (carried or pieces)[0][0] in NO_LINE_START
        ):
            carried.insert(0, current.pop())
        if carried and _measure("".join(carried) + pieces[0], size) > width:
            current.extend(carried)
            carried = []
        if current:
            lines.append("".join(current).rstrip())
        *full, last = pieces
        if full:
            lines.append("".join(carried) + full[0])
            lines.extend(full[1:])
            carried = []
        current = [*carried, last]
        used = _measure("".join(current), size)
    if current or not lines:
        lines.append("".join(current).rstrip())
    return lines


@functools.lru_cache(maxsize=256)
def fit(text: str, width: float, size: float) -> str:
    """``text`` on one line of ``width``, shortened with "…" where it is longer."""
    if text_width(text, size) <= width:
        return text
    # The longest start that fits with the ellipsis, from one running sum of the advances.
    advance = _advances().__getitem__
    ellipsis = advance("…")
    units = 0.0
    keep = 0
    for index, char in enumerate(text):
        units += advance(char)
        if 0.001 * size * (units + ellipsis) > width:
            break
        keep = index + 1
    return text[:keep] + "…"


def _cut(token: str, width: float, size: float) -> list[str]:
    """``token`` cut into pieces no wider than ``width`` (each at least one character), the
    running width summed character by character."""
    advance = _advances().__getitem__
    pieces: list[str] = []
    start = 0
    units = 0.0
    for index, char in enumerate(token):
        grown = units + advance(char)
        if index > start and 0.001 * size * grown > width:
            pieces.append(token[start:index])
            start = index
            grown = advance(char)
        units = grown
    return [*pieces, token[start:]] if token else pieces


Align = Literal["left", "right", "center"]


@dataclass(frozen=True)
class Column:
    """One column of a :meth:`Writer.table`; ``width`` in points."""

    title: str
    width: float
    align: Align = "left"


class Writer:
    """Flows content down A4 pages from the top; a new page repeats ``running_head`` at its top
    and every page gets the footer (``footer`` left, "page / pages" centred, stamped by
    :func:`render` once the page count is known)."""

    def __init__(self, canvas: "Canvas", *, running_head: str = "", footer: str = "") -> None:
        self.canvas = canvas
        self.running_head = running_head
        self.footer = footer
        self.page = 1
        self.y = TOP
        self._at_top = True

    @property
    def room(self) -> float:
        return self.y - BOTTOM

    def space(self, height: float) -> None:
        self.y -= height

    def need(self, height: float) -> bool:
        """Start a new page unless ``height`` fits below; True when a page was started."""
        if height <= self.room or self._at_top:
            return False
        self.new_page()
        return True

    def new_page(self) -> None:
        self._footer()
        self.canvas.showPage()
        self.page += 1
        self.y = TOP
        if self.running_head:
            self.canvas.setFont(FONT, 8)
            self.canvas.setFillGray(0.35)
            head = fit(self.running_head, RIGHT - LEFT, 8)
            draw_aligned(self.canvas, head, LEFT, self.y - 8, size=8)
            self.canvas.setFillGray(0)
            self.y -= 22
        self._at_top = True

    def finish(self) -> int:
        """Close the last page; returns how many pages were written."""
        self._footer()
        self.canvas.showPage()
        return self.page

    def _footer(self) -> None:
        if not self.footer:
            return
        canvas = self.canvas
        canvas.setFillGray(0.35)
        # Left of the page number (stamped at the end), which stays centred.
        footer = fit(self.footer, PAGE_WIDTH / 2 - 30 - LEFT, 8)
        draw_aligned(canvas, footer, LEFT, FOOTER_Y, size=8)
        canvas.setFillGray(0)

    def _drew(self) -> None:
        self._at_top = False

    def line_at(self, text: str, x: float, *, size: float = 10, align: Align = "left") -> None:
        """One line at the current baseline offset, without moving down (for side-by-side)."""
        draw_aligned(self.canvas, text, x, self.y - size, size=size, align=align)

    def paragraph(
        self,
        text: str,
        *,
        size: float = 10,
        x: float = LEFT,
        width: float = RIGHT - LEFT,
        align: Align = "left",
        leading: float | None = None,
    ) -> None:
        """Wrapped text, breaking across pages line by line."""
        leading = leading or size * 1.5
        anchor = {"left": x, "right": x + width, "center": x + width / 2}[align]
        for line in wrap(text, width, size):
            self.need(leading)
            draw_aligned(self.canvas, line, anchor, self.y - size, size=size, align=align)
            self.y -= leading
            self._drew()

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        size: float = 9,
        x: float = LEFT,
        header: bool = True,
        grid: bool = True,
    ) -> None:
        """Rows of wrapped cells. A row that does not fit goes to the next page, where the
        column titles are repeated; a row taller than a whole page is split between lines."""
        pad = 3.0
        leading = size * 1.35
        right = x + sum(column.width for column in columns)

        def draw_header() -> None:
            height = leading + 2 * pad
            self.canvas.setFillGray(0.9)
            self.canvas.rect(x, self.y - height, right - x, height, stroke=0, fill=1)
            self.canvas.setFillGray(0)
            self._cells(columns, [[c.title] for c in columns], x, pad, size, leading)
            self.y -= height
            self._rule(x, right, 0.8)

        if header:
            self.need(2 * (leading + 2 * pad))
            draw_header()
        for row in rows:
            cells = [
                wrap(text, column.width - 2 * pad, size)
                for column, text in zip(columns, row, strict=True)
            ]
            while cells:
                depth = max(len(c) for c in cells)
                fits = int((self.room - 2 * pad) // leading)
                if fits < min(depth, 2) and not self._at_top:
                    self.new_page()
                    if header:
                        draw_header()
                    continue
                take = max(1, min(depth, fits))
                self._cells(columns, [c[:take] for c in cells], x, pad, size, leading)
                self.y -= take * leading + 2 * pad
                if grid:
                    self._rule(x, right, 0.3)
                self._drew()
                cells = [c[take:] for c in cells] if take < depth else []
                if cells:
                    self.new_page()
                    if header:
                        draw_header()

    def _cells(
        self,
        columns: Sequence[Column],
        cells: Sequence[Sequence[str]],
        x: float,
        pad: float,
        size: float,
        leading: float,
    ) -> None:
        # A row's cells go into one PDF text object: the font is set once per row instead of
        # once per line, and empty cells write nothing.
        placed: list[tuple[float, float, str]] = []
        left = x
        for column, lines in zip(columns, cells, strict=True):
            align = column.align
            for index, line in enumerate(lines):
                if not line:
                    continue
                baseline = self.y - pad - size - index * leading + size * 0.12
                if align == "left":
                    start = left + pad
                elif align == "right":
                    start = left + column.width - pad - text_width(line, size)
                else:
                    start = left + column.width / 2 - 0.5 * text_width(line, size)
                placed.append((start, baseline, line))
            left += column.width
        if placed:
            _draw_runs(self.canvas, placed, size)

    def _rule(self, start: float, end: float, weight: float) -> None:
        self.canvas.setLineWidth(weight)
        self.canvas.setStrokeGray(0.45)
        self.canvas.line(start, self.y, end, self.y)
        self.canvas.setStrokeGray(0)


def _draw_runs(canvas: "Canvas", runs: Sequence[tuple[float, float, str]], size: float) -> None:
    """Lines of text at their (x, y) baselines, in one text object."""
    canvas.setFont(FONT, size)
    (x, y, text), *rest = runs
    text_object = canvas.beginText(x, y)
    text_object.textLine(text)
    for x, y, text in rest:
        text_object.setTextOrigin(x, y)
        text_object.textLine(text)
    canvas.drawText(text_object)


def draw_aligned(
    canvas: "Canvas", text: str, x: float, y: float, *, size: float, align: Align = "left"
) -> None:
    # The offset reportlab's drawRightString / drawCentredString compute, from the cached width.
    if align == "right":
        x -= text_width(text, size)
    elif align == "center":
        x -= 0.5 * text_width(text, size)
    _draw_runs(canvas, [(x, y, text)], size)


def _page_number(canvas: "Canvas", page: int, pages: int) -> None:
    canvas.setFillGray(0.35)
    draw_aligned(canvas, f"{page} / {pages}", PAGE_WIDTH / 2, FOOTER_Y, size=8, align="center")
    canvas.setFillGray(0)


@functools.cache
def _numbered_canvas() -> type["Canvas"]:
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """Holds every finished page until :meth:`save`, when the page count is known, and
        stamps "page / pages" on each then: the document is laid out once, not again to learn
        how many pages it has."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            # The page's state (its content, resources and graphics state) is kept as it is;
            # the canvas starts the next page afresh.
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            if self._code:
                self.showPage()
            held = self._held_pages
            for number, state in enumerate(held, start=1):
                self.__dict__.update(state)
                _page_number(self, number, len(held))
                super().showPage()
            super().save()

    return NumberedCanvas


def render(
    draw: Callable[[Writer], None], *, title: str, running_head: str = "", footer: str = ""
) -> bytes:
    """The PDF that ``draw`` writes, laid out once; the "page / pages" footers are stamped when
    it is saved."""
    register_font()
    buffer = io.BytesIO()
    canvas = _numbered_canvas()(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), initialFontName=FONT)
    canvas.setTitle(title)
    canvas.setCreator("renkei")
    writer = Writer(canvas, running_head=running_head, footer=footer)
    draw(writer)
    writer.finish()
    canvas.save()
    return buffer.getvalue()
