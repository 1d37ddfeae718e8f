"""The checks a customer's drawing passes before it is stored, with no Django import.

Each file is checked three ways: its extension is one drawings come in (REFERENCE.md: 2D PDF/DXF/
DWG, 3D STEP/IGES/STL, images, ZIP), its first bytes are that format's signature (so an .exe renamed
.pdf is refused), and a light parse shows it is whole: a PDF opens and has a page, a DXF is a
sequence of group-code/value pairs ending in EOF, a STEP file starts with ``ISO-10303-21;``
(libmagic calls STEP mere text, so the header is checked by hand), an image decodes in full
within a pixel limit read from its header, and a ZIP holds only drawings, under safe names, with
bounded size and count (a zip bomb is refused before anything is unpacked), each entry passing
the same checks by its content as a file sent on its own.

``check_image`` is the image check the photo uploads of the projects and the knowledge market
share.
"""

import io
import re
import struct
import unicodedata
import warnings
import zipfile
from pathlib import PurePosixPath
from typing import IO

MAX_FILE_BYTES = 50 * 2**20
MAX_FILES = 20
MAX_ZIP_ENTRIES = 200
MAX_ZIP_UNPACKED = 500 * 2**20
MAX_ZIP_RATIO = 200  # a drawing compresses well, but not 200-fold
# 50 megapixels: an A1 sheet scanned at 200 dpi (≈ 31 MP), an A2 sheet at 300 dpi (≈ 35 MP) and
# a 48 MP phone photo fit; decoding one takes at most ~200 MB (RGBA) and about a second. A larger
# picture (A0 at 300 dpi is 139 MP) should come as a PDF. Pillow's own guard only warns below
# 89 MP and stops at 179 MP, far more than a web worker should unpack for one upload.
MAX_IMAGE_PIXELS = 50_000_000
# All the images of one ZIP together: each is decoded in full, and a stored (uncompressed) ZIP of
# 200 plain 7000×7000 PNGs is only 28 MB yet would take a core for a minute and a half.
MAX_ZIP_PIXELS = 2 * MAX_IMAGE_PIXELS
_IMAGE_KINDS = {"png": {"PNG"}, "jpeg": {"JPEG", "MPO"}}

ALLOWED = {
    "pdf": "pdf", "dxf": "dxf", "dwg": "dwg", "step": "step", "stp": "step", "iges": "iges",
    "igs": "iges", "stl": "stl", "png": "png", "jpg": "jpeg", "jpeg": "jpeg", "zip": "zip",
}  # fmt: skip


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue; the caller translates it."""
    return message


MESSAGES = {
    "empty": gettext_noop("the file is empty"),
    "too_large": gettext_noop("the file is larger than %(mb)s MB"),
    "extension": gettext_noop("files of type “%(ext)s” are not accepted"),
    "signature": gettext_noop("the content is not a %(kind)s file"),
    "damaged": gettext_noop("the %(kind)s file is damaged or cannot be read"),
    "zip_name": gettext_noop("the ZIP file holds an unsafe name “%(entry)s”"),
    "zip_size": gettext_noop("the ZIP file unpacks to too much data or too many files"),
    "zip_entry": gettext_noop("the ZIP file holds “%(entry)s”, which is not a drawing"),
    "zip_encrypted": gettext_noop("the ZIP file is password-protected"),
    "pixels": gettext_noop(
        "the image has too many pixels (at most %(max)s million): send it smaller or as a PDF"
    ),
    "zip_entry_too_large": gettext_noop("“%(entry)s” in the ZIP file is larger than %(mb)s MB"),
    "zip_entry_signature": gettext_noop(
        "the content of “%(entry)s” in the ZIP file is not a %(kind)s file"
    ),
    "zip_entry_damaged": gettext_noop(
        "“%(entry)s” in the ZIP file is a damaged %(kind)s file or cannot be read"
    ),
    "zip_entry_pixels": gettext_noop(
        "the image “%(entry)s” in the ZIP file has too many pixels (at most %(max)s million)"
    ),
    "zip_pixels": gettext_noop(
        "the images in the ZIP file have too many pixels together (at most %(max)s million): "
        "send them as separate files or as a PDF"
    ),
}


class DrawingRejected(ValueError):
    """A drawing refused; ``MESSAGES[code] % params`` says why, once translated."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(MESSAGES[code] % params)
        self.code = code
        self.params = params


