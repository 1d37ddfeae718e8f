"""Journal entries (仕訳) for the group's books, with no Django import, and two CSV layouts.

Entries: sales to customers (and credit notes), the group's fee revenue, what the group owes its
members for their work (共同受注), payments received and payouts to members. Amounts are whole
yen, never negative (a credit note swaps the sides), and every entry balances: its debits add
up to its credits (``JournalEntry`` refuses anything else).

Consumption tax, two ways (``TaxMethod``):
- ``INCLUSIVE`` (default; what Japanese accounting packages import): each taxed row carries its
  amount including tax and, in the tax column, the tax inside it — per rate and per document,
  as rounded once on the invoice (``renkei.lib.money.tax_by_rate``). The package splits it out.
- ``EXCLUSIVE``: the tax gets rows of its own on 仮受消費税等 / 仮払消費税等, the sales or cost
  rows carry the amount before tax.

Generic CSV (``generic_csv``): UTF-8 with a byte-order mark (so spreadsheet programs read the
Japanese), CRLF line ends, one header row, one row per journal row:

==================  ===========================================================================
entry_no            the entry's number; rows of one entry (複合仕訳) share it
date                transaction date, YYYY-MM-DD
debit_account       借方勘定科目 (empty when the row has no debit side)
debit_amount        integer yen, 0 when empty
debit_tax_class     a ``TaxClass`` code: none, sales_10, sales_8, sales_return_10, …
debit_tax           the consumption tax included in debit_amount (INCLUSIVE) or 0
credit_account      貸方勘定科目
credit_amount       integer yen
credit_tax_class    as debit_tax_class
credit_tax          as debit_tax
memo                摘要
counterparty        the customer's or member's name
==================  ===========================================================================

弥生会計 (``yayoi_csv``): the 弥生インポート形式 of 仕訳日記帳 (弥生会計 05 and later) — Shift_JIS
(cp932), no header row, 25 columns per row in this order:
識別フラグ, 伝票No., 決算, 取引日付, 借方勘定科目, 借方補助科目, 借方部門, 借方税区分, 借方金額,
借方税金額, 貸方勘定科目, 貸方補助科目, 貸方部門, 貸方税区分, 貸方金額, 貸方税金額, 摘要, 番号,
期日, タイプ, 生成元, 仕訳メモ, 付箋1, 付箋2, 調整.
We fill: 識別フラグ (2000 for a one-row entry; 2110 / 2100 / 2101 for the first, middle
and last rows of a compound one), 伝票No. (the entry number), 取引日付 (YYYY/MM/DD),
both 勘定科目, 税区分, 金額 and 税金額, 摘要 (memo and counterparty, cut to 64 half-width
places), タイプ 0, 付箋 0, 調整 "no". 補助科目, 部門, 決算, 番号, 期日, 生成元 and
仕訳メモ stay empty. 弥生's 税区分 names depend on the version and the invoice settings;
``YAYOI_TAX_CLASSES`` holds the usual ones and a caller can pass its own.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from renkei.lib.documents import RateTotal


class TaxClass(StrEnum):
    NONE = "none"  # 対象外 (receivables, payables, bank)
    SALES_10 = "sales_10"  # 課税売上 10%
    SALES_8 = "sales_8"  # 課税売上 軽減 8%
    SALES_RETURN_10 = "sales_return_10"  # 売上返還 (credit note) 10%
    SALES_RETURN_8 = "sales_return_8"
    PURCHASE_10 = "purchase_10"  # 課税仕入 10%, from a qualified invoice or 仕入明細書
    PURCHASE_8 = "purchase_8"
    PURCHASE_RETURN_10 = "purchase_return_10"
    PURCHASE_RETURN_8 = "purchase_return_8"
    UNTAXED = "untaxed"  # 0 %: 不課税 / 非課税 lines


class TaxMethod(StrEnum):
    INCLUSIVE = "inclusive"
    EXCLUSIVE = "exclusive"


YAYOI_TAX_CLASSES: Mapping[TaxClass, str] = {
    TaxClass.NONE: "対象外",
    TaxClass.SALES_10: "課税売上込10%",
    TaxClass.SALES_8: "課税売上込軽減8%",
    TaxClass.SALES_RETURN_10: "課税売返込10%",
    TaxClass.SALES_RETURN_8: "課税売返込軽減8%",
    TaxClass.PURCHASE_10: "課対仕入込10%適格",
    TaxClass.PURCHASE_8: "課対仕入込軽減8%適格",
    TaxClass.PURCHASE_RETURN_10: "課対仕返込10%適格",
    TaxClass.PURCHASE_RETURN_8: "課対仕返込軽減8%適格",
    TaxClass.UNTAXED: "対象外",
}


@dataclass(frozen=True)
class Accounts:
    """Account names (勘定科目) as the group's chart of accounts has them."""

    receivable: str = "売掛金"
    sales: str = "売上高"
    fee_revenue: str = "受取手数料"
    member_work: str = "外注加工費"  # what the group buys from members under 共同受注
    payable: str = "買掛金"
    bank: str = "普通預金"
    bank_fee: str = "支払手数料"
    tax_received: str = "仮受消費税等"
    tax_paid: str = "仮払消費税等"


