"""`renkei bench search`: the knowledge market's Japanese search over N fictional articles.

It writes N articles in bulk into two private benchmark groups of one region (a deterministic
mix of group-only, region and public articles), builds the n-gram index (timed: build_s), then
times the article search as the pages run it (ranked hits with their count, highlighted
snippets, filtered by what the searcher may open) for queries of 1, 2 and 3+ characters. The
baseline, in the same run, on the same data and for the same searcher, is a LIKE '%q%' scan of
the documents' folded text that returns the first page's ids and the count; the index doing
that same work alone is timed too (index_only_p95_ms). Both must find the same hits, and any
query where they do not is printed.
"""

import random
from collections.abc import Callable
from functools import partial
from time import perf_counter
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q

from renkei.bench.dataset import BENCH_REGION, BenchDataError
from renkei.knowledge.access import Reader
from renkei.knowledge.choices import ArticleKind, DocType, Visibility
from renkei.knowledge.indexing import bulk_index_articles, refresh_statistics
from renkei.knowledge.models import Article, SearchDocument, SearchText, SearchToken
from renkei.knowledge.ranking import ranked_documents
from renkei.knowledge.search import search
from renkei.lib.ngram import fold_text, query_terms
from renkei.orgs.choices import PersonRole, Stage
from renkei.orgs.models import Group, GroupRole, Region

TARGET_P95_MS = 50.0
GROUPS = ("bench-knowledge-a", "bench-knowledge-b")
SEARCHER = "bench-searcher"
QUERIES = {
    "1char": ("溶", "磨", "錆", "型", "板", "穴", "熱", "削"),
    "2char": ("溶接", "研磨", "治具", "旋盤", "金型", "バリ", "ﾒｯｷ", "品質"),
    "3plus": (
        "溶接ひずみ",
        "表面粗さ",
        "バリ取り",
        "熱処理",
        "ステンレス",
        "ニッケルめっき",
        "段取り 時間",
        "SUS304",
    ),
}

