"""`renkei bench search` (issue 17): the figures against the same-run LIKE baseline per word
length, and a bulk build that leaves the postings' indexes as the migrations made them."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from renkei.bench.search import SEARCHER, baseline_page
from renkei.knowledge.indexing import FULLTEXT
from renkei.knowledge.search import search

pytestmark = pytest.mark.django_db

LENGTHS = ("1char", "2char", "3plus")


def _indexes() -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for name, info in connection.introspection.get_constraints(
                cursor, "knowledge_searchtoken"
            ).items()
            if info["index"]
        }


def test_the_figures_hold_a_ratio_to_the_baseline_for_every_length(db):
    out = io.StringIO()
    call_command("bench", "search", "--articles", "120", "--queries", "1", "--json", stdout=out)

    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    for length in LENGTHS:
        assert figures[f"baseline_p95_ms_{length}"] > 0
        assert figures[f"ratio_{length}"] == pytest.approx(
            figures[f"baseline_p95_ms_{length}"] / figures[f"p95_ms_{length}"], rel=0.05, abs=0.01
        )
        # The engines alone as well: the index's ids and count against the scan's.
        assert figures[f"scan_p95_ms_{length}"] > 0 and figures[f"index_p95_ms_{length}"] > 0
        assert figures[f"scan_ratio_{length}"] == pytest.approx(
            figures[f"scan_p95_ms_{length}"] / figures[f"index_p95_ms_{length}"],
            rel=0.05, abs=0.01,
        )  # fmt: skip
    assert figures["target_ratio"] == 10
    assert isinstance(figures["meets_target"], bool)
    if figures["meets_target"]:
        assert min(figures[f"scan_ratio_{n}"] for n in LENGTHS) >= 10
    assert len(figures["load_average"]) == 3
    assert figures["mismatches"] == 0
    assert figures["count_cap"] == 1000


def test_the_bulk_build_leaves_the_postings_indexes_and_fills_the_trigram_table(db):
    before = _indexes()
    assert {"search_token_lookup", "search_token_tier"} <= before

    call_command("bench", "search", "--articles", "40", "--queries", "1", stdout=io.StringIO())

    assert _indexes() == before
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FULLTEXT}")  # noqa: S608
        assert cursor.fetchone()[0] == 40


def test_the_searcher_sees_only_what_the_benchmark_groups_let_them(db, dave):
    call_command("bench", "search", "--articles", "60", "--queries", "1", stdout=io.StringIO())

    # dave belongs to neither benchmark group nor its region: nothing of theirs is public to him
    # but the public articles.
    for hit in search(dave, "溶接", everywhere=False).articles:
        assert hit.obj.visibility == "public"


def test_the_baseline_page_finds_what_the_search_page_finds(db):
    call_command("bench", "search", "--articles", "80", "--queries", "1", stdout=io.StringIO())
    searcher = get_user_model().objects.get(username=SEARCHER)
    for query in ("溶接", "バリ取り", "熱"):
        found = search(searcher, query, everywhere=False)
        assert found.article_count > 0
        assert baseline_page(searcher, query) == found.article_count
