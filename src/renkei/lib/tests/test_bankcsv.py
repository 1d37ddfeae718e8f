"""Bank statement CSVs and payment matching: plain Python, no Django."""

import datetime as dt
from pathlib import Path

import pytest

from renkei.lib.bankcsv import (
    ANSER,
    GENERIC,
    MAX_ROWS,
    MatchKind,
    OpenItem,
    StatementError,
    StatementRow,
    match_payments,
    parse_statement,
)
from renkei.lib.kana import fold_payer

DATA = Path(__file__).parent / "data"
D = dt.date


def test_anser_export_reads_deposits_and_skips_withdrawals():
    raw = (DATA / "anser_statement.csv").read_bytes()
    raw.decode("cp932")  # the sample is the banks' Shift_JIS
    statement = parse_statement(raw, "meisai.csv")
    assert (statement.format, statement.encoding) == (ANSER, "cp932")
    assert statement.withdrawals_skipped == 1
    assert [(r.row_number, r.booked_on, r.amount, r.reference) for r in statement.rows] == [
        (2, D(2026, 4, 1), 110_000, "00001"),
        (4, D(2026, 4, 3), 55_000, "00003"),
        (5, D(2026, 4, 6), 20_000, "00004"),
    ]
    assert [r.paid_on for r in statement.rows][-1] == D(2026, 4, 3)  # (起算日)
    assert statement.rows[0].value_on is None
    first = statement.rows[0]
    assert first.payer_raw == "ｶ)ｱｵｷｾｲｻｸｼﾖ"
    assert first.payer_key == fold_payer("アオキセイサクショ")
    assert statement.total == 185_000


def test_generic_csv_with_japanese_headers_and_mixed_notations():
    statement = parse_statement((DATA / "generic_statement.csv").read_bytes())
    assert (statement.format, statement.encoding) == (GENERIC, "utf-8-sig")
    assert [(r.booked_on, r.amount, r.payer_key, r.reference) for r in statement.rows] == [
        (D(2026, 4, 1), 110_000, "アオキセイサクシヨ", "A-001"),
        (D(2026, 4, 2), 55_000, "サクラコウギヨウ", "A-002"),  # full-width digits
        (D(2026, 4, 3), 1_000, "ヤマダタロウ", "A-003"),  # 令和8年
    ]


def test_generic_csv_with_english_headers_in_cp932():
    text = "Date,Amount,Payer\r\n2026-04-01,1200,ｶ)ｱｵｷ\r\nR8.4.2,300,ﾔﾏﾀﾞ\r\n"
    statement = parse_statement(text.encode("cp932"))
    assert statement.format == GENERIC and statement.encoding == "cp932"
    assert [r.booked_on for r in statement.rows] == [D(2026, 4, 1), D(2026, 4, 2)]


def test_internet_bank_shape_with_both_columns_reads_as_generic():
    text = (
        '"日付","内容","出金金額(円)","入金金額(円)","残高(円)","メモ"\n'
        '"2026/04/01","振込 ｶ)ｱｵｷ","","5,000","105,000",""\n'
        '"2026/04/02","ATM","2,000","","103,000",""\n'
    )
    statement = parse_statement(text.encode("utf-8"))
    assert [(r.amount, r.payer_key) for r in statement.rows] == [(5_000, "アオキ")]
    assert statement.withdrawals_skipped == 1


def test_a_title_line_above_the_header_is_passed_over():
    text = "入出金明細 2026年4月\n\n日付,金額,摘要\n2026/04/01,100,ｱｵｷ\n"
    (row,) = parse_statement(text.encode("utf-8")).rows
    assert row.row_number == 4


def _error(data: bytes, max_rows: int = MAX_ROWS) -> StatementError:
    with pytest.raises(StatementError) as caught:
        parse_statement(data, max_rows=max_rows)
    assert isinstance(caught.value, ValueError)
    return caught.value


def test_broken_shift_jis_names_the_row():
    good = "日付,金額,振込依頼人\r\n2026/04/01,100,ｱｵｷ\r\n".encode("cp932")
    error = _error(good + b"2026/04/02,200,\x82\xff\r\n")
    assert error.row == 3 and error.column is None
    assert "UTF-8 or Shift_JIS" in str(error)


def test_broken_utf8_names_the_row():
    good = "日付,金額,振込依頼人\n2026/04/01,100,アオキ\n".encode()
    error = _error(good + "2026/04/02,200,サクラ".encode()[:-1] + b"\n")
    assert error.row == 3


