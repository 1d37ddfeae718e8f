"""DXF → one SVG (ezdxf's drawing add-on) and a PNG thumbnail drawn from the same recording.

A DXF is text, and its size says little about its cost: a 50 MB file may hold a million lines,
each of which ezdxf turns into Python objects. So the objects are counted on the raw text first
(a regex, no parsing) and a file with more than ``max_entities`` is refused before ezdxf loads it.

Japanese DXF files up to R2004 are in Shift_JIS (cp932) and say so in ``$DWGCODEPAGE ANSI_932``,
which ezdxf honours. Some exporters write Shift_JIS text but leave the default ANSI_1252 (or no
code page at all); read as cp1252 their Japanese turns to mojibake, so then the bytes choose:
strict UTF-8, else strict cp932. The drawing's texts are also written into the SVG's <desc>
(glyphs are drawn as outlines, which neither a screen reader nor the browser's find can read).
"""

import re
from pathlib import Path
from typing import Any

import ezdxf
from ezdxf import recover, units
from ezdxf.addons.drawing import Frontend, RenderContext, layout, svg
from ezdxf.addons.drawing.config import BackgroundPolicy, ColorPolicy, Configuration
from ezdxf.addons.drawing.recorder import (
    FilledPathsRecord,
    PathRecord,
    PointsRecord,
    SolidLinesRecord,
)
from ezdxf.enums import InsertUnits
from ezdxf.fonts import fonts
from PIL import Image, ImageDraw

from renkei.lib.preview.base import THUMBNAIL_PX, Output, PreviewError, save_thumbnail

_BINARY = b"AutoCAD Binary DXF\r\n\x1a\x00"
# A group code 0 line followed by its object's name: every entity, table entry and object starts
# so. Values are never on the code line, so a text that reads "0" cannot be counted by mistake.
_OBJECT = re.compile(rb"\n[ \t]*0\r?\n[A-Za-z_$][A-Za-z0-9_$]*\r?(?=\n)")
_CODEPAGE = re.compile(rb"\$DWGCODEPAGE\r?\n[ \t]*3\r?\n[ \t]*([A-Za-z0-9_]+)")
_VERSION = re.compile(rb"\$ACADVER\r?\n[ \t]*1\r?\n[ \t]*(AC\d{4})")
_MAX_DESC_TEXTS = 500
# Debian's fonts-ipaexfont-gothic (the project's PDFs use it too), then Noto CJK and others.
_JAPANESE_FONTS = (
    "ipaexg.ttf",
    "ipag.ttf",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKjp-Regular.otf",
    "TakaoGothic.ttf",
    "fonts-japanese-gothic.ttf",
)
_SVG_NS = "{http://www.w3.org/2000/svg}"


def convert_dxf(src: Path, out_dir: Path, max_entities: int) -> Output:
    raw = src.read_bytes()
    binary = raw.startswith(_BINARY)
    if not binary and len(_OBJECT.findall(raw)) > max_entities:
        raise PreviewError("too_many_entities")
    doc = _read(src, raw, binary)
    if binary and len(doc.entitydb) > max_entities:
        raise PreviewError("too_many_entities")
    # ezdxf fills a missing header with its own defaults (metres): only the file's word counts.
    declares_units = b"$INSUNITS" in raw
    del raw
    msp = doc.modelspace()
    _use_japanese_font(doc, msp)
    # Black on white in shades of grey, as the drawing prints: a CAD screen's yellow or white
    # lines would vanish on the white page.
    config = Configuration(
        background_policy=BackgroundPolicy.WHITE,
        color_policy=ColorPolicy.MONOCHROME_LIGHT_BG,
    )
    backend = svg.SVGBackend()
    Frontend(RenderContext(doc), backend, config=config).draw_layout(msp, finalize=True)
    player = backend.player()
    box = player.bbox()
    if not box.has_data:
        raise PreviewError("unreadable")  # nothing drawable in model space
    # Drawn before the SVG: making the SVG moves the recordings onto its page.
    thumbnail = save_thumbnail(_raster(player, box), out_dir / "thumbnail.png")
    page = layout.Page(0, 0, layout.Units.mm, margins=layout.Margins.all(2))
    root = backend.get_xml_root_element(page, settings=layout.Settings())
    _describe(root, msp)
    svg_path = out_dir / "drawing.svg"
    svg_path.write_bytes(b"<?xml version='1.0' encoding='utf-8'?>\n" + _tostring(root))
    factor = _mm_per_unit(doc) if declares_units else 1.0
    size = box.size
    return Output(
        thumbnail=thumbnail,
        pages=[svg_path.name],
        page_count=1,
        bbox_mm=(round(size.x * factor, 3), round(size.y * factor, 3), 0.0),
    )


