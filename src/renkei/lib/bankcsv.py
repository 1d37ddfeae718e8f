"""Bank statements (入出金明細) as CSV, read for matching incoming payments; no Django import.

Two shapes are read:

* ``anser`` — the 入出金明細照会結果 CSV of the ANSER-BizSOL business banking that many regional
  banks offer (京都銀行's 京銀インターネットEBサービス among them): a header row of 13 fixed
  names — 照会口座, 番号, 勘定日, (起算日), 出金金額(円), 入金金額(円), 小切手区分, 残高(円),
  取引区分, 明細区分, 金融機関名, 支店名, 摘要 — then one row per transaction, every field
  quoted, cp932. 勘定日 reads ``2026年04月03日``; the payer (振込依頼人名) is in 摘要.
* ``generic`` — any CSV with a date, an amount and a payer column, named in Japanese or English
  (日付/取引日/date, 金額/入金額/amount, 振込依頼人/摘要/payer …); an optional withdrawal column
  (出金額/withdrawal) and reference column (番号/reference). Internet banks' exports such as
  日付, 内容, 出金金額(円), 入金金額(円), 残高(円), メモ read as this shape.

Either every row reads or a ``StatementError`` says which row and column did not: an import
never stores half a statement. Rows are numbered as a spreadsheet shows them (the header is
row 1). Messages are English; the web layer translates them.
"""

import csv
import datetime as dt
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from renkei.lib.kana import fold_payer

MAX_ROWS = 20_000
_HEADER_SEARCH_ROWS = 10  # some exports put a title or the account above the header

ANSER = "anser"
GENERIC = "generic"