def test_a_withdrawal_with_a_bad_date_is_refused_too():
    raw = (
        (DATA / "anser_statement.csv").read_bytes().replace("2026年04月02日".encode("cp932"), b"??")
    )
    assert (_error(raw).row, _error(raw).column) == (3, "勘定日")


def test_unknown_columns_are_named_below_a_title_line():
    error = _error("明細\nDatum,Betrag,Name\n".encode())
    assert error.row == 2 and "found Datum, Betrag, Name" in error.message
    assert _error("\nPayer\nｱｵｷ\n".encode()).row == 2


def test_unknown_columns_name_what_was_found_and_expected():
    error = _error(b"Datum,Betrag,Name\n2026/04/01,1,x\n")
    assert error.row == 1
    assert "found Datum, Betrag, Name" in error.message
    assert "日付" in error.message and "amount" in error.message


@pytest.mark.parametrize(
    ("cell", "words"),
    [("2026/02/30", "not a date"), ("4月1日", "not a date"), ("平成32年1月1日", "not a date")],
)
def test_bad_dates_name_row_and_column(cell, words):
    error = _error(f"取引日,入金額,振込依頼人\n2026/04/01,1,a\n{cell},1,b\n".encode())
    assert (error.row, error.column) == (3, "取引日")
    assert words in error.message


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("0", "more than 0 yen"),
        ("-1,000", "negative"),
        ("12.50", "whole yen"),
        ("abc", "whole yen"),
        ("", "no amount"),
    ],
)
def test_bad_amounts_name_row_and_column(cell, words):
    error = _error(f'date,amount,payer\n2026/04/01,"{cell}",ｱｵｷ\n'.encode())
    assert (error.row, error.column) == (2, "amount")
    assert words in error.message


def test_a_zero_deposit_in_the_bank_export_is_refused():
    raw = (DATA / "anser_statement.csv").read_bytes().replace(b'"55,000"', b'"0"')
    error = _error(raw)
    assert (error.row, error.column) == (4, "入金金額(円)")


def test_a_short_row_is_refused():
    error = _error("日付,振込依頼人,金額\n2026/04/01,ｱｵｷ\n".encode())
    assert (error.row, error.column) == (2, "金額")


def test_an_empty_file_and_a_header_without_rows_are_refused():
    assert "empty" in _error(b"").message
    assert "empty" in _error(b"\xef\xbb\xbf\r\n \r\n").message
    assert "no transactions" in _error("日付,金額,摘要\n".encode()).message


def test_a_file_over_the_row_cap_is_refused_before_anything_is_read():
    lines = "2026/04/01,0,ｱｵｷ\n" + "".join(f"2026/04/01,{n},ｱｵｷ\n" for n in range(1, 11))
    error = _error(f"日付,金額,摘要\n{lines}".encode(), max_rows=10)
    assert error.row == 12
    assert "more than 10 rows" in error.message


def test_the_default_row_cap_is_twenty_thousand():
    lines = "2026/04/01,1,ｱｵｷ\n" * 20_001
    assert _error(f"日付,金額,摘要\n{lines}".encode()).row == 20_002


# --- matching --------------------------------------------------------------------------------


def _row(number: int, amount: int, payer: str, day: int = 1) -> StatementRow:
    return StatementRow(number, D(2026, 4, day), amount, payer, fold_payer(payer))


AOKI = ("アオキセイサクショ",)
SAKURA = ("サクラコウギョウ",)


def test_exact_amount_and_payer_match_first_and_oldest_item():
    items = [
        OpenItem("INV-2", 110_000, AOKI, D(2026, 4, 30)),
        OpenItem("INV-1", 110_000, AOKI, D(2026, 3, 31)),
    ]
    (match,) = match_payments([_row(2, 110_000, "ｶ)ｱｵｷｾｲｻｸｼﾖ")], items)
    assert (match.kind, match.item_id, match.applied, match.remaining) == (
        MatchKind.EXACT,
        "INV-1",
        110_000,
        0,
    )


def test_exact_match_wins_over_an_older_item_of_another_amount():
    items = [
        OpenItem("old", 50_000, AOKI, D(2026, 3, 1)),
        OpenItem("new", 110_000, AOKI, D(2026, 4, 1)),
    ]
    (match,) = match_payments([_row(2, 110_000, "ｶ)ｱｵｷｾｲｻｸｼﾖ")], items)
    assert (match.kind, match.item_id) == (MatchKind.EXACT, "new")


