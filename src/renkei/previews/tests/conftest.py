"""Real small drawings for the previews' tests, made here (no fixture files)."""

import io
import struct
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renkei.conftest_helpers import CUSTOMER


def two_page_pdf() -> bytes:
    """A two-page PDF drawn by reportlab: a rectangle with a hole, then a notes page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=A4)
    sheet.rect(100, 300, 380, 240)
    sheet.circle(290, 420, 40)
    sheet.drawString(100, 560, "BRACKET A-100")
    sheet.showPage()
    sheet.drawString(100, 760, "NOTES")
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def box_stl(x: float = 100, y: float = 50, z: float = 20) -> bytes:
    """A binary STL of a box x × y × z mm (12 triangles)."""
    corners = [(i * x, j * y, k * z) for i in (0, 1) for j in (0, 1) for k in (0, 1)]
    faces = [
        (0, 1, 3), (0, 3, 2), (4, 6, 7), (4, 7, 5), (0, 4, 5), (0, 5, 1),
        (2, 3, 7), (2, 7, 6), (0, 2, 6), (0, 6, 4), (1, 5, 7), (1, 7, 3),
    ]  # fmt: skip
    body = b"".join(
        struct.pack("<12fH", 0, 0, 0, *corners[a], *corners[b], *corners[c], 0) for a, b, c in faces
    )
    return b"renkei test box".ljust(80, b" ") + struct.pack("<I", len(faces)) + body


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def send_inquiry(group, files: list[tuple[str, bytes]], **header):
    """An inquiry sent through the window's services, with these drawings."""
    from renkei.inquiries.services import stage_drawing, submit_inquiry

    key = uuid.uuid4()
    for name, data in files:
        stage_drawing(group=group, key=key, upload=upload(name, data))
    inquiry, _ = submit_inquiry(
        group=group,
        key=key,
        header={**CUSTOMER, **header},
        lines=[{"part_name": "ブラケット", "quantity": 2}],
    )
    return inquiry


@pytest.fixture
def drawn_inquiry(group):
    return send_inquiry(group, [("ブラケット1.pdf", two_page_pdf()), ("箱1.stl", box_stl())])