def display_name(name: str) -> str:
    """The customer's file name as safe text: no folders, no control characters, ≤ 120 chars."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip() or "drawing"
    if len(base) <= 120:
        return base
    stem, dot, ext = base.rpartition(".")
    return (stem[: 119 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else base[:120]


def kind_of_name(name: str) -> str | None:
    return ALLOWED.get(PurePosixPath(display_name(name)).suffix.lower().lstrip("."))


def check_drawing(name: str, stream: IO[bytes], size: int) -> str:
    """The drawing's kind ("pdf", "step" …), or DrawingRejected."""
    if size <= 0:
        raise DrawingRejected("empty")
    if size > MAX_FILE_BYTES:
        raise DrawingRejected("too_large", mb=MAX_FILE_BYTES // 2**20)
    kind = kind_of_name(name)
    if kind is None:
        ext = PurePosixPath(display_name(name)).suffix.lower() or display_name(name)
        raise DrawingRejected("extension", ext=ext)
    stream.seek(0)
    _CHECKS[kind](stream)
    stream.seek(0)
    return kind


def _head(stream: IO[bytes], n: int = 4096) -> bytes:
    stream.seek(0)
    head = stream.read(n)
    stream.seek(0)
    return head


def _check_pdf(stream: IO[bytes]) -> None:
    if b"%PDF-" not in _head(stream, 1024):
        raise DrawingRejected("signature", kind="PDF")
    from pypdf import PdfReader

    try:
        pages = len(PdfReader(stream, strict=False).pages)
    except Exception:  # pypdf raises many kinds on a damaged file
        raise DrawingRejected("damaged", kind="PDF") from None
    if pages < 1:
        raise DrawingRejected("damaged", kind="PDF")


def _check_dxf(stream: IO[bytes]) -> None:
    head = _head(stream, 64)
    if head.startswith(b"AutoCAD Binary DXF\r\n\x1a\x00"):
        return
    text = stream.read().decode("cp932", errors="replace")
    lines = text.splitlines()
    if len(lines) < 4 or len(lines) % 2:
        raise DrawingRejected("signature", kind="DXF")
    codes = lines[0::2]
    values = [v.strip() for v in lines[1::2]]
    if not all(code.strip().lstrip("-").isdigit() for code in codes):
        raise DrawingRejected("damaged", kind="DXF")
    if values[0] != "SECTION" or values[-1] != "EOF":
        raise DrawingRejected("signature", kind="DXF")


def _check_dwg(stream: IO[bytes]) -> None:
    if not re.match(rb"AC10\d\d|AC1\.\d|AC2\.\d", _head(stream, 6)):
        raise DrawingRejected("signature", kind="DWG")


def _check_step(stream: IO[bytes]) -> None:
    head = _head(stream, 256).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"ISO-10303-21;"):
        raise DrawingRejected("signature", kind="STEP")


def _check_iges(stream: IO[bytes]) -> None:
    first = _head(stream, 82).split(b"\n", 1)[0].rstrip(b"\r")
    if len(first) < 73 or first[72:73] != b"S":
        raise DrawingRejected("signature", kind="IGES")


def _check_stl(stream: IO[bytes]) -> None:
    head = _head(stream, 84)
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if len(head) == 84 and size == 84 + 50 * struct.unpack("<I", head[80:84])[0]:
        return
    if not head.lstrip().lower().startswith(b"solid"):
        raise DrawingRejected("signature", kind="STL")


def _check_png(stream: IO[bytes]) -> None:
    if not _head(stream, 8).startswith(b"\x89PNG\r\n\x1a\n"):
        raise DrawingRejected("signature", kind="PNG")
    _decode_image(stream, {"PNG"}, "PNG")


def _check_jpeg(stream: IO[bytes]) -> None:
    if not _head(stream, 3).startswith(b"\xff\xd8\xff"):
        raise DrawingRejected("signature", kind="JPEG")
    _decode_image(stream, {"JPEG", "MPO"}, "JPEG")


def _decode_image(stream: IO[bytes], formats: set[str], kind: str) -> None:
    try:
        check_image(stream, formats, kind=kind)
    except DrawingRejected as rejected:
        if rejected.code != "signature":
            raise
        # Its first bytes are the format's signature, yet Pillow cannot read it.
        raise DrawingRejected("damaged", kind=kind) from None


def check_image(
    stream: IO[bytes],
    formats: set[str],
    *,
    kind: str = "image",
    max_pixels: int = MAX_IMAGE_PIXELS,
) -> tuple[str, int, int]:
    """The image's Pillow format, width and height, once it has decoded in full.

    The size is read from the header first, so that a small file claiming a huge picture is
    refused before any pixel is unpacked; then every pixel is decoded (``verify`` alone does not
    notice truncated data). Refusals are DrawingRejected: "signature" when it is not one of
    ``formats``, "pixels" when too large, "damaged" when it does not decode.
    """
    from PIL import Image, UnidentifiedImageError

    Image.init()
    # Pillow opens with these plugins only; MPO (a phone's multi-picture JPEG) has none of its
    # own, the JPEG plugin opens it.
    openers = [name for name in sorted(formats) if name in Image.OPEN]
    limit = f"{max_pixels / 1_000_000:g}"
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns from 89 MP; the limit here is ours and lower.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(stream, formats=openers) as probe:
                found, (width, height) = probe.format or "", probe.size
    except Image.DecompressionBombError:  # beyond 179 MP: Pillow stops at the header
        raise DrawingRejected("pixels", max=limit) from None
    except UnidentifiedImageError:
        raise DrawingRejected("signature", kind=kind) from None
    except Exception:  # Pillow raises many kinds on a damaged header
        raise DrawingRejected("damaged", kind=kind) from None
    if found not in formats:
        raise DrawingRejected("signature", kind=kind)
    if width * height > max_pixels:
        raise DrawingRejected("pixels", max=limit)
    stream.seek(0)
    try:
        with Image.open(stream, formats=openers) as image:
            image.load()  # bounded by the check above
    except Exception:  # truncated data, bad CRC, bad Huffman tables …
        raise DrawingRejected("damaged", kind=kind) from None
    finally:
        stream.seek(0)
    return found, width, height


