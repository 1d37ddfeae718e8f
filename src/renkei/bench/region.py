"""`renkei bench region`: the region's views read from the rollups against the raw rows.

On the benchmark region (renkei.bench.region_data: ``--groups`` sharing groups, ``--members``
members with processes, ``--inquiries`` inquiries over three calendar years), one run:

- builds the rollups in full (``rollup_s``, rollups.build_region(full=True)), then changes one
  month — a share of its inquiries touched, a few declined ones left without their outcome so
  that they are judged through matching — and times the periodic incremental run
  (``incremental_s``, rollups.build_region as the periodic check calls it);
- times every view's query function (queries.trend, demand per dimension, unmet, suggestions,
  flows, capability per dimension, capacity, and the demand CSV download opendata.as_csv), each
  request from its parse_filters, ``--repeat`` times over a mix of filters (the years × every
  process and a few processes): ``p95_ms`` over all requests, and per view;
- the baseline: the same figures computed from the raw rows for each request, as the rollup
  computes them (facts._read of the year's inquiries, limited to the process asked for, then the
  rollups' own cell functions and the small-cell rule): ``baseline_p95_ms``; ``speedup`` is
  baseline_p95_ms ÷ p95_ms. A raw-rows request reads a whole year, so the baseline runs on the
  filters of ``--baseline-years`` (the latest years) only, once each, and at a million
  inquiries on fewer still: ``--baseline-filters`` (the first N) and ``--baseline-views``;
- checks that every view's figures from the rollups equal the baseline's ("figures agree").

Targets: p95 ≤ 200 ms for every view and speedup ≥ 20.

Needs a migrated database (`renkei migrate_all`); the data is generated on the first run and
reused after (a marker in the first bench group's tagline).
"""

import cProfile
import dataclasses
import datetime as dt
import io
import math
import pstats
from collections.abc import Callable
from functools import partial
from time import perf_counter
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext

from renkei.bench.dataset import BenchDataError, run_facts
from renkei.bench.region_data import RegionData, ensure_region_data
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Inquiry, LineStep
from renkei.orgs.models import Region
from renkei.region import facts as F
from renkei.region import opendata, queries
from renkei.region import rollups as R
from renkei.region.models import DemandCell, InquiryOutcome
from renkei.region.models.rollups import PeriodKind

TARGET_P95_MS = 200.0
TARGET_SPEEDUP = 20.0
CAPABILITY_DIMENSIONS = ("process", "envelope", "certification", "prefecture")
# The month the bench changes before the incremental run: a share of its inquiries, and a few
# declined inquiries whose recorded outcome is removed, so that the run judges them again.
TOUCH_EVERY = 20
REJUDGE = 20
ID_CHUNK = 900

Figures = Any
View = Callable[[queries.Filters], Figures]


def add_arguments(parser: Any) -> None:
    parser.add_argument("--inquiries", type=int, default=1_000_000, help="inquiries in 3 years")
    parser.add_argument("--groups", type=int, default=4, help="sharing groups of the region")
    parser.add_argument("--members", type=int, default=400, help="member companies in all")
    parser.add_argument("--customers", type=int, default=20_000, help="customers")
    parser.add_argument("--seed", type=int, default=1, help="dataset seed")
    parser.add_argument("--prefix", default="bench-region", help="slug prefix of the groups")
    parser.add_argument("--processes", type=int, default=3, help="processes in the filter mix")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of rollup requests")
    parser.add_argument(
        "--baseline-years", type=int, default=1, help="latest years the baseline runs on"
    )
    # Each raw-rows request reads a whole year (a minute or more at a million inquiries): these
    # keep the baseline affordable at that size.
    parser.add_argument(
        "--baseline-filters", type=int, default=0, help="only the first N baseline filters (0: all)"
    )
    parser.add_argument(
        "--baseline-views",
        default="",
        help="comma-separated views the baseline times (default: all)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="print where the full build's time goes (cProfile)"
    )


# --- the views, from the rollups and from the raw rows -------------------------------------------


def _demand_row(cell: DemandCell) -> tuple[Any, ...]:
    return (cell.key, cell.label_ja, cell.label_en, cell.inquiries, cell.customers,
            cell.companies, cell.won, cell.lost, cell.declined, cell.unmet, cell.quoted_yen,
            cell.ordered_yen)  # fmt: skip


def _shown_row(shown: Any, label_en: str) -> tuple[Any, ...]:
    c = shown.counts
    return (shown.key, shown.label, label_en, c["inquiries"], shown.customers or 0,
            shown.companies or 0, c["won"], c["lost"], c["declined"], c["unmet"],
            shown.money["quoted_yen"], shown.money["ordered_yen"])  # fmt: skip


