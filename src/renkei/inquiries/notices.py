"""What the joint order window tells people in-app (renkei.notices): a referral to their
company, a mention in a comment, and the coordinators what happened on their board."""

from django.urls import reverse

from renkei.inquiries.models import Inquiry, Referral
from renkei.notices.models import NoticeKind
from renkei.notices.services import notify
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import GroupRole


def notify_referred(referral: Referral) -> None:
    """Each person of the member company gets a notice linking to the referral page."""
    from renkei.inquiries.referrals import MEMBER_ROLES

    inquiry = referral.inquiry
    people = GroupRole.objects.filter(
        group=inquiry.group, company=referral.company, role__in=MEMBER_ROLES
    ).select_related("user")
    notify(
        users=[grant.user for grant in people],
        group=inquiry.group,
        kind=NoticeKind.REFERRAL,
        text=f"{inquiry.reference} {inquiry.title}",
        link=reverse("inquiries:referral", args=[inquiry.group.slug, referral.pk]),
    )


def notify_coordinators(inquiry: Inquiry, kind: str, detail: str = "") -> None:
    """The group's coordinators get a notice linking to the inquiry on their board: a new
    inquiry (the reply promise is running), a member's answer, the customer's acceptance."""
    people = GroupRole.objects.filter(
        group=inquiry.group, role=PersonRole.COORDINATOR
    ).select_related("user")
    text = f"{inquiry.reference} {inquiry.title}" + (f" — {detail}" if detail else "")
    notify(
        users=[grant.user for grant in people],
        group=inquiry.group,
        kind=kind,
        text=text,
        link=reverse("inquiries:detail", args=[inquiry.group.slug, inquiry.pk]),
    )