DEFAULT_ACCOUNTS = Accounts()


@dataclass(frozen=True)
class JournalRow:
    """One row of an entry: a debit side, a credit side, or both."""

    debit_account: str = ""
    debit_amount: int = 0
    credit_account: str = ""
    credit_amount: int = 0
    debit_tax_class: TaxClass = TaxClass.NONE
    credit_tax_class: TaxClass = TaxClass.NONE
    debit_tax: int = 0
    credit_tax: int = 0
    memo: str = ""
    counterparty: str = ""


class UnbalancedEntry(ValueError):
    """An entry whose debits and credits differ, or with a negative amount."""


@dataclass(frozen=True)
class JournalEntry:
    number: int
    date: dt.date
    rows: tuple[JournalRow, ...]

    def __post_init__(self) -> None:
        if not self.rows:
            raise UnbalancedEntry("an entry has at least one row")
        for row in self.rows:
            amounts = (row.debit_amount, row.credit_amount, row.debit_tax, row.credit_tax)
            if min(amounts) < 0:
                raise UnbalancedEntry("journal amounts are never negative")
            if row.debit_amount and not row.debit_account:
                raise UnbalancedEntry("a debit amount needs an account")
            if row.credit_amount and not row.credit_account:
                raise UnbalancedEntry("a credit amount needs an account")
        if self.debit_total != self.credit_total:
            raise UnbalancedEntry(
                f"entry {self.number}: debits {self.debit_total} ≠ credits {self.credit_total}"
            )

    @property
    def debit_total(self) -> int:
        return sum(r.debit_amount for r in self.rows)

    @property
    def credit_total(self) -> int:
        return sum(r.credit_amount for r in self.rows)


# --- builders ---------------------------------------------------------------------------------

_SALES = {10: TaxClass.SALES_10, 8: TaxClass.SALES_8}
_SALES_RETURN = {10: TaxClass.SALES_RETURN_10, 8: TaxClass.SALES_RETURN_8}
_PURCHASE = {10: TaxClass.PURCHASE_10, 8: TaxClass.PURCHASE_8}
_PURCHASE_RETURN = {10: TaxClass.PURCHASE_RETURN_10, 8: TaxClass.PURCHASE_RETURN_8}


def _taxed_entry(
    number: int,
    on: dt.date,
    totals: Sequence[RateTotal],
    *,
    balance_account: str,  # receivable or payable: the side that carries the total
    income_side: bool,  # True: the taxed account is credited (sales, fee); False: debited (cost)
    taxed_account: str,
    classes: Mapping[int, TaxClass],
    return_classes: Mapping[int, TaxClass],
    tax_account: str,
    method: TaxMethod,
    memo: str,
    counterparty: str,
) -> JournalEntry:
    """An invoice-like entry: per rate, the balance account against the taxed account. Negative
    totals (a credit note, a returned statement) are booked with the sides swapped."""
    rows: list[JournalRow] = []
    for t in totals:
        if t.taxable == 0 and t.tax == 0:
            continue
        negative = t.taxable + t.tax < 0
        credit_taxed = income_side != negative
        cls = (return_classes if negative else classes).get(t.rate, TaxClass.UNTAXED)
        taxable, tax = abs(t.taxable), abs(t.tax)
        gross = taxable + tax
        taxed_amount = gross if method == TaxMethod.INCLUSIVE else taxable
        taxed_tax = tax if method == TaxMethod.INCLUSIVE else 0
        if credit_taxed:
            rows.append(
                JournalRow(
                    debit_account=balance_account,
                    debit_amount=gross,
                    credit_account=taxed_account,
                    credit_amount=taxed_amount,
                    credit_tax_class=cls,
                    credit_tax=taxed_tax,
                    memo=memo,
                    counterparty=counterparty,
                )
            )
        else:
            rows.append(
                JournalRow(
                    debit_account=taxed_account,
                    debit_amount=taxed_amount,
                    debit_tax_class=cls,
                    debit_tax=taxed_tax,
                    credit_account=balance_account,
                    credit_amount=gross,
                    memo=memo,
                    counterparty=counterparty,
                )
            )
        if method == TaxMethod.EXCLUSIVE and tax:
            tax_row = (
                JournalRow(credit_account=tax_account, credit_amount=tax, credit_tax_class=cls)
                if credit_taxed
                else JournalRow(debit_account=tax_account, debit_amount=tax, debit_tax_class=cls)
            )
            rows.append(replace(tax_row, memo=f"{memo} 消費税", counterparty=counterparty))
    if not rows:
        raise UnbalancedEntry("nothing to book")
    return JournalEntry(number=number, date=on, rows=tuple(rows))


