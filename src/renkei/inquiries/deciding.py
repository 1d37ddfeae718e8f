"""Writes of the ways a group decides who takes a job: naming lead companies, raised hands and
the meeting's decisions. Every write goes through here, audited; a decision that gives a member
the job becomes its referral through referrals.refer, as the coordinator's choice does."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from renkei.capabilities.models import ProcessCategory
from renkei.core.audit import audit
from renkei.inquiries import referrals
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Hand, Inquiry, LeadCompany, Meeting, MeetingDecision, Referral
from renkei.orgs.models import Company, Group
from renkei.orgs.permissions import current_member_ids


class Closed(Exception):
    """The inquiry was already passed on or closed: nothing more to decide."""


class NotPassed(Closed, ValidationError):
    """The chosen company cannot be asked now (joining's rules: renkei.joining.eligibility), so
    nothing was passed; a form shows it as its error, a page as its message."""

    def __str__(self) -> str:
        return " ".join(self.messages)


def _member(group: Group, company: Company) -> None:
    if not current_member_ids(group).filter(company_id=company.pk).exists():
        raise ValidationError(gettext("Choose a current member company of the group."))


@transaction.atomic
def name_lead_company(
    *, actor: Any, group: Group, category: ProcessCategory, company: Company
) -> LeadCompany:
    """Makes ``company`` the lead company of ``category`` (replacing the one before)."""
    _member(group, company)
    lead, _created = LeadCompany.objects.update_or_create(
        group=group, category=category, defaults={"company": company, "named_by": actor}
    )
    audit(
        "lead_company.name",
        actor=actor,
        obj=lead,
        group=group,
        summary=f"{category.name_ja}: {company.name}",
    )
    return lead


@transaction.atomic
def remove_lead_company(*, actor: Any, lead: LeadCompany) -> None:
    audit(
        "lead_company.remove",
        actor=actor,
        obj=lead,
        group=lead.group,
        summary=f"{lead.category.name_ja}: {lead.company.name}",
    )
    lead.delete()


def _lock_open(inquiry: Inquiry) -> Inquiry:
    """The inquiry's row, locked, if nobody has passed it on yet; else Closed. Two members
    confirming at once: the second waits here and finds it taken."""
    locked = Inquiry.objects.select_for_update().filter(pk=inquiry.pk).first()
    if locked is None or locked.status != InquiryStatus.NEW:
        raise Closed(gettext("This inquiry has already been passed on."))
    return locked


@transaction.atomic
def raise_hand(
    *,
    actor: Any,
    inquiry: Inquiry,
    company: Company,
    note: str = "",
    price_idea_yen: int | None = None,
    confirmed: bool = False,
) -> Hand:
    """Raises (or revises) ``company``'s hand. With Group.first_hand_takes the first confirmed
    hand takes the job at once."""
    locked = _lock_open(inquiry)
    hand, _created = Hand.objects.update_or_create(
        inquiry=locked,
        company=company,
        defaults={
            "raised_by": actor,
            "note": note[:500],
            "price_idea_yen": price_idea_yen,
            "confirmed": confirmed,
        },
    )
    audit(
        "inquiry.hand",
        actor=actor,
        obj=hand,
        group=locked.group,
        summary=f"{locked.reference} {company.name}",
        confirmed=confirmed,
        price_idea_yen=price_idea_yen,
    )
    if confirmed and locked.group.first_hand_takes:
        take_hand(actor=actor, hand=hand)
    return hand


@transaction.atomic
def take_hand(*, actor: Any, hand: Hand) -> Referral:
    """The hand's company takes the job: the inquiry is passed to it."""
    locked = _lock_open(hand.inquiry)
    reason = gettext("Raised its hand")
    if hand.note:
        reason = f"{reason}: {hand.note}"
    made = _refer_one(actor, locked, hand.company, reason)
    Hand.objects.filter(pk=hand.pk).update(taken_at=timezone.now())
    audit(
        "inquiry.hand_taken",
        actor=actor,
        obj=hand,
        group=locked.group,
        summary=f"{locked.reference} {hand.company.name}",
    )
    return made


def _refer_one(actor: Any, inquiry: Inquiry, company: Company, reason: str) -> Referral:
    held = referrals.held_back(inquiry, [company])
    if held:  # refer() would pass nothing: say why, and keep nothing of the decision
        raise NotPassed(referrals.not_passed_banner(held))
    made = referrals.refer(
        actor=actor, inquiry=inquiry, companies=[company], reasons={company.pk: reason}
    )
    return made[0] if made else Referral.objects.get(inquiry=inquiry, company=company)


@dataclass(frozen=True)
class Decision:
    """One line of the meeting's minutes: the inquiry and who takes it (None: declined)."""

    inquiry: Inquiry
    company: Company | None
    note: str = ""


@transaction.atomic
def record_meeting(
    *,
    actor: Any,
    group: Group,
    held_on: dt.date,
    attendees: Iterable[Company],
    attendee_note: str,
    decisions: list[Decision],
) -> Meeting:
    """Records the meeting and its decisions; each member chosen is passed the inquiry. An
    inquiry decided already (at another meeting, or passed on meanwhile) is left as it is."""
    if not decisions:
        raise ValidationError(gettext("Decide at least one inquiry."))
    meeting = Meeting.objects.create(
        group=group, held_on=held_on, attendee_note=attendee_note[:300], recorded_by=actor
    )
    meeting.attendees.set(list(attendees))
    recorded = []
    for decision in decisions:
        if decision.company is not None:
            _member(group, decision.company)
        locked = Inquiry.objects.select_for_update().filter(pk=decision.inquiry.pk).first()
        if (
            locked is None
            or locked.status != InquiryStatus.NEW
            or MeetingDecision.objects.filter(inquiry=locked).exists()
        ):
            continue
        referral = None
        if decision.company is not None:
            reason = gettext("Decided at the meeting of %(date)s") % {"date": held_on.isoformat()}
            if decision.note:
                reason = f"{reason}: {decision.note}"
            referral = _refer_one(actor, locked, decision.company, reason)
        recorded.append(
            MeetingDecision.objects.create(
                meeting=meeting,
                inquiry=locked,
                company=decision.company,
                note=decision.note[:500],
                referral=referral,
            )
        )
    audit(
        "meeting.record",
        actor=actor,
        obj=meeting,
        group=group,
        summary=f"{held_on.isoformat()} ({len(recorded)})",
        decisions=[[d.inquiry_id, d.company_id] for d in recorded],
    )
    return meeting
