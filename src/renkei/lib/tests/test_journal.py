"""Journal entries balance, and both CSV layouts decode to what their readers expect."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from renkei.lib.documents import Line, RateTotal
from renkei.lib.journal import (
    GENERIC_COLUMNS,
    Accounts,
    JournalEntry,
    JournalRow,
    TaxClass,
    TaxMethod,
    UnbalancedEntry,
    fee_revenue_entry,
    generic_csv,
    member_payable_entry,
    payment_received_entry,
    payout_entry,
    sales_entry,
    yayoi_csv,
)
from renkei.lib.money import tax_by_rate

ON = dt.date(2026, 11, 30)
TOTALS = (RateTotal(rate=10, taxable=315, tax=31), RateTotal(rate=8, taxable=1_000, tax=80))


def test_sales_entry_books_each_rate_including_its_tax() -> None:
    entry = sales_entry(1, ON, TOTALS, customer="株式会社テスト", memo="請求書 INV-2026-0001")
    assert entry.debit_total == entry.credit_total == 315 + 31 + 1_000 + 80
    first, second = entry.rows
    assert (first.debit_account, first.debit_amount) == ("売掛金", 346)
    assert (first.credit_account, first.credit_amount) == ("売上高", 346)
    assert (first.credit_tax_class, first.credit_tax) == (TaxClass.SALES_10, 31)
    assert (second.credit_tax_class, second.credit_tax) == (TaxClass.SALES_8, 80)


def test_exclusive_method_books_the_tax_on_its_own_account() -> None:
    entry = sales_entry(2, ON, TOTALS, customer="顧客", memo="m", method=TaxMethod.EXCLUSIVE)
    assert entry.debit_total == entry.credit_total == 1_426
    tax_rows = [r for r in entry.rows if r.credit_account == "仮受消費税等"]
    assert [r.credit_amount for r in tax_rows] == [31, 80]
    assert [r.credit_amount for r in entry.rows if r.credit_account == "売上高"] == [315, 1_000]


def test_a_credit_note_swaps_the_sides_and_stays_positive() -> None:
    credit = tax_by_rate(
        [Line(description="返品", quantity=1, unit_price=Decimal(-10_000), amount=-10_000)]
    )
    entry = sales_entry(3, ON, credit, customer="顧客", memo="返還 CN-1")
    (row,) = entry.rows
    assert (row.debit_account, row.debit_amount, row.debit_tax) == ("売上高", 11_000, 1_000)
    assert row.debit_tax_class == TaxClass.SALES_RETURN_10
    assert (row.credit_account, row.credit_amount) == ("売掛金", 11_000)


def test_member_payable_and_netted_fee() -> None:
    work = member_payable_entry(4, ON, (RateTotal(10, 100_000, 10_000),), member="青木", memo="")
    (row,) = work.rows
    assert (row.debit_account, row.debit_tax_class, row.credit_account) == (
        "外注加工費",
        TaxClass.PURCHASE_10,
        "買掛金",
    )
    netted = fee_revenue_entry(
        5, ON, (RateTotal(10, 5_000, 500),), member="青木", memo="", netted=True
    )
    assert (netted.rows[0].debit_account, netted.rows[0].credit_account) == ("買掛金", "受取手数料")
    billed = fee_revenue_entry(6, ON, (RateTotal(10, 5_000, 500),), member="青木", memo="")
    assert billed.rows[0].debit_account == "売掛金"


def test_payment_with_a_deducted_bank_fee_is_a_balanced_compound_entry() -> None:
    entry = payment_received_entry(7, ON, 110_000, customer="顧客", memo="入金", bank_fee=660)
    assert entry.debit_total == entry.credit_total == 110_000
    assert [r.debit_amount for r in entry.rows] == [109_340, 660]
    assert entry.rows[1].debit_tax == 60


def test_payout_to_a_member() -> None:
    entry = payout_entry(8, ON, 99_000, member="青木", memo="総合振込")
    assert (entry.rows[0].debit_account, entry.rows[0].credit_account) == ("買掛金", "普通預金")


def test_the_group_may_name_its_own_accounts() -> None:
    accounts = Accounts(sales="売上", member_work="仕入高")
    assert (
        sales_entry(9, ON, TOTALS, customer="", memo="", accounts=accounts).rows[0].credit_account
        == "売上"
    )


def test_unbalanced_or_negative_entries_are_refused() -> None:
    with pytest.raises(UnbalancedEntry):
        JournalEntry(1, ON, (JournalRow("売掛金", 100, "売上高", 99),))
    with pytest.raises(UnbalancedEntry):
        JournalEntry(1, ON, (JournalRow("売掛金", -100, "売上高", -100),))
    with pytest.raises(UnbalancedEntry):
        JournalEntry(1, ON, ())
    with pytest.raises(UnbalancedEntry):
        JournalEntry(1, ON, (JournalRow("", 100, "売上高", 100),))
    with pytest.raises(UnbalancedEntry):
        payment_received_entry(1, ON, 0, customer="", memo="")
    with pytest.raises(UnbalancedEntry):
        payout_entry(1, ON, -5, member="", memo="")
    with pytest.raises(UnbalancedEntry):
        sales_entry(1, ON, (RateTotal(10, 0, 0),), customer="", memo="")


def test_every_builder_balances() -> None:
    totals = (RateTotal(10, 123_457, 12_345), RateTotal(8, 9_999, 799), RateTotal(0, 500, 0))
    for method in TaxMethod:
        for entry in (
            sales_entry(1, ON, totals, customer="c", memo="m", method=method),
            fee_revenue_entry(1, ON, totals, member="c", memo="m", method=method),
            member_payable_entry(1, ON, totals, member="c", memo="m", method=method),
        ):
            assert entry.debit_total == entry.credit_total


def test_generic_csv_is_utf8_with_bom_and_a_header() -> None:
    entries = [
        sales_entry(1, ON, TOTALS, customer="株式会社テスト", memo="請求書 INV-1"),
        payout_entry(2, ON, 99_000, member="青木製作所", memo="振込"),
    ]
    data = generic_csv(entries)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == GENERIC_COLUMNS
    assert rows[1] == [
        "1",
        "2026-11-30",
        "売掛金",
        "346",
        "none",
        "0",
        "売上高",
        "346",
        "sales_10",
        "31",
        "請求書 INV-1",
        "株式会社テスト",
    ]
    assert rows[3][0] == "2" and rows[3][2] == "買掛金"
    assert b"\r\n" in data


def test_yayoi_csv_is_shift_jis_with_25_columns_and_no_header() -> None:
    entries = [
        sales_entry(1, ON, TOTALS, customer="株式会社テスト", memo="請求書 INV-1"),
        payout_entry(2, ON, 99_000, member="青木製作所", memo="振込"),
    ]
    data = yayoi_csv(entries)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(data.decode("cp932"), newline="")))
    assert len(rows) == 3
    assert all(len(r) == 25 for r in rows)
    first, middle_or_last, single = rows
    assert first[:5] == ["2110", "1", "", "2026/11/30", "売掛金"]
    assert first[7:10] == ["対象外", "346", "0"]
    assert first[10] == "売上高"
    assert first[13:16] == ["課税売上込10%", "346", "31"]
    assert first[16] == "請求書 INV-1 株式会社テスト"
    assert first[19:] == ["0", "", "", "0", "0", "no"]
    assert middle_or_last[0] == "2101"
    assert middle_or_last[13] == "課税売上込軽減8%"
    assert single[0] == "2000"
    assert single[4] == "買掛金" and single[10] == "普通預金"


def test_yayoi_three_row_entry_flags_first_middle_last() -> None:
    totals = (RateTotal(10, 1_000, 100), RateTotal(8, 1_000, 80), RateTotal(0, 1_000, 0))
    rows = list(
        csv.reader(
            io.StringIO(
                yayoi_csv([sales_entry(1, ON, totals, customer="", memo="")]).decode("cp932")
            )
        )
    )
    assert [r[0] for r in rows] == ["2110", "2100", "2101"]


def test_yayoi_empty_side_of_a_compound_row_is_zero() -> None:
    entry = sales_entry(1, ON, TOTALS[:1], customer="c", memo="m", method=TaxMethod.EXCLUSIVE)
    rows = list(csv.reader(io.StringIO(yayoi_csv([entry]).decode("cp932"))))
    tax_row = rows[1]
    assert tax_row[4] == "" and tax_row[8] == "0"  # no debit account: amount 0
    assert tax_row[10] == "仮受消費税等" and tax_row[14] == "31"


def test_yayoi_memo_is_cut_to_64_places_and_unencodable_text_survives() -> None:
    entry = payout_entry(1, ON, 1, member="髙橋製作所🙂", memo="あ" * 40)
    row = next(csv.reader(io.StringIO(yayoi_csv([entry]).decode("cp932"))))
    assert row[16] == "あ" * 32
    short = payout_entry(1, ON, 1, member="🙂髙", memo="")
    row = next(csv.reader(io.StringIO(yayoi_csv([short]).decode("cp932"))))
    assert row[16] == "〓髙"  # 髙 is in cp932; the emoji is not
