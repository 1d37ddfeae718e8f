"""Checking and writing imports: all rows or none, problems by row and column, idempotence."""

import io

import pytest
from openpyxl import Workbook

from renkei.capabilities.models import Certification, Equipment
from renkei.imports.models import ImportJob, ImportStatus
from renkei.imports.reading import read_upload
from renkei.imports.services import run_job
from renkei.orgs.models import Company, Membership
from renkei.orgs.services import create_company

pytestmark = pytest.mark.django_db

GOOD = "2010001008824"  # a valid 法人番号 (check digit 2)
OTHER_GOOD = "7000012050002"


def csv_file(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(encoding)


def workbook(**sheets: list[list[object]]) -> bytes:
    book = Workbook()
    book.remove(book.worksheets[0])
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(group, user, data: bytes, name="members.csv", kind="companies") -> ImportJob:
    """A job as the upload view makes it, run by the worker's code."""
    from django.core.files.base import ContentFile

    read_upload(data, name, kind)  # the view refuses file-level problems first
    job = ImportJob(group=group, created_by=user, kind=kind, original_name=name, language="en")
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    run_job(job.pk)
    job.refresh_from_db()
    return job


def test_a_good_csv_adds_members_with_processes_and_materials(group, alice):
    data = csv_file(
        "法人番号,会社名,フリガナ,都道府県,従業員数,資本金（円）,サークル,工程,材料",
        f'{GOOD},株式会社テスト精工,テストセイコウ,京都,１２名,"10,000,000",core,5軸加工、旋盤加工,"A7075, SUS304"',
        ",山科研磨,やましなけんま,京都府,3,,Active,バフ研磨,",
        encoding="shift_jis",
    )
    job = run(group, alice, data)
    assert job.status == ImportStatus.DONE, job.problems
    assert job.summary["companies_created"] == 2
    company = Company.objects.get(corporate_number=GOOD)
    assert (company.prefecture, company.employees, company.capital_yen) == (
        "京都府",
        12,
        10_000_000,
    )
    assert set(company.company_processes.values_list("process__code", flat=True)) == {
        "five_axis",
        "turning",
    }
    assert set(company.company_materials.values_list("material__symbol", flat=True)) == {
        "A7075",
        "SUS304",
    }
    membership = Membership.objects.get(group=group, company=company)
    assert membership.circle == "core"
    assert "5軸" in company.search_text


def test_one_bad_row_imports_nothing_and_names_row_and_column(group, alice, aoki):
    before = (Company.objects.count(), Membership.objects.count())
    data = csv_file(
        "法人番号,会社名,従業員数,工程",
        f"{GOOD},良い会社,10,旋盤加工",
        "1234567890123,悪い番号の会社,10,旋盤加工",
        ",数の悪い会社,たくさん,宇宙加工",
        f"{GOOD},重複した会社,1,",
    )
    job = run(group, alice, data)
    assert job.status == ImportStatus.REFUSED
    where = {(p["row"], p["column"]) for p in job.problems}
    assert {
        (3, "Corporate number"),
        (4, "Employees"),
        (4, "Processes"),
        (5, "Corporate number"),
    } <= where
    assert any("check digit" in p["message"] for p in job.problems)
    assert any("“宇宙加工”" in p["message"] for p in job.problems)
    assert any("row 2" in p["message"] for p in job.problems if p["row"] == 5)
    assert (Company.objects.count(), Membership.objects.count()) == before


def test_a_row_shifted_by_an_unquoted_comma_is_refused(group, alice):
    job = run(group, alice, csv_file("会社名,従業員数", "株式会社 1,000人工業,12,extra"))
    assert job.status == ImportStatus.REFUSED
    assert "more cells than there are columns" in job.problems[0]["message"]


def test_a_company_of_another_group_cannot_be_taken_over(group, other_group, alice):
    create_company(actor=None, group=other_group, name="北の会社", corporate_number=GOOD)
    job = run(group, alice, csv_file("法人番号,会社名", f"{GOOD},乗っ取り"))
    assert job.status == ImportStatus.REFUSED
    assert "not a member of this group" in job.problems[0]["message"]
    assert Company.objects.get(corporate_number=GOOD).name == "北の会社"


def test_existing_member_is_updated_and_blank_cells_keep_values(group, alice, aoki):
    job = run(group, alice, csv_file("会社名,従業員数,紹介文,工程", "株式会社青木精工,30,,"))
    assert job.status == ImportStatus.DONE, job.problems
    assert job.summary == {
        "companies_created": 0,
        "companies_updated": 1,
        "equipment": 0,
        "certifications": 0,
    }
    aoki.refresh_from_db()
    assert aoki.employees == 30
    assert aoki.profile.startswith("アルミの5軸加工")
    assert aoki.company_processes.count() == 3


def test_workbook_with_three_sheets_is_imported_and_twice_changes_nothing(group, alice):
    data = workbook(
        会社=[["法人番号", "会社名", "工程"], [GOOD, "株式会社テスト精工", "5軸加工"]],
        設備=[
            [
                "法人番号",
                "設備の種類",
                "メーカー・型式",
                "工程",
                "台数",
                "X（mm）",
                "最高精度（µm）",
            ],
            [GOOD, "5軸マシニングセンタ", "DMU 50", "5軸加工", 2, 650, "±5"],
        ],
        認証=[
            ["会社名", "規格", "登録番号", "発行日", "有効期限", "状態"],
            ["株式会社テスト精工", "AS9100", "JQ-9", "2024/4/1", "2027年3月31日", "Active"],
        ],
    )
    first = run(group, alice, data, name="all.xlsx")
    assert first.status == ImportStatus.DONE, first.problems
    company = Company.objects.get(corporate_number=GOOD)
    machine = Equipment.objects.get(company=company)
    assert (machine.count, machine.x_mm, machine.tolerance_um, machine.process.code) == (
        2,
        650,
        5.0,
        "five_axis",
    )
    certificate = Certification.objects.get(company=company)
    assert certificate.standard == "JIS Q 9100"
    assert certificate.expires_on.isoformat() == "2027-03-31"
    assert company.max_envelope_mm == 650

    second = run(group, alice, data, name="all.xlsx")
    assert second.summary["companies_updated"] == 1
    assert Company.objects.filter(corporate_number=GOOD).count() == 1
    assert Equipment.objects.filter(company=company).count() == 1
    assert Certification.objects.filter(company=company).count() == 1


def test_equipment_rows_must_belong_to_a_member(group, other_group, alice):
    create_company(actor=None, group=other_group, name="北の会社")
    data = csv_file("会社名,設備の種類,台数", "北の会社,NC旋盤,1", ",NC旋盤,1")
    job = run(group, alice, data, kind="equipment")
    assert job.status == ImportStatus.REFUSED
    assert [p["row"] for p in job.problems] == [2, 3]
    assert not Equipment.objects.exists()


def test_bad_dates_and_choices_are_named(group, alice, aoki):
    data = csv_file(
        "会社名,規格,登録番号,発行日,有効期限,状態",
        "株式会社青木精工,ISO 9001,A-1,2025-02-30,2024-01-01,valid",
        "株式会社青木精工,宇宙規格,A-2,,,",
        "株式会社青木精工,ISO 14001,A-3,2025-01-01,2024-01-01,",
    )
    job = run(group, alice, data, kind="certifications")
    assert job.status == ImportStatus.REFUSED
    where = {(p["row"], p["column"]) for p in job.problems}
    assert {(2, "Issued"), (2, "Status"), (3, "Standard")} <= where
    assert any(p["row"] == 4 and "expire before issue" in p["message"] for p in job.problems)
    assert Certification.objects.filter(company=aoki).count() == 1


def test_running_a_finished_job_again_does_nothing(group, alice):
    job = run(group, alice, csv_file("会社名", "一度だけ工業"))
    assert run_job(job.pk) == "skipped"
    assert Company.objects.filter(name="一度だけ工業").count() == 1


def test_progress_is_reported_while_rows_are_checked(group):
    from renkei.imports.planning import Planner

    lines = ["会社名,従業員数"] + [f"工業{n},{n}" for n in range(450)]
    sheets = read_upload(csv_file(*lines), "big.csv", "companies")
    seen: list[int] = []
    plan = Planner(group, seen.append).check(sheets)
    assert not plan.problems
    assert seen == [200, 400, 450]
    assert len(plan.companies) == 450