# Fictional shop-floor Japanese: enough variety that words are rare or common as in real notes.
_TOPICS = (
    "TIG溶接",
    "MIG溶接",
    "スポット溶接",
    "鏡面研磨",
    "バフ研磨",
    "平面研削",
    "旋盤加工",
    "5軸加工",
    "ワイヤ放電",
    "プレス金型",
    "板金曲げ",
    "レーザ切断",
    "熱処理",
    "焼入れ",
    "無電解ニッケルめっき",
    "硬質クロムメッキ",
    "アルマイト",
    "塗装",
    "三次元測定",
    "治具設計",
    "段取り替え",
    "バリ取り",
    "ねじ切り",
    "穴あけ",
    "タップ加工",
    "鋳造",
    "鍛造",
    "射出成形",
    "組立",
    "検査",
)
_MATERIALS = (
    "SUS304",
    "SUS316L",
    "A5052",
    "A7075",
    "S45C",
    "SKD11",
    "SCM440",
    "C3604",
    "SPCC",
    "チタン",
    "ステンレス",
    "アルミ",
    "真鍮",
    "銅",
    "樹脂",
    "POM",
)
_PROBLEMS = (
    "溶接ひずみ",
    "表面粗さ",
    "寸法ばらつき",
    "錆",
    "焼け",
    "割れ",
    "バリ",
    "ビビり",
    "反り",
    "打痕",
    "色むら",
    "ピンホール",
    "工具摩耗",
    "段取り時間",
    "品質不良",
    "納期遅れ",
)
_ACTIONS = (
    "条件を見直した",
    "治具を改良した",
    "手順を写真で残した",
    "若手に教えた",
    "記録を取った",
    "前処理を変えた",
    "工具を替えた",
    "温度を下げた",
    "速度を落とした",
    "検査を増やした",
    "ベテランに聞いた",
    "動画で撮った",
    "数値化した",
    "標準化した",
)
_SENTENCES = (
    "{m}の{t}で{p}が出たので{a}。",
    "{t}では{p}を防ぐため{a}。",
    "{m}は{p}が起きやすい。{a}ところ改善した。",
    "次回の{t}は{m}で試す。担当は{n}。",
    "{n}さんの{t}のコツ：{p}に注意して{a}。",
    "{p}の原因は{t}の条件だった。",
)
_NAMES = ("青木", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林")
_KINDS = (ArticleKind.MANUAL, ArticleKind.MINUTES, ArticleKind.QUESTION, ArticleKind.CASE)


def add_arguments(parser: Any) -> None:
    parser.add_argument("--articles", type=int, default=20_000, help="articles to write")
    parser.add_argument("--queries", type=int, default=20, help="timed runs of every query")
    parser.add_argument("--seed", type=int, default=1, help="dataset seed")


def _article(rng: random.Random, group: Group, number: int) -> Article:
    topic, material, problem = rng.choice(_TOPICS), rng.choice(_MATERIALS), rng.choice(_PROBLEMS)
    kind = rng.choice(_KINDS)
    title = {
        ArticleKind.MANUAL: f"{topic}の作業手順（{material}）",
        ArticleKind.MINUTES: f"第{number}回 {topic}研究会 議事録",
        ArticleKind.QUESTION: f"{material}の{topic}で{problem}が出ます",
        ArticleKind.CASE: f"{problem}対策の事例：{topic}",
    }[kind]
    lines = [
        rng.choice(_SENTENCES).format(
            t=rng.choice(_TOPICS),
            m=rng.choice(_MATERIALS),
            p=rng.choice(_PROBLEMS),
            a=rng.choice(_ACTIONS),
            n=rng.choice(_NAMES),
        )
        for _ in range(rng.randint(4, 8))
    ]
    roll = rng.random()
    visibility = (
        Visibility.GROUP if roll < 0.6 else Visibility.REGION if roll < 0.85 else Visibility.PUBLIC
    )
    return Article(
        group=group, kind=kind, title=title, body="\n".join(lines), visibility=visibility
    )


def _groups() -> tuple[list[Group], Any]:
    region, _ = Region.objects.get_or_create(
        slug=BENCH_REGION, defaults={"name": "ベンチマーク地域 (fictional)"}
    )
    groups = []
    for slug in GROUPS:
        group = Group.objects.filter(slug=slug).select_related("region").first()
        if group is None:
            group = Group.objects.create(
                region=region, slug=slug, name=f"ベンチ {slug[-1].upper()}", is_public=False,
                stage=Stage.BUILDING,
            )  # fmt: skip
        elif group.region.slug != BENCH_REGION:
            raise BenchDataError(f"group {slug!r} is not in the benchmark region; refusing")
        groups.append(group)
    user, _ = get_user_model().objects.get_or_create(username=SEARCHER)
    GroupRole.objects.get_or_create(user=user, group=groups[0], role=PersonRole.COORDINATOR)
    return groups, user


def _clear(groups: list[Group]) -> None:
    """Raw deletes: millions of token rows must not go through the ORM's collector."""
    ids = [g.pk for g in groups]
    marks = ", ".join(["%s"] * len(ids))
    tokens, documents = SearchToken._meta.db_table, SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        for table in (tokens, SearchText._meta.db_table):
            cursor.execute(
                f"DELETE FROM {table} WHERE document_id IN "  # noqa: S608
                f"(SELECT id FROM {documents} WHERE group_id IN ({marks}))",
                ids,
            )
        cursor.execute(f"DELETE FROM {documents} WHERE group_id IN ({marks})", ids)  # noqa: S608
    Article.objects.filter(group__in=groups).delete()


def make_articles(count: int, seed: int) -> tuple[list[Group], Any, float, float]:
    """Writes ``count`` articles and indexes them; returns the groups, the searcher, and the
    seconds spent writing and indexing."""
    if count < 1:
        raise BenchDataError("--articles must be at least 1")
    groups, user = _groups()
    _clear(groups)
    rng = random.Random(seed)
    started = perf_counter()
    with transaction.atomic():
        rows = [_article(rng, groups[i % 2], i + 1) for i in range(count)]
        articles = Article.objects.bulk_create(rows, batch_size=2_000)
    written = perf_counter() - started
    for article in articles:
        article.group = groups[0] if article.group_id == groups[0].pk else groups[1]
    started = perf_counter()
    with transaction.atomic():
        bulk_index_articles(articles)
    refresh_statistics()
    return groups, user, written, perf_counter() - started


def baseline(reader: Reader, query: str, limit: int = 20) -> tuple[list[int], int]:
    """A LIKE '%q%' scan of the folded text, for every word, with the same visibility rule."""
    documents = SearchDocument.objects.filter(doc_type=DocType.ARTICLE)
    allowed = Q(visibility=Visibility.PUBLIC)
    if reader.region_ids:
        allowed |= Q(visibility=Visibility.REGION, region_id__in=reader.region_ids)
    if reader.group_ids:
        allowed |= Q(group_id__in=reader.group_ids)
    documents = documents.filter(allowed)
    for term in query_terms(query):
        documents = documents.filter(text__folded__contains=fold_text(term))
    total = documents.count()
    return list(documents.order_by("-doc_id").values_list("doc_id", flat=True)[:limit]), total


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def _ms(call: Callable[[], object]) -> float:
    started = perf_counter()
    call()
    return (perf_counter() - started) * 1000


def run(*, out: Callable[[str], None], **options: Any) -> dict[str, Any]:
    count, seed = options["articles"], options["seed"]
    groups, user, written, build = make_articles(count, seed)
    reader = Reader.of(user)
    out(f"knowledge search over {count:,} articles ({connection.vendor})")
    out(f"articles written in {written:.1f} s")
    out(f"index built in {build:.1f} s ({SearchToken.objects.count():,} tokens)")

    mismatches, hits = [], {}
    for queries in QUERIES.values():
        for query in queries:
            # Warm-up and the check that both ways find the same articles.
            terms = [[t] for t in query_terms(query)]
            ours, _total = ranked_documents(terms, reader, DocType.ARTICLE, limit=10**9)
            theirs = set(baseline(reader, query, limit=10**9)[0])
            found = {pk for pk, _ in ours}
            hits[query] = len(found)
            if found != theirs:
                mismatches.append(
                    {
                        "query": query,
                        "only_index": len(found - theirs),
                        "only_like": len(theirs - found),
                    }
                )
    timings: dict[str, list[float]] = {name: [] for name in QUERIES}
    base: list[float] = []
    index_only: list[float] = []
    for _ in range(max(1, options["queries"])):
        for name, queries in QUERIES.items():
            for query in queries:
                timings[name].append(_ms(partial(search, user, query, everywhere=False)))
                base.append(_ms(partial(baseline, reader, query)))
                # The same work as the baseline (ids of the first page and the count), no more.
                terms = [[t] for t in query_terms(query)]
                index_only.append(
                    _ms(partial(ranked_documents, terms, reader, DocType.ARTICLE, limit=20))
                )
    report: dict[str, Any] = {
        "p95_ms_1char": round(percentile(timings["1char"], 95), 2),
        "p95_ms_2char": round(percentile(timings["2char"], 95), 2),
        "p95_ms_3plus": round(percentile(timings["3plus"], 95), 2),
        "baseline_p95_ms": round(percentile(base, 95), 2),
        "index_only_p95_ms": round(percentile(index_only, 95), 2),
        "build_s": round(build, 2),
        "write_s": round(written, 2),
        "articles": count,
        "tokens": SearchToken.objects.filter(document__group__in=groups).count(),
        "runs_per_query": max(1, options["queries"]),
        "target_p95_ms": TARGET_P95_MS,
        "mismatches": len(mismatches),
        "mismatched_queries": mismatches,
        "hits": hits,
        "database": connection.vendor,
        "debug": settings.DEBUG,
    }
    worst = max(report[f"p95_ms_{n}"] for n in QUERIES)
    report["meets_target"] = worst <= TARGET_P95_MS
    _print(out, report)
    return report


def _print(out: Callable[[str], None], r: dict[str, Any]) -> None:
    for name in QUERIES:
        out(f"renkei search, {name:<6} p95 {r[f'p95_ms_{name}']:8.2f} ms")
    out(f"LIKE '%q%' baseline  p95 {r['baseline_p95_ms']:8.2f} ms (ids of one page and the count)")
    out(f"index, the same work p95 {r['index_only_p95_ms']:8.2f} ms (no snippets, no articles)")
    verdict = "met" if r["meets_target"] else "MISSED"
    out(f"target p95 ≤ {r['target_p95_ms']:.0f} ms for every length: {verdict}")
    if r["mismatches"]:
        out(f"hits differ for {r['mismatches']} queries:")
        for m in r["mismatched_queries"]:
            out(f"  {m['query']!r}: {m['only_index']} only by index, {m['only_like']} only by LIKE")
    else:
        out(f"index and LIKE find the same articles for all {len(r['hits'])} queries")
    out("hits: " + ", ".join(f"{q} {n}" for q, n in r["hits"].items()))
