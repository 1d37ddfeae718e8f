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
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext

from renkei.capabilities.models import (
    Certification,
    CompanyMaterial,
    CompanyProcess,
    Material,
)
from renkei.directory.search import member_companies, vocabulary
from renkei.inquiries.models import Inquiry, InquiryLine
from renkei.lib.buyer_query import parse_buyer_query
from renkei.orgs.choices import CompanyKind
from renkei.orgs.models import Company, Group

Reason = tuple[str, bool]
ROUTE_POOL = 50  # the best members a route is built from


@dataclass
class Need:
    """What one line asks of a company, read from the line's fields."""

    steps: list[tuple[int, str]]  # (process id, name), in order
    material: Material | None
    size_mm: float | None
    tolerance_um: float | None
    certifications: list[str]
    on: dt.date


@dataclass
class Candidate:
    company: Company
    reasons: list[Reason]
    covered: set[int] = field(default_factory=set)
    score: float = 0.0
    step_count: int = 0
    takes_a_step: bool = True

    @property
    def passes(self) -> bool:
        """Every gate but the steps holds, and the company takes at least one step: a line of
        several steps may need several members (see route)."""
        return self.takes_a_step and all(ok for _text, ok in self.reasons[self.step_count :])

    @property
    def summary(self) -> str:
        return " / ".join(f"{text} {'✓' if ok else '✗'}" for text, ok in self.reasons)


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
    return Need(
        steps=[(s.process_id, s.process.name) for s in line.line_steps.select_related("process")],
        material=material,
        size_mm=parsed.min_size_mm,
        tolerance_um=parsed.max_tolerance_um,
        certifications=[str(c) for c in line.certifications],
        on=inquiry.desired_delivery or timezone.localdate(),
    )


def _with_profiles(companies: QuerySet[Company], on: dt.date) -> QuerySet[Company]:
    return companies.filter(kind=CompanyKind.MANUFACTURER).prefetch_related(
        "company_processes",
        "company_materials__material",
        Prefetch("certifications", Certification.objects.valid_on(on), to_attr="valid_certs"),
    )


def judge(company: Company, need: Need) -> Candidate:
    offered = {cp.process_id for cp in company.company_processes.all()}
    covered = {pk for pk, _n in need.steps if pk in offered}
    candidate = Candidate(
        company,
        [],
        covered,
        step_count=len(need.steps),
        takes_a_step=bool(covered or not need.steps),
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
        candidate.reasons.append((f"{standard}{until}", certificate is not None))
    coverage = len(candidate.covered) / len(need.steps) if need.steps else 1.0
    candidate.score = 100 * coverage + 10 * exact + min(margin, 10)
    return candidate


def gated(companies: QuerySet[Company], need: Need) -> QuerySet[Company]:
    """The hard gates in SQL, on the indexes: a step, the material family, size, tolerance and
    each certificate valid on the delivery date."""
    companies = companies.filter(kind=CompanyKind.MANUFACTURER)
    if need.steps:
        steps = CompanyProcess.objects.filter(process_id__in=[pk for pk, _n in need.steps])
        companies = companies.filter(Exists(steps.filter(company=OuterRef("pk"))))
    if need.material is not None:
        family = CompanyMaterial.objects.filter(material__family_id=need.material.family_id)
        companies = companies.filter(Exists(family.filter(company=OuterRef("pk"))))
    if need.size_mm is not None:
        companies = companies.filter(max_envelope_mm__gte=need.size_mm)
    if need.tolerance_um is not None:
        companies = companies.filter(best_tolerance_um__lte=need.tolerance_um)
    for standard in need.certifications:
        valid = Certification.objects.valid_on(need.on).filter(standard=standard)
        companies = companies.filter(pk__in=valid.values("company_id"))
    return companies


def scored(companies: QuerySet[Company], need: Need) -> QuerySet[Company]:
    """Best first by the soft score judge() computes, in SQL: steps covered, exact material,
    tolerance margin (capped)."""
    score: Any = Value(100.0)
    if need.steps:
        covered = (
            CompanyProcess.objects.filter(
                company=OuterRef("pk"), process_id__in=[pk for pk, _n in need.steps]
            )
            .order_by()
            .values("company")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        count = Coalesce(Subquery(covered, output_field=FloatField()), Value(0.0))
        score = count * Value(100.0 / len(need.steps))
    if need.material is not None:
        exact = CompanyMaterial.objects.filter(company=OuterRef("pk"), material=need.material)
        score = score + Case(When(Exists(exact), then=Value(10.0)), default=Value(0.0))
    if need.tolerance_um is not None:
        margin = Value(float(need.tolerance_um)) / F("best_tolerance_um")
        score = score + Case(
            When(best_tolerance_um__gt=0, then=Least(margin, Value(10.0))), default=Value(0.0)
        )
    annotated = companies.annotate(match_score=ExpressionWrapper(score, FloatField()))
    return annotated.order_by("-match_score", "kana", "pk")


def rank(companies: QuerySet[Company], need: Need, limit: int = 10) -> list[Candidate]:
    """The best ``limit`` companies that pass the gates, then (to fill the list) the closest that
    do not, each judged with its reasons."""
    ids = list(scored(gated(companies, need), need).values_list("pk", flat=True)[:limit])
    if len(ids) < limit:
        rest = companies.filter(kind=CompanyKind.MANUFACTURER).exclude(pk__in=ids)
        ids += list(scored(rest, need).values_list("pk", flat=True)[: limit - len(ids)])
    profiles = _with_profiles(Company.objects.filter(pk__in=ids), need.on)
    judged = [judge(company, need) for company in profiles]
    return sorted(judged, key=lambda c: (not c.passes, -c.score, c.company.kana, c.company.pk))


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
    members = member_companies(group, include_unlisted=True)
    matches = []
    for line in inquiry.lines.all():
        need = need_of(line, inquiry)
        candidates = rank(members, need, limit)
        elsewhere = not any(c.passes for c in candidates)
        pool = members
        if elsewhere:
            pool = (
                Company.objects.publicly_listed()
                .filter(memberships__group__region=group.region)
                .exclude(memberships__group=group)
            )
            candidates = [c for c in rank(pool, need, limit) if c.passes]
        chain = route(rank(pool, need, ROUTE_POOL), need) if len(need.steps) > 1 else []
        matches.append(LineMatch(line, candidates, chain, elsewhere))
    return matches
