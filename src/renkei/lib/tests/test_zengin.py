"""The 全銀協 総合振込 file: fixed 120-byte records, totals, encoding; plain Python, no Django."""

import datetime as dt

import pytest

from renkei.lib.documents import BankAccount
from renkei.lib.zengin import (
    Payer,
    Transfer,
    ZenginError,
    build_transfer_file,
    parse_transfer_file,
    payer_from_account,
    transfer_to_account,
)

PAYER = Payer(
    requester_code="1234567890",
    name_kana="キ)サンプルシサクセンター",
    bank_code="0999",
    bank_name_kana="サンプルギンコウ",
    branch_code="001",
    branch_name_kana="ホンテン",
    account_kind="1",
    account_number="1234567",
)
AOKI = Transfer(
    bank_code="0998",
    branch_code="123",
    account_kind="1",
    account_number="7654321",
    payee_kana="ｶ)ｱｵｷｾｲｻｸｼﾖ",
    amount=110_000,
    bank_name_kana="ミナトシンキン",
    branch_name_kana="エキマエ",
    customer_code="202604",
)
SAKURA = Transfer(
    bank_code="0997",
    branch_code="045",
    account_kind="2",
    account_number="55",
    payee_kana="ユ)サクラコウギョウ",
    amount=55_000,
)
ON = dt.date(2026, 4, 30)


def test_records_are_byte_exact_and_120_bytes_with_crlf():
    data = build_transfer_file(PAYER, ON, [AOKI, SAKURA])
    lines = data.split(b"\r\n")
    assert lines[-1] == b""  # CRLF after every record, the end record too
    records = lines[:-1]
    assert [len(r) for r in records] == [120] * 5
    assert data.count(b"\r\n") == 5 and b"\n" not in data.replace(b"\r\n", b"")
    # fmt: off
    header = [
        "1", "21", "0", "1234567890",  # データ区分, 種別コード, コード区分, 振込依頼人コード
        "ｷ)ｻﾝﾌﾟﾙｼｻｸｾﾝﾀ-".ljust(40), "0430",  # 振込依頼人名, 振込指定日
        "0999", "ｻﾝﾌﾟﾙｷﾞﾝｺｳ".ljust(15), "001", "ﾎﾝﾃﾝ".ljust(15),  # 仕向銀行, 仕向支店
        "1", "1234567", " " * 17,  # 預金種目, 口座番号, ダミー
    ]
    aoki = [
        "2", "0998", "ﾐﾅﾄｼﾝｷﾝ".ljust(15), "123", "ｴｷﾏｴ".ljust(15),  # 被仕向銀行, 支店
        "0000", "1", "7654321", "ｶ)ｱｵｷｾｲｻｸｼﾖ".ljust(30),  # 交換所, 種目, 口座, 受取人名
        "0000110000", "0", "0000202604", "0000000000",  # 金額, 新規コード, 顧客コード1, 2
        " ", " ", " " * 7,  # 振込指定区分, 識別表示, ダミー
    ]
    sakura = [
        "2", "0997", " " * 15, "045", " " * 15,
        "0000", "2", "0000055", "ﾕ)ｻｸﾗｺｳｷﾞﾖｳ".ljust(30),
        "0000055000", "0", "0000000000", "0000000000",
        " ", " ", " " * 7,
    ]
    trailer = ["8", "000002", "000000165000", " " * 101]  # 合計件数, 合計金額, ダミー
    end = ["9", " " * 119]
    # fmt: on
    expected = ["".join(fields) for fields in (header, aoki, sakura, trailer, end)]
    assert records == [line.encode("cp932") for line in expected]
    # Half-width kana are single JIS X 0201 bytes: ｱ is 0xB1.
    assert "ｱ".encode("cp932") == b"\xb1"


def test_trailer_counts_and_totals_the_transfers():
    transfers = [
        Transfer("0998", "123", "1", str(n), f"ﾃｽﾄ{n}", amount=n * 1_001) for n in range(1, 40)
    ]
    _, parsed, trailer = parse_transfer_file(build_transfer_file(PAYER, ON, transfers))
    assert trailer.count == 39
    assert trailer.total == sum(n * 1_001 for n in range(1, 40))
    assert [t.amount for t in parsed] == [t.amount for t in transfers]


def test_the_file_reads_back_as_it_was_built():
    header, parsed, trailer = parse_transfer_file(build_transfer_file(PAYER, ON, [AOKI]))
    assert header.month_day == "0430" and header.type_code == "21" and header.code_kind == "0"
    assert header.payer.name_kana == "ｷ)ｻﾝﾌﾟﾙｼｻｸｾﾝﾀ-"
    assert header.payer.account_number == "1234567"
    (back,) = parsed
    assert back.payee_kana == AOKI.payee_kana
    assert back.customer_code == AOKI.customer_code
    assert (back.bank_code, back.branch_code, back.account_number) == ("0998", "123", "7654321")
    assert back.bank_name_kana == "ﾐﾅﾄｼﾝｷﾝ"
    assert (trailer.count, trailer.total) == (1, 110_000)


@pytest.mark.parametrize("newline", [b"\n", b""])
def test_the_line_separator_is_a_parameter(newline):
    data = build_transfer_file(PAYER, ON, [AOKI, SAKURA], newline=newline)
    assert len(data) == 5 * (120 + len(newline))
    assert b"\r" not in data
    assert parse_transfer_file(data)[2].total == 165_000


