"""Reading an uploaded CSV or Excel file into sheets of rows, refusing what cannot be read.

CSV may be UTF-8 (with or without BOM) or Shift_JIS (read as cp932, Windows Excel's Japanese
encoding, a superset of Shift_JIS). Excel files are opened only after their zip directory has been
checked, so that a zip bomb is refused before anything unpacks it.
"""

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from renkei.imports.columns import SHEETS, Column, SheetSpec, sheet_for_name
from renkei.lib.jtext import fold_compact

MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_UNPACKED_BYTES = 200 * 2**20
MAX_ZIP_ENTRIES = 2_000
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"

Value = str | dt.date


class FileProblem(Exception):
    """The file as a whole cannot be imported; ``messages`` say why, in the user's language."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)


@dataclass
class Sheet:
    spec: SheetSpec
    title: str  # shown in messages; empty for a CSV file
    columns: list[Column | None]
    rows: list[tuple[int, list[Value]]] = field(default_factory=list)

    def keys(self) -> set[str]:
        return {c.key for c in self.columns if c is not None}

    def record(self, values: list[Value]) -> dict[str, Value]:
        return {c.key: v for c, v in zip(self.columns, values, strict=False) if c is not None}


def read_upload(data: bytes, filename: str, kind: str) -> list[Sheet]:
    """The sheets of an uploaded file; ``kind`` names the sheet a CSV (or lone sheet) holds."""
    if not data.strip():
        raise FileProblem(_("The file is empty."))
    name = filename.lower()
    if data.startswith(OLE_SIGNATURE) or name.endswith(".xls"):
        raise FileProblem(_("Old Excel files (.xls) cannot be read: save it as .xlsx or CSV."))
    if data.startswith(ZIP_SIGNATURE):
        sheets = _read_xlsx(data, kind)
    elif name.endswith((".xlsx", ".xlsm")):
        raise FileProblem(_("This file is named .xlsx but is not an Excel workbook."))
    else:
        sheets = [_sheet_from_rows(SHEETS[kind], "", _csv_rows(data))]
    if not any(sheet.rows for sheet in sheets):
        raise FileProblem(_("The file has a header but no rows below it."))
    return sheets


def _csv_rows(data: bytes) -> list[list[Value]]:
    if b"\x00" in data[:65536]:
        raise FileProblem(_("This is not a text (CSV) file. Upload a CSV or an .xlsx file."))
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [[unguard(value) for value in row] for row in reader]
    except csv.Error as error:
        raise FileProblem(_("The CSV file is broken: %(error)s") % {"error": error}) from None


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_line = data[: error.start].count(b"\n") + 1
    try:
        return data.decode("cp932")
    except UnicodeDecodeError:
        raise FileProblem(
            _(
                "The characters of this file cannot be read (line %(line)s). "
                "Save it as CSV in UTF-8 or Shift_JIS and upload it again."
            )
            % {"line": utf8_line}
        ) from None


def _read_xlsx(data: bytes, kind: str) -> list[Sheet]:
    from openpyxl import load_workbook

    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise FileProblem(_("This Excel file cannot be opened. Is it damaged?")) from None
    try:
        named = [(ws, sheet_for_name(ws.title)) for ws in workbook.worksheets]
        chosen = [(ws, spec) for ws, spec in named if spec is not None]
        if not chosen and workbook.worksheets:
            chosen = [(workbook.worksheets[0], SHEETS[kind])]
        return [_sheet_from_rows(spec, ws.title, _xlsx_rows(ws)) for ws, spec in chosen if spec]
    finally:
        workbook.close()


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise FileProblem(_("This Excel file cannot be opened. Is it damaged?")) from None
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or unpacked > MAX_UNPACKED_BYTES:
        raise FileProblem(_("This Excel file is too large to import."))
    if "xl/workbook.xml" not in {entry.filename for entry in entries}:
        raise FileProblem(_("This file is a zip archive, not an Excel workbook."))


def _xlsx_rows(worksheet: object) -> list[list[Value]]:
    rows = []
    for row in worksheet.iter_rows(values_only=True):  # type: ignore[attr-defined]
        rows.append([_cell(value) for value in row[:MAX_COLUMNS]])
        if len(rows) > MAX_ROWS + 1:
            break
    return rows


def _cell(value: object) -> Value:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unguard(str(value).strip())


# The characters a spreadsheet reads as the start of a formula (exporting.FORMULA_STARTS).
_GUARDED = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def unguard(value: str) -> str:
    """A cell as it was before the export put a quote before a formula-like start, so that an
    exported file imports back unchanged."""
    return value[1:] if value.startswith(_GUARDED) else value


def _sheet_from_rows(spec: SheetSpec, title: str, rows: list[list[Value]]) -> Sheet:
    if not rows or not any(str(v).strip() for v in rows[0]):
        raise FileProblem(where(title, 1) + _("the first row must hold the column names."))
    by_header = spec.column_by_header()
    columns: list[Column | None] = []
    problems = []
    for header in rows[0]:
        text = str(header).strip()
        column = by_header.get(fold_compact(text)) if text else None
        if text and column is None:
            problems.append(
                where(title, 1)
                + _("the column “%(name)s” is not one of this sheet's columns (%(sheet)s).")
                % {"name": text, "sheet": spec.ja}
            )
        if column is not None and column in columns:
            problems.append(
                where(title, 1) + _("the column “%(name)s” appears twice.") % {"name": text}
            )
        columns.append(column)
    problems += _missing_columns(spec, title, {c.key for c in columns if c})
    if problems:
        raise FileProblem(*problems)
    if len(rows) - 1 > MAX_ROWS:
        raise FileProblem(
            _("The file has more than %(max)s rows: split it into several files.")
            % {"max": MAX_ROWS}
        )
    sheet = Sheet(spec, title, columns)
    for line, values in enumerate(rows[1:], start=2):
        if any(str(v).strip() for v in values):
            sheet.rows.append((line, values))
    return sheet


def _missing_columns(spec: SheetSpec, title: str, keys: set[str]) -> list[str]:
    problems = [
        where(title, 1) + _("the column “%(name)s” is missing.") % {"name": column.ja}
        for column in spec.columns
        if column.required and column.key not in keys
    ]
    if spec.kind != "companies" and not keys & {"corporate_number", "company"}:
        problems.append(
            where(title, 1) + _("add a column “法人番号” or “会社名” to say whose row it is.")
        )
    return problems


def where(sheet: str, line: int, column: str = "") -> str:
    """The place of a problem, as the start of its message: 'シート「設備」3行目「台数」: '."""
    parts = []
    if sheet:
        parts.append(_("sheet “%(sheet)s”") % {"sheet": sheet})
    parts.append(_("row %(line)s") % {"line": line})
    if column:
        parts.append(_("column “%(column)s”") % {"column": column})
    return " ".join(parts) + ": "
