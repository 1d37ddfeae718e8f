"""`renkei bench match`: ranking the members for one inquiry line, as the coordinator's page does.

renkei gates and scores the members on its in-memory capabilities index (inquiries.match_index)
and judges only the ten best from the database. The baseline is what a first version would do:
every member company through the ORM with its processes, materials and certificates, each
judged and scored in Python, then sorted. Both rank the same lines on the same data in the same
process with the same track records, and must agree on the best candidates. The index is built
once before the timed rounds (as a running server has it) and its build time is reported, with
the process's peak memory once it holds the index (``rss_mb``: what a web process needs).

At national size (500,000 companies) the baseline takes minutes a line, so ``--baseline-lines``
runs it for the first few lines only; the agreement check covers those.
"""

import heapq
import os
import statistics
from collections.abc import Callable
from functools import partial
from time import perf_counter
from typing import Any

from django.db import connection
from django.utils import timezone

from renkei.bench.dataset import ensure_bench_data
from renkei.bench.directory import percentile
from renkei.capabilities.models import Material, Process
from renkei.core import stamps
from renkei.directory.search import vocabulary
from renkei.inquiries import track_record
from renkei.inquiries.matching import Candidate, Need, group_pool, judge, rank
from renkei.inquiries.track_record import EMPTY
from renkei.lib.jtext import fold_compact
from renkei.orgs.models import Company, Group

TARGET_P95_MS = 25.0
TARGET_SPEEDUP = 100.0
LIMIT = 10

# (steps, material, size mm, tolerance µm, certificates): lines as customers send them.
LINES: tuple[tuple[tuple[str, ...], str, float | None, float | None, tuple[str, ...]], ...] = (
    (("5軸・複合",), "A7075", 300, 10, ("JIS Q 9100",)),
    (("旋削",), "SUS304", None, None, ()),
    (("旋削", "平面研削"), "S45C", 100, 5, ()),
    (("ワイヤ放電",), "SKD11", None, 5, ()),
    (("マシニング",), "A5052", 500, 20, ("ISO 9001",)),
    (("レーザ切断", "曲げ", "TIG"), "SUS304", 1000, None, ()),
    (("プレス打抜き・順送",), "SPCC", None, None, ("IATF 16949",)),
    (("自動盤",), "C3604", None, 10, ("ISO 13485",)),
)


def add_arguments(parser: Any) -> None:
    parser.add_argument("--companies", type=int, default=100_000, help="member companies")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds over every line")
    parser.add_argument("--baseline-rounds", type=int, default=1, help="rounds of the baseline")
    parser.add_argument(
        "--baseline-lines", type=int, default=len(LINES), help="lines the baseline ranks"
    )
    parser.add_argument("--seed", type=int, default=1, help="dataset seed")
    parser.add_argument("--group-slug", default="bench", help="slug of the benchmark group")


def needs() -> list[Need]:
    processes = vocabulary().processes
    names = {p.pk: p.name_ja for p in Process.objects.all()}
    made = []
    for steps, symbol, size, tolerance, certificates in LINES:
        ids = [processes[fold_compact(step)] for step in steps]
        made.append(
            Need(
                steps=[(pk, names[pk]) for pk in ids],
                material=Material.objects.select_related("family").get(symbol=symbol),
                size_mm=size,
                tolerance_um=tolerance,
                certifications=list(certificates),
                on=timezone.localdate(),
            )
        )
    return made


def naive_rank(group: Group, need: Need) -> list[Candidate]:
    """Every member through the ORM and judged in Python: the same-run baseline."""
    from django.db.models import Prefetch

    from renkei.capabilities.models import Certification

    companies = (
        Company.objects.filter(memberships__group=group, memberships__left_on__isnull=True)
        .filter(kind="manufacturer")
        .prefetch_related(
            "company_processes",
            "company_materials__material",
            Prefetch(
                "certifications", Certification.objects.valid_on(need.on), to_attr="valid_certs"
            ),
        )
    )
    records = track_record.records()
    # Streamed in chunks (prefetching per chunk) and only the best kept: all of a national
    # pool's companies with their capabilities at once would take gigabytes.
    judged = (
        judge(company, need, records.get(company.pk, EMPTY))
        for company in companies.iterator(chunk_size=2000)
    )
    return heapq.nsmallest(LIMIT, judged, key=lambda c: c.order)


