"""Every drawing format is accepted when whole and refused when it is not what it claims."""

import io
import struct
import zipfile

import pytest
from PIL import Image

from renkei.conftest_helpers import STEP_BYTES, pdf_bytes
from renkei.lib import drawingcheck
from renkei.lib.drawingcheck import DrawingRejected, check_drawing, display_name

STEP = STEP_BYTES
DXF = b"0\nSECTION\n2\nHEADER\n0\nENDSEC\n0\nEOF\n"
IGES = (b"renkei test part".ljust(72) + b"S      1\n") + (b"".ljust(72) + b"G      1\n")


def pdf() -> bytes:
    return pdf_bytes()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def zipped(*entries: tuple[str, bytes]) -> bytes:
    """A ZIP of ``entries``, the same bytes every time: its bytes are in the tests' ids, and
    pytest-xdist's workers must collect the same ids (an entry's time, to the 2 s a ZIP keeps,
    would differ between two workers that collect on either side of a tick)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, date_time=(2026, 4, 1, 9, 0, 0))
            archive.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def check(name: str, data: bytes) -> str:
    return check_drawing(name, io.BytesIO(data), len(data))


def refused(name: str, data: bytes) -> str:
    with pytest.raises(DrawingRejected) as caught:
        check(name, data)
    return caught.value.code


BINARY_STL = b"\x00" * 80 + struct.pack("<I", 1) + b"\x00" * 50


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.PDF", pdf(), "pdf"),
        ("a.dxf", DXF, "dxf"),
        ("a.dwg", b"AC1032" + b"\x00" * 100, "dwg"),
        ("a.stp", b"\xef\xbb\xbf" + STEP, "step"),
        ("a.igs", IGES, "iges"),
        ("a.stl", b"solid part\nendsolid part\n", "stl"),
        ("b.stl", BINARY_STL, "stl"),
        ("a.png", png(), "png"),
        ("a.zip", zipped(("part/a.step", STEP), ("part/a.pdf", pdf())), "zip"),
    ],
)
def test_whole_drawings_are_accepted(name, data, kind):
    assert check(name, data) == kind


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("a.pdf", b"", "empty"),
        ("a.exe", b"MZ", "extension"),
        ("a.pdf.exe", b"MZ", "extension"),
        ("a.pdf", b"MZ\x90\x00 this is a program", "signature"),
        ("a.pdf", b"%PDF-1.7\n garbage, no objects", "damaged"),
        ("a.dxf", b"hello\nworld\n", "signature"),
        ("a.dxf", b"0\nSECTION\nxx\nHEADER\n0\nEOF\n", "damaged"),
        ("a.step", b"solid x\n", "signature"),
        ("a.igs", b"short line\n", "signature"),
        ("a.png", b"\x89PNG\r\n\x1a\n broken", "damaged"),
        ("a.jpg", b"GIF89a", "signature"),
        ("a.zip", b"PK\x03\x04 not really", "damaged"),
        ("a.zip", zipped(("../evil.step", STEP)), "zip_name"),
        ("a.zip", zipped(("/etc/evil.step", STEP)), "zip_name"),
        ("a.zip", zipped(("C:evil.step", STEP)), "zip_name"),
        ("a.zip", zipped(("notes.exe", b"MZ")), "zip_entry"),
        ("a.zip", zipped(("inner.zip", zipped(("a.step", STEP)))), "zip_entry"),
    ],
)
def test_bad_drawings_are_refused(name, data, code):
    assert refused(name, data) == code


def test_a_zip_bomb_is_refused_before_unpacking():
    bomb = zipped(("huge.step", b"\x00" * (20 * 2**20)))
    assert len(bomb) < 100_000
    assert refused("bomb.zip", bomb) == "zip_size"


def test_too_many_entries_are_refused(monkeypatch):
    monkeypatch.setattr(drawingcheck, "MAX_ZIP_ENTRIES", 3)
    data = zipped(*[(f"p{n}.step", STEP + bytes([n])) for n in range(4)])
    assert refused("many.zip", data) == "zip_size"


def test_an_encrypted_entry_is_refused():
    data = bytearray(zipped(("a.step", STEP)))
    # Set the "encrypted" flag bit in both the local header and the central directory.
    for offset in (6, data.rfind(b"PK\x01\x02") + 8):
        data[offset] |= 0x01
    assert refused("secret.zip", bytes(data)) == "zip_encrypted"


def test_too_large(monkeypatch):
    monkeypatch.setattr(drawingcheck, "MAX_FILE_BYTES", 10)
    assert refused("a.step", STEP) == "too_large"


def test_display_names_are_safe_text():
    assert display_name("C:\\Users\\taro\\図面.pdf") == "図面.pdf"
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("a\x00b\u202e.pdf") == "ab.pdf"
    assert display_name("") == "drawing"
    long = display_name("x" * 300 + ".step")
    assert len(long) == 120 and long.endswith(".step")


def test_rejections_carry_translatable_messages():
    try:
        check("a.exe", b"MZ")
    except DrawingRejected as rejected:
        assert rejected.code == "extension"
        assert str(rejected) == "files of type “.exe” are not accepted"
