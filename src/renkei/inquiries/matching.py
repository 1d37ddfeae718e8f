"""Which members can make an inquiry line, best first, each with its reasons in Japanese.

Hard gates first — the processes asked for (aliases included), the material's family, the size
the machines take, the tolerance they hold, the certificates valid on the delivery date — then a
soft score among those that pass: tolerance margin, exact material, how many of the steps one
company covers. A multi-step line also gets a route: the chain of members that covers the steps
in order with the fewest hand-offs (as 磨き屋シンジケート's lead company picks the best-suited
member, seed l.503–540). When no member passes, members of the region's other groups are shown
instead (seed l.2309–2330).
"""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from renkei.capabilities.models import Certification, Material
from renkei.capabilities.requirements import rules_for
from renkei.directory.search import member_companies, vocabulary
from renkei.inquiries import track_record
from renkei.inquiries.match_index import Flags, Floats, Ints, PoolIndex, pool_index
from renkei.inquiries.models import Inquiry, InquiryLine
from renkei.inquiries.track_record import EMPTY, Record
from renkei.joining.eligibility import mark_blocked
from renkei.lib.buyer_query import parse_buyer_query
from renkei.orgs.choices import MAKER_KINDS
from renkei.orgs.models import Company, Group
from renkei.quality.scorecards import Scorecard, cached_scorecards

Reason = tuple[str, bool]
ROUTE_POOL = 50  # the best members a route is built from


@dataclass
class Need:
    """What one line asks of a company, read from the line's fields."""

    steps: list[tuple[int, str]]  # (process id, name), in order
    material: Material | None
    size_mm: float | None
    tolerance_um: float | None
    certifications: list[str]  # the customer's, then those the group's rules add
    on: dt.date
    # standard → the group rule that requires it, where the customer did not list it
    rules: dict[str, str] = field(default_factory=dict)


@dataclass
class Candidate:
    company: Company
    reasons: list[Reason]
    covered: set[int] = field(default_factory=set)
    score: float = 0.0
    step_count: int = 0
    takes_a_step: bool = True
    record: Record = EMPTY
    card: Scorecard | None = None  # only with enough jobs in the window (quality.scorecards)
    # reason position → the text shown for it: a group rule's gate reads as the rule, while
    # the reason itself keeps the standard (the region's unmet-demand reasons read it)
    notes: dict[int, str] = field(default_factory=dict)

    @property
    def passes(self) -> bool:
        """Every gate but the steps holds, and the company takes at least one step: a line of
        several steps may need several members (see route)."""
        return self.takes_a_step and all(ok for _text, ok in self.reasons[self.step_count :])

    @property
    def summary(self) -> str:
        gates = [(self.notes.get(n, text), ok) for n, (text, ok) in enumerate(self.reasons)]
        shown = gates + self.record.reasons() + (self.card.reasons() if self.card else [])
        return " / ".join(f"{text} {'✓' if ok else '✗'}" for text, ok in shown)

    @property
    def order(self) -> tuple[bool, float, dt.datetime, str, int]:
        """Passing first, best score first; among equals the one passed an inquiry least
        recently (fair rotation), then by reading."""
        return (
            not self.passes,
            -self.score,
            self.record.last_referred,
            self.company.kana,
            self.company.pk,
        )


@dataclass
class Pool:
    """The companies a line is matched against, with their cached capabilities index."""

    key: tuple[object, ...]
    companies: QuerySet[Company]
    # The group whose scorecards feed the score: only its own members' (a coordinator never
    # sees another group's scorecards, so the region's pool gets none).
    group: Group | None = None

    def index(self) -> PoolIndex:
        return pool_index(self.key, self.companies)


def group_pool(group: Group) -> Pool:
    return Pool(("members", group.pk), member_companies(group, include_unlisted=True), group)


def region_pool(group: Group) -> Pool:
    """Listed members of the region's other groups (seed l.2309–2330)."""
    others = (
        Company.objects.publicly_listed()
        .filter(memberships__group__region=group.region_id)
        .exclude(memberships__group=group)
    )
    return Pool(("region", group.region_id, group.pk), others)


@dataclass
class LineMatch:
    line: InquiryLine
    candidates: list[Candidate]
    route: list[tuple[Company, list[str]]]
    elsewhere: bool = False  # candidates come from the region's other groups


def need_of(line: InquiryLine, inquiry: Inquiry) -> Need:
    parsed = parse_buyer_query(f"{line.material} {line.size} {line.tolerance}", vocabulary())
    material = (
        Material.objects.select_related("family").filter(pk=parsed.material_ids[0]).first()
        if parsed.material_ids
        else None
    )
    listed = [str(c) for c in line.certifications]
    # The group's rules hold even when the customer listed nothing: NSCA's members need
    # JIS Q 9100 for aerospace work (seed l.4530–4534, 4919–4921).
    rules = {
        r.standard: r.reason
        for r in rules_for(inquiry.group_id, inquiry.industry)
        if r.standard not in listed
    }
    return Need(
        steps=[(s.process_id, s.process.name) for s in line.line_steps.select_related("process")],
        material=material,
        size_mm=parsed.min_size_mm,
        tolerance_um=parsed.max_tolerance_um,
        certifications=listed + list(rules),
        on=inquiry.desired_delivery or timezone.localdate(),
        rules=rules,
    )