def sales_entry(
    number: int,
    on: dt.date,
    totals: Sequence[RateTotal],
    *,
    customer: str,
    memo: str,
    accounts: Accounts = DEFAULT_ACCOUNTS,
    method: TaxMethod = TaxMethod.INCLUSIVE,
) -> JournalEntry:
    """An invoice to a customer (売掛金 / 売上高), or a credit note when the totals are negative."""
    return _taxed_entry(
        number,
        on,
        totals,
        balance_account=accounts.receivable,
        income_side=True,
        taxed_account=accounts.sales,
        classes=_SALES,
        return_classes=_SALES_RETURN,
        tax_account=accounts.tax_received,
        method=method,
        memo=memo,
        counterparty=customer,
    )


def fee_revenue_entry(
    number: int,
    on: dt.date,
    totals: Sequence[RateTotal],
    *,
    member: str,
    memo: str,
    netted: bool = False,
    accounts: Accounts = DEFAULT_ACCOUNTS,
    method: TaxMethod = TaxMethod.INCLUSIVE,
) -> JournalEntry:
    """The group's fee invoiced to a member (売掛金 / 受取手数料); ``netted`` when the fee is taken
    off what the group owes the member in its statement (買掛金 / 受取手数料)."""
    return _taxed_entry(
        number,
        on,
        totals,
        balance_account=accounts.payable if netted else accounts.receivable,
        income_side=True,
        taxed_account=accounts.fee_revenue,
        classes=_SALES,
        return_classes=_SALES_RETURN,
        tax_account=accounts.tax_received,
        method=method,
        memo=memo,
        counterparty=member,
    )


def member_payable_entry(
    number: int,
    on: dt.date,
    totals: Sequence[RateTotal],
    *,
    member: str,
    memo: str,
    accounts: Accounts = DEFAULT_ACCOUNTS,
    method: TaxMethod = TaxMethod.INCLUSIVE,
) -> JournalEntry:
    """A member's confirmed 仕入明細書: the group owes it for its work (外注加工費 / 買掛金)."""
    return _taxed_entry(
        number,
        on,
        totals,
        balance_account=accounts.payable,
        income_side=False,
        taxed_account=accounts.member_work,
        classes=_PURCHASE,
        return_classes=_PURCHASE_RETURN,
        tax_account=accounts.tax_paid,
        method=method,
        memo=memo,
        counterparty=member,
    )


def payment_received_entry(
    number: int,
    on: dt.date,
    amount: int,
    *,
    customer: str,
    memo: str,
    bank_fee: int = 0,
    accounts: Accounts = DEFAULT_ACCOUNTS,
) -> JournalEntry:
    """Money in from a customer (普通預金 / 売掛金). ``bank_fee``: the transfer fee the customer
    deducted, booked as the group's cost (支払手数料, 10 % tax inside) when it was agreed."""
    if amount <= 0 or bank_fee < 0 or bank_fee >= amount:
        raise UnbalancedEntry("a payment is more than 0 yen, and more than its bank fee")
    rows = [
        JournalRow(
            debit_account=accounts.bank,
            debit_amount=amount - bank_fee,
            credit_account=accounts.receivable,
            credit_amount=amount,
            memo=memo,
            counterparty=customer,
        )
    ]
    if bank_fee:
        rows.append(
            JournalRow(
                debit_account=accounts.bank_fee,
                debit_amount=bank_fee,
                debit_tax_class=TaxClass.PURCHASE_10,
                debit_tax=bank_fee * 10 // 110,
                memo=f"{memo} 振込手数料",
                counterparty=customer,
            )
        )
    return JournalEntry(number=number, date=on, rows=tuple(rows))


