"""Japanese search: short words, width and kana variants, synonyms, ranking, snippets, and
never a hit the searcher may not open."""

import re

import pytest

from renkei.knowledge.search import search
from renkei.knowledge.tests.conftest import make_inquiry, write

pytestmark = pytest.mark.django_db


def _titles(results):
    return ["".join(s.text for s in hit.title) for hit in results.articles]


def test_a_two_character_word_finds_the_article(bob, group):
    write(bob, group, title="TIG溶接の手順", body="仮付けしてから本溶接する。")
    write(bob, group, title="バフ研磨の手順", body="番手を順に上げる。")

    assert _titles(search(bob, "溶接")) == ["TIG溶接の手順"]
    assert _titles(search(bob, "研磨")) == ["バフ研磨の手順"]


def test_a_one_character_word_finds_every_article_with_it(bob, group):
    write(bob, group, title="溶接の手順")
    write(bob, group, title="研磨の手順", body="溶けないように温度を下げる。")
    write(bob, group, title="旋盤の段取り")

    assert sorted(_titles(search(bob, "溶"))) == ["溶接の手順", "研磨の手順"]


def test_a_longer_word_must_appear_as_a_whole(bob, group):
    write(bob, group, title="溶接ひずみの対策", body="拘束治具で押さえる。")
    # Every bigram of 溶接ひずみ is here, but never the word itself.
    write(bob, group, title="溶接と、ひずみ取り", body="接ひ ひず ずみ")

    assert _titles(search(bob, "溶接ひずみ")) == ["溶接ひずみの対策"]


def test_every_word_of_the_query_must_match(bob, group):
    write(bob, group, title="SUS304の溶接")
    write(bob, group, title="A5052の溶接")

    assert _titles(search(bob, "溶接　SUS304")) == ["SUS304の溶接"]
    assert _titles(search(bob, "ｓｕｓ３０４ 溶接")) == ["SUS304の溶接"]


@pytest.mark.parametrize("query", ["メッキ", "めっき", "ﾒｯｷ", "鍍金"])
def test_kana_width_and_glossary_synonyms_find_each_other(bob, group, glossary, query):
    write(bob, group, title="硬質クロムメッキの下地", body="脱脂を丁寧に。")
    write(bob, group, title="無電解ニッケルめっきの管理", body="浴の温度を記録する。")
    write(bob, group, title="鍍金工程の歴史", body="古い言い方。")
    write(bob, group, title="ﾒｯｷ槽の掃除", body="半角で書いた記事。")
    write(bob, group, title="塗装の手順", body="関係のない記事。")

    titles = _titles(search(bob, query))

    assert set(titles) == {
        "めっき",
        "硬質クロムメッキの下地",
        "無電解ニッケルめっきの管理",
        "鍍金工程の歴史",
        "ﾒｯｷ槽の掃除",
    }


def test_synonyms_also_expand_inside_a_longer_word(bob, group, glossary):
    write(bob, group, title="鍍金層の厚さ", body="膜厚計で測る。")

    assert _titles(search(bob, "めっき層")) == ["鍍金層の厚さ"]


def test_a_glossary_the_searcher_may_not_read_does_not_expand_the_query(dave, bob, group, glossary):
    write(bob, group, title="鍍金層の厚さ", visibility="public")

    results = search(dave, "めっき")

    assert results.terms == [["めっき"]]
    assert _titles(results) == []


def test_a_title_hit_ranks_above_a_passing_mention(bob, group):
    write(bob, group, title="作業日誌", body="今日は研磨も少しした。")
    write(bob, group, title="研磨のコツ", body="研磨剤を選ぶ。研磨は焦らない。")

    assert _titles(search(bob, "研磨")) == ["研磨のコツ", "作業日誌"]


def test_hits_are_highlighted_in_the_original_spelling(bob, group):
    write(bob, group, title="ﾒｯｷ槽の掃除", body="月に一度、槽のメッキ液を濾過する。")

    hit = search(bob, "めっき").articles[0]

    assert [s.text for s in hit.title if s.hit] == ["ﾒｯｷ"]
    assert [s.text for s in hit.snippet if s.hit] == ["メッキ"]


def test_a_group_only_article_is_invisible_to_another_group(alice, bob, dave, group, other_group):
    write(bob, group, title="社外秘の溶接条件", visibility="group")
    write(bob, group, title="地域に公開する溶接の基本", visibility="region")
    write(bob, group, title="誰でも読める溶接入門", visibility="public")

    assert sorted(_titles(search(dave, "溶接"))) == [
        "地域に公開する溶接の基本",
        "誰でも読める溶接入門",
    ]
    assert search(dave, "社外秘").articles == []
    assert search(dave, "社外秘").article_count == 0
    assert len(search(alice, "溶接").articles) == 3


def test_a_visitor_finds_only_public_articles(client, bob, group):
    write(bob, group, title="社外秘の研磨条件")
    write(bob, group, title="公開の研磨入門", visibility="public")

    response = client.get("/knowledge/", {"q": "研磨"})

    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", "", response.content.decode())
    assert "公開の研磨入門" in text
    assert "社外秘" not in text


def test_inquiries_are_found_only_by_those_who_may_open_them(alice, bob, dave, group, aoki):
    inquiry = make_inquiry(group, title="SUS304ブラケットの溶接", description="10個、TIG溶接で。")

    assert [h.obj for h in search(alice, "溶接").inquiries] == [inquiry]
    assert search(bob, "溶接").inquiries == []  # not passed to his company
    assert search(dave, "溶接").inquiries == []

    from renkei.inquiries.referrals import refer

    refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    hits = search(bob, "溶接").inquiries
    assert [h.obj for h in hits] == [inquiry]
    assert hits[0].url.startswith("/g/miyako/")


def test_companies_are_found_as_the_directory_shows_them(bob, dave, group, aoki, hidden_member):
    assert [h.obj for h in search(dave, "青木").companies] == [aoki]
    assert search(dave, "非公開").companies == []
    assert [h.obj for h in search(bob, "非公開").companies] == [hidden_member]


def test_an_empty_or_symbol_only_query_finds_nothing(bob, group):
    write(bob, group, title="溶接")

    assert search(bob, "").total == 0
    assert search(bob, "、。・ ").total == 0
    assert search(bob, "%").articles == []
    assert search(bob, "_").articles == []


def test_a_hit_shows_its_kind_group_and_link_without_another_query(
    bob, group, django_assert_num_queries
):
    for n in range(3):
        write(bob, group, title=f"溶接の手順 {n}", body="仮付けしてから本溶接する。")
    hits = search(bob, "溶接", everywhere=False).articles
    assert len(hits) == 3

    with django_assert_num_queries(0):
        shown = [
            (h.obj.get_kind_display(), h.obj.group.name, h.obj.get_absolute_url()) for h in hits
        ]
    assert {name for _kind, name, _url in shown} == {group.name}
    assert all(url.startswith(f"/g/{group.slug}/") for _kind, _name, url in shown)
