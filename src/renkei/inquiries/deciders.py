"""Who may decide which member takes a job: the one place for the rule (Group.job_decision).

The web pages and the API ask these functions; none decides by itself. The coordinator can always
do everything. Besides, by the group's setting:

* lead company (幹事企業 chooses the polisher, seed l.516–518): the member admin of the company
  named lead of a field passes that field's inquiries on and composes their quotes;
* raised hands (MNI's members decide among themselves, seed l.4315–4317): every member's people
  see the new inquiries (never the customer's contact) and raise their company's hand;
* meeting (the core members' regular meeting decides, seed l.2092–2096): the coordinators and the
  people of core-circle members see the pending inquiries and record the decisions.
"""

from typing import Any

from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Inquiry, LeadCompany, LineStep
from renkei.orgs import permissions
from renkei.orgs.choices import Circle, JobDecision, PersonRole
from renkei.orgs.models import Group, Membership

MEMBER_ROLES = (PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF)
# Inquiries still waiting for someone to decide who takes them.
UNDECIDED = (InquiryStatus.NEW,)


def is_coordinator(user: Any, group: Group) -> bool:
    return permissions.has_role(user, group, PersonRole.COORDINATOR)


def fields_of(inquiry: Inquiry) -> set[int]:
    """The process families (taxonomy categories) of the inquiry's lines' steps."""
    steps = LineStep.objects.filter(line__inquiry=inquiry)
    return set(steps.values_list("process__category_id", flat=True))


def leading_companies(user: Any, group: Group) -> dict[int, set[int]]:
    """The lead companies this person is member admin of, with the fields each leads; empty
    unless the group routes by lead company."""
    if group.job_decision != JobDecision.LEAD_COMPANY:
        return {}
    mine = permissions.companies_acting_for(user, group, (PersonRole.MEMBER_ADMIN,))
    found: dict[int, set[int]] = {}
    for company_id, category_id in LeadCompany.objects.filter(
        group=group, company_id__in=mine
    ).values_list("company_id", "category_id"):
        found.setdefault(company_id, set()).add(category_id)
    return found


def leading_company_for(user: Any, inquiry: Inquiry) -> int | None:
    """The id of the lead company this person speaks for on ``inquiry``: one that leads a field
    of its lines, when the group routes by lead company; else None."""
    leads = leading_companies(user, inquiry.group)
    if not leads:
        return None
    fields = fields_of(inquiry)
    for company_id, categories in sorted(leads.items()):
        if categories & fields:
            return company_id
    return None


def may_pass_on(user: Any, inquiry: Inquiry) -> bool:
    """May this person pass ``inquiry`` on to members (refer it)?"""
    if is_coordinator(user, inquiry.group):
        return True
    return leading_company_for(user, inquiry) is not None


def may_quote(user: Any, inquiry: Inquiry) -> bool:
    """May this person compose and send the customer's quote for ``inquiry``? The lead company
    chooses the maker and composes the quote for the jobs of its field."""
    return may_pass_on(user, inquiry)


def lead_inquiries(user: Any, group: Group) -> Any:
    """The group's inquiries in the fields this person's lead companies lead."""
    categories = set().union(*leading_companies(user, group).values())
    if not categories:
        return Inquiry.objects.none()
    return (
        Inquiry.objects.for_group(group)
        .filter(lines__line_steps__process__category_id__in=categories)
        .distinct()
    )


def hand_companies(user: Any, group: Group) -> list[int]:
    """Member companies this person may raise a hand for; none unless the group decides by
    raised hands."""
    if group.job_decision != JobDecision.HANDS:
        return []
    return permissions.companies_acting_for(user, group, MEMBER_ROLES)


def may_see_hands(user: Any, group: Group) -> bool:
    return group.job_decision == JobDecision.HANDS and (
        is_coordinator(user, group) or bool(hand_companies(user, group))
    )


def core_companies(user: Any, group: Group) -> list[int]:
    """Core-circle member companies this person acts for."""
    mine = permissions.companies_acting_for(user, group, MEMBER_ROLES)
    core = Membership.objects.for_group(group).current().filter(circle=Circle.CORE)
    return sorted(set(core.filter(company_id__in=mine).values_list("company_id", flat=True)))


def may_hold_meeting(user: Any, group: Group) -> bool:
    """The meeting page: the coordinators and the core members' people, when the group decides
    at its meetings."""
    if group.job_decision != JobDecision.MEETING:
        return False
    return is_coordinator(user, group) or bool(core_companies(user, group))


def undecided(group: Group) -> Any:
    """Inquiries nobody has passed on yet, outside-the-boundary ones excepted by the caller."""
    return Inquiry.objects.for_group(group).filter(status__in=UNDECIDED)


def inside_boundary(inquiry: Inquiry) -> bool:
    """Not flagged by the boundary screening: flagged ones are the coordinator's to decide."""
    return all(verdict.get("ok", True) for verdict in inquiry.screening or [])


def inquiry_page(user: Any, inquiry: Inquiry) -> tuple[str, int]:
    """Where this person works on ``inquiry`` after passing it on or quoting: the board's page
    for a coordinator, the lead company's desk otherwise (URL name and pk)."""
    if is_coordinator(user, inquiry.group):
        return "inquiries:detail", inquiry.pk
    return "inquiries:lead_inquiry", inquiry.pk
