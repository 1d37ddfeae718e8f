"""Passing an inquiry to members, and their answers. Every write goes through here."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from renkei.core.audit import audit
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Answer, AnswerKind, AnswerOffer, Inquiry, Referral
from renkei.inquiries.models.offer import MAX_OFFERS
from renkei.inquiries.status import change_status
from renkei.orgs import permissions
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, Group, GroupRole, Membership
from renkei.outbox.followups import follow_up

MEMBER_ROLES = (PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF)


@transaction.atomic
def refer(
    *, actor: Any, inquiry: Inquiry, companies: Iterable[Company], reasons: dict[int, str]
) -> list[Referral]:
    """Passes the inquiry to each company once; each new one is mailed by the worker."""
    from renkei.inquiries.notices import notify_referred
    from renkei.inquiries.tasks import notify_member
    from renkei.joining.eligibility import without_blocked

    companies = without_blocked(inquiry, companies)  # new members wait (joining)
    made = []
    for company in companies:
        referral, created = Referral.objects.get_or_create(
            inquiry=inquiry,
            company=company,
            defaults={"referred_by": actor, "reasons": reasons.get(company.pk, "")[:500]},
        )
        if created:
            made.append(referral)
            follow_up(notify_member, referral.pk)
            notify_referred(referral)
    if made:
        change_status(inquiry, InquiryStatus.REVIEWING, only_from=[InquiryStatus.NEW], actor=actor)
    audit(
        "inquiry.refer",
        actor=actor,
        obj=inquiry,
        group=inquiry.group,
        summary=inquiry.reference,
        companies=[r.company_id for r in made],
    )
    return made


@dataclass(frozen=True)
class HeldBack:
    """A member company that was ticked but cannot be asked now, and why (reader's language)."""

    company: Company
    reason: str


def held_back(inquiry: Inquiry, companies: Iterable[Company]) -> list[HeldBack]:
    """The ones of ``companies`` refer() would pass nothing: the joining rules (onboarding
    acknowledgement, probation) are the one rule of who may not be asked (joining.eligibility)."""
    from renkei.joining.eligibility import blocked_companies

    blocked = blocked_companies(inquiry.group, inquiry)
    return [HeldBack(c, blocked[c.pk]) for c in companies if c.pk in blocked]


def former_members(group: Group, company_ids: Iterable[int]) -> list[HeldBack]:
    """The companies of ``company_ids`` that were members of ``group`` and have left it (a
    company ticked on a page shown before it left); the caller passes only non-current ids."""
    ids = set(company_ids)
    left = Membership.objects.for_group(group).filter(left_on__isnull=False, company_id__in=ids)
    companies = Company.objects.filter(pk__in=left.values("company_id")).order_by("pk")
    reason = gettext("It has left the group.")
    return [HeldBack(c, reason) for c in companies]


@transaction.atomic
def refer_ticked(
    *, actor: Any, inquiry: Inquiry, companies: Iterable[Company], reasons: dict[int, str]
) -> tuple[list[Referral], list[HeldBack]]:
    """Passes the inquiry to those of the ticked ``companies`` that can be asked now, and
    returns the new referrals and the ones held back. When none can be asked, nothing is passed
    and the inquiry stays as it is; only the holding back is in the audit log."""
    from renkei.joining.eligibility import without_blocked

    wanted = list(companies)
    held = held_back(inquiry, wanted)
    if len(held) == len(wanted):
        without_blocked(inquiry, wanted)  # records who was held back, and why
        return [], held
    return refer(actor=actor, inquiry=inquiry, companies=wanted, reasons=reasons), held


def held_list(held: Iterable[HeldBack]) -> str:
    return " ".join(
        gettext("%(company)s: %(reason)s") % {"company": h.company.name, "reason": h.reason}
        for h in held
    )


def not_passed_banner(held: list[HeldBack]) -> str:
    """What the coordinator is told when none of the ticked companies could be asked."""
    return gettext(
        "The inquiry was not passed on. These member companies cannot be asked now: %(list)s"
    ) % {"list": held_list(held)}


def held_banner(held: list[HeldBack]) -> str:
    """What the coordinator is told of the ticked companies left out of a passing."""
    return gettext("Not passed to these member companies, which cannot be asked now: %(list)s") % {
        "list": held_list(held)
    }


@transaction.atomic
def answer(
    *, actor: Any, referral: Referral, offers: list[dict[str, Any]] | None = None, **fields: Any
) -> Answer:
    """Saves (or revises) the member's answer; the first "can do" moves the inquiry to 回答済.
    ``offers`` (checked by offer_forms) replace the answer's counter-offers; None keeps them."""
    # The referral's row lock makes two sends at once (a double tap) one answer, the second a
    # revision, rather than a clash on the one-answer-per-referral constraint.
    Referral.objects.select_for_update().filter(pk=referral.pk).first()
    reply = Answer.objects.filter(referral=referral).first() or Answer(referral=referral)
    for name, value in fields.items():
        setattr(reply, name, value)
    reply.answered_by = actor
    reply.full_clean()
    reply.save()
    if offers is not None:
        _replace_offers(reply, offers)
    inquiry = referral.inquiry
    if reply.kind == AnswerKind.CAN:
        change_status(
            inquiry,
            InquiryStatus.ANSWERED,
            only_from=[InquiryStatus.NEW, InquiryStatus.REVIEWING],
            actor=actor,
        )
    from renkei.inquiries.notices import notify_coordinators
    from renkei.notices.models import NoticeKind

    notify_coordinators(
        inquiry, NoticeKind.INQUIRY_ANSWERED, f"{referral.company.name}: {reply.get_kind_display()}"
    )
    audit(
        "inquiry.answer",
        actor=actor,
        obj=reply,
        group=inquiry.group,
        summary=f"{inquiry.reference} {referral.company.name}: {reply.kind}",
        offers=[[o.quantity, o.price_yen, o.lead_days, o.material] for o in reply.offers.all()],
    )
    return reply


def _replace_offers(reply: Answer, offers: list[dict[str, Any]]) -> None:
    """The answer's counter-offers become ``offers``, in order; each is checked by the model."""
    if len(offers) > MAX_OFFERS:
        raise ValidationError(
            {"offers": gettext("You can propose at most %(num)d offers.") % {"num": MAX_OFFERS}}
        )
    made = [AnswerOffer(answer=reply, position=n, **o) for n, o in enumerate(offers, start=1)]
    for offer in made:
        offer.full_clean(exclude=["answer"])
    AnswerOffer.objects.filter(answer=reply).delete()
    AnswerOffer.objects.bulk_create(made)


def companies_acting_for(user: Any, group: Group) -> list[int]:
    """Member companies of ``group`` this person answers for."""
    return permissions.companies_acting_for(user, group, MEMBER_ROLES)


def current_members(group: Group) -> Any:
    return permissions.current_member_ids(group)


def recipients(referral: Referral) -> list[str]:
    """E-mail addresses of the member company's people in the inquiry's group."""
    grants = GroupRole.objects.filter(
        group=referral.inquiry.group, company=referral.company, role__in=MEMBER_ROLES
    ).select_related("user")
    addresses = {g.user.email for g in grants if g.user.email and g.user.is_active}
    if not addresses and referral.company.email:
        addresses.add(referral.company.email)
    return sorted(addresses)


def makers_for_customer(inquiry: Inquiry) -> list[str]:
    """Names of the member companies that make the quoted work (their answer was "can do"), for
    the customer's eyes — none unless the group chose to show them (Group.show_member_names)."""
    if not inquiry.group.show_member_names:
        return []
    makers = Referral.objects.filter(inquiry=inquiry, answer__kind=AnswerKind.CAN)
    return list(makers.order_by("pk").values_list("company__name", flat=True))


def without_address(made: Iterable[Referral]) -> list[Referral]:
    """The referrals no one can be mailed about (no member person with an e-mail address, no
    company address): the coordinator must tell those companies another way."""
    return [referral for referral in made if not recipients(referral)]


def passed_banner(made: list[Referral]) -> tuple[str, str]:
    """What the coordinator is told after passing an inquiry on: how many companies it went to
    and how many are really being mailed, and (or "") the companies that have no address."""
    unreachable = without_address(made)
    mailed = len(made) - len(unreachable)
    if not unreachable:
        done = gettext("Passed to %(n)s member companies; they are being mailed.")
    else:
        done = gettext("Passed to %(n)s member companies; %(m)s of them are being mailed.")
    names = "、".join(r.company.name for r in unreachable)
    left = (
        gettext("No contact address: %(names)s. Please tell them another way.") % {"names": names}
        if unreachable
        else ""
    )
    return done % {"n": len(made), "m": mailed}, left
