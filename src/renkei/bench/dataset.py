"""The benchmark dataset: a private group of N fictional member companies, written in bulk.

Per-company service calls would take an hour for 100,000 companies, so the rows go in with one
executemany per table and chunk, all in one transaction, and the denormalised search columns
that capabilities.services.refresh_company_search keeps (search_text, max_envelope_mm,
best_tolerance_um) are computed here from the same parts in the same order; a test holds the
two equal.
"""

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from renkei.bench.generator import CompanyGenerator, CompanyRow, chunked
from renkei.capabilities.models import (
    Certification,
    CompanyMaterial,
    CompanyProcess,
    Equipment,
    Material,
    Process,
)
from renkei.core import stamps
from renkei.core.analyze import refresh_statistics
from renkei.lib.houjin import make_corporate_number
from renkei.lib.jtext import fold
from renkei.orgs.choices import CompanyKind, Stage
from renkei.orgs.models import Company, Group, Membership, Region

BENCH_REGION = "bench"
# Bump when the generator changes, so that `bench directory` regenerates rather than reuses.
GENERATOR_VERSION = 1
CHUNK = 20_000  # companies per round of executemany
# Bulk deletes go by id lists; SQLite builds may cap bound parameters at 999.
DELETE_CHUNK = 900


class BenchDataError(ValueError):
    """A benchmark-data request that cannot be carried out: a bad size, or a group that is
    not benchmark data."""


@dataclass
class BenchData:
    group: Group
    companies: int
    generated: bool
    seconds: float


def marker(companies: int, seed: int) -> str:
    """What the bench group's tagline says about its data; `ensure` compares it to reuse data."""
    return f"benchmark data v{GENERATOR_VERSION}: {companies} companies, seed {seed}"


def ensure_bench_data(*, companies: int, group_slug: str = "bench", seed: int = 1) -> BenchData:
    """The bench group with ``companies`` members from ``seed``, reused when already there."""
    group = Group.objects.filter(slug=group_slug).first()
    if (
        group is not None
        and group.tagline == marker(companies, seed)
        and Membership.objects.for_group(group).current().count() == companies
    ):
        return BenchData(group=group, companies=companies, generated=False, seconds=0.0)
    return make_bench_data(companies=companies, group_slug=group_slug, seed=seed)