def _with_profiles(companies: QuerySet[Company], on: dt.date) -> QuerySet[Company]:
    return companies.filter(kind__in=MAKER_KINDS).prefetch_related(
        "company_processes",
        "company_materials__material",
        Prefetch("certifications", Certification.objects.valid_on(on), to_attr="valid_certs"),
    )


def judge(
    company: Company, need: Need, record: Record = EMPTY, card: Scorecard | None = None
) -> Candidate:
    offered = {cp.process_id for cp in company.company_processes.all()}
    covered = {pk for pk, _n in need.steps if pk in offered}
    candidate = Candidate(
        company,
        [],
        covered,
        step_count=len(need.steps),
        takes_a_step=bool(covered or not need.steps),
        record=record,
        card=card,
    )
    for pk, name in need.steps:
        candidate.reasons.append((name, pk in offered))
    exact = False
    if need.material is not None:
        materials = [cm.material for cm in company.company_materials.all()]
        exact = any(m.pk == need.material.pk for m in materials)
        family = any(m.family_id == need.material.family_id for m in materials)
        candidate.reasons.append((need.material.symbol, exact or family))
    if need.size_mm is not None:
        fits = (company.max_envelope_mm or 0) >= need.size_mm
        candidate.reasons.append((f"{need.size_mm:g}mm", fits))
    margin = 0.0
    if need.tolerance_um is not None:
        best = company.best_tolerance_um
        holds = best is not None and best <= need.tolerance_um
        candidate.reasons.append((f"±{need.tolerance_um:g}µm", holds))
        margin = (need.tolerance_um / best) if holds and best else 0.0
    certificates = {c.standard: c for c in getattr(company, "valid_certs", [])}
    for standard in need.certifications:
        certificate = certificates.get(standard)
        until = ""
        if certificate and certificate.expires_on:
            month = f"{certificate.expires_on:%Y-%m}"
            until = " " + gettext("until %(month)s") % {"month": month}
        if standard in need.rules:
            candidate.notes[len(candidate.reasons)] = f"{need.rules[standard]}{until}"
        candidate.reasons.append((f"{standard}{until}", certificate is not None))
    quality = card.match_term if card else 0.0
    candidate.score = score(len(candidate.covered), len(need.steps), exact, margin, record, quality)
    return candidate


def score(
    covered: int, steps: int, exact: bool, margin: float, record: Record, quality: float = 0.0
) -> float:
    """The soft score: steps covered first, then exact material and tolerance margin, then the
    track record and the scorecard's modest term (delivery and quality, 0 below 10 jobs).
    judge() and the index ranking both use it, so they always agree."""
    coverage = covered / steps if steps else 1.0
    return 100 * coverage + 10 * exact + min(margin, 10) + record.soft_score + quality


def _gates(index: PoolIndex, need: Need) -> tuple[Flags, Flags]:
    """Which companies pass every hard gate, and which take at least one of the steps (all of
    them for a line without steps); computed for all companies at once, as booleans only."""
    takes = index.none()
    for pk in dict.fromkeys(pk for pk, _n in need.steps):
        takes |= index.offers(pk)
    if not need.steps:
        takes = ~takes
    passes = takes.copy()
    if need.material is not None:
        passes &= index.by_family.get(need.material.family_id, index.none())
    if need.size_mm is not None:
        passes &= index.envelope >= need.size_mm
    if need.tolerance_um is not None:
        passes &= index.tolerance <= need.tolerance_um  # NaN (unknown) never holds
    for standard in need.certifications:
        passes &= index.certified(standard, need.on)
    return passes, takes


def _spread(slots: Ints, index: PoolIndex, values: dict[int, float], default: float) -> Floats:
    """One value per slot of ``slots`` (ascending): ``values``' by company id, else default."""
    made = np.full(len(slots), default)
    if values and len(slots):
        where = np.fromiter(
            (index.slot.get(company, -1) for company in values), np.int64, len(values)
        )
        given = np.fromiter(values.values(), np.float64, len(values))
        found = np.searchsorted(slots, where).clip(max=len(slots) - 1)
        hit = slots[found] == where
        made[found[hit]] = given[hit]
    return made


