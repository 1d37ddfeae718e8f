"""`renkei bench search`: the knowledge market's Japanese search over N fictional articles.

It writes N articles in bulk into two private benchmark groups of one region (a deterministic
mix of group-only, region and public articles), builds the n-gram index (timed: build_s), then
times the article search as the pages run it (the searcher's visibility, the glossary's
variants, ranked hits with their count, the articles with highlighted snippets) for queries of
1, 2 and 3+ characters. The baseline, in the same run, on the same data and for the same
searcher, is the same page with a LIKE '%q%' scan of the documents' folded text in place of the
index: the page's ids and the count come from the scan, everything else is the same code. The
two engines alone are timed as well: the index's ranked ids and count against the scan's
(index_p95_ms_*, scan_p95_ms_*). Both must find the same hits, and any query where they do not
is printed. The targets: p95 ≤ TARGET_P95_MS for every word length, and at least TARGET_RATIO
times faster than the baseline of the same length, page against page and engine against engine
(issue 17).
"""

import os
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from renkei.knowledge.ranking import COUNT_CAP, ranked_documents
from renkei.knowledge.search import article_hits, expand, search
from renkei.lib.ngram import fold_text, query_terms
from renkei.orgs.choices import PersonRole, Stage
from renkei.orgs.models import Group, GroupRole, Region

TARGET_P95_MS = 50.0
TARGET_RATIO = 10.0
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
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the articles an earlier run wrote, when there are --articles of them",
    )


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


# The postings' indexes that lead with the token: tens of millions of rows land in them at random
# places, which is far slower than building them once, sorted, after the rows are in.
_TOKEN_INDEXES = ("search_token_lookup", "search_token_tier")


@contextmanager
def _token_indexes_after() -> Iterator[None]:
    """Drops the token-leading indexes of the postings and creates them again, from their own
    definitions in the catalogue, once the block has written the rows; on PostgreSQL the same
    for the postings' foreign key, whose deferred check would otherwise queue one trigger event
    per row (adding it back checks every row in one join). Inside the caller's transaction, so
    that a failed build leaves them as they were."""
    marks = ", ".join(["%s"] * len(_TOKEN_INDEXES))
    columns = {
        "sqlite": "name, sql FROM sqlite_master WHERE type = 'index' AND name",
        "postgresql": "indexname, indexdef FROM pg_indexes WHERE indexname",
    }.get(connection.vendor)
    catalogue = f"SELECT {columns} IN ({marks})" if columns else ""
    definitions: list[tuple[str, str]] = []
    keys: list[tuple[str, str]] = []
    table = SearchToken._meta.db_table
    with connection.cursor() as cursor:
        if catalogue:
            cursor.execute(catalogue, list(_TOKEN_INDEXES))
            definitions = list(cursor.fetchall())
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            keys = list(cursor.fetchall())
            # Django's foreign keys are deferred; PostgreSQL alters no table with pending checks
            # (rows written earlier in the transaction, as a test does).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _ in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size = -400000")  # 400 MB while the indexes are sorted
        for name, _ in definitions:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the documents' and texts' checks
        for name, sql in keys:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {sql}"
            )
        for _, sql in definitions:
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares them
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size = -20000")


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
    with transaction.atomic(), _token_indexes_after():
        bulk_index_articles(articles)
    refresh_statistics()
    return groups, user, written, perf_counter() - started


def _scan(reader: Reader, terms: list[list[str]], limit: int) -> tuple[list[int], int]:
    """A LIKE '%q%' scan of the folded text, a document holding a variant of every word, with
    the same visibility rule: the newest ``limit`` ids and the count."""
    documents = SearchDocument.objects.filter(doc_type=DocType.ARTICLE)
    allowed = Q(visibility=Visibility.PUBLIC)
    if reader.region_ids:
        allowed |= Q(visibility=Visibility.REGION, region_id__in=reader.region_ids)
    if reader.group_ids:
        allowed |= Q(group_id__in=reader.group_ids)
    documents = documents.filter(allowed)
    for variants in terms:
        holds = Q()
        for variant in variants:
            holds |= Q(text__folded__contains=fold_text(variant))
        documents = documents.filter(holds)
    total = documents.count()
    return list(documents.order_by("-doc_id").values_list("doc_id", flat=True)[:limit]), total


def baseline(reader: Reader, query: str, limit: int = 20) -> tuple[list[int], int]:
    """The scan alone, for the query's words as typed."""
    return _scan(reader, [[t] for t in query_terms(query)], limit)


def baseline_page(user: Any, query: str, limit: int = 20) -> int:
    """search() with the scan in place of the index: the same reader, glossary and hits."""
    reader = Reader.of(user)
    words = query_terms(query)
    if not words:
        return 0
    terms = expand(words, reader)
    ids, total = _scan(reader, terms, limit)
    article_hits([(pk, 1) for pk in ids], [v for vs in terms for v in vs])
    return total


