import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from renkei.conftest_helpers import STEP_BYTES, pdf_bytes

__all__ = ["STEP", "pdf_bytes", "upload"]

STEP = STEP_BYTES


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