def payout_entry(
    number: int,
    on: dt.date,
    amount: int,
    *,
    member: str,
    memo: str,
    accounts: Accounts = DEFAULT_ACCOUNTS,
) -> JournalEntry:
    """A payout to a member (買掛金 / 普通預金)."""
    if amount <= 0:
        raise UnbalancedEntry("a payout is more than 0 yen")
    row = JournalRow(
        debit_account=accounts.payable,
        debit_amount=amount,
        credit_account=accounts.bank,
        credit_amount=amount,
        memo=memo,
        counterparty=member,
    )
    return JournalEntry(number=number, date=on, rows=(row,))


# --- writers ----------------------------------------------------------------------------------

GENERIC_COLUMNS = (
    "entry_no",
    "date",
    "debit_account",
    "debit_amount",
    "debit_tax_class",
    "debit_tax",
    "credit_account",
    "credit_amount",
    "credit_tax_class",
    "credit_tax",
    "memo",
    "counterparty",
)


def generic_csv(entries: Iterable[JournalEntry]) -> bytes:
    """The documented generic layout (module doc): UTF-8 with BOM, header row, CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(GENERIC_COLUMNS)
    for entry in entries:
        for r in entry.rows:
            writer.writerow(
                (
                    entry.number,
                    entry.date.isoformat(),
                    r.debit_account,
                    r.debit_amount,
                    r.debit_tax_class.value if r.debit_account else "",
                    r.debit_tax,
                    r.credit_account,
                    r.credit_amount,
                    r.credit_tax_class.value if r.credit_account else "",
                    r.credit_tax,
                    r.memo,
                    r.counterparty,
                )
            )
    return out.getvalue().encode("utf-8-sig")


YAYOI_MEMO_LIMIT = 64  # 摘要: half-width places that 弥生 keeps (a full-width character is 2)


def _cp932_cut(text: str, places: int) -> str:
    """``text`` cut to what fits in ``places`` Shift_JIS bytes, never mid-character; characters
    cp932 has no code for become 〓 (the geta mark) rather than failing the whole export."""
    out: list[str] = []
    used = 0
    for ch in text:
        try:
            size = len(ch.encode("cp932"))
        except UnicodeEncodeError:
            ch, size = "〓", 2
        if used + size > places:
            break
        out.append(ch)
        used += size
    return "".join(out)


def _yayoi_flag(index: int, count: int) -> str:
    if count == 1:
        return "2000"
    if index == 0:
        return "2110"
    return "2101" if index == count - 1 else "2100"


def yayoi_csv(
    entries: Iterable[JournalEntry], tax_classes: Mapping[TaxClass, str] = YAYOI_TAX_CLASSES
) -> bytes:
    """The 弥生インポート形式 (module doc): cp932, no header, 25 columns, CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for entry in entries:
        count = len(entry.rows)
        for index, r in enumerate(entry.rows):
            memo = " ".join(part for part in (r.memo, r.counterparty) if part)
            writer.writerow(
                (
                    _yayoi_flag(index, count),
                    entry.number,
                    "",  # 決算
                    entry.date.strftime("%Y/%m/%d"),
                    _cp932_cut(r.debit_account, 24),
                    "",  # 借方補助科目
                    "",  # 借方部門
                    tax_classes[r.debit_tax_class] if r.debit_account else "",
                    r.debit_amount,
                    r.debit_tax if r.debit_account else "",
                    _cp932_cut(r.credit_account, 24),
                    "",  # 貸方補助科目
                    "",  # 貸方部門
                    tax_classes[r.credit_tax_class] if r.credit_account else "",
                    r.credit_amount,
                    r.credit_tax if r.credit_account else "",
                    _cp932_cut(memo, YAYOI_MEMO_LIMIT),
                    "",  # 番号
                    "",  # 期日
                    "0",  # タイプ: 仕訳データ
                    "",  # 生成元
                    "",  # 仕訳メモ
                    "0",  # 付箋1
                    "0",  # 付箋2
                    "no",  # 調整
                )
            )
    return out.getvalue().encode("cp932", errors="replace")
