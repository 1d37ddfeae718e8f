"""The 全銀協 総合振込 file (bulk transfer, 種別コード 21), with no Django import.

What the group uploads to its bank's business banking to pay its members. The layout is the
全銀協制定レコード・フォーマット every Japanese bank accepts: fixed 120-byte records —

* one header record (データ区分 1): who pays, from which account, on which day;
* one data record (2) per payee;
* a trailer record (8) with the count and the total;
* an end record (9).

Numeric fields (N) are right-aligned and zero-filled, character fields (C) left-aligned and
space-filled, in the 全銀 character set (``kana.to_zengin_kana``), one byte per character in
JIS X 0201 — the same bytes as Shift_JIS / cp932 for half-width kana, latin and digits.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from renkei.lib.documents import BankAccount
from renkei.lib.kana import KanaError, to_zengin_kana

RECORD_LENGTH = 120
ENCODING = "cp932"
TYPE_CODE = "21"  # 総合振込
CODE_KIND = "0"  # JIS (the only code our files use)
MAX_AMOUNT = 9_999_999_999  # 振込金額 N(10)
MAX_COUNT = 999_999  # 合計件数 N(6)
MAX_TOTAL = 999_999_999_999  # 合計金額 N(12)
PAYER_ACCOUNT_KINDS = frozenset("129")  # 普通, 当座, その他
PAYEE_ACCOUNT_KINDS = frozenset("1249")  # 普通, 当座, 貯蓄, その他


class ZenginError(ValueError):
    """Input a transfer file cannot carry. ``transfer`` is the 1-based position of the transfer
    in the list given (``None`` for the payer), ``payee`` its payee's name, ``field`` the field."""

    def __init__(
        self, message: str, *, field: str, transfer: int | None = None, payee: str = ""
    ) -> None:
        self.field = field
        self.transfer = transfer
        self.payee = payee
        where = "payer" if transfer is None else f"transfer {transfer} (payee {payee!r})"
        super().__init__(f"{where}: {field}: {message}")


@dataclass(frozen=True)
class Payer:
    """振込依頼人: the account the money leaves."""

    requester_code: str  # 振込依頼人コード (委託者コード), up to 10 digits, given by the bank
    name_kana: str  # 振込依頼人名, as the bank registered it
    bank_code: str  # 仕向銀行番号, 4 digits
    bank_name_kana: str  # 仕向銀行名
    branch_code: str  # 仕向支店番号, 3 digits
    branch_name_kana: str  # 仕向支店名
    account_kind: str  # 預金種目: "1" 普通, "2" 当座, "9" その他
    account_number: str  # up to 7 digits


@dataclass(frozen=True)
class Transfer:
    """One payee and the amount sent to it (a data record)."""

    bank_code: str  # 被仕向銀行番号, 4 digits
    branch_code: str  # 被仕向支店番号, 3 digits
    account_kind: str  # "1" 普通, "2" 当座, "4" 貯蓄, "9" その他
    account_number: str  # up to 7 digits
    payee_kana: str  # 受取人名: the account holder as the bank has it
    amount: int  # whole yen
    bank_name_kana: str = ""  # 被仕向銀行名 (banks look it up by code when blank)
    branch_name_kana: str = ""  # 被仕向支店名
    customer_code: str = ""  # 顧客コード1, up to 10 digits (our reference, e.g. the statement)
    edi: str = ""  # EDI情報 (20 characters) told to the payee; exclusive with customer_code


@dataclass(frozen=True)
class Header:
    payer: Payer
    month_day: str  # 振込指定日 MMDD as written
    type_code: str
    code_kind: str


@dataclass(frozen=True)
class Trailer:
    count: int
    total: int


def payer_from_account(
    requester_code: str,
    account: BankAccount,
    *,
    bank_name_kana: str = "",
    branch_name_kana: str = "",
) -> Payer:
    """The payer from the group's ``BankAccount``. Its bank and branch names are usually kanji,
    which a transfer file cannot carry: give their kana, or they are left blank."""
    return Payer(
        requester_code=requester_code,
        name_kana=account.holder_kana,
        bank_code=account.bank_code,
        bank_name_kana=bank_name_kana,
        branch_code=account.branch_code,
        branch_name_kana=branch_name_kana,
        account_kind=account.kind,
        account_number=account.number,
    )


