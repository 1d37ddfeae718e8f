"""Passing a new inquiry to members on arrival, as the group chose (Group.inquiry_routing).

MNI mails every member; 京都試作ネット's coordinator chooses (issue "Joint order window",
item 9). An inquiry the boundary screening flagged is never passed on automatically: the
coordinator decides on it.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task

from renkei.directory.search import member_companies
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.matching import match_inquiry
from renkei.inquiries.models import Inquiry, Referral
from renkei.inquiries.referrals import refer
from renkei.orgs.choices import CompanyKind, InquiryRouting, JobDecision
from renkei.orgs.models import Company

MAX_MATCHED = 10
OPEN = (InquiryStatus.NEW, InquiryStatus.REVIEWING)


def matched_companies(inquiry: Inquiry) -> tuple[list[Company], dict[int, str]]:
    """Members that pass every hard gate of every line, best first for the first line."""
    chosen: dict[int, Company] | None = None
    reasons: dict[int, list[str]] = {}
    for line_match in match_inquiry(inquiry, limit=MAX_MATCHED):
        passing = (
            {}
            if line_match.elsewhere
            else {c.company.pk: c.company for c in line_match.candidates if c.passes}
        )
        for candidate in line_match.candidates:
            if candidate.company.pk in passing:
                reasons.setdefault(candidate.company.pk, []).append(candidate.summary)
        chosen = passing if chosen is None else {k: v for k, v in chosen.items() if k in passing}
    companies = list((chosen or {}).values())[:MAX_MATCHED]
    return companies, {c.pk: " | ".join(reasons.get(c.pk, [])) for c in companies}


def all_manufacturers(inquiry: Inquiry) -> tuple[list[Company], dict[int, str]]:
    members = member_companies(inquiry.group, include_unlisted=True)
    # People are passed the job only when they have named skills (processes) of their own.
    makers = Q(kind=CompanyKind.MANUFACTURER) | Q(
        kind=CompanyKind.INDIVIDUAL, company_processes__isnull=False
    )
    companies = list(members.filter(makers).distinct().order_by("kana", "pk"))
    reason = gettext("Passed to every member on arrival (group setting).")
    return companies, {c.pk: reason for c in companies}


def route(inquiry: Inquiry) -> list[Referral]:
    """Refers the inquiry as its group's setting says; the new referrals (none when repeated)."""
    mode = inquiry.group.inquiry_routing
    if mode == InquiryRouting.COORDINATOR:
        return []
    if inquiry.group.job_decision != JobDecision.COORDINATOR:
        return []  # the lead company, the raised hands or the meeting decide (deciders)
    if any(not verdict.get("ok", True) for verdict in inquiry.screening or []):
        return []
    if inquiry.status not in OPEN:
        return []  # the coordinator got there first (declined it, say)
    with translation.override("ja"):
        if mode == InquiryRouting.ALL:
            companies, reasons = all_manufacturers(inquiry)
        else:
            companies, reasons = matched_companies(inquiry)
    if not companies:
        return []
    with transaction.atomic():
        # Checked again under the lock: the coordinator may have declined it while we matched.
        locked = Inquiry.objects.select_for_update().filter(pk=inquiry.pk, status__in=OPEN)
        if not locked.exists():
            return []
        return refer(actor=None, inquiry=inquiry, companies=companies, reasons=reasons)


@task(queue_name="default")
def route_inquiry(inquiry_id: int) -> str:
    """Safe to run twice: a company is referred once (Referral is unique per inquiry and
    company) and each referral is mailed once. The matching reads outside any transaction, so
    it does not hold SQLite's write lock; only refer() writes, atomically."""
    inquiry = Inquiry.objects.select_related("group").filter(pk=inquiry_id).first()
    if inquiry is None:
        return "skipped"
    made = route(inquiry)
    return f"referred {len(made)}"