class StatementError(ValueError):
    """Why a statement cannot be imported. ``row`` is 1-based as in a spreadsheet (``None`` for
    the whole file), ``column`` the header name as the file has it (``None`` if no column)."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        self.message = message
        self.row = row
        self.column = column
        where = []
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


@dataclass(frozen=True)
class StatementRow:
    """One deposit read from the statement."""

    row_number: int  # as in a spreadsheet
    booked_on: dt.date
    amount: int  # whole yen, > 0
    payer_raw: str  # as the bank printed it
    payer_key: str  # kana.fold_payer(payer_raw)
    reference: str = ""  # the bank's transaction number, when the file has one
    # 起算日: the day the money counts as received when the bank booked it later (ANSER's
    # (起算日) column); what a due date is compared with when given.
    value_on: dt.date | None = None

    @property
    def paid_on(self) -> dt.date:
        return self.value_on or self.booked_on


@dataclass(frozen=True)
class Statement:
    format: str  # ANSER or GENERIC
    encoding: str  # "utf-8-sig" or "cp932"
    rows: tuple[StatementRow, ...]
    withdrawals_skipped: int  # rows that took money out: counted, not imported

    @property
    def total(self) -> int:
        return sum(row.amount for row in self.rows)


# --- columns ---------------------------------------------------------------------------------

ANSER_COLUMNS = (
    "照会口座",
    "番号",
    "勘定日",
    "(起算日)",
    "出金金額(円)",
    "入金金額(円)",
    "小切手区分",
    "残高(円)",
    "取引区分",
    "明細区分",
    "金融機関名",
    "支店名",
    "摘要",
)

# Header names per role, in order of preference when a file has more than one (入金額 beats
# 金額; 振込依頼人 beats 摘要). Compared after _column_key: NFKC, case-folded, no spaces or (円).
_ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "date": (
        "日付",
        "取引日",
        "勘定日",
        "入金日",
        "年月日",
        "お取引日",
        "date",
        "bookingdate",
        "transactiondate",
        "bookedon",
    ),
    "amount": (
        "入金金額",
        "入金額",
        "お預り金額",
        "お預入金額",
        "預入金額",
        "預り金額",
        "預かり金額",
        "金額",
        "deposit",
        "credit",
        "amount",
    ),
    "withdrawal": (
        "出金金額",
        "出金額",
        "お引出金額",
        "支払金額",
        "お支払金額",
        "支払い金額",
        "withdrawal",
        "debit",
    ),
    "payer": (
        "振込依頼人名",
        "振込依頼人",
        "依頼人名",
        "依頼人",
        "摘要",
        "内容",
        "お取引内容",
        "取引内容",
        "payer",
        "payerkana",
        "name",
        "description",
    ),
    "reference": ("番号", "照会番号", "取引番号", "reference", "ref", "id"),
}
_REQUIRED_ROLES = ("date", "amount", "payer")


def _column_key(name: str) -> str:
    key = unicodedata.normalize("NFKC", name).casefold()
    key = re.sub(r"\s|_|-", "", key)
    return re.sub(r"\((円|¥|jpy|yen)\)$", "", key)


class _Layout(NamedTuple):
    format: str
    columns: dict[str, int]  # role → position
    names: list[str]  # the header as the file has it


def _layout(header: list[str]) -> _Layout | None:
    names = [cell.strip() for cell in header]
    normalized = [unicodedata.normalize("NFKC", n) for n in names]
    if normalized[: len(ANSER_COLUMNS)] == list(ANSER_COLUMNS):
        return _Layout(
            ANSER,
            {"reference": 1, "date": 2, "value_date": 3, "withdrawal": 4, "amount": 5, "payer": 12},
            names,
        )
    keys = [_column_key(n) for n in names]
    columns: dict[str, int] = {}
    for role, aliases in _ROLE_NAMES.items():
        ranked = [(aliases.index(k), i) for i, k in enumerate(keys) if k in aliases]
        if ranked:
            columns[role] = min(ranked)[1]
    if all(role in columns for role in _REQUIRED_ROLES):
        return _Layout(GENERIC, columns, names)
    return None


def _expected_columns() -> str:
    roles = "; ".join(f"{role}: {', '.join(_ROLE_NAMES[role][:4])} …" for role in _REQUIRED_ROLES)
    return f"a date, an amount and a payer column ({roles}), or the ANSER 入出金明細 header"


# --- values ----------------------------------------------------------------------------------

_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}
_ERA_SPANS = {
    2018: (dt.date(2019, 5, 1), dt.date.max),
    1988: (dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    1925: (dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
}
_ERA_DATE = re.compile(
    r"^(令和|平成|昭和|R|H|S)\s*(元|\d{1,2})[年./\-](\d{1,2})[月./\-](\d{1,2})日?$"
)
_WESTERN_DATE = re.compile(r"^(\d{4})[年./\-](\d{1,2})[月./\-](\d{1,2})日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: str) -> dt.date:
    """A statement date: 2026/04/03, 2026-4-3, 20260403, 2026年04月03日, 令和8年4月3日, R8.4.3,
    令和元年5月1日. Raises ``ValueError`` for anything else or a day that does not exist."""
    text = unicodedata.normalize("NFKC", value).strip().upper()
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"\(.\)$", "", text)  # a weekday some banks append: 2026/04/03(金)
    era = _ERA_DATE.match(text)
    match = _WESTERN_DATE.match(text) or _COMPACT_DATE.match(text)
    try:
        if era:
            offset = _ERAS[era.group(1)]
            year = 1 if era.group(2) == "元" else int(era.group(2))
            day = dt.date(offset + year, int(era.group(3)), int(era.group(4)))
            first, last = _ERA_SPANS[offset]
            if first <= day <= last and year > 0:
                return day
        elif match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        pass  # 2026/02/30: a date's shape, not a day of the calendar
    raise ValueError(
        f"{value!r} is not a date (expected e.g. 2026/04/03, 20260403 or 令和8年4月3日)"
    )


_NEGATIVE_MARKS = ("-", "−", "△", "▲")


def parse_amount(value: str) -> int | None:
    """Whole yen from ``1,234,567``, ``¥1,234``, ``１２３４円``, ``△500`` (negative); ``None``
    when the cell is empty. Raises ``ValueError`` for anything else, sen included."""
    text = unicodedata.normalize("NFKC", value).strip()
    text = re.sub(r"[\s,¥\\円]", "", text)
    if not text:
        return None
    sign = 1
    if text.startswith(_NEGATIVE_MARKS):
        sign, text = -1, text[1:]
    elif text.startswith("+"):
        text = text[1:]
    text = re.sub(r"\.0+$", "", text)  # 1000.00 from a spreadsheet is still whole yen
    if not text.isascii() or not text.isdigit():
        raise ValueError(f"{value!r} is not an amount in whole yen")
    return sign * int(text)


# --- decoding --------------------------------------------------------------------------------


def _row_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding: UTF-8 (with or without BOM) first, then cp932."""
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as utf8_error:
        prefix = data[: utf8_error.start]
        # Valid multi-byte UTF-8 before the bad byte: a UTF-8 file broken at that row, not a
        # cp932 file (which would rarely read as UTF-8 that far).
        if any(byte >= 0x80 for byte in prefix):
            raise StatementError(
                "the file is not valid UTF-8 or Shift_JIS (cp932) text from this row on",
                row=_row_of(data, utf8_error.start),
            ) from utf8_error
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError as cp932_error:
        raise StatementError(
            "the file is not valid UTF-8 or Shift_JIS (cp932) text from this row on",
            row=_row_of(data, cp932_error.start),
        ) from cp932_error


# --- reading ---------------------------------------------------------------------------------


def _sniff_dialect(text: str) -> type[csv.Dialect]:
    first_line = text.split("\n", 1)[0]
    if first_line.count("\t") > first_line.count(","):
        return csv.excel_tab
    return csv.excel