def _ratio(slow: float, fast: float) -> float | None:
    return round(slow / fast, 2) if fast else None


def _every(by_length: dict[str, list[float]]) -> list[float]:
    return [ms for values in by_length.values() for ms in values]


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
    reuse = options.get("reuse") and Article.objects.filter(group__slug__in=GROUPS).count() == count
    if reuse:
        groups, user = _groups()
        written = build = 0.0
    else:
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
    timed: dict[str, dict[str, list[float]]] = {
        way: {name: [] for name in QUERIES} for way in ("page", "base", "index", "scan")
    }
    for _ in range(max(1, options["queries"])):
        for name, queries in QUERIES.items():
            for query in queries:
                timed["page"][name].append(_ms(partial(search, user, query, everywhere=False)))
                timed["base"][name].append(_ms(partial(baseline_page, user, query)))
                # The engines alone: the ids of the first page and the count, no more.
                terms = [[t] for t in query_terms(query)]
                timed["index"][name].append(
                    _ms(partial(ranked_documents, terms, reader, DocType.ARTICLE, limit=20))
                )
                timed["scan"][name].append(_ms(partial(baseline, reader, query)))
    capped = 0
    for queries in QUERIES.values():
        for query in queries:
            capped += search(user, query, everywhere=False).article_count > COUNT_CAP
    report: dict[str, Any] = {}
    for name in QUERIES:
        p95s = {way: percentile(timed[way][name], 95) for way in timed}
        report[f"p95_ms_{name}"] = round(p95s["page"], 2)
        report[f"baseline_p95_ms_{name}"] = round(p95s["base"], 2)
        report[f"ratio_{name}"] = _ratio(p95s["base"], p95s["page"])
        report[f"index_p95_ms_{name}"] = round(p95s["index"], 2)
        report[f"scan_p95_ms_{name}"] = round(p95s["scan"], 2)
        report[f"scan_ratio_{name}"] = _ratio(p95s["scan"], p95s["index"])
    report |= {
        "baseline_p95_ms": round(percentile(_every(timed["base"]), 95), 2),
        "index_only_p95_ms": round(percentile(_every(timed["index"]), 95), 2),
        "build_s": round(build, 2),
        "write_s": round(written, 2),
        "articles": count,
        "reused": bool(reuse),
        "tokens": SearchToken.objects.filter(document__group__in=groups).count(),
        "runs_per_query": max(1, options["queries"]),
        "target_p95_ms": TARGET_P95_MS,
        "target_ratio": TARGET_RATIO,
        "count_cap": COUNT_CAP,
        "capped_queries": capped,
        "mismatches": len(mismatches),
        "mismatched_queries": mismatches,
        "hits": hits,
        "database": connection.vendor,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "debug": settings.DEBUG,
    }
    report["meets_target"] = all(
        report[f"p95_ms_{n}"] <= TARGET_P95_MS
        and (report[f"ratio_{n}"] or 0) >= TARGET_RATIO
        and (report[f"scan_ratio_{n}"] or 0) >= TARGET_RATIO
        for n in QUERIES
    )
    _print(out, report)
    return report


def _print(out: Callable[[str], None], r: dict[str, Any]) -> None:
    for name in QUERIES:
        out(
            f"search page, {name:<6} p95 {r[f'p95_ms_{name}']:8.2f} ms, with LIKE '%q%' "
            f"{r[f'baseline_p95_ms_{name}']:8.2f} ms: {r[f'ratio_{name}']}x; the index alone "
            f"{r[f'index_p95_ms_{name}']:7.2f} ms, the scan alone {r[f'scan_p95_ms_{name}']:7.2f} "
            f"ms: {r[f'scan_ratio_{name}']}x"
        )
    verdict = "met" if r["meets_target"] else "MISSED"
    out(
        f"target p95 ≤ {r['target_p95_ms']:.0f} ms and ≥ {r['target_ratio']:.0f}x LIKE for every "
        f"length, page and engine: {verdict} (load average {r['load_average'][0]})"
    )
    out(f"counts capped at {r['count_cap']}+ for {r['capped_queries']} queries")
    if r["mismatches"]:
        out(f"hits differ for {r['mismatches']} queries:")
        for m in r["mismatched_queries"]:
            out(f"  {m['query']!r}: {m['only_index']} only by index, {m['only_like']} only by LIKE")
    else:
        out(f"index and LIKE find the same articles for all {len(r['hits'])} queries")
    out("hits: " + ", ".join(f"{q} {n}" for q, n in r["hits"].items()))
