"""The import page in the browser's shoes: upload, progress, downloads, and who may do it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from renkei.conftest_helpers import login, run_worker
from renkei.core.models import AuditEntry
from renkei.imports.models import ImportJob, ImportStatus
from renkei.orgs.models import Company


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def page(group) -> str:
    return reverse("imports:group", args=[group.slug])


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_coordinator_uploads_and_the_worker_imports(client, group, alice):
    login(client, alice)
    data = "会社名,都道府県,工程\r\n洛南試作工業,京都府,旋盤加工\r\n".encode("utf-8-sig")
    response = client.post(page(group), {"kind": "companies", "file": upload("m.csv", data)})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job", args=[group.slug, job.pk])
    assert job.status == ImportStatus.QUEUED and job.total_rows == 1
    assert not job.file.name.endswith("m.csv")  # stored under a random name

    run_worker()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Company.objects.filter(name="洛南試作工業", memberships__group=group).exists()
    partial = client.get(response["Location"], headers={"HX-Request": "true"})
    assert b"<html" not in partial.content
    assert "1 companies added" in partial.content.decode()
    assert b"hx-trigger" not in partial.content  # polling stops once done


@pytest.mark.django_db
def test_running_job_page_polls_and_shows_progress(client, group, alice):
    login(client, alice)
    job = ImportJob.objects.create(
        group=group, created_by=alice, kind="companies", original_name="big.csv",
        total_rows=1000, checked_rows=250, status=ImportStatus.CHECKING,
    )  # fmt: skip
    html = client.get(reverse("imports:job", args=[group.slug, job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert 'value="25"' in html
    assert "250" in html and "1000" in html


@pytest.mark.django_db
def test_file_level_problems_are_shown_at_once_and_nothing_is_queued(client, group, alice):
    login(client, alice)
    response = client.post(
        page(group), {"kind": "companies", "file": upload("m.csv", "社名\r\nA\r\n".encode())}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "“社名”" in html and "“会社名” is missing" in html
    assert "Nothing was imported" in html
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_fake_xlsx_and_empty_file_are_refused_politely(client, group, alice):
    login(client, alice)
    fake = client.post(
        page(group), {"kind": "companies", "file": upload("m.xlsx", b"PK\x03\x04junk")}
    )
    assert fake.status_code == 400
    assert "cannot be opened" in fake.content.decode()
    empty = client.post(page(group), {"kind": "companies", "file": upload("m.csv", b"")})
    assert empty.status_code == 400
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_too_large_file_is_refused(client, group, alice, settings):
    settings.RENKEI_IMPORT_MAX_BYTES = 2 * 2**20
    login(client, alice)
    data = b"\xe4\xbc\x9a\xe7\xa4\xbe\xe5\x90\x8d\r\n" + b"x" * (3 * 2**20)
    response = client.post(page(group), {"kind": "companies", "file": upload("m.csv", data)})
    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()


@pytest.mark.django_db
def test_upload_needs_the_csrf_token(group, alice):
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    login(client, alice)
    data = "会社名\r\nA\r\n".encode()
    response = client.post(page(group), {"kind": "companies", "file": upload("m.csv", data)})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_only_the_groups_coordinator_gets_in(client, group, alice, bob, carol, dave):
    job = ImportJob.objects.create(
        group=group, created_by=alice, kind="companies", original_name="a.csv"
    )
    urls = [
        page(group),
        reverse("imports:job", args=[group.slug, job.pk]),
        reverse("imports:export", args=[group.slug, "all", "xlsx"]),
        reverse("imports:export", args=[group.slug, "companies", "csv"]),
        reverse("imports:template", args=[group.slug, "all", "xlsx"]),
    ]
    for user in (bob, carol, dave):
        login(client, user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
    client.logout()
    assert client.get(urls[0]).status_code == 302  # to the login page


@pytest.mark.django_db
def test_another_groups_job_id_is_404(client, group, other_group, alice, dave):
    theirs = ImportJob.objects.create(
        group=other_group, created_by=dave, kind="companies", original_name="secret.csv"
    )
    login(client, alice)
    assert client.get(reverse("imports:job", args=[group.slug, theirs.pk])).status_code == 404


@pytest.mark.django_db
def test_export_holds_the_members_and_is_audited(client, group, alice, aoki, sakura):
    login(client, alice)
    response = client.get(reverse("imports:export", args=[group.slug, "all", "xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    names = [row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert set(names) == {"株式会社青木精工", "さくら鍍金工業"}
    equipment = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert equipment[0][2] == "5軸マシニングセンタ"
    assert AuditEntry.objects.filter(action="import.export", group=group).exists()

    csv_response = client.get(reverse("imports:export", args=[group.slug, "companies", "csv"]))
    assert csv_response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    assert "株式会社青木精工" in csv_response.content.decode("utf-8-sig")
    assert (
        client.get(reverse("imports:export", args=[group.slug, "nope", "csv"])).status_code == 404
    )


@pytest.mark.django_db
def test_template_lists_every_sheet_and_a_guide(client, group, alice):
    login(client, alice)
    response = client.get(reverse("imports:template", args=[group.slug, "all", "xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 4
    assert next(book.worksheets[0].iter_rows(values_only=True))[1] == "Company"
    csv_template = client.get(reverse("imports:template", args=[group.slug, "equipment", "csv"]))
    assert csv_template.content.decode("utf-8-sig").startswith("Corporate number,Company,Type")
    japanese = client.get(
        reverse("imports:template", args=[group.slug, "equipment", "csv"]),
        headers={"accept-language": "ja"},
    )
    assert japanese.content.decode("utf-8-sig").startswith("法人番号,会社名,設備の種類")


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_an_export_imported_again_changes_nothing(client, group, alice, aoki, sakura):
    login(client, alice)
    exported = client.get(reverse("imports:export", args=[group.slug, "all", "xlsx"])).content
    counts = (Company.objects.count(), aoki.equipment.count(), aoki.certifications.count())
    client.post(page(group), {"kind": "companies", "file": upload("again.xlsx", exported)})
    run_worker()
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.DONE, job.problems
    assert job.summary["companies_updated"] == 2
    assert (Company.objects.count(), aoki.equipment.count(), aoki.certifications.count()) == counts
