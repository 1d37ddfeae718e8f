"""What the joint order window tells people in-app (renkei.notices): a referral to their
company, a mention in a comment."""

from django.urls import reverse

from renkei.inquiries.models import Referral
from renkei.notices.models import NoticeKind
from renkei.notices.services import notify
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
