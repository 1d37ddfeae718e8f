import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

STEP = b"ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('bracket'),'2;1');\nENDSEC;\nDATA;\nENDSEC;\nEND-ISO-10303-21;\n"


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def pdf():
    return upload("図面 A-100.pdf", pdf_bytes())


@pytest.fixture
def step():
    return upload("bracket.step", STEP)


@pytest.fixture(autouse=True)
def _english(client):
    """Messages are asserted in English; the Japanese catalogue is checked elsewhere."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