def transfer_to_account(account: BankAccount, amount: int, *, customer_code: str = "") -> Transfer:
    """A transfer of ``amount`` yen to a member's ``BankAccount`` (bank and branch by code)."""
    return Transfer(
        bank_code=account.bank_code,
        branch_code=account.branch_code,
        account_kind=account.kind,
        account_number=account.number,
        payee_kana=account.holder_kana,
        amount=amount,
        customer_code=customer_code,
    )


class _Record:
    """Builds one record field by field, checking each against its width."""

    def __init__(self, transfer: int | None = None, payee: str = "") -> None:
        self.parts: list[str] = []
        self.transfer = transfer
        self.payee = payee

    def _error(self, field: str, message: str) -> ZenginError:
        return ZenginError(message, field=field, transfer=self.transfer, payee=self.payee)

    def fixed(self, value: str) -> None:
        self.parts.append(value)

    def number(self, field: str, value: str | int, width: int, *, exact: bool = False) -> None:
        """N(width): digits, right-aligned, zero-filled; ``exact`` codes must fill the width."""
        text = str(value).strip()
        if not text.isascii() or not text.isdigit():
            raise self._error(field, f"must be digits, got {text!r}")
        if len(text) > width or (exact and len(text) != width):
            size = f"exactly {width}" if exact else f"at most {width}"
            raise self._error(field, f"must be {size} digits, got {len(text)} ({text!r})")
        self.parts.append(text.rjust(width, "0"))

    def text(self, field: str, value: str, width: int, *, required: bool = False) -> None:
        """C(width): 全銀 characters, left-aligned, space-filled."""
        try:
            converted = to_zengin_kana(value).strip()
        except KanaError as exc:
            raise self._error(field, str(exc)) from exc
        if required and not converted:
            raise self._error(field, "must not be empty")
        if len(converted) > width:
            raise self._error(
                field,
                f"{converted!r} is {len(converted)} characters, at most {width} fit "
                "(voiced marks ﾞ ﾟ count as one each)",
            )
        self.parts.append(converted.ljust(width))

    def blank(self, width: int) -> None:
        self.parts.append(" " * width)

    def encode(self) -> bytes:
        data = "".join(self.parts).encode(ENCODING)
        # Every field is width-checked, so a wrong length is a bug in the layout, not bad input.
        assert len(data) == RECORD_LENGTH, (len(data), self.parts)
        return data


def _kind(record: _Record, field: str, value: str, allowed: frozenset[str]) -> None:
    if value not in allowed:
        raise record._error(field, f"must be one of {', '.join(sorted(allowed))}, got {value!r}")
    record.fixed(value)


def _header(payer: Payer, transfer_on: dt.date) -> bytes:
    record = _Record()
    record.fixed("1")  # データ区分: ヘッダー・レコード
    record.fixed(TYPE_CODE)  # 種別コード
    record.fixed(CODE_KIND)  # コード区分
    record.number("requester_code", payer.requester_code, 10)  # 振込依頼人コード
    record.text("name_kana", payer.name_kana, 40, required=True)  # 振込依頼人名
    record.fixed(transfer_on.strftime("%m%d"))  # 振込指定日 (取組日) MMDD
    record.number("bank_code", payer.bank_code, 4, exact=True)  # 仕向銀行番号
    record.text("bank_name_kana", payer.bank_name_kana, 15)  # 仕向銀行名
    record.number("branch_code", payer.branch_code, 3, exact=True)  # 仕向支店番号
    record.text("branch_name_kana", payer.branch_name_kana, 15)  # 仕向支店名
    _kind(record, "account_kind", payer.account_kind, PAYER_ACCOUNT_KINDS)  # 預金種目
    record.number("account_number", payer.account_number, 7)  # 口座番号
    record.blank(17)  # ダミー
    return record.encode()