def _rows(cells: QuerySet[Any] | list[Any], *names: str) -> list[tuple[Any, ...]]:
    return [tuple(getattr(cell, name) for name in names) for cell in cells]


UNMET = ("code", "key", "label_ja", "label_en", "inquiries", "customers", "value_yen")
FLOW = ("key", "label_ja", "label_en", "referrals", "inquiries", "can", "cannot", "unanswered",
        "won")  # fmt: skip
CAPABILITY = ("dimension", "key", "label_ja", "label_en", "companies")
CAPACITY = ("key", "label_ja", "label_en", "companies", "packages_in_hand", "days_in_hand",
            "capacity_packages")  # fmt: skip


def dimensions(filters: queries.Filters) -> list[str]:
    """The demand tables a page of these filters shows (no process table within a process)."""
    return [d for d in R.DIMENSIONS if not (filters.process and d == "process")]


def _rollup_demand(region: Region, dimension: str, f: queries.Filters) -> Figures:
    return [_demand_row(c) for c in queries.demand(region, f, dimension)]


def _rollup_capability(region: Region, dimension: str, f: queries.Filters) -> Figures:
    return _rows(queries.capability(region, dimension), *CAPABILITY)


def rollup_views(region: Region, filters: queries.Filters) -> dict[str, View]:
    views: dict[str, View] = {"trend": lambda f: queries.trend(region, f)}
    for dimension in dimensions(filters):
        views[f"demand.{dimension}"] = partial(_rollup_demand, region, dimension)
    # What the page shows (the first UNMET_SHOWN reasons); the CSV view reads them all.
    views["unmet"] = lambda f: _rows(queries.unmet(region, f, limit=queries.UNMET_SHOWN), *UNMET)
    views["suggestions"] = lambda f: queries.suggestions(region, f)
    views["flows"] = lambda f: _rows(queries.flows(region, f), *FLOW)
    for dimension in CAPABILITY_DIMENSIONS:
        views[f"capability.{dimension}"] = partial(_rollup_capability, region, dimension)
    views["capacity"] = lambda f: _rows(queries.capacity(region), *CAPACITY)
    views["csv.demand"] = lambda f: opendata.as_csv(region, opendata.DATASETS["demand"], f)
    return views


def raw_facts(region: Region, groups: list[int], year: int, process: str) -> list[F.Fact]:
    """The year's facts straight from the raw rows, only the inquiries asking for ``process``
    when one is given — month by month, as the rollup reads them (facts.read_facts)."""
    facts: list[F.Fact] = []
    for month in range(1, 13):
        start, end = F.month_span(dt.date(year, month, 1))
        inquiries = F.inquiries_in(groups, start, end)
        if process:
            # A semi-join: no DISTINCT over inquiries × lines × steps.
            asking = LineStep.objects.filter(process__code=process).values("line__inquiry_id")
            inquiries = inquiries.filter(pk__in=asking)
        facts += F._read(region, inquiries, groups)
    return facts


def _raw_trend(facts: list[F.Fact], year: int, names: R.Labels) -> list[tuple[dt.date, Any]]:
    by_month: dict[dt.date, list[F.Fact]] = {dt.date(year, m, 1): [] for m in range(1, 13)}
    for fact in facts:
        by_month[fact.month].append(fact)
    out = []
    for month, items in by_month.items():
        shown = R.demand_table(items, "all", names)
        out.append((month, shown[-1][0].counts["inquiries"] if shown else None))
    return out


def _raw_unmet(region: Region, facts: list[F.Fact], year: int) -> list[Any]:
    # Within a process the unmet facts are already only those asking for it, so the rollup's
    # cells for "every process" over them are that process's cells; the facts go in without
    # their processes so that unmet_rows computes only those.
    unmet = [dataclasses.replace(f, processes=set()) for f in facts if f.unmet]
    return R.unmet_rows(region, dt.date(year, 1, 1), unmet)


def _suggestions(cells: list[Any], year: int, limit: int = 5) -> list[str]:
    """queries.suggestions over cells computed from the raw rows."""
    gated = [c for c in cells if c.code in ("process", "certificate", "material", "size",
                                            "tolerance")]  # fmt: skip
    ranked = sorted(gated, key=lambda c: (-c.inquiries, -(c.value_yen or 0), c.position))
    out = []
    for cell in ranked[:limit]:
        values = {"what": cell.label, "n": f"{cell.inquiries:,}", "year": year}
        if cell.value_yen is not None:
            values["yen"] = f"{cell.value_yen:,}"
            text = gettext(
                "A member with %(what)s would have served %(n)s inquiries worth ¥%(yen)s in "
                "%(year)s."
            )
        else:
            text = gettext("A member with %(what)s would have served %(n)s inquiries in %(year)s.")
        out.append(text % values)
    return out