def parse_statement(data: bytes, filename: str = "", *, max_rows: int = MAX_ROWS) -> Statement:
    """Read a bank statement CSV into its deposits. ``filename`` is only used in messages.

    Withdrawals are skipped and counted. Raises ``StatementError`` for an undecodable or empty
    file, a header with unknown columns, a bad date or amount, a zero or negative deposit, a
    row with a missing cell, or more than ``max_rows`` rows.
    """
    label = f"{filename}: " if filename else ""
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise StatementError(f"{label}the file is empty")
    text, encoding = _decode(data)
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), _sniff_dialect(text)):
            records.append(record)
    except csv.Error as exc:
        raise StatementError(f"{label}the file is not CSV: {exc}", row=len(records) + 1) from exc

    header_index, layout = _find_header(records, label)
    numbered = [
        (number, record)
        for number, record in enumerate(records[header_index + 1 :], start=header_index + 2)
        if any(cell.strip() for cell in record)
    ]
    # Checked before any row is read, so an oversized file gets this message, not row errors.
    if len(numbered) > max_rows:
        raise StatementError(
            f"{label}the file has more than {max_rows:,} rows; split it by period",
            row=numbered[max_rows][0],
        )
    rows: list[StatementRow] = []
    withdrawals = 0
    for number, record in numbered:
        row = _read_row(record, number, layout)
        if row is None:
            withdrawals += 1
        else:
            rows.append(row)
    if not rows and not withdrawals:
        raise StatementError(f"{label}the file has a header but no transactions")
    return Statement(layout.format, encoding, tuple(rows), withdrawals)


