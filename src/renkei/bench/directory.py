"""`renkei bench directory`: the buyer-view member search, timed as the directory page runs it.

A timed page view is what members() in directory.views costs: the search on the group's cached
index (directory.facet_index) with its count and facet counts, then the first page of companies
with their processes and materials. The baseline
page does the same with directory.search.naive_queryset, plain ORM filters over joins that read no
denormalised column: its ids give the count and the first page, and the directory's own
facet_counts counts its facets. Both run in the same process, on the same data and queries.
The search alone (no facets) is timed for both as well, to tell the search from the counting.
"""

import statistics
from collections.abc import Callable
from functools import partial
from time import perf_counter
from typing import Any

from django.db.models import QuerySet

from renkei.bench.dataset import ensure_bench_data, run_facts
from renkei.directory.search import (
    CompanyListing,
    facet_counts,
    ids_in,
    naive_queryset,
    naive_search,
    search_directory,
)
from renkei.directory.views import PAGE_SIZE
from renkei.orgs.models import Company, Group

TARGET_P95_MS = 100.0
# What the directory page prefetches for the companies it shows.
PREFETCH = ("company_processes__process", "company_materials__material")

# What buyers type: full specifications, a process and a material, single words, places. The
# empty query is the plain member list a visitor sees first.
QUERIES = (
    "5軸 A7075 300mm ±0.01 JIS Q 9100",
    "めっき SUS304",
    "ワイヤ放電 SKD11 ±0.005",
    "旋盤 C3604",
    "研磨 鏡面",
    "溶接 SUS316L 1000mm",
    "マシニング A5052 ±0.01",
    "アルマイト A6061",
    "焼入れ SCM440",
    "レーザ切断 SPCC 2000mm",
    "平面研削 ±0.002",
    "IATF 16949 プレス打抜き",
    "ISO 13485 自動盤",
    "射出成形 POM",
    "三次元測定 ±0.002",
    "板金 曲げ SECC",
    "TIG SUS304",
    "5軸",
    "旋盤",
    "メッキ",
    "バフ",
    "ISO 9001",
    "熱処理",
    "精密",
    "試作",
    "短納期 SUS304",
    "愛知県",
    "東大阪",
    "新潟 研磨",
    "",
)


def add_arguments(parser: Any) -> None:
    parser.add_argument("--companies", type=int, default=10_000, help="member companies")
    parser.add_argument("--queries", type=int, default=200, help="timed page views")
    parser.add_argument("--seed", type=int, default=1, help="dataset seed")
    parser.add_argument("--group-slug", default="bench", help="slug of the benchmark group")


def _first_page(companies: QuerySet[Company] | CompanyListing) -> None:
    list(companies.prefetch_related(*PREFETCH)[:PAGE_SIZE])


def renkei_page(group: Group, text: str, *, facets: bool = True) -> int:
    """One directory page view: search, count, facet counts, first page, as views.members
    runs them (the search on the group's cached index)."""
    result = search_directory(
        group=group, text=text, include_unlisted=True, with_facets=facets, use_index=True
    )
    _first_page(result.listing)
    return result.total


def baseline_page(group: Group, text: str, *, facets: bool = True) -> int:
    """The same page from the naive search."""
    companies = naive_queryset(text, group)
    ids = list(companies.order_by("kana", "name").values_list("pk", flat=True))
    if facets:
        facet_counts(ids_in(ids), group)  # counted over the found ids, as renkei's page is
    _first_page(Company.objects.filter(pk__in=ids[:PAGE_SIZE]).order_by("kana", "name"))
    return len(ids)


VARIANTS: dict[str, Callable[..., int]] = {
    "renkei": renkei_page,
    "baseline": baseline_page,
    "search_only": partial(renkei_page, facets=False),
    "baseline_search_only": partial(baseline_page, facets=False),
}


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least pct % of values at or below."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def _timed(page: Callable[..., int], group: Group, text: str) -> float:
    started = perf_counter()
    page(group, text)
    return (perf_counter() - started) * 1000


