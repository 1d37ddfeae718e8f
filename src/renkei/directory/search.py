"""Buyer-view search of member companies, with filter counts.

A buyer writes what the part needs ("5軸 A7075 300mm ±0.01 JIS Q 9100"); lib.buyer_query turns it
into criteria, and this module turns criteria into one SQL query over indexed columns: process and
material links are looked up by their (process, company) and (material, company) indexes, size and
tolerance by the denormalised columns that capabilities.services keeps fresh.
"""

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, overload

import numpy as np
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language

from renkei.capabilities.choices import CertificationStatus
from renkei.capabilities.models import (
    Certification,
    CompanyMaterial,
    CompanyProcess,
    Material,
    MaterialFamily,
    Process,
    ProcessCategory,
)
from renkei.capabilities.taxonomy import TAXONOMY, build_vocabulary
from renkei.core import stamps
from renkei.directory.facet_index import FacetIndex, count, facet_index
from renkei.lib.buyer_query import BuyerQuery, Vocabulary, parse_buyer_query
from renkei.lib.jtext import fold
from renkei.orgs.choices import Circle
from renkei.orgs.models import Company, Group, Membership


@dataclass
class Filters:
    """Facet filters chosen beside the free text."""

    prefecture: str = ""
    circle: str = ""
    category: str = ""
    family: str = ""
    standard: str = ""
    batch_band: str = ""

    @classmethod
    def from_params(cls, params: Any) -> "Filters":
        return cls(
            **{name: (params.get(name) or "").strip()[:40] for name in cls.__dataclass_fields__}
        )


@dataclass
class SearchResult:
    query: BuyerQuery
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    total: int = 0
    # The category facet under its sectors' names (see category_groups).
    category_groups: list[tuple[str, list[tuple[str, str, int]]]] = field(default_factory=list)
    # The matches' ids in the directory's order, when the search ran on the cached index.
    ids: list[int] | None = None
    queryset: QuerySet[Company] | None = None

    @property
    def companies(self) -> QuerySet[Company]:
        """The matches as a queryset in the directory's order (kana, name)."""
        if self.queryset is None:
            matched = Company.objects.filter(pk__in=ids_in(self.ids or []))
            self.queryset = matched.order_by("kana", "name", "pk")
        return self.queryset

    @property
    def listing(self) -> "CompanyListing | QuerySet[Company]":
        """What a page of results is cut from: only the page's rows are read."""
        if self.ids is not None:
            return CompanyListing(self.ids)
        return self.companies


class CompanyListing:
    """Matched company ids in order, read from the database one slice (a page) at a time;
    what django.core.paginator.Paginator needs of an object list."""

    ordered = True  # Paginator's check for an unordered list

    def __init__(self, ids: list[int], prefetch: tuple[str, ...] = ()) -> None:
        self.ids = ids
        self.prefetch = prefetch

    def prefetch_related(self, *lookups: str) -> "CompanyListing":
        return CompanyListing(self.ids, (*self.prefetch, *lookups))

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, key: int) -> Company: ...
    @overload
    def __getitem__(self, key: slice) -> list[Company]: ...
    def __getitem__(self, key: int | slice) -> Company | list[Company]:
        if isinstance(key, int):
            return self._read([self.ids[key]])[0]  # an IndexError as from a list
        return self._read(self.ids[key])

    def _read(self, wanted: list[int]) -> list[Company]:
        rows = Company.objects.filter(pk__in=wanted).prefetch_related(*self.prefetch)
        by_pk = {company.pk: company for company in rows}
        return [by_pk[pk] for pk in wanted if pk in by_pk]

    def __iter__(self) -> Iterator[Company]:
        for start in range(0, len(self.ids), 500):
            yield from self[start : start + 500]


def forget_vocabulary() -> None:
    """For tests that reload the taxonomy (ids change)."""
    stamps.forget()
    _taxonomy_cache.clear()


def vocabulary() -> Vocabulary:
    """One copy per process while the taxonomy's stamp holds: the operator extends the taxonomy
    (admin, `renkei taxonomy_import`) without a restart."""
    return stamps.cached(TAXONOMY, ("vocabulary",), build_vocabulary)


def member_companies(group: Group, *, include_unlisted: bool) -> QuerySet[Company]:
    memberships = Membership.objects.for_group(group).current().filter(company=OuterRef("pk"))
    if not include_unlisted:
        memberships = memberships.filter(listed_publicly=True)
    return Company.objects.filter(Exists(memberships))


