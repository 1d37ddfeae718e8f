"""Who may read and write articles, and which inquiries and companies a search may show.

Read: group = people with a role in the group; region = anyone with a role in any group of the
region; public = anyone. Write: the group's member people and coordinators (supporters read).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from renkei.inquiries.models import Inquiry, Referral
from renkei.knowledge.choices import Visibility
from renkei.knowledge.models import Article
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, Group, GroupRole, Membership

WRITER_ROLES = (PersonRole.COORDINATOR, PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF)
MEMBER_ROLES = (PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF)


@dataclass(frozen=True)
class Reader:
    """What one person may read, worked out once per request."""

    user: Any
    everything: bool
    group_ids: frozenset[int]
    region_ids: frozenset[int]
    coordinator_group_ids: frozenset[int]

    @classmethod
    def of(cls, user: Any) -> "Reader":
        if getattr(user, "is_superuser", False):
            return cls(user, True, frozenset(), frozenset(), frozenset())
        if not getattr(user, "is_authenticated", False):
            return cls(user, False, frozenset(), frozenset(), frozenset())
        rows = list(
            GroupRole.objects.filter(user=user).values_list("group_id", "group__region_id", "role")
        )
        return cls(
            user,
            False,
            frozenset(g for g, _, _ in rows),
            frozenset(r for _, r, _ in rows),
            frozenset(g for g, _, role in rows if role == PersonRole.COORDINATOR),
        )

    def article_filter(self) -> Q:
        if self.everything:
            return Q()
        allowed = Q(visibility=Visibility.PUBLIC)
        if self.region_ids:
            allowed |= Q(visibility=Visibility.REGION, group__region_id__in=self.region_ids)
        if self.group_ids:
            allowed |= Q(group_id__in=self.group_ids)
        return allowed

    def can_read(self, article: Article) -> bool:
        if self.everything or article.visibility == Visibility.PUBLIC:
            return True
        if article.group_id in self.group_ids:
            return True
        return (
            article.visibility == Visibility.REGION and article.group.region_id in self.region_ids
        )

    def visible_inquiries(self) -> QuerySet[Inquiry]:
        """Inquiries this person may open: all of the groups they coordinate, and those passed to
        a company they act for in the inquiry's group (as inquiries.comments.thread_readers)."""
        if self.everything:
            return Inquiry.objects.all()
        if not self.group_ids:
            return Inquiry.objects.none()
        # A company that left the group keeps its people's roles on record but no longer
        # sees the group's inquiries (as inquiries.referrals.companies_acting_for).
        current = Membership.objects.filter(
            group_id=OuterRef("inquiry__group_id"),
            company_id=OuterRef("company_id"),
            left_on__isnull=True,
        )
        referred = (
            Referral.objects.filter(
                company__people__user=self.user,
                company__people__role__in=MEMBER_ROLES,
                company__people__group_id=_inquiry_group(),
            )
            .filter(Exists(current))
            .values("inquiry_id")
        )
        return Inquiry.objects.filter(
            Q(group_id__in=self.coordinator_group_ids) | Q(pk__in=referred)
        )

    def visible_companies(self) -> QuerySet[Company]:
        """What the directory shows this person."""
        return Company.objects.visible_to(self.user)


def _inquiry_group() -> Any:
    from django.db.models import F

    return F("inquiry__group_id")


def readable_articles(user: Any) -> QuerySet[Article]:
    return Article.objects.filter(Reader.of(user).article_filter())


def can_write(user: Any, group: Group) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return GroupRole.objects.filter(user=user, group=group, role__in=WRITER_ROLES).exists()


def is_coordinator(user: Any, group: Group) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return GroupRole.objects.filter(user=user, group=group, role=PersonRole.COORDINATOR).exists()


def writing_company(user: Any, group: Group) -> Company | None:
    """The member company this person writes for in the group (None for coordinators)."""
    if not getattr(user, "is_authenticated", False):
        return None
    role = (
        GroupRole.objects.filter(user=user, group=group, role__in=MEMBER_ROLES)
        .select_related("company")
        .order_by("role", "pk")
        .first()
    )
    return role.company if role else None
