"""What the joint order window tells people in-app (renkei.notices): a referral to their
company, a mention in a comment, and the coordinators what happened on their board."""

from typing import Any

from django.urls import reverse

from renkei.inquiries.models import Inquiry, Referral
from renkei.notices.models import Notice, NoticeKind
from renkei.notices.services import notify, unread_links
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group, GroupRole


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


def inquiry_link(inquiry: Inquiry) -> str:
    """The coordinator's page of the inquiry, which their notices about it link to."""
    return reverse("inquiries:detail", args=[inquiry.group.slug, inquiry.pk])


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
        link=inquiry_link(inquiry),
    )


def notify_customer_message(inquiry: Inquiry, body: str) -> None:
    """The coordinators hear that the customer wrote (a notice, and a mail to those who chose
    "at once"). One unread notice per inquiry is enough: a customer who writes five times before
    anyone looks makes one notice and one mail, not five."""
    link = inquiry_link(inquiry)
    waiting = Notice.objects.unread().filter(
        group=inquiry.group, kind=NoticeKind.CUSTOMER_MESSAGE, link=link
    )
    told = set(waiting.values_list("user_id", flat=True))
    people = GroupRole.objects.filter(
        group=inquiry.group, role=PersonRole.COORDINATOR
    ).select_related("user")
    excerpt = " ".join(body.split())[:120]  # one line in the notice list and the subject
    notify(
        users=[grant.user for grant in people if grant.user_id not in told],
        group=inquiry.group,
        kind=NoticeKind.CUSTOMER_MESSAGE,
        text=f"{inquiry.reference} {inquiry.title} — {excerpt}",
        link=link,
    )


def with_unread_customer_messages(user: Any, group: Group, inquiries: list[Inquiry]) -> set[int]:
    """Of these inquiries of ``group``, those with a customer message this coordinator has not
    read yet: their notice about it is unread until they open the inquiry. One query."""
    links = unread_links(user=user, group=group, kind=NoticeKind.CUSTOMER_MESSAGE)
    if not links:
        return set()
    return {
        inquiry.pk
        for inquiry in inquiries
        if reverse("inquiries:detail", args=[group.slug, inquiry.pk]) in links
    }
