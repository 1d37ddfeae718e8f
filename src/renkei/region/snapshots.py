"""Each month's facts kept between rollup runs (MonthFacts), so that a run reads from the raw
rows only the months that changed.

A year's cells cannot be added up from its months (a customer asking in March and in May is one
customer of the year), so a run that recomputes one month must recompute its year from all of
the year's facts. Reading eleven unchanged months from the raw rows again was most of the
incremental run (`renkei bench region`, issue 18 item 7); their facts are kept here instead, as
the last read left them, and used while they still describe the month:

- read for the same sharing groups, in this format;
- the month still holds as many inquiries (a deleted inquiry changes no watermark; an added or
  changed one makes the month a changed month, which is read afresh anyway);
- the open inquiries passed to nobody without a recorded outcome are judged again, as a fresh
  read judges them (facts.judge_pending).

A change of the taxonomy (a material moved to another family) is not a change of any month:
after one, a full build (`renkei region_rollup --full`) reads every month again.
"""

import datetime as dt
import json
import zlib
from collections.abc import Iterable
from typing import Any

from renkei.orgs.models import Region
from renkei.region import facts as F
from renkei.region.models import MonthFacts

FORMAT = 1


def encode(facts: list[F.Fact]) -> bytes:
    """The facts in their read order, each reason written once per month."""
    reasons: dict[tuple[str, ...], int] = {}
    rows = []
    for f in facts:
        codes = [
            reasons.setdefault((r.code, r.key, r.gate, r.label_ja, r.label_en), len(reasons))
            for r in f.reasons
        ]
        rows.append([
            f.id, f.group_id, f.customer, f.status, f.industry, f.prefecture,
            sorted(f.processes), sorted(f.families), f.size_band, f.tolerance_band,
            f.referrals, f.quoted_yen, f.ordered_yen, f.budget_yen, codes,
        ])  # fmt: skip
    document = {"format": FORMAT, "reasons": list(reasons), "facts": rows}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode(), 1)


def decode(month: dt.date, blob: bytes) -> list[F.Fact] | None:
    """The month's facts, or None when the blob is of another format."""
    document: dict[str, Any] = json.loads(zlib.decompress(blob))
    if document.get("format") != FORMAT:
        return None
    reasons = [F.Reason(*r) for r in document["reasons"]]
    facts = []
    for row in document["facts"]:
        (pk, group_id, customer, status, industry, prefecture, processes, families, size_band,
         tolerance_band, referrals, quoted, ordered, budget, codes) = row  # fmt: skip
        facts.append(
            F.Fact(
                id=pk,
                group_id=group_id,
                month=month,
                customer=customer,
                status=status,
                industry=industry,
                prefecture=prefecture,
                processes=set(processes),
                families=set(families),
                size_band=size_band,
                tolerance_band=tolerance_band,
                companies={company for _pk, company, _kind in referrals},
                referrals=[(r, company, kind) for r, company, kind in referrals],
                quoted_yen=quoted,
                ordered_yen=ordered,
                budget_yen=budget,
                reasons=[reasons[i] for i in codes],
            )
        )
    return facts


def save(region: Region, groups: list[int], by_month: dict[dt.date, list[F.Fact]]) -> None:
    """Replaces the snapshots of these months (inside the caller's transaction)."""
    MonthFacts.objects.filter(region=region, month__in=list(by_month)).delete()
    MonthFacts.objects.bulk_create(
        [
            MonthFacts(
                region=region, month=month, groups=groups, inquiries=len(facts), data=encode(facts)
            )
            for month, facts in by_month.items()
        ],
        batch_size=50,
    )


def forget(region: Region) -> None:
    MonthFacts.objects.filter(region=region).delete()


def _counts(groups: list[int], months: list[dt.date]) -> dict[dt.date, int]:
    """Inquiries received in each of ``months``: a count by range per month, which the
    database answers from its index (truncating every row's time to its month would not)."""
    return {month: F.inquiries_in(groups, *F.month_span(month)).count() for month in months}


def load(
    region: Region, groups: list[int], months: Iterable[dt.date]
) -> dict[dt.date, list[F.Fact]]:
    """The kept facts of those of ``months`` whose snapshot still describes them."""
    wanted = sorted(set(months))
    if not wanted:
        return {}
    counts = _counts(groups, wanted)
    kept: dict[dt.date, list[F.Fact]] = {}
    for month, kept_groups, inquiries, data in MonthFacts.objects.filter(
        region=region, month__in=wanted
    ).values_list("month", "groups", "inquiries", "data"):
        if kept_groups != groups or inquiries != counts.get(month, 0):
            continue
        facts = decode(month, bytes(data))
        if facts is not None and len(facts) == inquiries:
            kept[month] = facts
    return kept
