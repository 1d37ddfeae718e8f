"""Which members of a group may not be passed an inquiry yet, and why (in the reader's language,
Japanese on the board).

Two rules, both only for companies admitted through an application (renkei.joining):
- the onboarding gate: 京都試作ネット asks a new company to understand the purpose and the vision
  before it takes part (seed l.5207–5209), so a new member is passed no inquiry until it has
  acknowledged the current mission, vision and 会員規約 (the cockpit's Acknowledgement);
- the group's optional probation: its first N jobs one at a time (an open referral or a work
  package in hand counts as a job in hand) and none above an amount.

The matching marks these members' candidates as failing with the reason
(renkei.inquiries.matching), and refer() passes them nothing (renkei.inquiries.referrals).
"""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renkei.cockpit.choices import DocumentKind
from renkei.cockpit.models import Acknowledgement, LeverDocument
from renkei.joining.choices import ApplicationStatus
from renkei.joining.models import Application, JoiningSettings
from renkei.lib.budget import budget_yen
from renkei.orgs.models import Company, Group

# The documents a new member acknowledges before its first inquiry (seed l.5207–5209).
REQUIRED = {
    DocumentKind.MISSION: _("the mission"),
    DocumentKind.VISION: _("the vision"),
    DocumentKind.RULES: _("the member rules"),
}


def required_documents(group: Group) -> list[LeverDocument]:
    """The current version of each required document the group has published."""
    latest: dict[str, LeverDocument] = {}
    for document in LeverDocument.objects.filter(group=group, kind__in=list(REQUIRED)).order_by(
        "kind", "-version"
    ):
        latest.setdefault(document.kind, document)
    return [latest[kind] for kind in REQUIRED if kind in latest]


def new_members(group: Group) -> list[int]:
    """Current members of ``group`` admitted through an accepted application."""
    return sorted(
        set(
            Application.objects.filter(
                group=group,
                status=ApplicationStatus.ACCEPTED,
                company__memberships__group=group,
                company__memberships__left_on__isnull=True,
            ).values_list("company_id", flat=True)
        )
    )


def missing_acknowledgements(group: Group, company_ids: Iterable[int]) -> dict[int, list[Any]]:
    """Company id → the required documents it has not acknowledged (only those with some)."""
    ids = list(company_ids)
    documents = required_documents(group)
    done = set(
        Acknowledgement.objects.filter(document__in=documents, company_id__in=ids).values_list(
            "company_id", "document_id"
        )
    )
    missing = {pk: [d for d in documents if (pk, d.pk) not in done] for pk in ids}
    return {pk: docs for pk, docs in missing.items() if docs}


def _jobs(group: Group, company_id: int, inquiry: Any) -> tuple[int, int]:
    """(jobs done, jobs in hand) of the company in the group: finished work packages; open
    referrals it has not declined (other than ``inquiry``'s) and packages it holds."""
    from renkei.inquiries.choices import InquiryStatus
    from renkei.inquiries.models import AnswerKind, Referral
    from renkei.projects.choices import DONE_STAGES
    from renkei.projects.models import WorkPackage

    packages = WorkPackage.objects.for_group(group).filter(company_id=company_id)
    done = packages.filter(stage__in=list(DONE_STAGES)).count()
    referrals = (
        Referral.objects.filter(inquiry__group=group, company_id=company_id)
        .filter(
            inquiry__status__in=[
                InquiryStatus.NEW,
                InquiryStatus.REVIEWING,
                InquiryStatus.ANSWERED,
                InquiryStatus.QUOTED,
            ]
        )
        .exclude(answer__kind=AnswerKind.CANNOT)
    )
    if inquiry is not None:
        referrals = referrals.exclude(inquiry=inquiry)
    return done, referrals.count() + packages.active().count()


def _probation(group: Group, company_id: int, inquiry: Any, rules: JoiningSettings) -> str:
    done, in_hand = _jobs(group, company_id, inquiry)
    if done >= rules.probation_jobs:
        return ""
    if in_hand:
        return gettext(
            "On probation (%(done)s of its first %(n)s jobs done): one job at a time, and it "
            "has one in hand."
        ) % {"done": done, "n": rules.probation_jobs}
    budget = budget_yen(getattr(inquiry, "budget", "") or "")
    limit = rules.probation_max_yen
    if limit is not None and budget is not None and budget > limit:
        return gettext(
            "On probation: jobs up to ¥%(limit)s; the customer's budget is ¥%(budget)s."
        ) % {"limit": f"{limit:,}", "budget": f"{budget:,}"}
    return ""


def blocked_companies(group: Group, inquiry: Any = None) -> dict[int, str]:
    """Company id → why it may not be passed ``inquiry`` (or any inquiry, without one) now."""
    joined = new_members(group)
    if not joined:
        return {}
    blocked: dict[int, str] = {}
    for pk, documents in missing_acknowledgements(group, joined).items():
        names = "、".join(str(REQUIRED[DocumentKind(d.kind)]) for d in documents)
        blocked[pk] = gettext(
            "New member: has not yet acknowledged %(documents)s, so it is passed no inquiry."
        ) % {"documents": names}
    rules = JoiningSettings.objects.filter(group=group).first()
    if rules is not None and rules.probation_jobs:
        for pk in joined:
            if pk not in blocked and (reason := _probation(group, pk, inquiry, rules)):
                blocked[pk] = reason
    return blocked


def mark_blocked(candidates: Iterable[Any], inquiry: Any) -> None:
    """Adds the failing gate, with its reason, to each candidate (matching.Candidate) that may
    not be passed ``inquiry``: it then shows as not passing, and is never routed to."""
    blocked = blocked_companies(inquiry.group, inquiry)
    for candidate in candidates if blocked else []:
        if candidate.company.pk in blocked:
            candidate.reasons.append((blocked[candidate.company.pk], False))


def without_blocked(inquiry: Any, companies: Iterable[Company]) -> list[Company]:
    """``companies`` less those that may not be passed ``inquiry``; each one held back is in
    the audit log with its reason."""
    from renkei.core.audit import audit

    wanted = list(companies)
    blocked = blocked_companies(inquiry.group, inquiry)
    held = [c for c in wanted if c.pk in blocked]
    if held:
        audit(
            "joining.referral_held",
            obj=inquiry,
            group=inquiry.group,
            summary=" / ".join(f"{c.name}: {blocked[c.pk]}" for c in held)[:300],
            companies=[c.pk for c in held],
        )
    return [c for c in wanted if c.pk not in blocked]
