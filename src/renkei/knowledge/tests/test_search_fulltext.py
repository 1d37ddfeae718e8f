"""The search's two indexes (issue 17): postings with their tier for words of one or two
characters, the database's trigram table for longer ones; ranked title hits first, then newest,
with a capped count, and kept in step with the articles."""

import pytest
from django.db import connection

from renkei.knowledge import ranking
from renkei.knowledge.indexing import FULLTEXT, rebuild_search_index, unindex_article
from renkei.knowledge.models import SearchDocument
from renkei.knowledge.search import search
from renkei.knowledge.services import Draft, update_article
from renkei.knowledge.tests.conftest import write

pytestmark = pytest.mark.django_db


def _titles(results):
    return [hit.obj.title for hit in results.articles]


def _fulltext_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FULLTEXT}")  # noqa: S608
        return cursor.fetchone()[0]


@pytest.mark.parametrize("query", ["錆", "防錆"])
def test_a_short_word_ranks_title_hits_first_then_the_newest(bob, group, query):
    write(bob, group, title="古い防錆の手順", body="油を塗る。")
    write(bob, group, title="作業日誌", body="防錆油を切らした。")
    write(bob, group, title="新しい防錆の手順", body="防錆紙で包む。")
    write(bob, group, title="研磨", body="関係ない話。")

    results = search(bob, query)

    assert _titles(results) == ["新しい防錆の手順", "古い防錆の手順", "作業日誌"]
    assert results.article_count == 3


def test_a_long_word_is_found_by_the_trigram_table_in_any_width_or_kana(bob, group):
    write(bob, group, title="無電解ﾆｯｹﾙﾒｯｷの前処理", body="脱脂が大事。")
    write(bob, group, title="作業日誌", body="今日は ニッケルめっき を試した。")
    write(bob, group, title="ニッケル合金の切削", body="めっきはしない。")

    results = search(bob, "ニッケルメッキ")

    assert _titles(results) == ["無電解ﾆｯｹﾙﾒｯｷの前処理", "作業日誌"]
    assert _titles(search(bob, "ＳＵＳ３０４")) == []
    assert _titles(search(bob, "前処理 脱脂")) == ["無電解ﾆｯｹﾙﾒｯｷの前処理"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"溶接',
        "溶接*",
        "*",
        "NEAR(溶接 条件)",
        "溶接 OR 研磨",
        "溶接 AND",
        "-溶接",
        "title:溶接",
        "body : 条件",
        "^溶接",
        "溶接'); DROP TABLE x; --",
        "%溶接%",
        "_溶_",
        "\\",
        "溶" * 1000,
        "溶接条件 " * 200,
    ],
)
def test_hostile_query_syntax_is_only_text(bob, group, query):
    write(bob, group, title="溶接条件", body="TIG溶接 OR 研磨, NEAR 条件 title:溶接")

    results = search(bob, query)

    assert results.article_count in (0, 1)
    assert len(results.articles) == results.article_count


def test_a_quote_or_operator_inside_a_long_word_matches_literally(bob, group):
    write(bob, group, title='型番"ABC"の治具', body="x*y と書く。")

    assert _titles(search(bob, '番"ab')) == ['型番"ABC"の治具']
    assert _titles(search(bob, "x*y")) == ['型番"ABC"の治具']


def test_an_edit_moves_the_article_in_both_indexes(bob, group):
    article = write(bob, group, title="旋盤の段取り", body="チャックを替える。")

    update_article(
        actor=bob, article=article, draft=Draft(title="フライスの段取り", body="バイスを締める。")
    )

    assert search(bob, "旋盤").articles == []
    assert search(bob, "チャック").articles == []
    assert _titles(search(bob, "フライス")) == ["フライスの段取り"]
    assert _titles(search(bob, "締")) == ["フライスの段取り"]
    assert _fulltext_rows() == 1


def test_a_removed_document_leaves_no_row_in_the_trigram_table(bob, group, other_group):
    article = write(bob, group, title="旋盤の段取り")
    write(bob, other_group, title="別の旋盤の段取り")

    unindex_article(article.pk)

    assert search(bob, "旋盤の段取り").articles == []
    assert _fulltext_rows() == 1
    other_group.delete()  # the documents go by cascade; their trigram rows by the trigger
    assert _fulltext_rows() == 0


def test_group_only_articles_stay_hidden_on_both_paths(alice, bob, dave, group):
    write(bob, group, title="社外秘の溶接条件", visibility="group")
    write(bob, group, title="公開する溶接条件", visibility="public")

    for query in ("溶", "溶接", "溶接条件"):
        assert _titles(search(dave, query)) == ["公開する溶接条件"]
        assert search(dave, query).article_count == 1
        assert len(search(alice, query).articles) == 2
    assert search(dave, "社外秘の溶接").article_count == 0


def test_the_count_stops_past_the_cap(bob, group, monkeypatch):
    monkeypatch.setattr(ranking, "COUNT_CAP", 3)
    for n in range(5):
        write(bob, group, title=f"研磨の記録 {n}")

    results = search(bob, "研磨の記録", limit=2)

    assert results.article_count == 4  # more than the cap: the page says "3+"
    assert _titles(results) == ["研磨の記録 4", "研磨の記録 3"]
    assert len(search(bob, "研磨の記録", limit=2, offset=2).articles) == 2


def test_a_rebuild_restores_a_lost_trigram_table(bob, group):
    write(bob, group, title="溶接ひずみの対策")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FULLTEXT}")  # noqa: S608

    assert search(bob, "溶接ひずみ").articles == []
    assert rebuild_search_index() == {"articles": 1, "inquiries": 0}
    assert _titles(search(bob, "溶接ひずみ")) == ["溶接ひずみの対策"]
    assert SearchDocument.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_test_database_flush_empties_the_trigram_table_too(bob, group):
    # A transactional test ends with Django's flush: on PostgreSQL a TRUNCATE of the documents,
    # which the trigram table follows by its own trigger.
    write(bob, group, title="溶接ひずみの対策")
    assert _fulltext_rows() == 1


@pytest.mark.django_db(transaction=True)
def test_after_the_flush_the_trigram_table_is_empty(bob, group):
    assert _fulltext_rows() == 0
    write(bob, group, title="溶接ひずみの対策")
    assert _titles(search(bob, "溶接ひずみ")) == ["溶接ひずみの対策"]