def _raw_csv(region: Region, f: queries.Filters, facts: list[F.Fact], names: R.Labels) -> str:
    rows = [
        {"dimension": dimension, "key": shown.key, "label": shown.label,
         **{name: value for name, value in zip(
             [n for n, _d in opendata.DEMAND_FIGURES], _shown_row(shown, en)[3:], strict=True)}}
        for dimension in ("all", *R.TABLE_DIMENSIONS)
        if not (f.process and dimension == "process")  # no such cells within a process
        for shown, en in R.demand_table(facts, dimension, names)
    ]  # fmt: skip
    dataset = dataclasses.replace(opendata.DATASETS["demand"], rows=lambda _r, _f: rows)
    return opendata.as_csv(region, dataset, f)


def baseline_views(region: Region, filters: queries.Filters) -> dict[str, View]:
    """Each view computed per request from the raw rows."""
    groups = F.sharing_groups(region)

    def year_facts(f: queries.Filters) -> tuple[list[F.Fact], R.Labels]:
        return raw_facts(region, groups, f.year, f.process), R.labels()

    def trend(f: queries.Filters) -> Figures:
        facts, names = year_facts(f)
        return _raw_trend(facts, f.year, names)

    def demand(f: queries.Filters, dimension: str) -> Figures:
        facts, names = year_facts(f)
        return [_shown_row(s, en) for s, en in R.demand_table(facts, dimension, names)]

    def unmet(f: queries.Filters) -> Figures:
        cells = sorted(_raw_unmet(region, year_facts(f)[0], f.year), key=lambda c: c.position)
        return _rows(cells[: queries.UNMET_SHOWN], *UNMET)

    def suggestions(f: queries.Filters) -> Figures:
        return _suggestions(_raw_unmet(region, year_facts(f)[0], f.year), f.year)

    def flows(f: queries.Filters) -> Figures:
        facts = raw_facts(region, groups, f.year, "")  # the flows are never within a process
        return _rows(R.flow_rows(region, dt.date(f.year, 1, 1), facts, groups), *FLOW)

    def capability(f: queries.Filters, dimension: str) -> Figures:
        cells = [c for c in R.capability_rows(region, groups) if c.dimension == dimension]
        return _rows(cells, *CAPABILITY)

    def csv(f: queries.Filters) -> Figures:
        facts, names = year_facts(f)
        return _raw_csv(region, f, facts, names)

    views: dict[str, View] = {"trend": trend}
    for dimension in dimensions(filters):
        views[f"demand.{dimension}"] = partial(demand, dimension=dimension)
    views["unmet"] = unmet
    views["suggestions"] = suggestions
    views["flows"] = flows
    for dimension in CAPABILITY_DIMENSIONS:
        views[f"capability.{dimension}"] = partial(capability, dimension=dimension)
    views["capacity"] = lambda f: _rows(R.capacity_rows(region, groups), *CAPACITY)
    views["csv.demand"] = csv
    return views


# --- the run -----------------------------------------------------------------------------------


def p95(samples: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] if ordered else 0.0


def _profiled(step: Callable[[], Any], profile: bool, out: Callable[[str], None]) -> float:
    profiler = cProfile.Profile() if profile else None
    started = perf_counter()
    if profiler is not None:
        profiler.enable()
    step()
    if profiler is not None:
        profiler.disable()
    elapsed = perf_counter() - started
    if profiler is not None:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
        for line in text.getvalue().splitlines():
            out(f"    {line}")
    return elapsed


def change_a_month(data: RegionData) -> tuple[dt.date, int, int]:
    """One month's changes, as a month of the board leaves them: every TOUCH_EVERY-th inquiry of
    the last December updated, and REJUDGE declined inquiries without their recorded outcome."""
    month = dt.date(data.years[-1], 12, 1)
    start, end = F.month_span(month)
    inquiries = Inquiry.objects.filter(group__in=data.groups, received_at__gte=start,
                                       received_at__lt=end)  # fmt: skip
    ids = list(inquiries.order_by("pk").values_list("pk", flat=True))[::TOUCH_EVERY]
    now = timezone.now()
    for i in range(0, len(ids), ID_CHUNK):
        Inquiry.objects.filter(pk__in=ids[i : i + ID_CHUNK]).update(updated_at=now)
    declined = list(
        inquiries.filter(status=InquiryStatus.DECLINED)
        .order_by("pk")
        .values_list("pk", flat=True)[:REJUDGE]
    )
    InquiryOutcome.objects.filter(inquiry_id__in=declined).delete()
    return month, len(ids), len(declined)


