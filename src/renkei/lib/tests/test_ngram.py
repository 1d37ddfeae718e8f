"""N-gram tokens, query terms, folding with positions and snippets: plain Python, no Django."""

from renkei.lib.ngram import (
    TITLE_WEIGHT,
    fold_mapped,
    fold_text,
    highlight,
    needs_verification,
    query_terms,
    snippet,
    substrings,
    term_tokens,
    token_weights,
)


def _marked(segments):
    return "".join(f"[{s.text}]" if s.hit else s.text for s in segments)


def test_width_case_and_kana_variants_fold_to_one_form():
    assert fold_text("ﾒｯｷ") == fold_text("メッキ") == fold_text("めっき") == "めっき"
    assert fold_text("Ａ７０７５") == "a7075"
    assert fold_text("ｶﾞｲﾄﾞ") == "がいど"


def test_separators_become_single_spaces_and_symbols_stay():
    assert fold_text("溶接、研磨。\n  旋盤") == "溶接 研磨 旋盤"
    assert fold_text("±0.01") == "±0 01"


def test_every_folded_character_knows_where_it_came_from():
    folded, origin = fold_mapped("ﾒｯｷ加工")
    assert folded == "めっき加工"
    assert origin == [0, 1, 2, 3, 4]
    folded, origin = fold_mapped("ｶﾞｲﾄﾞ")
    assert folded == "がいど"
    assert origin == [0, 2, 3]


def test_query_terms_are_folded_split_and_deduplicated():
    assert query_terms("ﾒｯｷ　溶接, 研磨 研磨") == ["めっき", "溶接", "研磨"]
    assert query_terms("  、。 ") == []


def test_short_terms_are_one_token_and_long_ones_their_bigrams():
    assert term_tokens("溶") == ["溶"]
    assert term_tokens("研磨") == ["研磨"]
    assert term_tokens("溶接ひずみ") == ["溶接", "接ひ", "ひず", "ずみ"]
    assert term_tokens("ああああ") == ["ああ"]
    assert not needs_verification("研磨") and needs_verification("熱処理")


def test_tokens_are_unigrams_and_bigrams_within_runs_with_title_weight():
    weights = token_weights("研磨", "研磨、研削")
    assert weights["研磨"] == TITLE_WEIGHT + 1
    assert weights["研"] == TITLE_WEIGHT + 2
    assert weights["研削"] == 1
    assert "磨研" not in weights  # no bigram across the comma


def test_substrings_longest_first():
    assert substrings("めっき層", shortest=2)[:3] == ["めっき層", "めっき", "っき層"]


def test_highlight_marks_hits_in_the_original_spelling():
    assert _marked(highlight("ﾒｯｷ槽とメッキ液", ["めっき"])) == "[ﾒｯｷ]槽と[メッキ]液"
    assert _marked(highlight("ＳＵＳ３０４の溶接", ["sus304"])) == "[ＳＵＳ３０４]の溶接"


def test_snippet_is_cut_around_the_first_hit_with_ellipses():
    text = "前置き" * 20 + "ここで研磨の話" + "後書き" * 20
    marked = _marked(snippet(text, ["研磨"], width=30))
    assert marked.startswith("…") and marked.endswith("…")
    assert "[研磨]" in marked
    assert len(marked) < 45


def test_snippet_without_a_hit_is_the_start_of_the_text():
    assert _marked(snippet("短い本文", ["研磨"])) == "短い本文"
    assert _marked(snippet("", ["研磨"])) == ""


def test_snippet_finds_a_hit_deep_in_a_long_text_and_across_piece_boundaries():
    text = "あ" * 999 + "研磨" + "い" * 50_000 + "ﾒｯｷ"
    assert "[研磨]" in _marked(snippet(text, ["研磨"]))
    assert "[ﾒｯｷ]" in _marked(snippet(text, ["めっき"]))


def test_a_combining_mark_that_composes_with_nothing_keeps_highlights_aligned() -> None:
    for text in ("x\u0301溶接", "ﾝﾞ溶接"):
        folded, origin = fold_mapped(text)
        assert len(folded) == len(origin)
        segments = highlight(text, ["溶"])
        assert "".join(seg.text for seg in segments) == text
        assert [seg.text for seg in segments if seg.hit] == ["溶"]
