"""The group's certificate rules: written by the coordinator, read by every matching gate.

The rules are read once per ranking from a per-group cache held while the capabilities stamp
holds (as the match index is), never per member; each write bumps the stamp.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from renkei.capabilities.models import Certification, CertificationStandard, GroupRequirement
from renkei.core import stamps
from renkei.core.audit import audit
from renkei.orgs.choices import CompanyKind
from renkei.orgs.models import Company, Group


@dataclass(frozen=True)
class Rule:
    """One rule as the gates read it: ``industry`` blank = every member, every inquiry."""

    standard: str
    industry: str
    reason: str  # in the language of the page that ranks (see rules_for)


class DuplicateRequirement(Exception):
    """The group already requires this certificate for these inquiries."""


def _rules(group_id: int) -> list[tuple[str, str]]:
    return list(
        GroupRequirement.objects.filter(group_id=group_id)
        .order_by("industry", "standard__position", "standard__code")
        .values_list("standard__code", "industry")
    )


def cached_rules(group_id: int) -> list[tuple[str, str]]:
    """(standard code, industry) of the group's rules, cached while the stamp holds."""
    return stamps.cached(stamps.CAPABILITIES, ("group-rules", group_id), lambda: _rules(group_id))


def rules_for(group_id: int, industry: str) -> list[Rule]:
    """The rules an inquiry of ``industry`` meets: every-member rules and its industry's."""
    found = []
    for standard, rule_industry in cached_rules(group_id):
        if rule_industry in ("", industry):
            requirement = GroupRequirement(
                standard=CertificationStandard(code=standard), industry=rule_industry
            )
            found.append(Rule(standard, rule_industry, requirement.reason()))
    return found


def add_requirement(
    *, actor: Any, group: Group, standard: CertificationStandard, industry: str
) -> GroupRequirement:
    try:
        with transaction.atomic():
            requirement = GroupRequirement.objects.create(
                group=group, standard=standard, industry=industry
            )
            audit(
                "requirement.create",
                actor=actor,
                obj=requirement,
                group=group,
                summary=requirement.reason(),
            )
            stamps.bump(stamps.CAPABILITIES)  # every gate reads the rules
    except IntegrityError as error:  # a double submit, or the same rule twice
        raise DuplicateRequirement from error
    return requirement


def remove_requirement(*, actor: Any, group: Group, requirement: GroupRequirement) -> None:
    with transaction.atomic():
        audit(
            "requirement.delete",
            actor=actor,
            obj=requirement,
            group=group,
            summary=requirement.reason(),
        )
        requirement.delete()
        stamps.bump(stamps.CAPABILITIES)


def missing_certificates(
    group: Group, companies: list[Company], on: dt.date
) -> dict[int, list[str]]:
    """Per company, the every-member certificates it lacks on ``on``: the member list's flags.
    One query for all companies."""
    required = [s for s, industry in cached_rules(group.pk) if not industry]
    if not required:
        return {}
    held: dict[int, set[str]] = {}
    rows = (
        Certification.objects.valid_on(on)
        .filter(company__in=companies, standard__in=required)
        .values_list("company_id", "standard")
    )
    for company_id, standard in rows:
        held.setdefault(company_id, set()).add(standard)
    missing = {}
    for company in companies:
        if company.kind != CompanyKind.MANUFACTURER:  # only those matched take jobs
            continue
        lacking = [s for s in required if s not in held.get(company.pk, set())]
        if lacking:
            missing[company.pk] = lacking
    return missing
