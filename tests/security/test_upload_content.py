"""Uploaded files are judged by their content: every entry of a ZIP like a file sent on its own,
and images within a pixel limit read from the header, decoded in full."""

import io
import json
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from renkei.conftest_helpers import CUSTOMER, STEP_BYTES, pdf_bytes
from renkei.inquiries.models import Drawing, Inquiry
from renkei.knowledge.files import check_image
from renkei.lib.drawingcheck import MAX_IMAGE_PIXELS, DrawingRejected, check_drawing
from renkei.projects.progress import ProgressRefused, clean_photo


def _zipped(*entries: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (width, height), 255).save(buffer, "PNG")
    return buffer.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG header that claims ``width`` × ``height`` with a few bytes of data after it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat)


def _truncated_png() -> bytes:
    whole = _png(400, 400)
    return whole[: len(whole) // 2]


def _refused(name: str, data: bytes) -> DrawingRejected:
    with pytest.raises(DrawingRejected) as caught:
        check_drawing(name, io.BytesIO(data), len(data))
    return caught.value


def test_a_program_named_pdf_inside_a_zip_is_refused():
    rejected = _refused("parts.zip", _zipped(("a.step", STEP_BYTES), ("b.pdf", b"MZ\x90\x00prog")))
    assert rejected.code == "zip_entry_signature"
    assert rejected.params["entry"] == "b.pdf"


def test_a_damaged_drawing_inside_a_zip_is_refused():
    rejected = _refused("parts.zip", _zipped(("a.png", _truncated_png())))
    assert rejected.code == "zip_entry_damaged"


def test_a_huge_image_inside_a_zip_is_refused():
    rejected = _refused("parts.zip", _zipped(("a.png", _png_claiming(10_000, 10_000))))
    assert rejected.code == "zip_entry_pixels"


def test_a_zip_of_many_large_images_is_refused_before_any_is_decoded():
    """Ten stored 6000×6000 PNGs are small on the wire and 360 MP to decode: the ZIP's images
    are counted together from their headers and refused at once."""
    buffer = io.BytesIO()
    big = _png(6000, 6000)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for n in range(10):
            archive.writestr(f"sheet-{n}.png", big)
    data = buffer.getvalue()
    assert len(data) < 2 * 2**20
    assert _refused("sheets.zip", data).code == "zip_pixels"


def test_a_zip_of_whole_drawings_still_passes():
    data = _zipped(("a.step", STEP_BYTES), ("b.pdf", pdf_bytes()), ("c.png", _png(50, 50)))
    assert check_drawing("parts.zip", io.BytesIO(data), len(data)) == "zip"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (_png_claiming(10_000, 10_000), "pixels"),  # a header's claim, refused unread
        (_png(12_000, 12_000), "pixels"),  # a real one, refused from its header
        (_truncated_png(), "damaged"),  # verify() alone lets this through
    ],
)
def test_images_beyond_the_pixel_limit_or_truncated_are_refused(data, code):
    assert _refused("scan.png", data).code == code


def test_an_image_at_the_pixel_limit_passes():
    side = int(MAX_IMAGE_PIXELS**0.5)
    data = _png(side, side)
    assert check_drawing("scan.png", io.BytesIO(data), len(data)) == "png"


@pytest.mark.django_db
def test_the_inquiry_window_says_in_japanese_which_entry_is_refused(client, group):
    data = {k: v for k, v in CUSTOMER.items()} | {"company": CUSTOMER["customer_company"]}
    archive = _zipped(("図面/部品.pdf", b"MZ\x90\x00program"))
    files = [SimpleUploadedFile("parts.zip", archive, content_type="application/zip")]
    response = client.post(
        "/api/v1/groups/miyako/inquiries",
        {"data": json.dumps(data), "files": files},
        headers={"Accept-Language": "ja"},
    )
    assert response.status_code == 400, response.content
    message = response.json()["errors"]["files"][0]
    assert "ZIP の中の「部品.pdf」の中身が PDF ファイルではありません" in message
    assert not Inquiry.objects.exists() and not Drawing.objects.exists()


@pytest.mark.parametrize("data", [_png_claiming(10_000, 10_000), _truncated_png()])
def test_knowledge_photos_get_the_same_checks(data):
    with pytest.raises(ValidationError):
        check_image(SimpleUploadedFile("photo.png", data, content_type="image/png"))


def test_a_knowledge_photo_with_too_many_pixels_is_told_why():
    with translation.override("ja"), pytest.raises(ValidationError) as caught:
        check_image(SimpleUploadedFile("big.png", _png(12_000, 12_000)))
    assert "画素数が多すぎます" in caught.value.messages[0]


@pytest.mark.parametrize("data", [_png_claiming(10_000, 10_000), _truncated_png()])
def test_progress_photos_get_the_same_checks(data, settings):
    with pytest.raises(ProgressRefused):
        clean_photo(data)