@transaction.atomic
def make_bench_data(
    *,
    companies: int,
    group_slug: str = "bench",
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> BenchData:
    """Replaces the bench group's members with ``companies`` fresh ones generated from ``seed``."""
    if companies < 1:
        raise BenchDataError("--companies must be at least 1")
    started = perf_counter()
    group = _bench_group(group_slug)
    _delete_members(group)
    taxonomy = _Taxonomy()
    generator = CompanyGenerator(
        seed=seed,
        today=timezone.localdate(),
        number_prefix=f"9{zlib.crc32(group_slug.encode()) % 1000:03d}",
        processes_by_category=taxonomy.processes_by_category,
        process_names=taxonomy.process_names,
        material_symbols=set(taxonomy.materials),
    )
    done = 0
    for rows in chunked(generator.rows(companies), CHUNK):
        _insert(rows, group, taxonomy)
        done += len(rows)
        if progress:
            progress(done)
    group.tagline = marker(companies, seed)
    group.save(update_fields=["tagline", "updated_at"])
    stamps.bump(stamps.CAPABILITIES)  # written in bulk, past the services that bump it
    refresh_statistics(sqlite=False)  # PostgreSQL plans what was just written (core.analyze)
    return BenchData(
        group=group, companies=companies, generated=True, seconds=perf_counter() - started
    )


def _bench_group(slug: str) -> Group:
    region, _ = Region.objects.get_or_create(
        slug=BENCH_REGION,
        defaults={"name": "ベンチマーク地域（架空）", "description": "renkei bench のデータ"},
    )
    group = Group.objects.filter(slug=slug).select_related("region").first()
    if group is None:
        group = Group(
            region=region,
            slug=slug,
            name=f"ベンチマーク連携体（{slug}）",
            # Private, so the fictional members never show on the region page or to visitors.
            is_public=False,
            stage=Stage.PRODUCT,
        )
        group.full_clean()
        group.save()
    elif group.region.slug != BENCH_REGION:
        raise BenchDataError(
            f"group {slug!r} belongs to region {group.region.slug!r}, not to the benchmark "
            f"region {BENCH_REGION!r}; refusing to replace its members"
        )
    return group


def _delete_members(group: Group) -> None:
    members = Membership.objects.filter(group=group).values("company_id")
    elsewhere = Membership.objects.filter(company_id__in=members).exclude(group=group)
    # A company that also belongs to another group is not ours to delete, only to unlink.
    doomed = Company.objects.filter(pk__in=members).exclude(pk__in=elsewhere.values("company_id"))
    related: list[QuerySet[Any]] = [
        CompanyProcess.objects.filter(company__in=doomed),
        CompanyMaterial.objects.filter(company__in=doomed),
        Equipment.objects.filter(company__in=doomed),
        Certification.objects.filter(company__in=doomed),
    ]
    for queryset in related:
        queryset.delete()
    ids = list(doomed.values_list("pk", flat=True))
    Membership.objects.filter(group=group).delete()
    for chunk in chunked(iter(ids), DELETE_CHUNK):
        Company.objects.filter(pk__in=chunk).delete()


class _Taxonomy:
    """Ids, sort keys and folded search fragments of every process and material, read once."""

    def __init__(self) -> None:
        processes = Process.objects.select_related("category").order_by(
            "category__position", "position", "pk"
        )
        self.processes: dict[str, tuple[int, int, str]] = {}
        self.processes_by_category: dict[str, list[str]] = {}
        self.process_names: dict[str, str] = {}
        for rank, p in enumerate(processes):
            self.processes[p.code] = (p.pk, rank, _fold_parts([p.name_ja, p.name_en, *p.aliases]))
            self.processes_by_category.setdefault(p.category.code, []).append(p.code)
            self.process_names[p.code] = p.name_ja
        materials = Material.objects.order_by("family__position", "position", "pk")
        self.materials: dict[str, tuple[int, int, str]] = {
            m.symbol: (m.pk, rank, _fold_parts([m.symbol, *m.aliases]))
            for rank, m in enumerate(materials)
        }


def _fold_parts(parts: list[str]) -> str:
    # fold() strips and collapses spaces, so folding parts one by one and joining them with one
    # space gives what refresh_company_search's fold(" ".join(parts)) gives.
    return " ".join(folded for folded in (fold(p) for p in parts if p) if folded)


def _rank(entry: tuple[int, int, str]) -> int:
    return entry[1]


def search_columns(row: CompanyRow, taxonomy: _Taxonomy) -> dict[str, Any]:
    """search_text, max_envelope_mm and best_tolerance_um as refresh_company_search sets them."""
    company_parts = [row.name, row.kana, "", row.prefecture, row.address, row.profile]
    # In the service's order: processes and materials by their taxonomy ordering, machines by
    # kind (kinds are unique within a bench company, so the order is the same in SQL).
    processes = sorted((taxonomy.processes[code] for code in row.processes), key=_rank)
    materials = sorted((taxonomy.materials[symbol] for symbol in row.materials), key=_rank)
    machines = sorted(row.machines, key=lambda m: m.kind)
    pieces = [
        _fold_parts(company_parts),
        *(fragment for _, _, fragment in processes),
        *(fragment for _, _, fragment in materials),
        _fold_parts([m.kind for m in machines]),
        _fold_parts([m.maker_model for m in machines]),
    ]
    sizes = [v for m in machines for v in (m.x_mm, m.y_mm, m.z_mm) if v]
    tolerances = [m.tolerance_um for m in machines if m.tolerance_um is not None]
    return {
        "search_text": " ".join(piece for piece in pieces if piece),
        "max_envelope_mm": max(sizes) if sizes else None,
        "best_tolerance_um": min(tolerances) if tolerances else None,
    }


def _insert(rows: list[CompanyRow], group: Group, taxonomy: _Taxonomy) -> None:
    """The rows' companies, memberships, processes, materials, machines and certificates, each
    table in one executemany (region_data's _Table): model instances and bulk_create made
    500,000 companies take 18 minutes. Rows go in the order bulk_create wrote them."""
    from renkei.bench.region_data import _Table  # that module imports this one

    now = timezone.now()
    companies = _Table(Company, COMPANY_COLUMNS, now)
    memberships = _Table(Membership, MEMBERSHIP_COLUMNS, now)
    processes = _Table(CompanyProcess, ("company_id", "process_id"), now)
    materials = _Table(CompanyMaterial, ("company_id", "material_id"), now)
    machines = _Table(Equipment, EQUIPMENT_COLUMNS, now)
    certificates = _Table(Certification, CERTIFICATION_COLUMNS, now)
    manufacturer = str(CompanyKind.MANUFACTURER)
    company_ids = []
    for row in rows:
        search = search_columns(row, taxonomy)
        company_ids.append(
            companies.add(
                manufacturer, row.name, row.kana, make_corporate_number(row.houjin_body),
                row.prefecture, row.address, row.employees, row.capital_yen, row.profile,
                row.batch_band, row.lead_days, search["search_text"], search["max_envelope_mm"],
                search["best_tolerance_um"],
            )
        )  # fmt: skip
    pairs = list(zip(rows, company_ids, strict=True))
    for row, company in pairs:
        memberships.add(group.pk, company, row.circle, row.role, row.joined_on, row.listed)
    for row, company in pairs:
        for code in row.processes:
            processes.add(company, taxonomy.processes[code][0])
    for row, company in pairs:
        for symbol in row.materials:
            materials.add(company, taxonomy.materials[symbol][0])
    for row, company in pairs:
        for m in row.machines:
            process = taxonomy.processes[m.process][0] if m.process else None
            machines.add(
                company, m.kind, m.maker_model, process, m.axes, m.x_mm, m.y_mm, m.z_mm,
                m.tolerance_um,
            )  # fmt: skip
    for row, company in pairs:
        for c in row.certs:
            certificates.add(
                company, c.standard, c.issuer, c.number, c.issued_on, c.expires_on, c.status
            )
    tables = [companies, memberships, processes, materials, machines, certificates]
    for table in tables:  # parents first
        table.flush()
    # PostgreSQL's id sequences past the ids chosen here (SQLite follows by itself).
    statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


COMPANY_COLUMNS = (
    "kind", "name", "kana", "corporate_number", "prefecture", "address", "employees",
    "capital_yen", "profile", "batch_band", "typical_lead_days", "search_text",
    "max_envelope_mm", "best_tolerance_um",
)  # fmt: skip
MEMBERSHIP_COLUMNS = ("group_id", "company_id", "circle", "role", "joined_on", "listed_publicly")
EQUIPMENT_COLUMNS = (
    "company_id", "kind", "maker_model", "process_id", "axes", "x_mm", "y_mm", "z_mm",
    "tolerance_um",
)  # fmt: skip
CERTIFICATION_COLUMNS = (
    "company_id", "standard", "issuer", "number", "issued_on", "expires_on", "status",
)  # fmt: skip


def run_facts(data: Any) -> dict[str, Any]:
    """What every benchmark's figures say about the run itself: whether its data was made now
    (and in how long), the database and whether DEBUG was on."""
    from django.conf import settings

    return {
        "data_generated": data.generated,
        "data_seconds": round(data.seconds, 2),
        "database": connection.vendor,
        "debug": settings.DEBUG,
    }
