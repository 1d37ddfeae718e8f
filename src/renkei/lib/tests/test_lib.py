"""Plain-Python helpers: no database needed."""

import pytest

from renkei.lib.buyer_query import Vocabulary, parse_buyer_query
from renkei.lib.houjin import corporate_number_error, make_corporate_number
from renkei.lib.jtext import fold, fold_compact


@pytest.mark.parametrize(
    "number", ["7000012050002", "4180001012345", "７０００ ０１２０ ５０００２", "7000-0120-50002"]
)
def test_valid_corporate_numbers_pass(number):
    assert corporate_number_error(number) is None


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("7000012050003", "check digit does not match"),
        ("700001205000", "must be 13 digits"),
        ("70000120500021", "must be 13 digits"),
        ("70000120500O2", "must contain digits only"),
    ],
)
def test_invalid_corporate_numbers_say_why(number, reason):
    assert corporate_number_error(number) == reason


def test_made_corporate_numbers_validate():
    assert corporate_number_error(make_corporate_number("123456789012")) is None


def test_fold_meets_width_and_kana_variants():
    assert fold("ﾒｯｷ") == fold("メッキ") == fold("めっき")
    assert fold("Ａ７０７５") == "a7075"
    assert fold_compact("JIS Q 9100") == fold_compact("jisq9100")


VOCAB = Vocabulary(
    processes={fold_compact("5軸"): 1, fold_compact("めっき"): 2, fold_compact("ワイヤ放電"): 3},
    materials={fold_compact("A7075"): 10, fold_compact("SUS304"): 11},
    certifications={"jisq9100": "JIS Q 9100", "iso9001": "ISO 9001"},
)


def test_buyer_query_recognises_every_kind_of_term():
    query = parse_buyer_query("5軸 A7075 300mm ±0.01 JIS Q 9100 薄肉", VOCAB)
    assert query.process_ids == [1]
    assert query.material_ids == [10]
    assert query.min_size_mm == 300
    assert query.max_tolerance_um == pytest.approx(10)
    assert query.certifications == ["JIS Q 9100"]
    assert query.words == ["薄肉"]


def test_buyer_query_reads_units_and_dimensions():
    assert parse_buyer_query("30cm", VOCAB).min_size_mm == 300
    assert parse_buyer_query("200x150x80", VOCAB).min_size_mm == 200
    assert parse_buyer_query("±5µm", VOCAB).max_tolerance_um == 5
    assert parse_buyer_query("ﾒｯｷ", VOCAB).process_ids == [2]


def test_empty_query_asks_nothing():
    assert parse_buyer_query("   ", VOCAB).is_empty