def _scored(
    index: PoolIndex,
    need: Need,
    slots: Ints,
    records: dict[int, Record],
    cards: dict[int, Scorecard] | None = None,
) -> tuple[Floats, Floats]:
    """The score (as score() gives it) and when each was last passed an inquiry, for the
    companies at ``slots`` only: the gates have already left out most of a national pool."""
    covered = np.zeros(len(slots), dtype=np.int64)
    for pk in dict.fromkeys(pk for pk, _n in need.steps):
        covered += index.offers(pk)[slots]
    exact = np.zeros(len(slots), dtype=bool)
    if need.material is not None and need.material.pk in index.by_material:
        exact = index.by_material[need.material.pk][slots]
    margin = np.zeros(len(slots))
    if need.tolerance_um is not None:
        tolerance = index.tolerance[slots]
        holds = tolerance <= need.tolerance_um
        best = np.where(holds & (tolerance > 0), tolerance, np.inf)
        margin = need.tolerance_um / best
    soft = _spread(slots, index, {c: r.soft_score for c, r in records.items()}, EMPTY.soft_score)
    last = _spread(
        slots, index, {c: r.last_referred.timestamp() for c, r in records.items()}, -np.inf
    )
    # Only members with enough jobs have a card: a few.
    quality = _spread(slots, index, {c: card.match_term for c, card in (cards or {}).items()}, 0.0)
    # The same operations in the same order as score(), so both give the same float.
    coverage = covered / len(need.steps) if need.steps else np.ones(len(slots))
    total = 100 * coverage + 10 * exact + np.minimum(margin, 10) + soft + quality
    return total, last


def _best(
    index: PoolIndex,
    need: Need,
    slots: Ints,
    records: dict[int, Record],
    cards: dict[int, Scorecard],
    limit: int,
) -> list[int]:
    """The first ``limit`` of ``slots`` in Candidate.order (slots follow the readings)."""
    if limit <= 0 or not len(slots):
        return []
    total, last = _scored(index, need, slots, records, cards)
    if len(slots) > limit:
        # Only those scoring at least the limit-th best can be among the first: sorting the
        # tens of thousands that pass a plain line would cost more than the gates.
        worst = -total
        cut = np.partition(worst, limit - 1)[limit - 1]
        keep = worst <= cut  # ties at the cut stay, for the tie-breaks to settle
        slots, total, last = slots[keep], total[keep], last[keep]
    ordered = slots[np.lexsort((slots, last, -total))]
    return [int(slot) for slot in ordered[:limit]]


def passing(index: PoolIndex, need: Need) -> set[int]:
    """Ids of the companies that pass every hard gate."""
    passes, _takes = _gates(index, need)
    return set(index.ids[passes].tolist())


def rank(
    pool: Pool,
    need: Need,
    limit: int = 10,
    records: dict[int, Record] | None = None,
    cards: dict[int, Scorecard] | None = None,
) -> list[Candidate]:
    """The best ``limit`` companies that pass the gates, then (to fill the list) the closest
    that do not — those taking a step first — each judged with its reasons."""
    index = pool.index()
    records = track_record.records() if records is None else records
    if cards is None:
        cards = cached_scorecards(pool.group) if pool.group is not None else {}
    passes, takes = _gates(index, need)
    chosen = _best(index, need, np.flatnonzero(passes), records, cards, limit)
    if len(chosen) < limit:
        left = limit - len(chosen)
        chosen += _best(index, need, np.flatnonzero(takes & ~passes), records, cards, left)
        if len(chosen) < limit:
            left = limit - len(chosen)
            chosen += _best(index, need, np.flatnonzero(~takes), records, cards, left)
    ids = index.ids[np.array(chosen, dtype=np.int64)].tolist()
    profiles = _with_profiles(Company.objects.filter(pk__in=ids), need.on)
    judged = [
        judge(company, need, records.get(company.pk, EMPTY), cards.get(company.pk))
        for company in profiles
    ]
    return sorted(judged, key=lambda c: c.order)


def route(candidates: list[Candidate], need: Need) -> list[tuple[Company, list[str]]]:
    """Fewest hand-offs: from each step on, the company covering the longest run of the next steps
    (greedy is optimal for covering a sequence with runs). Empty when a step has no taker."""
    chain: list[tuple[Company, list[str]]] = []
    i = 0
    while i < len(need.steps):
        best, length = None, 0
        for candidate in candidates:
            run = 0
            while i + run < len(need.steps) and need.steps[i + run][0] in candidate.covered:
                run += 1
            if run > length:
                best, length = candidate, run
        if best is None:
            return []
        chain.append((best.company, [name for _pk, name in need.steps[i : i + length]]))
        i += length
    return chain


def match_inquiry(inquiry: Inquiry, limit: int = 10) -> list[LineMatch]:
    group: Group = inquiry.group
    members = group_pool(group)
    records = track_record.records()
    cards = cached_scorecards(group)
    matches = []
    for line in inquiry.lines.all():
        need = need_of(line, inquiry)
        candidates = rank(members, need, limit, records, cards)
        mark_blocked(candidates, inquiry)  # new members: onboarding, probation (joining)
        elsewhere = not any(c.passes for c in candidates)
        pool = members
        if elsewhere:
            pool = region_pool(group)
            candidates = [c for c in rank(pool, need, limit, records, {}) if c.passes]
        pool_cards = {} if elsewhere else cards
        chain = (
            route(rank(pool, need, ROUTE_POOL, records, pool_cards), need)
            if len(need.steps) > 1
            else []
        )
        matches.append(LineMatch(line, candidates, chain, elsewhere))
    return matches
