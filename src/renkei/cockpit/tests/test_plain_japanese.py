"""Japanese pages speak Japanese: no seed line references, no field names, no exception text.

Each defect of issue 13 has its own test here; the last one walks every page named there."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from pypdf import PdfReader

from renkei.cockpit.demo import _fill
from renkei.cockpit.models import Proposal
from renkei.cockpit.services.decisions import create_proposal
from renkei.conftest_helpers import login, run_worker
from renkei.imports.models import ImportJob
from renkei.webhooks.choices import DeliveryStatus
from renkei.webhooks.models import Delivery, Endpoint

FORBIDDEN = (
    "seed l.",
    "Kpi:",
    "Mitigation:",
    "Body:",
    "Done:",
    "Inquiry",
    "URLError",
    "Errno",
    "check digit",
    "formation:",
    "participation:",
)
LINE_REFERENCE = re.compile(r"l\.\d")


@pytest.fixture
def japanese(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        yield client


def visible_text(html: str) -> str:
    """What a reader sees and what the tab shows: the markup itself may say anything."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def offences(text: str) -> list[str]:
    found = [word for word in FORBIDDEN if word in text]
    found += LINE_REFERENCE.findall(text)
    return found


def cockpit(group, page: str = "") -> str:
    return f"/g/{group.slug}/cockpit/{page}"


def filled(group, alice):
    _fill(group, alice)
    return create_proposal(
        actor=alice,
        group=group,
        title="共同受注の手数料率",
        body="取りまとめ手数料を5%にする案",
        method="vote",
        quorum=1,
        deadline=timezone.now() + dt.timedelta(days=3),
    )


@pytest.mark.django_db
def test_the_stage_page_shows_no_seed_line_references(japanese, group, alice):
    filled(group, alice)
    login(japanese, alice)

    text = visible_text(japanese.get(cockpit(group, "stage/")).content.decode())

    assert "seed" not in text and not LINE_REFERENCE.search(text)


@pytest.mark.django_db
def test_the_canvas_title_holds_no_markup(japanese, group, alice):
    filled(group, alice)
    login(japanese, alice)

    html = japanese.get(cockpit(group, "canvas/")).content.decode()

    title = re.search(r"<title>(.*?)</title>", html, flags=re.S)
    assert title and "<" not in title.group(1) and "ビジネスモデル" in title.group(1)


@pytest.mark.django_db
def test_effects_and_risk_forms_are_labelled_in_japanese(japanese, group, alice):
    filled(group, alice)
    login(japanese, alice)

    kpis = visible_text(japanese.get(cockpit(group, "kpis/")).content.decode())
    risks = visible_text(japanese.get(cockpit(group, "risks/")).content.decode())
    levers = visible_text(japanese.get(cockpit(group, "levers/")).content.decode())

    assert "events ×" not in kpis and "Kpi:" not in kpis and "participation:" not in kpis
    assert "Mitigation:" not in risks
    assert "Body:" not in levers


@pytest.mark.django_db
def test_the_supporters_pdf_has_no_seed_reference(japanese, group, alice, carol):
    filled(group, alice)
    login(japanese, carol)

    response = japanese.get(cockpit(group, "supporters/report.pdf"))

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "外部効果" in text and "seed" not in text and not LINE_REFERENCE.search(text)


@pytest.mark.django_db
def test_every_page_of_issue_13_reads_in_japanese(japanese, group, alice, carol, aoki):
    proposal: Proposal = filled(group, alice)
    endpoint = Endpoint.objects.create(group=group, url="https://hook.example.jp/", events=["ping"])
    Delivery.objects.create(
        endpoint=endpoint,
        event="ping",
        status=DeliveryStatus.FAILED,
        attempts=6,
        last_error="URLError: [Errno -2] Name or service not known",
    )
    login(japanese, alice)
    pages = [
        "",
        "stage/",
        "kpis/",
        "levers/",
        "risks/",
        "decisions/",
        f"decisions/{proposal.pk}/",
        "maps/",
        "canvas/",
        "canvas/?print=1",
        "incorporation/",
        "supporters/",
    ]
    seen = {}
    for page in pages:
        response = japanese.get(cockpit(group, page))
        assert response.status_code == 200, page
        seen[page] = visible_text(response.content.decode())
    for url in ("/cockpit/", "/incorporation/legal-forms/", f"/g/{group.slug}/manage/settings/"):
        seen[url] = visible_text(japanese.get(url).content.decode())
    webhooks = japanese.get(f"/g/{group.slug}/manage/webhooks/").content.decode()
    seen["webhooks"] = visible_text(webhooks)
    assert "名前解決" in seen["webhooks"]
    seen["import"] = visible_text(japanese.get(f"/g/{group.slug}/manage/import/").content.decode())
    login(japanese, carol)
    pdf = japanese.get(cockpit(group, "supporters/report.pdf")).content
    seen["pdf"] = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)

    problems = {page: offences(text) for page, text in seen.items() if offences(text)}
    assert problems == {}


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_an_imported_corporate_number_problem_is_explained_in_japanese(japanese, group, alice):
    login(japanese, alice)
    data = "法人番号,会社名,都道府県\r\n1234567890123,洛南試作工業,京都府\r\n".encode("utf-8-sig")
    upload = SimpleUploadedFile("m.csv", data, content_type="text/csv")
    response = japanese.post(
        f"/g/{group.slug}/manage/import/", {"kind": "companies", "file": upload}
    )
    assert response.status_code == 302

    run_worker()

    job = ImportJob.objects.get()
    text = visible_text(japanese.get(response["Location"]).content.decode())
    assert job.problems or "法人番号" in text
    assert "check digit" not in text and "チェックディジット" in text