def run(*, out: Callable[[str], None], **options: Any) -> dict[str, Any]:
    data = ensure_bench_data(
        companies=options["companies"], group_slug=options["group_slug"], seed=options["seed"]
    )
    group, count = data.group, max(1, options["queries"])
    origin = f"generated in {data.seconds:.1f} s" if data.generated else "reused"
    out(f"directory search over {data.companies:,} companies (group {group.slug!r}; data {origin})")

    # Warm-up, one pass of every query through every variant: fills the vocabulary caches and
    # the database page cache. The same pass compares the two searches' result sets.
    mismatches: list[dict[str, Any]] = []
    hits: dict[str, int] = {}
    for text in QUERIES:
        for page in VARIANTS.values():
            page(group, text)
        result = search_directory(group=group, text=text, include_unlisted=True)
        ours = set(result.ids or [])
        theirs = set(naive_search(text, group))
        hits[text] = len(ours)
        if ours != theirs:
            mismatches.append(
                {
                    "query": text,
                    "only_renkei": len(ours - theirs),
                    "only_baseline": len(theirs - ours),
                }
            )

    timings: dict[str, list[float]] = {name: [] for name in VARIANTS}
    by_query: dict[str, list[float]] = {text: [] for text in QUERIES}
    for i in range(count):
        text = QUERIES[i % len(QUERIES)]
        for name, page in VARIANTS.items():
            elapsed = _timed(page, group, text)
            timings[name].append(elapsed)
            if name == "renkei":
                by_query[text].append(elapsed)

    figures: dict[str, Any] = {}
    for name, values in timings.items():
        prefix = "" if name == "renkei" else f"{name}_"
        figures[f"{prefix}p50_ms"] = round(percentile(values, 50), 2)
        figures[f"{prefix}p95_ms"] = round(percentile(values, 95), 2)
    figures["speedup"] = round(figures["baseline_p95_ms"] / max(figures["p95_ms"], 0.001), 1)
    figures["search_only_speedup"] = round(
        figures["baseline_search_only_p95_ms"] / max(figures["search_only_p95_ms"], 0.001), 1
    )
    slowest = sorted(((statistics.median(v), q) for q, v in by_query.items() if v), reverse=True)
    report = {
        **figures,
        "companies": data.companies,
        "queries": count,
        "distinct_queries": len(QUERIES),
        "mean_ms": round(statistics.fmean(timings["renkei"]), 2),
        "max_ms": round(max(timings["renkei"]), 2),
        "baseline_mean_ms": round(statistics.fmean(timings["baseline"]), 2),
        "target_p95_ms": TARGET_P95_MS,
        "meets_target": figures["p95_ms"] <= TARGET_P95_MS,
        "mismatches": len(mismatches),
        "mismatched_queries": mismatches,
        "slowest_queries_p50_ms": {q or "(empty)": round(ms, 2) for ms, q in slowest[:5]},
        "hits": {q or "(empty)": n for q, n in hits.items()},
        **run_facts(data),
    }
    _print(out, report)
    return report


def _print(out: Callable[[str], None], r: dict[str, Any]) -> None:
    out(f"{r['queries']} timed page views, {r['distinct_queries']} distinct queries, warmed once")
    rows = (
        ("renkei page", ""),
        ("baseline page", "baseline_"),
        ("renkei search only", "search_only_"),
        ("baseline search only", "baseline_search_only_"),
    )
    for label, prefix in rows:
        out(f"{label:<21} p50 {r[prefix + 'p50_ms']:8.2f} ms   p95 {r[prefix + 'p95_ms']:8.2f} ms")
    page, search = r["speedup"], r["search_only_speedup"]
    out(f"speedup (baseline p95 ÷ renkei p95): {page}× page, {search}× search only")
    verdict = "met" if r["meets_target"] else "MISSED"
    out(f"target renkei page p95 ≤ {r['target_p95_ms']:.0f} ms: {verdict}")
    if r["mismatches"]:
        out(f"result sets differ for {r['mismatches']} of {r['distinct_queries']} queries:")
        for m in r["mismatched_queries"]:
            only = f"{m['only_renkei']} only in renkei, {m['only_baseline']} only in baseline"
            out(f"  {m['query']!r}: {only}")
    else:
        out(f"result sets agree for all {r['distinct_queries']} queries")
    slowest = ", ".join(f"{q} {ms} ms" for q, ms in r["slowest_queries_p50_ms"].items())
    out(f"slowest queries (renkei page median): {slowest}")
    if r["debug"]:
        out("note: DEBUG is on, so every query is also logged; the figures are pessimistic")
