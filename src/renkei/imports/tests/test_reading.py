"""Reading uploads: encodings, Excel, and every way a file can be wrong as a whole."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from renkei.imports.reading import FileProblem, read_upload

HEADER = "法人番号,会社名,都道府県,工程\r\n"
ROW = "2010001008824,株式会社テスト精工,京都府,旋盤加工\r\n"


def messages(data: bytes, name: str = "members.csv", kind: str = "companies") -> str:
    with pytest.raises(FileProblem) as caught:
        read_upload(data, name, kind)
    return " ".join(caught.value.messages)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "shift_jis", "cp932"])
def test_csv_in_each_accepted_encoding_reads_the_same(encoding):
    [sheet] = read_upload((HEADER + ROW).encode(encoding), "members.csv", "companies")
    assert [c.key for c in sheet.columns if c] == [
        "corporate_number",
        "name",
        "prefecture",
        "processes",
    ]
    [(line, cells)] = sheet.rows
    assert line == 2
    assert sheet.record(cells)["name"] == "株式会社テスト精工"


def test_english_headers_and_keys_are_accepted_too():
    data = "Corporate number,Company,prefecture\n,Test Ltd,京都府\n".encode()
    [sheet] = read_upload(data, "m.csv", "companies")
    assert sheet.keys() == {"corporate_number", "name", "prefecture"}


def test_broken_encoding_is_refused_with_the_line():
    data = (HEADER + ROW).encode() + b"\x82\xa0\xff\xfe\x80\x80 bad\r\n"
    text = messages(data)
    assert "cannot be read" in text
    assert "line 3" in text


def test_empty_and_header_only_files_are_refused():
    assert "empty" in messages(b"   \r\n")
    assert "no rows" in messages(HEADER.encode())


def test_unknown_and_missing_columns_are_named():
    text = messages("法人番号,社名,電話番号\n1,2,3\n".encode())
    assert "“社名”" in text
    assert "“電話番号”" in text
    assert "“会社名” is missing" in text


def test_duplicate_column_is_refused():
    assert "appears twice" in messages("会社名,Company\nA,B\n".encode())


def test_equipment_needs_a_company_column():
    text = messages("設備の種類,台数\nNC旋盤,2\n".encode(), kind="equipment")
    assert "法人番号" in text and "会社名" in text


def test_a_text_file_named_xlsx_is_refused():
    assert "not an Excel workbook" in messages(b"hello,world\n", "members.xlsx")


def test_an_old_xls_or_binary_file_is_refused():
    assert ".xls" in messages(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "members.xls")
    assert "not a text" in messages(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "members.csv")


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hi")
    assert "not an Excel workbook" in messages(buffer.getvalue(), "members.xlsx")


def test_a_damaged_workbook_is_refused():
    workbook = Workbook()
    workbook.active.append(["会社名"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    damaged = buffer.getvalue()[:-200]
    assert "cannot be opened" in messages(damaged, "members.xlsx")


def test_a_workbook_is_read_by_sheet_names_and_other_sheets_are_ignored():
    workbook = Workbook()
    companies = workbook.active
    companies.title = "会社"
    companies.append(["会社名", "従業員数"])
    companies.append(["株式会社テスト精工", 12.0])
    equipment = workbook.create_sheet("Equipment")
    equipment.append(["会社名", "設備の種類"])
    equipment.append(["株式会社テスト精工", "NC旋盤"])
    workbook.create_sheet("説明").append(["ご自由に"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheets = read_upload(buffer.getvalue(), "all.xlsx", "companies")
    assert [s.spec.kind for s in sheets] == ["companies", "equipment"]
    assert sheets[0].record(sheets[0].rows[0][1]) == {
        "name": "株式会社テスト精工",
        "employees": "12",
    }
