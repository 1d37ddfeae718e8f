"""Upload abuse through the web window and the API: a program renamed .pdf, an empty file, a
file over the size limit, too many files, a ZIP with ../ names, a ZIP bomb. Each is refused
with a message naming the file and the reason, and nothing is kept: no inquiry, no drawing,
no file on disk."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from renkei.conftest_helpers import CUSTOMER, STEP_BYTES, pdf_bytes
from renkei.lib import drawingcheck

from .conftest import held_form_data, held_upload

WINDOW = "/g/miyako/inquiry/"
API = "/api/v1/groups/miyako/inquiries"
# The API names the customer's company "company"; the rest is the tests' usual customer.
API_DATA = json.dumps(
    {"company": CUSTOMER["customer_company"]}
    | {k: v for k, v in CUSTOMER.items() if k != "customer_company"}
)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# (file name, content, what the message says); built lazily, some are large.
CASES = {
    "program renamed .pdf": lambda: ("drawing.pdf", b"MZ\x90\x00" + b"\x00" * 200, "not a PDF"),
    "html renamed .pdf": lambda: ("fake.pdf", b"<html><script>alert(1)</script>", "not a PDF"),
    "program": lambda: ("tool.exe", b"MZ\x90\x00", "not accepted"),
    "empty file": lambda: ("empty.step", b"", "empty"),
    "over the size limit": lambda: (
        "big.step",
        STEP_BYTES + b" " * (drawingcheck.MAX_FILE_BYTES + 1 - len(STEP_BYTES)),
        f"{drawingcheck.MAX_FILE_BYTES // 2**20} MB",
    ),
    "zip with ../": lambda: ("slip.zip", _zip({"../../evil.step": STEP_BYTES}), "unsafe name"),
    "zip with an absolute name": lambda: (
        "abs.zip",
        _zip({"/etc/evil.step": STEP_BYTES}),
        "unsafe",
    ),
    "zip bomb": lambda: (
        "bomb.zip",
        _zip({"huge.step": STEP_BYTES + b"\x00" * (20 * 2**20)}),
        "too much data",
    ),
    "zip holding a program": lambda: (
        "tools.zip",
        _zip({"run.exe": b"MZ\x90\x00"}),
        "not a drawing",
    ),
}


def _nothing_kept() -> None:
    from renkei.inquiries.models import Drawing, Inquiry

    assert not Inquiry.objects.exists()
    assert not Drawing.objects.exists()
    root = Path(django_settings.MEDIA_ROOT)
    kept = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    assert kept == [], kept


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES))
def test_the_window_refuses_the_file_keeps_the_typing_and_keeps_no_file(client, group, case):
    name, data, reason = CASES[case]()
    response = client.post(WINDOW, held_form_data(files=[held_upload(name, data)]))
    assert response.status_code == 400
    html = response.content.decode()
    assert name in html and reason in html, html[:3000]
    assert "株式会社ロケット工房" in html  # what was typed comes back
    _nothing_kept()


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES))
def test_the_api_refuses_the_file_and_keeps_nothing(client, group, case):
    name, data, reason = CASES[case]()
    response = client.post(API, {"data": API_DATA, "files": [held_upload(name, data)]})
    assert response.status_code == 400, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    message = " ".join(response.json()["errors"]["files"])
    assert name in message and reason in message, message
    _nothing_kept()


@pytest.mark.django_db
def test_too_many_files_are_refused_everywhere(client, group):
    count = drawingcheck.MAX_FILES + 1
    files = [held_upload(f"part{n}.step", STEP_BYTES) for n in range(count)]
    response = client.post(WINDOW, held_form_data(files=files))
    assert response.status_code == 400
    assert f"At most {drawingcheck.MAX_FILES} files" in response.content.decode()
    _nothing_kept()

    files = [held_upload(f"part{n}.step", STEP_BYTES) for n in range(count)]
    response = client.post(API, {"data": API_DATA, "files": files})
    assert response.status_code == 400
    assert f"At most {drawingcheck.MAX_FILES} files" in " ".join(response.json()["errors"]["files"])
    _nothing_kept()


@pytest.mark.django_db
def test_one_bad_file_among_good_ones_keeps_the_good_ones_only_on_the_window(client, group):
    """On the web the good drawing is staged (so the customer need not send it again) and goes
    with the inquiry once the form is right; the bad one is never kept."""
    from renkei.inquiries.models import Drawing, Inquiry

    data = held_form_data(
        files=[held_upload("ok.pdf", pdf_bytes()), held_upload("tool.pdf", b"MZ\x90\x00" * 50)]
    )
    assert client.post(WINDOW, data).status_code == 400
    assert [d.original_name for d in Drawing.objects.all()] == ["ok.pdf"]
    data.pop("files")
    assert client.post(WINDOW, data).status_code == 302
    assert [d.original_name for d in Inquiry.objects.get().drawings.all()] == ["ok.pdf"]
