"""The member directory's search and filter counts from a cached array per group, not from SQL.

Counting, for every filter value, the distinct companies among the matches took several
GROUP BY queries over the capability tables on each page view; with ten thousand members that
was most of the page's time. With a hundred thousand the search itself was: every query
scanned the member table (EXISTS per company), counted its matches and sorted them by kana to
show thirty (p95 2.2 s). Here a group's current members (or, without a group, the publicly
listed companies) are read once into NumPy arrays — per process and material the members that
have it, per category and family a flag per company, per standard the expiry of its active
certificate, the size and tolerance columns, prefecture, batch-size and circle codes, the
directory's order and the folded search text — and a search is a few operations over those
arrays; only the shown page's rows are read from the database. The cache follows the
capabilities stamp (core.stamps), which every service writing these data bumps (a company's
name, kana, prefecture and batch size too: update_company refreshes its search columns).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from django.db.models import QuerySet

from renkei.capabilities.models import (
    Certification,
    CompanyMaterial,
    CompanyProcess,
    Material,
    Process,
)
from renkei.core import stamps
from renkei.lib.buyer_query import BuyerQuery
from renkei.lib.flags import Flags
from renkei.lib.jtext import fold
from renkei.orgs.models import Company, Group, Membership

Ints = npt.NDArray[np.int64]
Slots = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]
FOREVER = dt.date.max.toordinal()
Facets = dict[str, list[tuple[str, str, int]]]


def _no_ints() -> Ints:
    return np.zeros(0, dtype=np.int64)


@dataclass
class FacetIndex:
    """One directory's companies as arrays; a company's slot is its place in ``ids``."""

    ids: Ints  # company ids, ascending
    listed: Flags  # listed publicly in the group (all True without a group)
    categories: dict[int, Flags] = field(default_factory=dict)
    families: dict[int, Flags] = field(default_factory=dict)
    processes: dict[int, Slots] = field(default_factory=dict)  # the slots that have it
    materials: dict[int, Slots] = field(default_factory=dict)
    expiry: dict[str, Ints] = field(default_factory=dict)
    prefecture_names: list[str] = field(default_factory=list)
    prefecture: Ints = field(default_factory=_no_ints)
    batch_names: list[str] = field(default_factory=list)
    batch: Ints = field(default_factory=_no_ints)
    circle_names: list[str] = field(default_factory=list)
    circle: Ints = field(default_factory=_no_ints)
    envelope: Floats = field(default_factory=lambda: np.zeros(0))  # NaN: no machine size
    tolerance: Floats = field(default_factory=lambda: np.zeros(0))  # NaN: no tolerance
    order: Ints = field(default_factory=_no_ints)  # slots in the directory's order
    texts: list[str] = field(default_factory=list)  # Company.search_text by slot
    # Which texts hold each character (code points ascending; packed bits, a row per point):
    # a word is looked for only in the texts that hold all of its characters.
    points: npt.NDArray[np.uint32] = field(default_factory=lambda: np.zeros(0, np.uint32))
    holding: npt.NDArray[np.uint8] = field(default_factory=lambda: np.zeros((0, 0), np.uint8))

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

    def matching(self, query: BuyerQuery, on: dt.date, *, include_unlisted: bool) -> Flags:
        """The companies directory.search.apply_query finds, as flags: the same criteria,
        read from the arrays. Free words are looked for only in the companies that are left."""
        flags = self.mask(None, include_unlisted=include_unlisted)
        for process_id in query.process_ids:
            flags &= self._having(self.processes.get(process_id))
        for material_id in query.material_ids:
            flags &= self._having(self.materials.get(material_id))
        day = on.toordinal()
        for standard in query.certifications:
            until = self.expiry.get(standard)
            flags &= until >= day if until is not None else False
        # NaN (no machine, no tolerance) compares False, as NULL does in SQL.
        if query.min_size_mm is not None:
            flags &= self.envelope >= query.min_size_mm
        if query.max_tolerance_um is not None:
            flags &= self.tolerance <= query.max_tolerance_um
        for word in query.words:
            # search_text and the word are both folded (casefolded), so a plain substring
            # test finds what LIKE '%word%' found, wildcards in the word included literally.
            folded, texts = fold(word), self.texts
            for point in {ord(ch) for ch in folded}:
                flags &= self._holding(point)
            if len(folded) > 1:  # one character: its row is the answer
                hits = [s for s in np.flatnonzero(flags).tolist() if folded in texts[s]]
                flags[:] = False
                flags[hits] = True
        return flags

    def _holding(self, point: int) -> Flags:
        row = int(np.searchsorted(self.points, point))
        if row == len(self.points) or self.points[row] != point:
            return np.zeros(len(self.ids), dtype=bool)
        return np.unpackbits(self.holding[row], count=len(self.ids)).view(bool)

    def _having(self, slots: Slots | None) -> Flags:
        flags = np.zeros(len(self.ids), dtype=bool)
        if slots is not None:
            flags[slots] = True
        return flags

    def ordered(self, flags: Flags) -> Ints:
        """The flagged companies' ids in the directory's order (kana, name, id)."""
        return self.ids[self.order[flags[self.order]]]


def _codes(values: list[str]) -> tuple[list[str], Ints]:
    names = sorted(set(values))
    number = {name: n for n, name in enumerate(names)}
    return names, np.array([number[v] for v in values], dtype=np.int64)


def _slots_by_key(pairs: list[tuple[int, int]], slot: dict[int, int]) -> dict[int, Slots]:
    positions: defaultdict[int, list[int]] = defaultdict(list)
    for company, key in pairs:
        here = slot.get(company)
        if here is not None:  # a company that joined after the list was read
            positions[key].append(here)
    return {key: np.unique(np.array(where, dtype=np.int32)) for key, where in positions.items()}


def _flags_of(
    slots: dict[int, Slots], parent: dict[int, int | None], size: int
) -> dict[int, Flags]:
    """Per category (family), the companies with any of its processes (materials)."""
    flags: dict[int, Flags] = {}
    for key, where in slots.items():
        owner = parent.get(key)
        if owner is not None:
            flags.setdefault(owner, np.zeros(size, dtype=bool))[where] = True
    return flags


TEXT_CHUNK = 8192  # texts per step of _characters (a multiple of 8: whole bytes of bits)


def _characters(texts: list[str]) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint8]]:
    """The code points in ``texts`` and, per point, a packed bit per text that holds it."""
    points = np.array(sorted(map(ord, set("".join(texts)))), dtype=np.uint32)
    # Code point → row through a table when every point fits in one (searchsorted otherwise).
    table = None
    if len(points) and int(points[-1]) < 0x10000:
        table = np.zeros(0x10000, dtype=np.int32)
        table[points] = np.arange(len(points), dtype=np.int32)
    parts = []
    for start in range(0, len(texts), TEXT_CHUNK):
        chunk = texts[start : start + TEXT_CHUNK]
        codes = np.frombuffer("".join(chunk).encode("utf-32-le"), dtype=np.uint32)
        rows = table[codes] if table is not None else np.searchsorted(points, codes)
        columns = np.repeat(np.arange(len(chunk)), [len(text) for text in chunk])
        held = np.zeros((len(points), len(chunk)), dtype=bool)
        held[rows, columns] = True
        parts.append(np.packbits(held, axis=1))
    if not parts:
        return points, np.zeros((len(points), 0), dtype=np.uint8)
    return points, np.concatenate(parts, axis=1)


def _floats(values: list[float | None]) -> Floats:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def build(companies: QuerySet[Company], group: Group | None) -> FacetIndex:
    # By id, the slots' order: the texts then lie in memory in the order a search reads them
    # (read in kana order they were scattered, and the scan took three times as long).
    columns = ("pk", "prefecture", "batch_band", "max_envelope_mm", "best_tolerance_um")
    rows = list(
        dict.fromkeys(companies.order_by("pk").values_list(*columns, "search_text").iterator())
    )
    size = len(rows)
    slot = {row[0]: n for n, row in enumerate(rows)}
    index = FacetIndex(
        ids=np.array([row[0] for row in rows], dtype=np.int64), listed=np.ones(size, bool)
    )
    # The directory's order as the database sorts it (its collation, not Python's).
    # A second read: a company that joined between the two is left to the next build, and one
    # that left keeps its place at the end, so every slot is in the order exactly once.
    shown = dict.fromkeys(companies.order_by("kana", "name", "pk").values_list("pk", flat=True))
    order = [slot[pk] for pk in shown if pk in slot]
    placed = set(order)
    order += [n for n in range(size) if n not in placed]
    index.order = np.array(order, dtype=np.int64)
    index.prefecture_names, index.prefecture = _codes([row[1] for row in rows])
    index.batch_names, index.batch = _codes([row[2] for row in rows])
    index.envelope = _floats([row[3] for row in rows])
    index.tolerance = _floats([row[4] for row in rows])
    index.texts = [row[5] for row in rows]
    index.points, index.holding = _characters(index.texts)
    del rows
    circles = ["" for _ in range(size)]
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
    index.processes = _slots_by_key(
        list(
            CompanyProcess.objects.filter(company__in=ids)
            .order_by()
            .values_list("company_id", "process_id")
        ),
        slot,
    )
    index.materials = _slots_by_key(
        list(
            CompanyMaterial.objects.filter(company__in=ids)
            .order_by()
            .values_list("company_id", "material_id")
        ),
        slot,
    )
    index.categories = _flags_of(
        index.processes, dict(Process.objects.values_list("pk", "category_id")), size
    )
    index.families = _flags_of(
        index.materials, dict(Material.objects.values_list("pk", "family_id")), size
    )
    for company, standard, until in (
        Certification.objects.valid_on(dt.date.min)
        .filter(company__in=ids)
        .order_by()
        .values_list("company_id", "standard", "expires_on")
    ):
        if company not in slot:
            continue
        if standard not in index.expiry:  # (setdefault would allocate an array per row)
            index.expiry[standard] = np.zeros(size, dtype=np.int64)
        expiry = index.expiry[standard]
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