def _read(src: Path, raw: bytes, binary: bool) -> Any:
    encoding = None if binary else _guess_encoding(raw)
    try:
        return ezdxf.readfile(src, encoding=encoding) if encoding else ezdxf.readfile(src)
    except (ezdxf.DXFError, UnicodeDecodeError, ValueError, IndexError):
        pass
    try:  # a damaged file: ezdxf's recover mode reads what it can
        doc, _auditor = recover.readfile(src)
        return doc
    except (ezdxf.DXFError, UnicodeDecodeError, ValueError, IndexError, OSError) as error:
        raise PreviewError("unreadable") from error


def _guess_encoding(raw: bytes) -> str | None:
    """An encoding for a file whose declared code page is missing or the Western default."""
    version = _VERSION.search(raw)
    if version and version.group(1) >= b"AC1021":  # R2007 and later are always UTF-8
        return None
    declared = _CODEPAGE.search(raw)
    if declared and declared.group(1).upper() != b"ANSI_1252":
        return None
    if raw.isascii():
        return None
    for encoding in ("utf-8", "cp932"):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def _use_japanese_font(doc: Any, msp: Any) -> None:
    """Japanese text in a font that has its glyphs (SHX fonts and most TrueType ones do not)."""
    if all(_text(entity).isascii() for entity in msp.query("TEXT MTEXT ATTRIB")):
        return
    font = next((name for name in _JAPANESE_FONTS if fonts.font_manager.has_font(name)), None)
    if font is None:
        return  # text then shows as boxes in the SVG; its words are still in <desc>
    for style in doc.styles:
        style.dxf.font = font
        style.dxf.discard("bigfont")


def _text(entity: Any) -> str:
    if entity.dxftype() == "MTEXT":
        return str(entity.plain_text())
    return str(entity.dxf.get("text", ""))


def _mm_per_unit(doc: Any) -> float:
    insunits = int(doc.header.get("$INSUNITS", 0) or 0)
    if insunits == 0:
        return 1.0  # unitless: Japanese mechanical drawings are in mm
    try:
        return float(units.conversion_factor(InsertUnits(insunits), InsertUnits.Millimeters))
    except (KeyError, IndexError, ValueError):
        return 1.0


def _describe(root: Any, msp: Any) -> None:
    import xml.etree.ElementTree as ET

    texts: list[str] = []
    for entity in msp.query("TEXT MTEXT ATTRIB"):
        if len(texts) >= _MAX_DESC_TEXTS:
            break
        text = _text(entity)
        if text and text.strip():
            texts.append(" ".join(text.split()))
    if texts:
        desc = ET.Element(f"{_SVG_NS}desc" if root.tag.startswith(_SVG_NS) else "desc")
        desc.text = "\n".join(texts)
        root.insert(0, desc)


def _tostring(root: Any) -> bytes:
    import xml.etree.ElementTree as ET

    ET.register_namespace("", "http://www.w3.org/2000/svg")
    data: bytes = ET.tostring(root, encoding="utf-8")
    return data


def _raster(player: Any, box: Any) -> Image.Image:
    """The recording drawn with Pillow, white background, at twice the thumbnail's size."""
    size = box.size
    width, height = max(float(size.x), 1e-9), max(float(size.y), 1e-9)
    side = THUMBNAIL_PX * 2 - 16
    scale = side / max(width, height)
    w_px, h_px = max(int(width * scale), 1) + 16, max(int(height * scale), 1) + 16
    x0, y0 = float(box.extmin.x), float(box.extmin.y)

    def pixel(points: Any) -> list[tuple[float, float]]:
        return [(8 + (p.x - x0) * scale, h_px - 8 - (p.y - y0) * scale) for p in points]

    image = Image.new("RGB", (w_px, h_px), "white")
    draw = ImageDraw.Draw(image)
    flatten = max(width, height) / side  # one pixel of the thumbnail
    for record, properties in player.recordings():
        color = _rgb(properties.color)
        if isinstance(record, SolidLinesRecord):
            points = pixel(record.lines.vertices())
            for start, end in zip(points[0::2], points[1::2], strict=False):
                draw.line([start, end], fill=color, width=2)
        elif isinstance(record, PointsRecord):
            points = pixel(record.points.vertices())
            if len(points) > 2:
                draw.polygon(points, fill=color)
            elif len(points) == 2:
                draw.line(points, fill=color, width=2)
            elif points:
                draw.point(points, fill=color)
        elif isinstance(record, PathRecord):
            points = pixel(record.path.flattening(flatten))
            if len(points) > 1:
                draw.line(points, fill=color, width=2)
        elif isinstance(record, FilledPathsRecord):
            for path in record.paths:
                points = pixel(path.flattening(flatten))
                if len(points) > 2:
                    draw.polygon(points, fill=color)
    return image


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")[:6]
    try:
        r, g, b = int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except ValueError:
        return (0, 0, 0)
    if r > 235 and g > 235 and b > 235:  # white on white: draw it black
        return (0, 0, 0)
    return (r, g, b)