def _data(position: int, transfer: Transfer) -> bytes:
    record = _Record(position, transfer.payee_kana)
    amount = transfer.amount
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise record._error("amount", f"must be whole yen, got {amount!r}")
    if not 1 <= amount <= MAX_AMOUNT:
        raise record._error("amount", f"must be between 1 and {MAX_AMOUNT:,} yen, got {amount:,}")
    if transfer.customer_code and transfer.edi:
        raise record._error("edi", "a transfer carries a customer code or EDI text, not both")
    record.fixed("2")  # データ区分: データ・レコード
    record.number("bank_code", transfer.bank_code, 4, exact=True)  # 被仕向銀行番号
    record.text("bank_name_kana", transfer.bank_name_kana, 15)  # 被仕向銀行名
    record.number("branch_code", transfer.branch_code, 3, exact=True)  # 被仕向支店番号
    record.text("branch_name_kana", transfer.branch_name_kana, 15)  # 被仕向支店名
    record.fixed("0000")  # 手形交換所番号: unused, zeros
    _kind(record, "account_kind", transfer.account_kind, PAYEE_ACCOUNT_KINDS)  # 預金種目
    record.number("account_number", transfer.account_number, 7)  # 口座番号
    record.text("payee_kana", transfer.payee_kana, 30, required=True)  # 受取人名
    record.number("amount", amount, 10)  # 振込金額
    record.fixed("0")  # 新規コード: 0 (neither a first transfer nor a change)
    if transfer.edi:
        record.text("edi", transfer.edi, 20)  # EDI情報
    else:
        record.number("customer_code", transfer.customer_code or "0", 10)  # 顧客コード1
        record.fixed("0" * 10)  # 顧客コード2
    record.blank(1)  # 振込指定区分: blank, the bank's default (電信扱)
    record.fixed("Y" if transfer.edi else " ")  # 識別表示: Y when the 20 characters are EDI
    record.blank(7)  # ダミー
    return record.encode()


def _trailer(count: int, total: int) -> bytes:
    record = _Record()
    record.fixed("8")  # データ区分: トレーラ・レコード
    record.number("count", count, 6)  # 合計件数
    record.number("total", total, 12)  # 合計金額
    record.blank(101)  # ダミー
    return record.encode()


def _end() -> bytes:
    record = _Record()
    record.fixed("9")  # データ区分: エンド・レコード
    record.blank(119)  # ダミー
    return record.encode()


def build_transfer_file(
    payer: Payer,
    transfer_on: dt.date,
    transfers: Sequence[Transfer],
    newline: bytes = b"\r\n",
) -> bytes:
    """The 総合振込 file paying ``transfers`` from ``payer``'s account on ``transfer_on``.

    ``newline`` follows every record, the end record too — CRLF by default, which is what the
    banks' own downloads carry and what their uploads accept; ``b""`` gives the unbroken
    120-byte stream some banks ask for instead. Raises ``ZenginError`` naming the transfer,
    its payee and the field for bad input; nothing is written then.
    """
    if newline not in (b"\r\n", b"\n", b""):
        raise ValueError(f"newline must be CRLF, LF or empty, got {newline!r}")
    if not transfers:
        raise ZenginError("a transfer file needs at least one transfer", field="transfers")
    if len(transfers) > MAX_COUNT:
        raise ZenginError(
            f"{len(transfers):,} transfers, at most {MAX_COUNT:,} fit in one file",
            field="transfers",
        )
    records = [_header(payer, transfer_on)]
    records += [_data(position, t) for position, t in enumerate(transfers, start=1)]
    total = sum(t.amount for t in transfers)
    if total > MAX_TOTAL:
        raise ZenginError(f"the total {total:,} yen exceeds {MAX_TOTAL:,}", field="total")
    records += [_trailer(len(transfers), total), _end()]
    return b"".join(record + newline for record in records)


# ---------------------------------------------------------------------------------------------
# Reading a file back: for tests and for checking a file before it goes to the bank.