def peak_rss_mb() -> float | None:
    """The process's peak resident memory so far (VmHWM), in MB; None where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _time(fn: Callable[[], list[Candidate]]) -> tuple[float, list[Candidate]]:
    started = perf_counter()
    result = fn()
    return (perf_counter() - started) * 1000, result


def run(*, out: Callable[[str], None], **options: Any) -> dict[str, Any]:
    data = ensure_bench_data(
        companies=options["companies"], group_slug=options["group_slug"], seed=options["seed"]
    )
    group = data.group
    origin = f"generated in {data.seconds:.1f} s" if data.generated else "reused"
    out(f"ranking over {data.companies:,} member companies (group {group.slug!r}; data {origin})")
    members = group_pool(group)
    lines = needs()
    stamps.forget()
    started = perf_counter()
    members.index()
    build_s = perf_counter() - started
    for need in lines:  # warm-up: caches and the database's pages
        rank(members, need, LIMIT)
    rss_mb = peak_rss_mb()  # before the baseline, whose ORM objects would inflate it
    out(f"capabilities index built in {build_s:.2f} s; peak memory {rss_mb} MB")

    ours: list[float] = []
    for _round in range(max(1, options["rounds"])):
        for need in lines:
            ours.append(_time(partial(rank, members, need, LIMIT))[0])
    theirs: list[float] = []
    disagreements = 0
    for _round in range(max(1, options["baseline_rounds"])):
        for need in lines[: max(1, options["baseline_lines"])]:
            elapsed, baseline = _time(partial(naive_rank, group, need))
            theirs.append(elapsed)
            best = [c.company.pk for c in rank(members, need, LIMIT) if c.passes]
            expected = [c.company.pk for c in baseline if c.passes]
            disagreements += best != expected
    figures = {
        "p50_ms": round(percentile(ours, 50), 2),
        "p95_ms": round(percentile(ours, 95), 2),
        "baseline_p50_ms": round(percentile(theirs, 50), 2),
        "baseline_p95_ms": round(percentile(theirs, 95), 2),
    }
    figures["speedup"] = round(figures["baseline_p95_ms"] / max(figures["p95_ms"], 0.001), 1)
    report = {
        **figures,
        "companies": data.companies,
        "lines": len(lines),
        "timed_rankings": len(ours),
        "baseline_rankings": len(theirs),
        "mean_ms": round(statistics.fmean(ours), 2),
        "target_p95_ms": TARGET_P95_MS,
        "target_speedup": TARGET_SPEEDUP,
        "meets_target": figures["p95_ms"] <= TARGET_P95_MS
        and figures["speedup"] >= TARGET_SPEEDUP
        and not disagreements,
        "figures_agree": not disagreements,
        "disagreements": disagreements,
        "index_build_s": round(build_s, 2),
        "rss_mb": rss_mb,
        "load_average": [round(n, 2) for n in os.getloadavg()],
        "database": connection.vendor,
    }
    out(f"renkei   p50 {report['p50_ms']:8.2f} ms   p95 {report['p95_ms']:8.2f} ms")
    base50, base95 = report["baseline_p50_ms"], report["baseline_p95_ms"]
    out(f"baseline p50 {base50:8.2f} ms   p95 {base95:8.2f} ms")
    out(f"speedup (baseline p95 ÷ renkei p95): {report['speedup']}×")
    out(f"top candidates differ from the baseline's for {disagreements} rankings")
    verdict = "met" if report["meets_target"] else "MISSED"
    out(f"target p95 ≤ {TARGET_P95_MS:.0f} ms and ≥ {TARGET_SPEEDUP:.0f}× the baseline: {verdict}")
    return report