def ids_in(ids: list[int]) -> Any:
    """A list of ids as one SQL parameter: SQLite reads it as JSON, PostgreSQL as an array.

    The matched ids are computed once per page and reused by the result, its count and every
    facet count, instead of running the search again inside each of them.
    """
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return ids


def apply_query(
    companies: QuerySet[Company], query: BuyerQuery, on: dt.date | None = None
) -> QuerySet[Company]:
    for process_id in query.process_ids:
        companies = companies.filter(
            Exists(CompanyProcess.objects.filter(process_id=process_id, company=OuterRef("pk")))
        )
    for material_id in query.material_ids:
        companies = companies.filter(
            Exists(CompanyMaterial.objects.filter(material_id=material_id, company=OuterRef("pk")))
        )
    day = on or timezone.localdate()
    for standard in query.certifications:
        # Not EXISTS: a correlated subquery here makes SQLite walk the (standard, status,
        # expires_on) index once per company; the uncorrelated IN list is read once.
        valid = Certification.objects.valid_on(day).filter(standard=standard)
        companies = companies.filter(pk__in=valid.values("company_id"))
    if query.min_size_mm is not None:
        companies = companies.filter(max_envelope_mm__gte=query.min_size_mm)
    if query.max_tolerance_um is not None:
        companies = companies.filter(best_tolerance_um__lte=query.max_tolerance_um)
    for word in query.words:
        companies = companies.filter(search_text__contains=fold(word))
    return companies


def apply_filters(
    companies: QuerySet[Company], filters: Filters, group: Group | None
) -> QuerySet[Company]:
    if filters.prefecture:
        companies = companies.filter(prefecture=filters.prefecture)
    if filters.batch_band:
        companies = companies.filter(batch_band=filters.batch_band)
    if filters.circle and group is not None:
        companies = companies.filter(
            pk__in=Membership.objects.for_group(group)
            .current()
            .filter(circle=filters.circle)
            .values("company_id")
        )
    if filters.category:
        companies = companies.filter(
            pk__in=CompanyProcess.objects.filter(process__category__code=filters.category).values(
                "company_id"
            )
        )
    if filters.family:
        companies = companies.filter(
            pk__in=CompanyMaterial.objects.filter(material__family__code=filters.family).values(
                "company_id"
            )
        )
    if filters.standard:
        companies = companies.filter(
            pk__in=Certification.objects.valid_on(timezone.localdate())
            .filter(standard=filters.standard)
            .values("company_id")
        )
    return companies


def facet_counts(ids: Any, group: Group | None) -> dict[str, list[tuple[str, str, int]]]:
    """(value, label, count) per filter, counted over the companies ``ids`` (see ids_in)."""
    categories, families = _taxonomy_labels()
    rows: Any = (
        CompanyProcess.objects.filter(company_id__in=ids)
        .values("process__category_id")
        .annotate(n=Count("company_id", distinct=True))
    )
    counted = {r["process__category_id"]: r["n"] for r in rows}
    facets = {
        "category": [(code, label, counted[pk]) for pk, code, label in categories if pk in counted]
    }
    rows = (
        CompanyMaterial.objects.filter(company_id__in=ids)
        .values("material__family_id")
        .annotate(n=Count("company_id", distinct=True))
    )
    counted = {r["material__family_id"]: r["n"] for r in rows}
    facets["family"] = [(code, label, counted[pk]) for pk, code, label in families if pk in counted]
    rows = (
        Certification.objects.valid_on(timezone.localdate())
        .filter(company_id__in=ids)
        .values("standard")
        .annotate(n=Count("company_id", distinct=True))
        .order_by("standard")
    )
    facets["standard"] = [(r["standard"], r["standard"], r["n"]) for r in rows]
    rows = (
        Company.objects.filter(pk__in=ids)
        .exclude(prefecture="")
        .values("prefecture")
        .annotate(n=Count("pk"))
        .order_by("-n", "prefecture")
    )
    facets["prefecture"] = [(r["prefecture"], r["prefecture"], r["n"]) for r in rows]
    if group is not None:
        rows = (
            Membership.objects.for_group(group)
            .current()
            .filter(company_id__in=ids)
            .values("circle")
            .annotate(n=Count("pk"))
            .order_by("circle")
        )
        labels = dict(Circle.choices)
        facets["circle"] = [
            (r["circle"], str(labels.get(r["circle"], r["circle"])), r["n"]) for r in rows
        ]
    return facets


Labels = list[tuple[int, str, str]]