def _split_records(data: bytes) -> list[bytes]:
    data = data.rstrip(b"\x1a")  # an MS-DOS end-of-file mark some tools append
    if b"\n" in data:
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        return [line.removesuffix(b"\r") for line in lines]
    if len(data) % RECORD_LENGTH:
        raise ZenginError(
            f"{len(data)} bytes without line breaks is not a whole number of "
            f"{RECORD_LENGTH}-byte records",
            field="file",
        )
    return [data[i : i + RECORD_LENGTH] for i in range(0, len(data), RECORD_LENGTH)]


class _Reader:
    def __init__(self, record: bytes, number: int) -> None:
        self.text = record.decode(ENCODING)
        self.number = number
        self.at = 0

    def take(self, width: int) -> str:
        value = self.text[self.at : self.at + width]
        self.at += width
        return value

    def name(self, width: int) -> str:
        return self.take(width).rstrip(" ")

    def amount(self, width: int, field: str) -> int:
        value = self.take(width)
        if not value.isdigit():
            raise ZenginError(f"record {self.number}: not digits: {value!r}", field=field)
        return int(value)


def parse_transfer_file(data: bytes) -> tuple[Header, list[Transfer], Trailer]:
    """Read a 総合振込 file: its header, its transfers and its trailer, checking that every
    record is 120 bytes, the records come in order and the trailer's count and total are right.
    """
    records = _split_records(data)
    for number, record in enumerate(records, start=1):
        if len(record) != RECORD_LENGTH:
            raise ZenginError(
                f"record {number} is {len(record)} bytes, not {RECORD_LENGTH}", field="file"
            )
    kinds = "".join(record[:1].decode("ascii", "replace") for record in records)
    if len(kinds) < 4 or kinds[0] != "1" or kinds[-2:] != "89" or set(kinds[1:-2]) != {"2"}:
        raise ZenginError(
            f"records must be 1, 2…, 8, 9 (header, data, trailer, end); got {kinds!r}",
            field="file",
        )
    head = _Reader(records[0], 1)
    head.take(1)
    type_code, code_kind = head.take(2), head.take(1)
    requester_code, name = head.take(10), head.name(40)
    month_day = head.take(4)
    bank_code, bank_name = head.take(4), head.name(15)
    branch_code, branch_name = head.take(3), head.name(15)
    kind, account_number = head.take(1), head.take(7)
    header = Header(
        payer=Payer(
            requester_code,
            name,
            bank_code,
            bank_name,
            branch_code,
            branch_name,
            kind,
            account_number,
        ),
        month_day=month_day,
        type_code=type_code,
        code_kind=code_kind,
    )
    transfers = [_parse_data(_Reader(record, n)) for n, record in enumerate(records[1:-2], 2)]
    tail = _Reader(records[-2], len(records) - 1)
    tail.take(1)
    trailer = Trailer(count=tail.amount(6, "count"), total=tail.amount(12, "total"))
    if trailer.count != len(transfers):
        raise ZenginError(
            f"trailer counts {trailer.count}, the file has {len(transfers)}", field="count"
        )
    if trailer.total != sum(t.amount for t in transfers):
        raise ZenginError(
            f"trailer totals {trailer.total:,}, the transfers add up to "
            f"{sum(t.amount for t in transfers):,}",
            field="total",
        )
    return header, transfers, trailer


def _parse_data(record: _Reader) -> Transfer:
    record.take(1)
    bank_code, bank_name = record.take(4), record.name(15)
    branch_code, branch_name = record.take(3), record.name(15)
    record.take(4)  # 手形交換所番号
    kind, number = record.take(1), record.take(7)
    payee = record.name(30)
    amount = record.amount(10, "amount")
    record.take(1)  # 新規コード
    codes = record.take(20)
    record.take(1)  # 振込指定区分
    edi = record.take(1) == "Y"
    customer_code = "" if edi else codes[:10].lstrip("0")
    return Transfer(
        bank_code=bank_code,
        branch_code=branch_code,
        account_kind=kind,
        account_number=number,
        payee_kana=payee,
        amount=amount,
        bank_name_kana=bank_name,
        branch_name_kana=branch_name,
        customer_code=customer_code,
        edi=codes.rstrip(" ") if edi else "",
    )
