"""`renkei bench search`: the command surface and its data, never timings."""

import io
import json

import pytest
from django.core.management import call_command

from renkei.knowledge.models import Article, SearchDocument, SearchToken

pytestmark = pytest.mark.django_db

REQUIRED = {
    "p95_ms_1char",
    "p95_ms_2char",
    "p95_ms_3plus",
    "baseline_p95_ms",
    "build_s",
    "scan_ratio_3plus",
}


def _run(*args):
    out = io.StringIO()
    call_command("bench", "search", *args, stdout=out)
    return out.getvalue()


def test_bench_search_prints_figures_and_json_with_the_required_keys(db):
    output = _run("--articles", "200", "--queries", "1", "--json")

    figures = json.loads(output.strip().splitlines()[-1])
    assert set(figures) >= REQUIRED
    assert figures["articles"] == 200
    assert figures["mismatches"] == 0
    assert figures["hits"]["溶接"] > 0
    assert "with LIKE '%q%'" in output and "the scan alone" in output
    assert Article.objects.filter(group__slug__startswith="bench-knowledge").count() == 200
    assert SearchDocument.objects.count() == 200


def test_running_again_replaces_the_articles_and_their_index(db):
    _run("--articles", "50", "--queries", "1")
    tokens = SearchToken.objects.count()
    titles = list(Article.objects.order_by("pk").values_list("title", flat=True))

    _run("--articles", "50", "--queries", "1")

    assert Article.objects.count() == 50
    assert SearchToken.objects.count() == tokens
    assert list(Article.objects.order_by("pk").values_list("title", flat=True)) == titles


def test_bench_search_leaves_real_groups_alone(db, bob, group):
    from renkei.knowledge.tests.conftest import write

    mine = write(bob, group, title="本物の記事")

    _run("--articles", "20", "--queries", "1")

    assert Article.objects.filter(pk=mine.pk).exists()
    assert SearchDocument.objects.filter(doc_id=mine.pk, doc_type="article").exists()