def filter_mix(region: Region, years: list[int], processes: int) -> list[dict[str, str]]:
    """Every year with every process, and with a few processes asked for often, less often,
    rarely (the year's process table from the rollup, by its rank)."""
    ranked = list(
        DemandCell.objects.filter(region=region, period_kind=PeriodKind.YEAR,
                                  period=dt.date(years[-1], 1, 1), process="",
                                  dimension="process")
        .exclude(key__in=["", "_other"]).order_by("position").values_list("key", flat=True)
    )  # fmt: skip
    picks = [ranked[i] for i in (0, 4, 19, 9, 2, 14) if i < len(ranked)][:processes]
    return [{"year": str(y), "process": p} for y in years for p in ["", *picks]]


def _time(
    region: Region, mix: list[dict[str, str]], make: Callable[[Region, queries.Filters],
    dict[str, View]], repeat: int, today: dt.date, only: set[str] | None = None,
) -> tuple[dict[str, list[float]], dict[tuple[str, str, str], Figures]]:  # fmt: skip
    """Milliseconds per view over ``repeat`` rounds of the mix, and each view's figures;
    ``only``: the views to time (default every one)."""
    samples: dict[str, list[float]] = {}
    figures: dict[tuple[str, str, str], Figures] = {}
    for _round in range(repeat):
        for data in mix:
            views = make(region, queries.parse_filters(region, data, today))
            for name, view in views.items():
                if only is not None and name not in only:
                    continue
                started = perf_counter()
                filters = queries.parse_filters(region, data, today)
                result = view(filters)
                samples.setdefault(name, []).append((perf_counter() - started) * 1000)
                figures[(data["year"], data["process"], name)] = result
    return samples, figures


def _check_migrated() -> None:
    if "region_demandcell" not in connection.introspection.table_names():
        raise BenchDataError("the database is not migrated: run `renkei migrate_all` first")


def run(*, out: Callable[[str], None], **options: Any) -> dict[str, Any]:
    _check_migrated()
    data = ensure_region_data(
        inquiries=options["inquiries"], groups=options["groups"], members=options["members"],
        customers=options["customers"], seed=options["seed"], prefix=options["prefix"],
    )  # fmt: skip
    region = data.groups[0].region
    origin = f"generated in {data.seconds:.1f} s" if data.generated else "reused"
    out(
        f"region {region.slug!r}: {data.inquiries:,} inquiries {data.years[0]}–{data.years[-1]} "
        f"of {len(data.groups)} sharing groups, {data.members:,} members, {data.customers:,} "
        f"customers (data {origin})"
    )
    with translation.override("ja"):
        return _measure(region, data, out, options)


