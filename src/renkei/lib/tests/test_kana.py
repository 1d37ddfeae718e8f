"""Payer-name folding and the 全銀 character set: plain Python, no Django."""

import pytest

from renkei.lib.kana import KanaError, fold_payer, to_zengin_kana


def test_bank_payer_name_meets_the_company_kana():
    # 株式会社アオキ製作所 registers its kana as アオキセイサクショ; the bank prints ｶ)ｱｵｷｾｲｻｸｼﾖ.
    assert fold_payer("ｶ)ｱｵｷｾｲｻｸｼﾖ") == fold_payer("アオキセイサクショ")
    assert fold_payer("ｶ)ｱｵｷｾｲｻｸｼﾖ") == "アオキセイサクシヨ"


@pytest.mark.parametrize(
    "written",
    [
        "ｱｵｷｾｲｻｸｼﾖ(ｶ",  # legal form after the name
        "ｱｵｷｾｲｻｸｼﾖ(ｶ)",
        "(ｶ)ｱｵｷｾｲｻｸｼﾖ",
        "ｶ) ｱｵｷ ｾｲｻｸｼﾖ",  # spaces
        "あおきせいさくしょ",  # hiragana, small kana
        "カブシキガイシャ　アオキセイサクショ",  # spelled out, full-width space
        "アオキセイサクショ株式会社",
        "㈱アオキセイサクショ",
        "アオキ・セイサクショ",  # punctuation
    ],
)
def test_legal_forms_width_script_and_punctuation_fold_away(written):
    assert fold_payer(written) == "アオキセイサクシヨ"


@pytest.mark.parametrize(
    ("bank", "registered"),
    [
        ("ﾕ)ﾐﾄﾞﾘﾒﾂｷ", "有限会社みどりメッキ"),
        ("ﾄﾞ)ｻｸﾗﾃﾞｻﾞｲﾝ", "合同会社サクラデザイン"),
        ("ｷ)ﾐﾅﾄｼｻｸｾﾝﾀ-", "企業組合ミナトシサクセンター"),
        ("ｷﾖｳ)ﾐﾅﾄｺｳｷﾞﾖｳ", "協同組合ミナトコウギョウ"),
        ("ｾﾝﾀｰ ﾃｽﾄ", "センター・テスト"),
    ],
)
def test_bank_abbreviations_of_each_legal_form(bank, registered):
    assert fold_payer(bank) == fold_payer(registered)


def test_voiced_marks_and_latin_case_are_kept_apart_or_folded_as_banks_do():
    assert fold_payer("ｶﾞｸ") != fold_payer("ｶｸ")
    assert fold_payer("ｶﾞｸ") == fold_payer("ガク")
    assert fold_payer("ＡＢＣ ｺｳｷﾞﾖｳ") == fold_payer("abcコウギョウ") == "ABCコウギヨウ"


def test_a_transaction_label_before_the_payer_is_dropped():
    assert fold_payer("振込 ｶ)ｱｵｷｾｲｻｸｼﾖ") == fold_payer("ﾌﾘｺﾐ ｱｵｷｾｲｻｸｼﾖ") == "アオキセイサクシヨ"
    assert fold_payer("ﾌﾘｺﾐｼﾖｳｼﾞ") == "フリコミシヨウジ"  # part of a name, not a label


def test_a_name_is_not_cut_where_no_legal_form_stands():
    assert fold_payer("ｶﾄｳ ﾀﾛｳ") == "カトウタロウ"
    assert fold_payer("") == ""


def test_full_width_text_becomes_half_width_zengin_characters():
    assert to_zengin_kana("アオキ　ガクブ") == "ｱｵｷ ｶﾞｸﾌﾞ"
    assert to_zengin_kana("ｶ)ｱｵｷｾｲｻｸｼﾖ") == "ｶ)ｱｵｷｾｲｻｸｼﾖ"
    assert to_zengin_kana("ショウジ") == "ｼﾖｳｼﾞ"  # no small kana in 全銀
    assert to_zengin_kana("ヴァイオリン・センター") == "ｳﾞｱｲｵﾘﾝ.ｾﾝﾀ-"
    assert to_zengin_kana("ｐａｙ－１２３（Ａ）") == "PAY-123(A)"
    assert to_zengin_kana("ぱんだ") == "ﾊﾟﾝﾀﾞ"
    assert to_zengin_kana("ﾊ゜ﾝ") == "ﾊﾟﾝ"


def test_every_output_character_is_one_cp932_byte():
    converted = to_zengin_kana("アイウエオガギグゲゴパピプペポヲンABCxyz0189 ()-./,")
    assert len(converted.encode("cp932")) == len(converted)


@pytest.mark.parametrize(
    ("text", "char", "position"),
    [
        ("アオキ製作所", "製", 3),
        ("A&B", "&", 1),
        ("ｱｵｷ@", "@", 3),
        ("㈱アオキ", "㈱", 0),
    ],
)
def test_a_character_without_a_zengin_form_is_named(text, char, position):
    with pytest.raises(KanaError) as caught:
        to_zengin_kana(text)
    assert caught.value.char == char
    assert caught.value.position == position
    assert repr(char) in str(caught.value)
    assert isinstance(caught.value, ValueError)