def _find_header(records: list[list[str]], label: str) -> tuple[int, _Layout]:
    first: tuple[int, list[str]] | None = None
    for index, record in enumerate(records[:_HEADER_SEARCH_ROWS]):
        if sum(1 for cell in record if cell.strip()) < 2:
            continue  # blank, or a title line above the header
        first = first or (index, record)
        layout = _layout(record)
        if layout is not None:
            return index, layout
    if first is None:  # no line with two cells: name the first line with anything on it
        first = next(((i, r) for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if first is None:
        raise StatementError(f"{label}the file is empty")
    found = ", ".join(cell.strip() for cell in first[1] if cell.strip())
    raise StatementError(
        f"{label}unknown columns: found {found}; expected {_expected_columns()}",
        row=first[0] + 1,
    )


def _cell(record: list[str], number: int, layout: _Layout, role: str) -> str:
    position = layout.columns[role]
    if position >= len(record):
        raise StatementError(
            f"the row has {len(record)} cells, the header has {len(layout.names)}",
            row=number,
            column=layout.names[position],
        )
    return record[position].strip()


def _read_row(record: list[str], number: int, layout: _Layout) -> StatementRow | None:
    """The deposit on this row, or ``None`` for a withdrawal."""

    def amount_of(role: str) -> int | None:
        if role not in layout.columns:
            return None
        try:
            return parse_amount(_cell(record, number, layout, role))
        except ValueError as exc:
            raise StatementError(str(exc), row=number, column=column(role)) from exc

    def column(role: str) -> str:
        return layout.names[layout.columns[role]]

    def date_of(role: str) -> dt.date | None:
        if role not in layout.columns:
            return None
        raw = _cell(record, number, layout, role)
        if not raw and role == "value_date":
            return None
        try:
            return parse_date(raw)
        except ValueError as exc:
            raise StatementError(str(exc), row=number, column=column(role)) from exc

    # Every row is read whole, withdrawals too: a file that does not read as expected is
    # refused rather than half trusted.
    booked_on = date_of("date")
    assert booked_on is not None  # every layout has a date column
    value_on = date_of("value_date")
    deposit = amount_of("amount")
    withdrawal = amount_of("withdrawal")
    if deposit is None:
        if withdrawal:
            return None
        raise StatementError("the row has no amount", row=number, column=column("amount"))
    if deposit <= 0:
        if deposit < 0 and "withdrawal" not in layout.columns and layout.format == GENERIC:
            message = f"{deposit:,} is negative; only deposits can be imported"
        else:
            message = f"a deposit must be more than 0 yen, got {deposit:,}"
        raise StatementError(message, row=number, column=column("amount"))
    payer = _cell(record, number, layout, "payer")
    reference = _cell(record, number, layout, "reference") if "reference" in layout.columns else ""
    return StatementRow(number, booked_on, deposit, payer, fold_payer(payer), reference, value_on)


# --- matching --------------------------------------------------------------------------------

ItemId = int | str


class OpenItem(NamedTuple):
    """An invoice (or any receivable) still waiting for money."""

    id: ItemId
    amount_due: int  # what is still owed, whole yen
    payer_keys: tuple[str, ...]  # kana the customer pays under (folded again here)
    due_on: dt.date


class MatchKind(StrEnum):
    EXACT = "exact"  # payer and amount
    PARTIAL = "partial"  # payer; less than owed
    OVER = "over"  # payer; more than owed
    AMOUNT = "amount"  # the only open item of that amount, payer unknown
    UNMATCHED = "unmatched"


@dataclass(frozen=True)
class Match:
    row: StatementRow
    kind: MatchKind
    item_id: ItemId | None = None
    applied: int = 0  # yen put against the item
    overpaid: int = 0  # yen beyond what the item owed
    remaining: int = 0  # what the item still owes afterwards
    # For an unmatched row, the items it could have paid: several of its amount, none known.
    candidates: tuple[ItemId, ...] = ()


@dataclass
class _Balance:
    item: OpenItem
    order: int
    remaining: int
    touched: bool = False


def match_payments(rows: Iterable[StatementRow], open_items: Iterable[OpenItem]) -> list[Match]:
    """Match deposits to open items, in three passes, each taking the oldest due item first:

    1. payer key and the exact amount owed;
    2. payer key alone — a partial payment (the item stays open for the rest) or an
       overpayment (the excess is reported);
    3. the amount alone, when exactly one untouched item and exactly one remaining deposit of
       that amount exist and the deposit's payer is not a known customer's; several items or
       deposits of the same amount are ambiguous and stay unmatched with their candidates.

    Pure and deterministic (rows by date then row number, items by due date then input order);
    O(n log n). Returns one ``Match`` per row, in the order given.
    """
    given = list(rows)
    order = sorted(range(len(given)), key=lambda i: (given[i].booked_on, given[i].row_number))
    balances = [
        _Balance(item, order, item.amount_due)
        for order, item in enumerate(open_items)
        if item.amount_due > 0
    ]
    balances.sort(key=lambda b: (b.item.due_on, b.order))
    by_key: dict[str, _Queue] = defaultdict(_Queue)
    by_key_amount: dict[tuple[str, int], _Queue] = defaultdict(_Queue)
    for balance in balances:
        for key in dict.fromkeys(fold_payer(k) for k in balance.item.payer_keys):
            if key:
                by_key[key].items.append(balance)
                by_key_amount[key, balance.item.amount_due].items.append(balance)
    empty = _Queue()

    result: dict[int, Match] = {}  # by position in ``rows``

    def settle(index: int, balance: _Balance) -> None:
        row = given[index]
        applied = min(row.amount, balance.remaining)
        balance.remaining -= applied
        balance.touched = True
        if row.amount > applied:
            kind = MatchKind.OVER
        elif balance.remaining:
            kind = MatchKind.PARTIAL
        else:
            kind = MatchKind.EXACT
        result[index] = Match(
            row, kind, balance.item.id, applied, row.amount - applied, balance.remaining
        )

    # Pass 1 closes every item it touches, so the first open item of a queue is untouched.
    for index in order:
        row = given[index]
        found = by_key_amount.get((row.payer_key, row.amount), empty).first_open()
        if found:
            settle(index, found)
    for index in order:
        if index not in result:
            found = by_key.get(given[index].payer_key, empty).first_open()
            if found:
                settle(index, found)

    left = [i for i in order if i not in result]
    untouched_by_amount: dict[int, list[_Balance]] = defaultdict(list)
    for balance in balances:
        if not balance.touched:
            untouched_by_amount[balance.remaining].append(balance)
    rows_by_amount: dict[int, int] = defaultdict(int)
    for index in left:
        if given[index].payer_key not in by_key:
            rows_by_amount[given[index].amount] += 1
    for index in left:
        row = given[index]
        same = untouched_by_amount.get(row.amount, [])
        known_payer = row.payer_key in by_key
        if len(same) == 1 and rows_by_amount[row.amount] == 1 and not known_payer:
            balance = same[0]
            balance.remaining, balance.touched = 0, True
            result[index] = Match(row, MatchKind.AMOUNT, balance.item.id, row.amount)
        else:
            ids = () if known_payer else tuple(b.item.id for b in same)
            result[index] = Match(row, MatchKind.UNMATCHED, candidates=ids)
    return [result[index] for index in range(len(given))]


class _Queue:
    """One payer's (or payer and amount's) items, oldest due first. A closed item never opens
    again, so the head only moves forward past closed ones: each lookup is amortised O(1)."""

    def __init__(self) -> None:
        self.items: list[_Balance] = []
        self.head = 0

    def first_open(self) -> _Balance | None:
        while self.head < len(self.items) and self.items[self.head].remaining <= 0:
            self.head += 1
        return self.items[self.head] if self.head < len(self.items) else None