def _taxonomy_labels() -> tuple[Labels, Labels]:
    """(id, code, name in the active language) of categories (by sector) and families, in
    display order; read once per process, language and change of the taxonomy."""
    language = get_language() or "ja"

    def build() -> tuple[Labels, Labels]:
        categories = [(c.pk, c.code, c.name) for c in ProcessCategory.objects.all()]
        families = [(f.pk, f.code, f.name) for f in MaterialFamily.objects.order_by("position")]
        return categories, families

    return stamps.cached(TAXONOMY, ("labels", language), build)


def category_groups(
    categories: list[tuple[str, str, int]],
) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """The category facet's (value, label, count) rows under their sector's name, sectors in
    display order; one group without a name when all are of one sector (most groups)."""
    language = get_language() or "ja"

    def build() -> dict[str, tuple[int, str]]:
        return {
            c.code: (c.sector.position, c.sector.name)
            for c in ProcessCategory.objects.select_related("sector")
        }

    sectors = stamps.cached(TAXONOMY, ("sectors", language), build)
    grouped: dict[tuple[int, str], list[tuple[str, str, int]]] = {}
    for row in categories:
        grouped.setdefault(sectors.get(row[0], (0, "")), []).append(row)
    if len(grouped) <= 1:
        return [("", categories)] if categories else []
    return [(name, rows) for (_position, name), rows in sorted(grouped.items())]


def search_directory(
    *,
    group: Group | None,
    text: str,
    filters: Filters | None = None,
    include_unlisted: bool = False,
    with_facets: bool = True,
    base: QuerySet[Company] | None = None,
    use_index: bool | None = None,
) -> SearchResult:
    """The directory's search: criteria from the text, then filters, then counts.

    The directory page (``with_facets``) reads everything from the group's cached arrays
    (facet_index) and the database only for the page it shows (``result.listing``). Without
    facets (the API) or over a caller's ``base`` the search runs in SQL, so that a request does
    not build a group's index only to answer one list; ``use_index`` chooses explicitly.
    """
    query = parse_buyer_query(text, vocabulary())
    if use_index is None:
        use_index = with_facets
    if base is None and use_index:
        return _search_index(group, query, filters or Filters(), include_unlisted, with_facets)
    if base is not None:
        companies = base
    elif group is not None:
        companies = member_companies(group, include_unlisted=include_unlisted)
    else:
        companies = Company.objects.publicly_listed()
    found: list[int] | None = None
    if query.is_empty:
        matched: Any = companies.values("pk")
    else:
        # order_by(): the model's kana order would sort every match only to be thrown away.
        found = list(apply_query(companies, query).order_by().values_list("pk", flat=True))
        matched = ids_in(found)
    companies = apply_filters(Company.objects.filter(pk__in=matched), filters or Filters(), group)
    result = SearchResult(query=query, queryset=companies.order_by("kana", "name"))
    if with_facets and base is None:
        index = facet_index(group)
        unlisted = include_unlisted or group is None
        flags = index.mask(found, include_unlisted=unlisted)
        result.facets = count(
            index, flags, _taxonomy_labels(), timezone.localdate(), _circles(group)
        )
    elif with_facets:
        result.facets = facet_counts(matched, group)
    if with_facets:
        result.category_groups = category_groups(result.facets.get("category", []))
    result.total = companies.count()
    return result


def _circles(group: Group | None) -> dict[str, str] | None:
    return {k: str(v) for k, v in Circle.choices} if group is not None else None


def _search_index(
    group: Group | None,
    query: BuyerQuery,
    filters: Filters,
    include_unlisted: bool,
    with_facets: bool,
) -> SearchResult:
    """search_directory from the group's cached arrays: the same companies, counts and order."""
    index = facet_index(group)
    today = timezone.localdate()
    labels = _taxonomy_labels()
    unlisted = include_unlisted or group is None
    flags = index.matching(query, today, include_unlisted=unlisted)
    result = SearchResult(query=query)
    if with_facets:
        # Counted over the query's matches before the filters, as the SQL path counts them.
        result.facets = count(index, flags, labels, today, _circles(group))
        result.category_groups = category_groups(result.facets.get("category", []))
    flags &= _filter_flags(index, filters, group, labels, today)
    result.ids = index.ordered(flags).tolist()
    result.total = len(result.ids)
    return result


def _filter_flags(
    index: FacetIndex, filters: Filters, group: Group | None, labels: Any, today: dt.date
) -> Any:
    """apply_filters over the index: an unknown value matches nothing, as in SQL."""
    flags = np.ones(len(index.ids), dtype=bool)

    def coded(names: list[str], codes: Any, value: str) -> Any:
        return codes == names.index(value) if value in names else False

    if filters.prefecture:
        flags &= coded(index.prefecture_names, index.prefecture, filters.prefecture)
    if filters.batch_band:
        flags &= coded(index.batch_names, index.batch, filters.batch_band)
    if filters.circle and group is not None:
        flags &= coded(index.circle_names, index.circle, filters.circle)
    categories, families = labels
    for value, known, having in (
        (filters.category, categories, index.categories),
        (filters.family, families, index.families),
    ):
        if value:
            pks = [pk for pk, code, _label in known if code == value]
            flags &= having[pks[0]] if pks and pks[0] in having else False
    if filters.standard:
        until = index.expiry.get(filters.standard)
        flags &= until >= today.toordinal() if until is not None else False
    return flags


