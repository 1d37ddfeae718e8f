"""Building the region's rollups from the raw rows, incrementally by month.

A run recomputes the month cells of the months whose inquiries changed since the watermark, and
the year cells (and the unmet demand and flows, kept by year) of those months' years — a year's
distinct customers cannot be added up from its months, so the year's other months come from
the facts kept of them (renkei.region.snapshots), not from the raw rows again. The capability
map and the capacity are a picture of today, rebuilt at most every ``CAPABILITY_EVERY``. Every
cell passes the small-cell rule (renkei.lib.suppression) before it is saved, so the tables hold
nothing a page may not show.

``build_region`` is what `renkei region_rollup` and the periodic check call; ``compute_year``
is the same computation straight from the raw rows, for the benchmark's baseline.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext

from renkei.capabilities.models import (
    Certification,
    CompanyProcess,
    Equipment,
    MaterialFamily,
    Process,
)
from renkei.core.audit import audit
from renkei.inquiries.choices import Industry, InquiryStatus
from renkei.inquiries.models import AnswerKind
from renkei.lib.suppression import OTHER, Cell, Shown, suppress
from renkei.orgs.models import Company, Membership, Region
from renkei.projects.allocation import BASE_CAPACITY
from renkei.region import facts as F
from renkei.region import snapshots
from renkei.region.models import (
    CapabilityCell,
    CapacityCell,
    DemandCell,
    FlowCell,
    RollupWatermark,
    UnmetCell,
)
from renkei.region.models.rollups import PeriodKind

CAPABILITY_EVERY = dt.timedelta(minutes=10)
DIMENSIONS = ("all", "process", "material_family", "industry", "size_band", "tolerance_band",
              "prefecture")  # fmt: skip
TABLE_DIMENSIONS = DIMENSIONS[1:]


def _both(label: Callable[[], str]) -> tuple[str, str]:
    out = []
    for language in ("ja", "en"):
        with translation.override(language):
            out.append(str(label()))
    return out[0], out[1]


def other_labels() -> tuple[str, str]:
    return _both(lambda: gettext("Other"))


@dataclass
class Labels:
    """Labels of every key of every dimension, in Japanese and English."""

    names: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    def of(self, dimension: str, key: str) -> tuple[str, str]:
        if (dimension, key) in self.names:
            return self.names[(dimension, key)]
        if key == F.UNKNOWN:
            return _both(lambda: gettext("Not stated"))
        return key, key


def _industry(value: str) -> str:
    return str(Industry(value).label)


def labels() -> Labels:
    found = Labels()
    for code, ja, en in Process.objects.values_list("code", "name_ja", "name_en"):
        found.names[("process", code)] = (ja, en or ja)
    for code, ja, en in MaterialFamily.objects.values_list("code", "name_ja", "name_en"):
        found.names[("material_family", code)] = (ja, en or ja)
    for value, _label in Industry.choices:
        found.names[("industry", value)] = _both(partial(_industry, value))
    for dimension, bands in (("size_band", F.SIZE_BANDS), ("tolerance_band", F.TOLERANCE_BANDS)):
        short = dimension.split("_")[0]
        for _top, code in bands:
            found.names[(dimension, code)] = _both(partial(F.band_label, short, code))
    for code, _top in ((c, t) for t, c in F.ENVELOPE_BANDS):
        found.names[("envelope", code)] = _both(partial(F.band_label, "size", code))
    from renkei.orgs.choices import PREFECTURES

    for prefecture in PREFECTURES:
        en = prefecture
        found.names[("prefecture", prefecture)] = (prefecture, en)
    return found


def keys_of(fact: F.Fact, dimension: str) -> set[str]:
    if dimension == "all":
        return {""}
    if dimension == "process":
        return fact.processes or {F.UNKNOWN}
    if dimension == "material_family":
        return fact.families or {F.UNKNOWN}
    value = {
        "industry": fact.industry,
        "size_band": fact.size_band,
        "tolerance_band": fact.tolerance_band,
        "prefecture": fact.prefecture,
    }[dimension]
    return {value}


# By the statuses' values: the facts hold the plain strings the database gives.
_COUNTED: dict[str, str] = {InquiryStatus.WON.value: "won", InquiryStatus.LOST.value: "lost",
                            InquiryStatus.DECLINED.value: "declined"}  # fmt: skip


def demand_cell(key: str, label: str, items: list[F.Fact]) -> Cell:
    # One pass over the cell's facts: a year of a million-inquiry region puts hundreds of
    # thousands in a cell, and the rollup makes thousands of cells.
    counts = {"inquiries": len(items), "won": 0, "lost": 0, "declined": 0, "unmet": 0}
    customers: set[str] = set()
    companies: set[int] = set()
    quoted_yen = ordered_yen = 0
    quoted: set[int] = set()
    ordered: set[int] = set()
    for f in items:
        customers.add(f.customer)
        companies.update(f.companies)
        counted = _COUNTED.get(f.status)
        if counted is not None:
            counts[counted] += 1
        if f.reasons:
            counts["unmet"] += 1
        if f.quoted_yen is not None:
            quoted_yen += f.quoted_yen
            quoted.add(f.id)
        if f.ordered_yen is not None:
            ordered_yen += f.ordered_yen
            ordered.add(f.id)
    return Cell(
        key,
        label,
        frozenset(customers),
        frozenset(companies),
        counts,
        {
            "quoted_yen": (quoted_yen, frozenset(quoted)),
            "ordered_yen": (ordered_yen, frozenset(ordered)),
        },
    )


def demand_table(facts: list[F.Fact], dimension: str, names: Labels) -> list[tuple[Shown, str]]:
    """One dimension's cells after the rule, each with its English label."""
    by_key: dict[str, list[F.Fact]] = defaultdict(list)
    for fact in facts:
        for key in keys_of(fact, dimension):
            by_key[key].append(fact)
    ordered = sorted(by_key.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    cells = [demand_cell(key, names.of(dimension, key)[0], items) for key, items in ordered]
    if dimension == "all" and not cells:
        return []
    other_ja, other_en = other_labels()
    shown = suppress(cells, other_ja)
    return [(s, other_en if s.key == OTHER else names.of(dimension, s.key)[1]) for s in shown]


def _by_process(facts: list[F.Fact]) -> dict[str, list[F.Fact]]:
    """The facts asking for each process, in their order (one pass, not one per process)."""
    by: dict[str, list[F.Fact]] = defaultdict(list)
    for fact in facts:
        for process in fact.processes:
            by[process].append(fact)
    return by


def _demand_rows(
    region: Region, kind: str, period: dt.date, facts: list[F.Fact], names: Labels
) -> list[DemandCell]:
    rows = []
    by_process = _by_process(facts)
    for process in ["", *sorted(by_process)]:
        chosen = by_process[process] if process else facts
        dimensions = DIMENSIONS if kind == PeriodKind.YEAR else ("all",)
        for dimension in dimensions:
            if process and dimension == "process":
                continue
            for position, (shown, label_en) in enumerate(demand_table(chosen, dimension, names)):
                rows.append(
                    DemandCell(
                        region=region,
                        period_kind=kind,
                        period=period,
                        process=process,
                        dimension=dimension,
                        key=shown.key,
                        label_ja=shown.label,
                        label_en=label_en,
                        inquiries=shown.counts["inquiries"],
                        customers=shown.customers or 0,
                        companies=shown.companies or 0,
                        won=shown.counts["won"],
                        lost=shown.counts["lost"],
                        declined=shown.counts["declined"],
                        unmet=shown.counts["unmet"],
                        quoted_yen=shown.money["quoted_yen"],
                        ordered_yen=shown.money["ordered_yen"],
                        position=position,
                    )
                )
    return rows


def unmet_rows(region: Region, year: dt.date, facts: list[F.Fact]) -> list[UnmetCell]:
    rows = []
    unmet = [f for f in facts if f.reasons]
    by_process = _by_process(unmet)
    other_ja, other_en = other_labels()
    for process in ["", *sorted(by_process)]:
        by_reason: dict[tuple[str, str], list[F.Fact]] = defaultdict(list)
        labels_of: dict[tuple[str, str], tuple[str, str]] = {}
        for fact in by_process[process] if process else unmet:
            for reason in fact.reasons:
                by_reason[(reason.code, reason.key)].append(fact)
                labels_of[(reason.code, reason.key)] = (reason.label_ja, reason.label_en)
        ordered = sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        cells = []
        for (code, key), items in ordered:
            valued = [f for f in items if f.value_yen is not None]
            cells.append(
                Cell(
                    f"{code}:{key}",
                    labels_of[(code, key)][0],
                    frozenset(f.customer for f in items),
                    frozenset(c for f in items for c in f.companies),
                    {"inquiries": len(items)},
                    {
                        "value_yen": (
                            sum(f.value_yen or 0 for f in valued),
                            frozenset(f.id for f in valued),
                        )
                    },
                )
            )
        english = {f"{c}:{k}": v[1] for (c, k), v in labels_of.items()}
        for position, shown in enumerate(suppress(cells, other_ja)):
            code, _sep, key = shown.key.partition(":") if shown.key != OTHER else (OTHER, "", "")
            rows.append(
                UnmetCell(
                    region=region,
                    period=year,
                    process=process,
                    code=code,
                    key=key,
                    label_ja=shown.label,
                    label_en=english.get(shown.key, other_en),
                    inquiries=shown.counts["inquiries"],
                    customers=shown.customers or 0,
                    value_yen=shown.money["value_yen"],
                    position=position,
                )
            )
    return rows


def flow_rows(
    region: Region, year: dt.date, facts: list[F.Fact], groups: list[int]
) -> list[FlowCell]:
    """Referrals of the year's inquiries to members of another sharing group of the region."""
    by_id = {f.id: f for f in facts}
    home: dict[int, set[int]] = defaultdict(set)
    for company_id, group_id in Membership.objects.filter(
        group_id__in=groups, left_on__isnull=True
    ).values_list("company_id", "group_id"):
        home[company_id].add(group_id)
    # The referrals and their answers came with the facts (facts._read), month by month.
    answers = {pk: kind for f in facts for pk, _company, kind in f.referrals}
    referrals = [(pk, f.id, company) for f in facts for pk, company, _kind in f.referrals]
    pairs: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
    for pk, inquiry_id, company_id in referrals:
        source = by_id[inquiry_id].group_id
        if source in home[company_id]:
            continue  # the group's own member
        for target in sorted(home[company_id] - {source}):
            pairs[(source, target)].append((pk, inquiry_id, company_id))
    names = F.group_names(groups)
    other_ja, other_en = other_labels()
    cells = []
    english = {}
    for (source, target), items in sorted(pairs.items()):
        key = f"{source}>{target}"
        label_ja = f"{names[source][0]} → {names[target][0]}"
        english[key] = f"{names[source][1]} → {names[target][1]}"
        kinds = [answers.get(pk) for pk, _i, _c in items]
        cells.append(
            Cell(
                key,
                label_ja,
                frozenset(by_id[i].customer for _p, i, _c in items),
                frozenset(c for _p, _i, c in items),
                {
                    "referrals": len(items),
                    "inquiries": len({i for _p, i, _c in items}),
                    "can": kinds.count(AnswerKind.CAN),
                    "cannot": kinds.count(AnswerKind.CANNOT),
                    "unanswered": kinds.count(None),
                    "won": len({i for _p, i, _c in items if by_id[i].status == InquiryStatus.WON}),
                },
            )
        )
    return [
        FlowCell(
            region=region,
            period=year,
            key=s.key,
            label_ja=s.label,
            label_en=english.get(s.key, other_en),
            position=position,
            **{
                name: s.counts[name]
                for name in ("referrals", "inquiries", "can", "cannot", "unanswered", "won")
            },
        )
        for position, s in enumerate(suppress(cells, other_ja))
    ]


def compute_year(region: Region, year: int) -> dict[str, Any]:
    """The year's facts and cells straight from the raw rows (no rollup is read or written)."""
    groups = F.sharing_groups(region)
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    facts = F.read_facts(region, months, groups)
    start = dt.date(year, 1, 1)
    names = labels()
    return {
        "facts": facts,
        "demand": _demand_rows(region, PeriodKind.YEAR, start, facts, names),
        "unmet": unmet_rows(region, start, facts),
        "flows": flow_rows(region, start, facts, groups),
    }


def capability_rows(region: Region, groups: list[int]) -> list[CapabilityCell]:
    """Members today by process, equipment envelope, certificates valid today and prefecture."""
    members = set(F.region_members(region, groups).values_list("pk", flat=True))
    today = timezone.localdate()
    by: dict[tuple[str, str], set[int]] = defaultdict(set)
    for company_id, code in CompanyProcess.objects.filter(company_id__in=members).values_list(
        "company_id", "process__code"
    ):
        by[("process", code)].add(company_id)
    envelope: dict[int, int] = {}
    for company_id, x, y, z in Equipment.objects.filter(company_id__in=members).values_list(
        "company_id", "x_mm", "y_mm", "z_mm"
    ):
        envelope[company_id] = max(envelope.get(company_id, 0), x or 0, y or 0, z or 0)
    for company_id in members:
        size = envelope.get(company_id) or None
        by[("envelope", F.band(size, F.ENVELOPE_BANDS))].add(company_id)
    for company_id, standard in (
        Certification.objects.valid_on(today)
        .filter(company_id__in=members)
        .values_list("company_id", "standard")
    ):
        by[("certification", standard)].add(company_id)
    for company_id, prefecture in Company.objects.filter(pk__in=members).values_list(
        "pk", "prefecture"
    ):
        by[("prefecture", prefecture or F.UNKNOWN)].add(company_id)
    names = labels()
    other_ja, other_en = other_labels()
    rows = []
    for dimension in ("process", "envelope", "certification", "prefecture"):
        items = sorted(
            ((k, v) for (d, k), v in by.items() if d == dimension),
            key=lambda kv: (-len(kv[1]), kv[0]),
        )
        cells = [
            Cell(key, names.of(dimension, key)[0], None, frozenset(ids), {"companies": len(ids)})
            for key, ids in items
        ]
        for position, shown in enumerate(suppress(cells, other_ja)):
            rows.append(
                CapabilityCell(
                    region=region,
                    dimension=dimension,
                    key=shown.key,
                    label_ja=shown.label,
                    label_en=other_en if shown.key == OTHER else names.of(dimension, shown.key)[1],
                    companies=shown.companies or 0,
                    position=position,
                )
            )
    return rows


def capacity_rows(region: Region, groups: list[int]) -> list[CapacityCell]:
    """Work in hand (claimed or confirmed packages not yet done) against stated capacity. There
    is no capacity field: the allocation's rule is the one stated (projects.allocation: a member
    holds BASE_CAPACITY packages at once, plus one per ten employees)."""
    from renkei.projects.models import WorkPackage

    members = dict(F.region_members(region, groups).values_list("pk", "employees"))
    held = {
        row["company_id"]: (row["n"], row["days"] or 0)
        for row in WorkPackage.objects.filter(company_id__in=members)
        .active()
        .values("company_id")
        .annotate(n=Count("pk"), days=Sum("work_days"))
    }
    by: dict[str, set[int]] = defaultdict(set)
    by[""] = set(members)
    for company_id, code in CompanyProcess.objects.filter(company_id__in=members).values_list(
        "company_id", "process__code"
    ):
        by[code].add(company_id)
    names = labels()
    all_ja, all_en = _both(lambda: gettext("All members"))
    other_ja, other_en = other_labels()
    cells = []
    for key, ids in sorted(by.items(), key=lambda kv: (kv[0] != "", -len(kv[1]), kv[0])):
        cells.append(
            Cell(
                key,
                all_ja if key == "" else names.of("process", key)[0],
                None,
                frozenset(ids),
                {
                    "packages": sum(held.get(c, (0, 0))[0] for c in ids),
                    "days": sum(held.get(c, (0, 0))[1] for c in ids),
                    "capacity": sum(BASE_CAPACITY + (members[c] or 0) // 10 for c in ids),
                },
            )
        )
    return [
        CapacityCell(
            region=region,
            key=s.key,
            label_ja=s.label,
            label_en=all_en
            if s.key == ""
            else (other_en if s.key == OTHER else names.of("process", s.key)[1]),
            companies=s.companies or 0,
            packages_in_hand=s.counts["packages"],
            days_in_hand=s.counts["days"],
            capacity_packages=s.counts["capacity"],
            position=position,
        )
        for position, s in enumerate(suppress(cells, other_ja))
    ]


def _save_months(
    region: Region, months: set[dt.date], groups: list[int], names: Labels
) -> dict[dt.date, list[F.Fact]]:
    """Saves the months' cells; returns their facts by month, for their years' cells."""
    facts = F.read_facts(region, months, groups)
    by_month: dict[dt.date, list[F.Fact]] = defaultdict(list)
    for fact in facts:
        by_month[fact.month].append(fact)
    rows: list[DemandCell] = []
    for month in months:
        rows += _demand_rows(region, PeriodKind.MONTH, month, by_month[month], names)
    with transaction.atomic():
        DemandCell.objects.filter(
            region=region, period_kind=PeriodKind.MONTH, period__in=list(months)
        ).delete()
        DemandCell.objects.bulk_create(rows, batch_size=2000)
        snapshots.save(region, groups, {month: by_month[month] for month in months})
    return by_month


def _save_year(
    region: Region, year: int, groups: list[int], names: Labels, read: dict[dt.date, list[F.Fact]]
) -> None:
    """``read``: the facts of the months already read in this run, which are not read again
    (a full build read every raw row twice: `renkei bench region`, issue 18 item 7); the
    year's other months come from their snapshots (renkei.region.snapshots) where those still
    hold, else from the raw rows."""
    start = dt.date(year, 1, 1)
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    kept = snapshots.load(region, groups, [m for m in months if m not in read])
    F.judge_pending(region, [f for facts in kept.values() for f in facts], groups)
    unread = [m for m in months if m not in read and m not in kept]
    fresh: dict[dt.date, list[F.Fact]] = {m: [] for m in unread}
    for fact in F.read_facts(region, unread, groups):
        fresh[fact.month].append(fact)
    by_month = {**fresh, **kept, **read}
    facts = [f for m in months for f in by_month[m]]
    demand = _demand_rows(region, PeriodKind.YEAR, start, facts, names)
    unmet = unmet_rows(region, start, facts)
    flows = flow_rows(region, start, facts, groups)
    with transaction.atomic():
        DemandCell.objects.filter(region=region, period_kind=PeriodKind.YEAR, period=start).delete()
        UnmetCell.objects.filter(region=region, period=start).delete()
        FlowCell.objects.filter(region=region, period=start).delete()
        DemandCell.objects.bulk_create(demand, batch_size=2000)
        UnmetCell.objects.bulk_create(unmet, batch_size=2000)
        FlowCell.objects.bulk_create(flows, batch_size=2000)
        snapshots.save(region, groups, fresh)


def build_region(
    region: Region, *, full: bool = False, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Brings the region's rollups up to ``now``: only the changed months (and their years)
    unless ``full`` or never built. Returns what was recomputed."""
    now = now or timezone.now()
    groups = F.sharing_groups(region)
    mark, _created = RollupWatermark.objects.get_or_create(region=region)
    full = full or mark.through is None
    F.forget_parsed()
    names = labels()
    if full:
        months = F.all_months(groups)
        with transaction.atomic():
            for model in (DemandCell, UnmetCell, FlowCell):
                model.objects.filter(region=region).delete()
            snapshots.forget(region)
    else:
        assert mark.through is not None
        months = F.changed_months(groups, mark.through)
    if months:
        read = _save_months(region, months, groups, names)
        for year in sorted({m.year for m in months}):
            _save_year(region, year, groups, names, read)
    rebuilt_capability = (
        full or mark.capability_at is None or now - mark.capability_at >= CAPABILITY_EVERY
    )
    if rebuilt_capability:
        capability = capability_rows(region, groups)
        capacity = capacity_rows(region, groups)
        with transaction.atomic():
            CapabilityCell.objects.filter(region=region).delete()
            CapacityCell.objects.filter(region=region).delete()
            CapabilityCell.objects.bulk_create(capability)
            CapacityCell.objects.bulk_create(capacity)
        mark.capability_at = now
    mark.through = now
    mark.last_months = sorted(f"{m:%Y-%m}" for m in months)
    if full:
        mark.full_at = now
    mark.save()
    if months or full:
        audit(
            "region.rollup",
            summary=f"{region.slug}: {len(months)} months",
            region=region.pk,
            months=mark.last_months[:60],
            full=full,
        )
    return {"months": len(months), "capability": rebuilt_capability}


def mark_dirty(region: Region) -> None:
    """The next run rebuilds everything (a group joined or left the region's figures)."""
    RollupWatermark.objects.filter(region=region).update(through=None)


def periodic_rollup(now: dt.datetime | None = None) -> dict[str, Any]:
    """The periodic check (``RENKEI_PERIODIC``): every region brought up to date. A run that
    dies half-way leaves the watermark where it was, so the next one recomputes those months."""
    months = 0
    for region in Region.objects.order_by("pk"):
        months += build_region(region, now=now)["months"]
    return {"months": months}


def regions_named(slugs: Iterable[str]) -> list[Region]:
    return list(Region.objects.filter(slug__in=list(slugs)).order_by("pk"))
