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

import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Literal

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


def register_font() -> str:
    """Register the embedded font with reportlab once per process; returns its name."""
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


def text_width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, register_font(), size))


# 禁則処理: characters that may not begin a line, and those that may not end one.
NO_LINE_START = frozenset(
    "、。，．,.)]}）〕］｝〉》」』】ー・：；:;！？!?%％ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〜…"
)
NO_LINE_END = frozenset("([{（〔［｛〈《「『【¥￥$")
# Latin words, numbers and codes stay whole where they fit (T1234567890123, KS-2026-0012).
_TOKEN = re.compile(r"[ \t]+|[!-~]+|.", re.DOTALL)


def _tokens(text: str) -> Iterator[str]:
    for match in _TOKEN.finditer(text):
        yield match.group()


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` at ``size`` points, measured with the
    embedded font. Newlines are kept; a Latin word longer than the width is cut."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, size))
    return lines


def _wrap_paragraph(paragraph: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for token in _tokens(paragraph):
        token_width = text_width(token, size)
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
        if carried and text_width("".join(carried) + pieces[0], size) > width:
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
        used = text_width("".join(current), size)
    if current or not lines:
        lines.append("".join(current).rstrip())
    return lines


def fit(text: str, width: float, size: float) -> str:
    """``text`` on one line of ``width``, shortened with "…" where it is longer."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _cut(token: str, width: float, size: float) -> list[str]:
    pieces, current = [], ""
    for char in token:
        if current and text_width(current + char, size) > width:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current] if current else pieces


Align = Literal["left", "right", "center"]


@dataclass(frozen=True)
class Column:
    """One column of a :meth:`Writer.table`; ``width`` in points."""

    title: str
    width: float
    align: Align = "left"


class Writer:
    """Flows content down A4 pages from the top; a new page repeats ``running_head`` at its top
    and every page gets the footer (``footer`` left, "page / pages" centred)."""

    def __init__(
        self,
        canvas: "Canvas",
        *,
        running_head: str = "",
        footer: str = "",
        total_pages: int = 1,
    ) -> None:
        self.canvas = canvas
        self.running_head = running_head
        self.footer = footer
        self.total_pages = total_pages
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
            self.canvas.drawString(LEFT, self.y - 8, fit(self.running_head, RIGHT - LEFT, 8))
            self.canvas.setFillGray(0)
            self.y -= 22
        self._at_top = True

    def finish(self) -> int:
        """Close the last page; returns how many pages were written."""
        self._footer()
        self.canvas.showPage()
        return self.page

    def _footer(self) -> None:
        canvas = self.canvas
        canvas.setFont(FONT, 8)
        canvas.setFillGray(0.35)
        if self.footer:  # left of the page number, which stays centred
            footer = fit(self.footer, PAGE_WIDTH / 2 - 30 - LEFT, 8)
            canvas.drawString(LEFT, FOOTER_Y, footer)
        canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_Y, f"{self.page} / {self.total_pages}")
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
        left = x
        for column, lines in zip(columns, cells, strict=True):
            anchor = {
                "left": left + pad,
                "right": left + column.width - pad,
                "center": left + column.width / 2,
            }[column.align]
            for index, line in enumerate(lines):
                baseline = self.y - pad - size - index * leading + size * 0.12
                draw_aligned(self.canvas, line, anchor, baseline, size=size, align=column.align)
            left += column.width

    def _rule(self, start: float, end: float, weight: float) -> None:
        self.canvas.setLineWidth(weight)
        self.canvas.setStrokeGray(0.45)
        self.canvas.line(start, self.y, end, self.y)
        self.canvas.setStrokeGray(0)


def draw_aligned(
    canvas: "Canvas", text: str, x: float, y: float, *, size: float, align: Align = "left"
) -> None:
    canvas.setFont(FONT, size)
    if align == "right":
        canvas.drawRightString(x, y, text)
    elif align == "center":
        canvas.drawCentredString(x, y, text)
    else:
        canvas.drawString(x, y, text)


def render(
    draw: Callable[[Writer], None], *, title: str, running_head: str = "", footer: str = ""
) -> bytes:
    """The PDF that ``draw`` writes. A document of more than one page is laid out twice, the
    second time knowing its page count for the "page / pages" footer."""
    from reportlab.pdfgen.canvas import Canvas

    register_font()
    total = 1
    while True:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), initialFontName=FONT)
        canvas.setTitle(title)
        canvas.setCreator("renkei")
        writer = Writer(canvas, running_head=running_head, footer=footer, total_pages=total)
        draw(writer)
        pages = writer.finish()
        canvas.save()
        if pages == total:
            return buffer.getvalue()
        total = pages