def naive_search(text: str, group: Group | None = None) -> list[int]:
    """Ids of the companies naive_queryset finds, in the directory's order."""
    return list(naive_queryset(text, group).order_by("kana", "name").values_list("pk", flat=True))


def naive_queryset(text: str, group: Group | None = None) -> QuerySet[Company]:
    """The benchmark's baseline: the same criteria as plain ORM filters over joins.

    What a first version without the denormalised search row would write: processes, materials,
    certificates and machines are joined and the rows DISTINCT-ed, sizes and tolerances are read
    from every machine, and each free word is looked for with LIKE in every column it may appear
    in. It reads the same parsed query, so that both searches answer the same question and
    `renkei bench directory` can check that they agree. Not used by any page.
    """
    query = parse_buyer_query(text, vocabulary())
    companies = Company.objects.all()
    if group is not None:
        companies = companies.filter(memberships__group=group, memberships__left_on__isnull=True)
    # One filter() call per condition gives each its own join: "旋盤 5軸" then asks for a company
    # with both processes, not for one process row that is both.
    for process_id in query.process_ids:
        companies = companies.filter(company_processes__process_id=process_id)
    for material_id in query.material_ids:
        companies = companies.filter(company_materials__material_id=material_id)
    today = timezone.localdate()
    for standard in query.certifications:
        companies = companies.filter(
            Q(certifications__standard=standard, certifications__status=CertificationStatus.ACTIVE)
            & (
                Q(certifications__expires_on__isnull=True)
                | Q(certifications__expires_on__gte=today)
            )
        )
    if query.min_size_mm is not None:
        size = query.min_size_mm
        companies = companies.filter(
            Q(equipment__x_mm__gte=size)
            | Q(equipment__y_mm__gte=size)
            | Q(equipment__z_mm__gte=size)
        )
    if query.max_tolerance_um is not None:
        companies = companies.filter(equipment__tolerance_um__lte=query.max_tolerance_um)
    for word in query.words:
        companies = companies.filter(_naive_word(word))
    return companies.distinct()


_NAIVE_COLUMNS = [
    "name", "kana", "name_en", "prefecture", "address", "profile",
    "equipment__kind", "equipment__maker_model",
]  # fmt: skip
_HIRAGANA = re.compile("[\u3041-\u3096]")


def _naive_word(word: str) -> Q:
    """A free word in any column it may appear in, as the raw (unfolded) columns store it.

    The parser hands over words folded to hiragana and lower case; LIKE is case-blind for ASCII
    but not for kana, so the katakana spelling is tried too (めっき / メッキ). Process and material
    names live in the taxonomy (aliases in JSON), so the word is matched there in Python and the
    companies are found by the matching ids.
    """
    folded = fold(word)
    condition = Q()
    for spelling in dict.fromkeys([folded, _HIRAGANA.sub(lambda m: chr(ord(m[0]) + 0x60), folded)]):
        for column in _NAIVE_COLUMNS:
            condition |= Q(**{f"{column}__icontains": spelling})
    processes, materials = _taxonomy_terms()
    process_ids = [pk for pk, names in processes if folded in names]
    material_ids = [pk for pk, names in materials if folded in names]
    if process_ids:
        condition |= Q(company_processes__process_id__in=process_ids)
    if material_ids:
        condition |= Q(company_materials__material_id__in=material_ids)
    return condition


_taxonomy_cache: dict[str, tuple[list[tuple[int, str]], list[tuple[int, str]]]] = {}


def _taxonomy_terms() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(id, folded names and aliases) of every process and material, read once per process
    (the benchmark's baseline only)."""
    if "t" not in _taxonomy_cache:
        processes = [
            (p.pk, " ".join(fold(n) for n in [p.name_ja, p.name_en, *p.aliases] if n))
            for p in Process.objects.all()
        ]
        materials = [
            (m.pk, " ".join(fold(n) for n in [m.symbol, *m.aliases] if n))
            for m in Material.objects.all()
        ]
        _taxonomy_cache["t"] = (processes, materials)
    return _taxonomy_cache["t"]
