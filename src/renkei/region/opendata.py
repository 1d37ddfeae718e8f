"""The region's aggregates as open data: one dataset per table, as CSV or JSON, each row with the
licence, and a data dictionary describing every column. Rows come from the rollups (queries)."""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from renkei.orgs.models import Region
from renkei.region import queries
from renkei.region.queries import Filters
from renkei.region.rollups import TABLE_DIMENSIONS

Row = dict[str, Any]


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Any
    columns: tuple[tuple[str, Any], ...]
    rows: Callable[[Region, Filters], list[Row]]


COMMON = (
    ("licence", _("Licence the figures are published under")),
    ("year", _("Calendar year of receipt of the inquiries")),
    ("process", _("Process code the figures are limited to (empty: every process)")),
)
DEMAND_FIGURES = (
    ("inquiries", _("Inquiries received")),
    ("customers", _("Distinct customers (by corporate number, else company name)")),
    ("companies", _("Distinct member companies the inquiries were passed to")),
    ("won", _("Inquiries won (ordered)")),
    ("lost", _("Inquiries lost (quote declined by the customer)")),
    ("declined", _("Inquiries the group declined")),
    ("unmet", _("Inquiries declined, lost or that no member of the region could serve")),
    ("quoted_yen", _("Sum of quotes sent, yen incl. tax (empty: fewer than 3 quotes)")),
    ("ordered_yen", _("Sum of orders, yen incl. tax (empty: fewer than 3 orders)")),
)


def _demand(region: Region, filters: Filters) -> list[Row]:
    rows = []
    for dimension in ("all", *TABLE_DIMENSIONS):
        for cell in queries.demand(region, filters, dimension):
            rows.append(
                {
                    "dimension": dimension,
                    "key": cell.key,
                    "label": cell.label,
                    **{name: getattr(cell, name) for name, _d in DEMAND_FIGURES},
                }
            )
    return rows


def _trend(region: Region, filters: Filters) -> list[Row]:
    return [
        {"month": f"{month:%Y-%m}", "inquiries": value}
        for month, value in queries.trend(region, filters)
    ]


def _unmet(region: Region, filters: Filters) -> list[Row]:
    return [
        {
            "reason": c.code,
            "key": c.key,
            "label": c.label,
            "inquiries": c.inquiries,
            "customers": c.customers,
            "value_yen": c.value_yen,
        }
        for c in queries.unmet(region, filters)
    ]


def _flows(region: Region, filters: Filters) -> list[Row]:
    return [
        {
            "key": c.key,
            "label": c.label,
            "referrals": c.referrals,
            "inquiries": c.inquiries,
            "can": c.can,
            "cannot": c.cannot,
            "unanswered": c.unanswered,
            "won": c.won,
        }
        for c in queries.flows(region, filters)
    ]


def _capability(region: Region, filters: Filters) -> list[Row]:
    return [
        {"dimension": d, "key": c.key, "label": c.label, "companies": c.companies}
        for d in ("process", "envelope", "certification", "prefecture")
        for c in queries.capability(region, d)
    ]


def _capacity(region: Region, filters: Filters) -> list[Row]:
    return [
        {
            "key": c.key,
            "label": c.label,
            "companies": c.companies,
            "packages_in_hand": c.packages_in_hand,
            "days_in_hand": c.days_in_hand,
            "capacity_packages": c.capacity_packages,
        }
        for c in queries.capacity(region)
    ]


KEY = ("key", _("Code of the cell (_other: cells too small to show, merged)"))
LABEL = ("label", _("Name of the cell"))
DATASETS = {
    d.name: d
    for d in (
        Dataset(
            "demand",
            _("Inquiries by dimension"),
            (
                (
                    "dimension",
                    _(
                        "all, process, material_family, industry, size_band, "
                        "tolerance_band or prefecture"
                    ),
                ),
                KEY,
                LABEL,
                *DEMAND_FIGURES,
            ),
            _demand,
        ),
        Dataset(
            "trend",
            _("Inquiries per month"),
            (
                ("month", _("Month of receipt (YYYY-MM)")),
                ("inquiries", _("Inquiries received (empty: too few to show)")),
            ),
            _trend,
        ),
        Dataset(
            "unmet",
            _("Unmet demand by reason"),
            (
                (
                    "reason",
                    _(
                        "process, certificate, material, size, tolerance, lead_time, "
                        "capacity, price, other or _other"
                    ),
                ),
                KEY,
                LABEL,
                ("inquiries", _("Unmet inquiries")),
                ("customers", _("Distinct customers")),
                (
                    "value_yen",
                    _("Value where known: quote, else budget; yen (empty: fewer than 3)"),
                ),
            ),
            _unmet,
        ),
        Dataset(
            "flows",
            _("Referrals between groups"),
            (
                KEY,
                LABEL,
                ("referrals", _("Inquiries passed to members of the other group")),
                ("inquiries", _("Distinct inquiries")),
                ("can", _("Answered “we can do it”")),
                ("cannot", _("Answered “we cannot do it”")),
                ("unanswered", _("Not answered")),
                ("won", _("Of those inquiries, won")),
            ),
            _flows,
        ),
        Dataset(
            "capability",
            _("Capability map (members today)"),
            (
                ("dimension", _("process, envelope, certification (valid today) or prefecture")),
                KEY,
                LABEL,
                ("companies", _("Member companies")),
            ),
            _capability,
        ),
        Dataset(
            "capacity",
            _("Work in hand against capacity"),
            (
                KEY,
                LABEL,
                ("companies", _("Member companies")),
                ("packages_in_hand", _("Work packages claimed or confirmed, not yet done")),
                ("days_in_hand", _("Work days of those packages")),
                (
                    "capacity_packages",
                    _("Packages the members can hold at once (4 + 1 per 10 employees)"),
                ),
            ),
            _capacity,
        ),
    )
}


def table(region: Region, dataset: Dataset, filters: Filters) -> tuple[list[str], list[Row]]:
    licence, _url = queries.licence(region)
    common = {"licence": licence, "year": filters.year, "process": filters.process}
    names = [name for name, _d in COMMON] + [name for name, _d in dataset.columns]
    return names, [common | row for row in dataset.rows(region, filters)]


def as_csv(region: Region, dataset: Dataset, filters: Filters) -> str:
    names, rows = table(region, dataset, filters)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    # A BOM so that Excel, as most offices open a CSV, reads the Japanese as UTF-8.
    return "\ufeff" + out.getvalue()


def as_json(region: Region, dataset: Dataset, filters: Filters) -> str:
    names, rows = table(region, dataset, filters)
    licence, url = queries.licence(region)
    document = {
        "dataset": dataset.name,
        "title": str(dataset.title),
        "region": region.slug,
        "year": filters.year,
        "process": filters.process,
        "licence": licence,
        "licence_url": url,
        "columns": [
            {"name": name, "description": str(description)}
            for name, description in (*COMMON, *dataset.columns)
        ],
        "rows": [{k: row[k] for k in names} for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)