def _check_zip(stream: IO[bytes]) -> None:
    if not _head(stream, 4).startswith(b"PK\x03\x04"):
        raise DrawingRejected("signature", kind="ZIP")
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DrawingRejected("damaged", kind="ZIP") from None
    with archive:
        entries = [e for e in archive.infolist() if not e.is_dir()]
        unpacked = sum(e.file_size for e in entries)
        packed = sum(e.compress_size for e in entries) or 1
        if (
            len(entries) > MAX_ZIP_ENTRIES
            or unpacked > MAX_ZIP_UNPACKED
            or unpacked / packed > MAX_ZIP_RATIO
        ):
            raise DrawingRejected("zip_size")
        # Every name first, so a bad name is reported before anything is unpacked.
        for entry in entries:
            _check_zip_entry(entry)
        # The pixels of every image from their headers, before any is decoded.
        if sum(_zip_image_pixels(archive, entry) for entry in entries) > MAX_ZIP_PIXELS:
            raise DrawingRejected("zip_pixels", max=f"{MAX_ZIP_PIXELS / 1_000_000:g}")
        for entry in entries:
            _check_zip_content(archive, entry)


def _zip_image_pixels(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> int:
    """The pixel count an image entry's header claims (read from its first megabyte); an image
    whose header cannot be read counts as the largest one allowed. 0 for other kinds."""
    formats = _IMAGE_KINDS.get(kind_of_name(entry.filename) or "")
    if formats is None:
        return 0
    from PIL import Image

    Image.init()  # registers every plugin, so Image.OPEN knows MPO too
    try:
        with archive.open(entry) as member:
            head = member.read(2**20)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(head), formats=sorted(formats & set(Image.OPEN))) as probe:
                width, height = probe.size
    except Exception:  # damaged or truncated: the content check says which
        return MAX_IMAGE_PIXELS
    return int(width) * int(height)


def _check_zip_content(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """The entry's content passes the checks of a file sent on its own: a program named
    .pdf inside a ZIP is refused like one sent by itself."""
    name = display_name(entry.filename)
    if entry.file_size > MAX_FILE_BYTES:
        raise DrawingRejected("zip_entry_too_large", entry=name, mb=MAX_FILE_BYTES // 2**20)
    kind = kind_of_name(entry.filename)
    if kind is None:  # _check_zip_entry refused such names already
        raise DrawingRejected("zip_entry", entry=name)
    try:
        with archive.open(entry) as member:
            # Read at most one byte past the limit: the size in the directory can lie.
            data = member.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise DrawingRejected("zip_entry_damaged", entry=name, kind=kind.upper()) from None
    if len(data) > MAX_FILE_BYTES:
        raise DrawingRejected("zip_entry_too_large", entry=name, mb=MAX_FILE_BYTES // 2**20)
    if not data:
        raise DrawingRejected("zip_entry_damaged", entry=name, kind=kind.upper())
    try:
        _CHECKS[kind](io.BytesIO(data))
    except DrawingRejected as rejected:
        code = rejected.code if rejected.code in ("signature", "pixels") else "damaged"
        params = {"kind": kind.upper(), **rejected.params, "entry": name}
        raise DrawingRejected(f"zip_entry_{code}", **params) from None


def _check_zip_entry(entry: zipfile.ZipInfo) -> None:
    name = entry.filename
    parts = PurePosixPath(name).parts
    if (
        name.startswith("/")
        or "\\" in name
        or ".." in parts
        or re.match(r"^[A-Za-z]:", name)
        or any(unicodedata.category(ch)[0] == "C" for ch in name)
    ):
        raise DrawingRejected("zip_name", entry=display_name(name))
    if entry.flag_bits & 0x1:
        raise DrawingRejected("zip_encrypted")
    if kind_of_name(name) in (None, "zip"):
        raise DrawingRejected("zip_entry", entry=display_name(name))


_CHECKS = {
    "pdf": _check_pdf, "dxf": _check_dxf, "dwg": _check_dwg, "step": _check_step,
    "iges": _check_iges, "stl": _check_stl, "png": _check_png, "jpeg": _check_jpeg,
    "zip": _check_zip,
}  # fmt: skip