def test_edi_text_replaces_the_customer_codes_and_is_flagged():
    edi = Transfer("0998", "123", "1", "1", "ﾃｽﾄ", 1_000, edi="INV-2026-0001")
    record = build_transfer_file(PAYER, ON, [edi]).split(b"\r\n")[1]
    assert record[91:111] == b"INV-2026-0001".ljust(20)
    assert record[112:113] == b"Y"
    assert parse_transfer_file(build_transfer_file(PAYER, ON, [edi]))[1][0].edi == "INV-2026-0001"


def test_bank_accounts_of_the_documents_become_payer_and_payee():
    group = BankAccount("サンプル銀行", "0999", "本店", "001", "1", "1234567", "ｷ)ｻﾝﾌﾟﾙ")
    member = BankAccount("みなと信金", "0998", "駅前", "123", "1", "7654321", "ｶ)ｱｵｷｾｲｻｸｼﾖ")
    payer = payer_from_account("1234567890", group, bank_name_kana="サンプルギンコウ")
    data = build_transfer_file(payer, ON, [transfer_to_account(member, 5_000, customer_code="7")])
    header, (transfer,), _ = parse_transfer_file(data)
    assert header.payer.bank_name_kana == "ｻﾝﾌﾟﾙｷﾞﾝｺｳ" and header.payer.branch_name_kana == ""
    assert transfer.payee_kana == "ｶ)ｱｵｷｾｲｻｸｼﾖ" and transfer.amount == 5_000


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"amount": 0}, "amount", "between 1 and 9,999,999,999"),
        ({"amount": -5}, "amount", "between 1 and"),
        ({"amount": 10_000_000_000}, "amount", "between 1 and"),
        ({"amount": 1.5}, "amount", "whole yen"),
        ({"bank_code": "09A8"}, "bank_code", "digits"),
        ({"bank_code": "998"}, "bank_code", "exactly 4 digits"),
        ({"branch_code": "1234"}, "branch_code", "exactly 3 digits"),
        ({"account_number": "12345678"}, "account_number", "at most 7 digits"),
        ({"account_number": "１２３"}, "account_number", "digits"),
        ({"account_kind": "3"}, "account_kind", "one of 1, 2, 4, 9"),
        ({"payee_kana": ""}, "payee_kana", "must not be empty"),
        ({"payee_kana": "ｱ" * 31}, "payee_kana", "at most 30"),
        ({"customer_code": "12345678901"}, "customer_code", "at most 10"),
        ({"customer_code": "1", "edi": "X"}, "edi", "not both"),
    ],
)
def test_bad_transfers_are_refused_naming_the_payee_and_field(change, field, words):
    bad = Transfer(**{**AOKI.__dict__, **change})
    with pytest.raises(ZenginError) as caught:
        build_transfer_file(PAYER, ON, [SAKURA, bad])
    error = caught.value
    assert (error.transfer, error.field) == (2, field)
    assert error.payee == bad.payee_kana
    assert words in str(error)
    assert f"transfer 2 (payee {bad.payee_kana!r})" in str(error)


def test_an_unrepresentable_character_is_named_with_its_payee():
    bad = Transfer("0998", "123", "1", "1", "アオキ製作所", 1_000)
    with pytest.raises(ZenginError) as caught:
        build_transfer_file(PAYER, ON, [bad])
    message = str(caught.value)
    assert "payee 'アオキ製作所'" in message
    assert "'製' (U+88FD) at position 4" in message
    assert caught.value.field == "payee_kana"


def test_voiced_marks_count_towards_the_width():
    # 15 letters, 5 voiced: 20 characters once written the 全銀 way.
    bank_name = "ガギグゲゴ" + "アイウエオカキクケコ"
    with pytest.raises(ZenginError, match="at most 15"):
        build_transfer_file(PAYER, ON, [Transfer(**{**AOKI.__dict__, "bank_name_kana": bank_name})])


def test_a_bad_payer_and_an_empty_list_are_refused():
    with pytest.raises(ZenginError, match="payer: requester_code: must be at most 10 digits"):
        build_transfer_file(
            Payer(**{**PAYER.__dict__, "requester_code": "12345678901"}), ON, [AOKI]
        )
    with pytest.raises(ZenginError, match="payer: account_kind"):
        build_transfer_file(Payer(**{**PAYER.__dict__, "account_kind": "4"}), ON, [AOKI])
    with pytest.raises(ZenginError, match="at least one transfer"):
        build_transfer_file(PAYER, ON, [])


def test_a_total_beyond_twelve_digits_is_refused():
    big = Transfer(**{**AOKI.__dict__, "amount": 9_999_999_999})
    with pytest.raises(ZenginError, match="exceeds"):
        build_transfer_file(PAYER, ON, [big] * 101)


def test_reading_refuses_short_records_and_wrong_totals():
    data = build_transfer_file(PAYER, ON, [AOKI])
    with pytest.raises(ZenginError, match="record 2 is 119 bytes"):
        parse_transfer_file(data.replace(b"0000110000", b"000011000", 1))
    tampered = data.replace(b"000000110000", b"000000110001")
    with pytest.raises(ZenginError, match="trailer totals 110,001"):
        parse_transfer_file(tampered)
    with pytest.raises(ZenginError, match="records must be"):
        parse_transfer_file(b"\r\n".join(data.split(b"\r\n")[1:]))
