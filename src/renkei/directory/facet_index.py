"""Filter counts of the member directory from a cached array per group, not from SQL.

Counting, for every filter value, the distinct companies among the matches took several
GROUP BY queries over the capability tables on each page view; with ten thousand members that
was most of the page's time. Here a group's current members (or, without a group, the publicly
listed companies) are read once into NumPy arrays — per category and family a flag per company,
per standard the expiry of its active certificate, prefecture and circle codes — and the
counts for any set of matches are sums over those arrays. The cache follows the capabilities
stamp (core.stamps), which every service writing these data bumps.
"""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from django.db.models import QuerySet

from renkei.capabilities.models import Certification, CompanyMaterial, CompanyProcess
from renkei.core import stamps
from renkei.lib.flags import Flags, flags_by_key
from renkei.orgs.models import Company, Group, Membership

Ints = npt.NDArray[np.int64]
FOREVER = dt.date.max.toordinal()
Facets = dict[str, list[tuple[str, str, int]]]


@dataclass
class FacetIndex:
    ids: Ints  # company ids, ascending
    listed: Flags  # listed publicly in the group (all True without a group)
    categories: dict[int, Flags] = field(default_factory=dict)
    families: dict[int, Flags] = field(default_factory=dict)
    expiry: dict[str, Ints] = field(default_factory=dict)
    prefecture_names: list[str] = field(default_factory=list)
    prefecture: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    circle_names: list[str] = field(default_factory=list)
    circle: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def mask(self, ids: list[int] | None, *, include_unlisted: bool) -> Flags:
        """The matches as flags; ``None`` means every company the directory lists."""
        if ids is None:
            return self.listed.copy() if not include_unlisted else np.ones(len(self.ids), bool)
        wanted = np.asarray(ids, dtype=np.int64)
        slots = np.searchsorted(self.ids, wanted)
        found = slots < len(self.ids)
        found[found] = self.ids[slots[found]] == wanted[found]
        flags = np.zeros(len(self.ids), dtype=bool)
        flags[slots[found]] = True
        return flags


def _codes(values: list[str]) -> tuple[list[str], Ints]:
    names = sorted(set(values))
    number = {name: n for n, name in enumerate(names)}
    return names, np.array([number[v] for v in values], dtype=np.int64)


def build(companies: QuerySet[Company], group: Group | None) -> FacetIndex:
    rows = sorted(companies.values_list("pk", "prefecture").distinct())
    size = len(rows)
    slot = {pk: n for n, (pk, _p) in enumerate(rows)}
    index = FacetIndex(
        ids=np.array([pk for pk, _p in rows], dtype=np.int64), listed=np.ones(size, bool)
    )
    index.prefecture_names, index.prefecture = _codes([p for _pk, p in rows])
    circles = ["" for _ in rows]
    if group is not None:
        index.listed = np.zeros(size, dtype=bool)
        for company, circle, listed in (
            Membership.objects.for_group(group)
            .current()
            .values_list("company_id", "circle", "listed_publicly")
        ):
            if company in slot:
                circles[slot[company]] = circle
                index.listed[slot[company]] = listed
    index.circle_names, index.circle = _codes(circles)
    ids = companies.values("pk")
    index.categories = flags_by_key(
        CompanyProcess.objects.filter(company__in=ids).values_list(
            "company_id", "process__category_id"
        ),
        slot,
        size,
    )
    index.families = flags_by_key(
        CompanyMaterial.objects.filter(company__in=ids).values_list(
            "company_id", "material__family_id"
        ),
        slot,
        size,
    )
    for company, standard, until in (
        Certification.objects.valid_on(dt.date.min)
        .filter(company__in=ids)
        .values_list("company_id", "standard", "expires_on")
    ):
        if company not in slot:
            continue
        expiry = index.expiry.setdefault(standard, np.zeros(size, dtype=np.int64))
        here = slot[company]
        expiry[here] = max(expiry[here], until.toordinal() if until else FOREVER)
    return index


def facet_index(group: Group | None) -> FacetIndex:
    from renkei.directory.search import member_companies

    if group is None:
        return stamps.cached(
            stamps.CAPABILITIES,
            ("facets", None),
            lambda: build(Company.objects.publicly_listed(), None),
        )
    members = member_companies(group, include_unlisted=True)
    return stamps.cached(stamps.CAPABILITIES, ("facets", group.pk), lambda: build(members, group))


def count(
    index: FacetIndex,
    matched: Flags,
    labels: tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]],
    on: dt.date,
    circle_labels: dict[str, str] | None,
) -> Facets:
    """The same lists facet_counts() gives in SQL, for the companies flagged in ``matched``."""
    categories, families = labels
    facets: Facets = {}
    facets["category"] = [
        (code, label, n)
        for pk, code, label in categories
        if pk in index.categories and (n := int(np.count_nonzero(index.categories[pk] & matched)))
    ]
    facets["family"] = [
        (code, label, n)
        for pk, code, label in families
        if pk in index.families and (n := int(np.count_nonzero(index.families[pk] & matched)))
    ]
    day = on.toordinal()
    standards = []
    for standard in sorted(index.expiry):
        n = int(np.count_nonzero((index.expiry[standard] >= day) & matched))
        if n:
            standards.append((standard, standard, n))
    facets["standard"] = standards
    per_prefecture = np.bincount(index.prefecture[matched], minlength=len(index.prefecture_names))
    prefectures = [
        (name, name, int(n))
        for name, n in zip(index.prefecture_names, per_prefecture, strict=True)
        if name and n
    ]
    facets["prefecture"] = sorted(prefectures, key=lambda r: (-r[2], r[0]))
    if circle_labels is not None:
        per_circle = np.bincount(index.circle[matched], minlength=len(index.circle_names))
        facets["circle"] = [
            (name, str(circle_labels.get(name, name)), int(n))
            for name, n in zip(index.circle_names, per_circle, strict=True)
            if name and n
        ]
    return facets