def test_partial_payments_reduce_the_balance_and_the_last_one_closes_it():
    items = [OpenItem(1, 100_000, AOKI, D(2026, 4, 30))]
    rows = [_row(2, 60_000, "ｱｵｷｾｲｻｸｼﾖ(ｶ", day=1), _row(3, 40_000, "ｶ)ｱｵｷｾｲｻｸｼﾖ", day=5)]
    first, second = match_payments(rows, items)
    assert (first.kind, first.item_id, first.remaining) == (MatchKind.PARTIAL, 1, 40_000)
    assert (second.kind, second.item_id, second.remaining) == (MatchKind.EXACT, 1, 0)


def test_overpayment_is_reported():
    items = [OpenItem(1, 100_000, AOKI, D(2026, 4, 30))]
    (match,) = match_payments([_row(2, 100_500, "ｶ)ｱｵｷｾｲｻｸｼﾖ")], items)
    assert (match.kind, match.applied, match.overpaid, match.remaining) == (
        MatchKind.OVER,
        100_000,
        500,
        0,
    )


def test_a_unique_amount_matches_an_unknown_payer():
    items = [
        OpenItem("aoki", 110_000, AOKI, D(2026, 4, 30)),
        OpenItem("sakura", 77_000, SAKURA, D(2026, 4, 30)),
    ]
    (match,) = match_payments([_row(2, 77_000, "ｻｸﾗﾎｰﾙﾃﾞｨﾝｸﾞｽ")], items)
    assert (match.kind, match.item_id) == (MatchKind.AMOUNT, "sakura")


def test_an_ambiguous_amount_is_not_matched_and_lists_the_candidates():
    items = [
        OpenItem("a", 55_000, AOKI, D(2026, 4, 30)),
        OpenItem("b", 55_000, SAKURA, D(2026, 4, 30)),
    ]
    (match,) = match_payments([_row(2, 55_000, "ﾀﾅｶ")], items)
    assert match.kind == MatchKind.UNMATCHED and match.item_id is None
    assert match.candidates == ("a", "b")


def test_two_unknown_deposits_of_one_amount_are_both_left_unmatched():
    items = [OpenItem("a", 55_000, AOKI, D(2026, 4, 30))]
    rows = [_row(2, 55_000, "ﾀﾅｶ"), _row(3, 55_000, "ｽｽﾞｷ")]
    assert [m.kind for m in match_payments(rows, items)] == [MatchKind.UNMATCHED] * 2


def test_a_known_payer_is_not_matched_to_someone_elses_invoice_by_amount():
    items = [
        OpenItem("aoki", 10_000, AOKI, D(2026, 4, 1)),
        OpenItem("sakura", 10_000, SAKURA, D(2026, 4, 1)),
    ]
    rows = [_row(2, 10_000, "ｶ)ｱｵｷｾｲｻｸｼﾖ"), _row(3, 10_000, "ｶ)ｱｵｷｾｲｻｸｼﾖ", day=2)]
    first, second = match_payments(rows, items)
    assert (first.kind, first.item_id) == (MatchKind.EXACT, "aoki")
    assert second.kind == MatchKind.UNMATCHED and second.candidates == ()


def test_one_payers_many_invoices_are_paid_oldest_first():
    items = [OpenItem(n, 1_000, AOKI, D(2026, 1, 1) + dt.timedelta(days=n)) for n in range(5_000)]
    rows = [_row(n + 2, 1_500, "ｶ)ｱｵｷｾｲｻｸｼﾖ") for n in range(3_000)]
    matches = match_payments(rows, items)
    assert [m.item_id for m in matches[:3]] == [0, 1, 2]
    assert {m.kind for m in matches} == {MatchKind.OVER}


def test_matching_is_deterministic_whatever_the_input_order():
    items = [
        OpenItem(n, 1_000 * (n % 7 + 1), (f"ｶｲｼﾔ{n % 5}",), D(2026, 4, n % 28 + 1))
        for n in range(60)
    ]
    rows = [_row(n + 2, 1_000 * (n % 9 + 1), f"ｶ)ｶｲｼﾔ{n % 6}", day=n % 28 + 1) for n in range(80)]
    forward = match_payments(rows, items)
    backward = match_payments(list(reversed(rows)), list(items))
    assert sorted(forward, key=lambda m: m.row.row_number) == sorted(
        backward, key=lambda m: m.row.row_number
    )
    assert [m.row for m in forward] == rows  # one match per row, in the order given