def _measure(
    region: Region, data: RegionData, out: Callable[[str], None], options: dict[str, Any]
) -> dict[str, Any]:
    out("building the rollups in full (build_region(full=True))")
    rollup_s = _profiled(lambda: R.build_region(region, full=True), options["profile"], out)
    out(f"full build                         {rollup_s:8.2f} s")
    month, touched, rejudged = change_a_month(data)
    outcomes = InquiryOutcome.objects.count()
    result: dict[str, Any] = {}
    incremental_s = _profiled(
        lambda: result.update(R.build_region(region)), options["profile"], out
    )
    judged = InquiryOutcome.objects.count() - outcomes  # outcomes the run recorded again
    out(
        f"incremental run after {month:%Y-%m} changed ({touched:,} inquiries touched, "
        f"{rejudged} without an outcome, {judged} recorded again through matching): "
        f"{result.get('months')} month(s) in {incremental_s:.2f} s"
    )
    today = timezone.localdate()
    mix = filter_mix(region, data.years, options["processes"])
    out(f"timing {len(mix)} filters × {options['repeat']} rounds from the rollups")
    samples, figures = _time(region, mix, rollup_views, options["repeat"], today)
    baseline_mix = [m for m in mix if int(m["year"]) in data.years[-options["baseline_years"] :]]
    if options["baseline_filters"] > 0:
        baseline_mix = baseline_mix[: options["baseline_filters"]]
    only = {v.strip() for v in options["baseline_views"].split(",") if v.strip()} or None
    unknown = sorted((only or set()) - set(samples))
    if unknown:
        raise BenchDataError(f"--baseline-views: no such view {', '.join(unknown)}")
    out(f"timing {len(baseline_mix)} filters once from the raw rows (the baseline)")
    base_samples, base_figures = _time(region, baseline_mix, baseline_views, 1, today, only)
    disagreements = sorted(
        f"{name} {year} {process or '(all)'}"
        for (year, process, name), value in base_figures.items()
        if figures.get((year, process, name)) != value
    )
    views: dict[str, dict[str, Any]] = {
        name: {
            "p95_ms": round(p95(times), 2),
            "baseline_p95_ms": round(p95(base_samples[name]), 1) if name in base_samples else None,
            "speedup": round(p95(base_samples[name]) / max(p95(times), 1e-6), 1)
            if name in base_samples
            else None,
            "requests": len(times),
        }
        for name, times in samples.items()
    }
    every = [t for times in samples.values() for t in times]
    every_base = [t for times in base_samples.values() for t in times]
    p95_ms, baseline_p95_ms = p95(every), p95(every_base)
    worst = max(v["p95_ms"] for v in views.values())
    # Over the views the baseline timed (--baseline-views may leave some out).
    slowest_ratio = min((v["speedup"] for n, v in views.items() if n in base_samples), default=0)
    speedup = baseline_p95_ms / max(p95_ms, 1e-6)
    report = {
        "p95_ms": round(p95_ms, 2),
        "baseline_p95_ms": round(baseline_p95_ms, 1),
        "speedup": round(speedup, 1),
        "worst_view_p95_ms": worst,
        "lowest_view_speedup": slowest_ratio,
        "rollup_s": round(rollup_s, 2),
        "incremental_s": round(incremental_s, 2),
        "incremental_months": result.get("months"),
        "incremental_touched": touched,
        "incremental_judged": judged,
        "figures_agree": not disagreements,
        "disagreements": disagreements[:20],
        "views": views,
        "requests": len(every),
        "baseline_requests": len(every_base),
        "filters": [f"{m['year']}/{m['process'] or '*'}" for m in mix],
        "baseline_filters": [f"{m['year']}/{m['process'] or '*'}" for m in baseline_mix],
        "baseline_views": sorted(base_samples),
        "inquiries": data.inquiries,
        "groups": len(data.groups),
        "members": data.members,
        "customers": data.customers,
        "years": data.years,
        "rollup_rows": DemandCell.objects.filter(region=region).count(),
        "target_p95_ms": TARGET_P95_MS,
        "target_speedup": TARGET_SPEEDUP,
        "meets_target": worst <= TARGET_P95_MS and speedup >= TARGET_SPEEDUP,
        **run_facts(data),
    }
    _print(out, report)
    return report


def _print(out: Callable[[str], None], r: dict[str, Any]) -> None:
    out(f"{'view':24} {'p95 ms':>9} {'baseline p95 ms':>16} {'speedup':>9}")
    for name, v in r["views"].items():
        if v["speedup"] is None:  # not timed from the raw rows (--baseline-views)
            out(f"{name:24} {v['p95_ms']:9.2f} {'—':>16} {'—':>9}")
            continue
        out(f"{name:24} {v['p95_ms']:9.2f} {v['baseline_p95_ms']:16.1f} {v['speedup']:8.1f}×")
    out(
        f"all views: p95 {r['p95_ms']:.2f} ms (worst view {r['worst_view_p95_ms']:.2f} ms) against "
        f"{r['baseline_p95_ms']:.1f} ms from the raw rows: {r['speedup']}×"
    )
    out(f"rollups: full build {r['rollup_s']:.1f} s, incremental run {r['incremental_s']:.1f} s")
    if r["figures_agree"]:
        out("figures agree: every view from the rollups equals its computation from the raw rows")
    else:
        out(f"figures DISAGREE: {', '.join(r['disagreements'])}")
    p95_ok = "met" if r["worst_view_p95_ms"] <= r["target_p95_ms"] else "MISSED"
    speed_ok = "met" if r["speedup"] >= r["target_speedup"] else "MISSED"
    out(f"target p95 ≤ {r['target_p95_ms']:.0f} ms for every view: {p95_ok}")
    out(f"target speedup ≥ {r['target_speedup']:.0f}×: {speed_ok}")
    if r["debug"]:
        out("note: DEBUG is on, so every query is also logged; the figures are pessimistic")
