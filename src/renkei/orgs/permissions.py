"""Who may see and do what in a group. Views call these before they call a service."""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, Group, GroupRole, Membership

MEMBER_ROLES = (PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF)


def visible_group_or_404(request: HttpRequest, slug: str) -> Group:
    """The group by slug if this user may see it at all; private groups 404 for outsiders."""
    return get_object_or_404(Group.objects.visible_to(request.user), slug=slug)


def has_role(user: Any, group: Group, *roles: str) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    grants = GroupRole.objects.filter(user=user, group=group)
    if roles:
        grants = grants.filter(role__in=roles)
    return grants.exists()


def is_member_of(user: Any, group: Group) -> bool:
    """Anyone with a role in the group: coordinator, member people, supporters."""
    return has_role(user, group)


def coordinator_group_or_404(request: HttpRequest, slug: str) -> Group:
    """Group-private management pages answer 404, never 403, to anyone but its coordinators,
    so that ids and slugs of another group's private pages reveal nothing."""
    group = visible_group_or_404(request, slug)
    if not has_role(request.user, group, PersonRole.COORDINATOR):
        raise Http404
    return group


def member_group_or_404(request: HttpRequest, slug: str) -> Group:
    group = visible_group_or_404(request, slug)
    if not is_member_of(request.user, group):
        raise Http404
    return group


def companies_user_acts_for(user: Any) -> list[Company]:
    """Member companies this person may edit as member admin."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = GroupRole.objects.filter(user=user, role=PersonRole.MEMBER_ADMIN).values("company_id")
    return list(Company.objects.filter(pk__in=ids))


def can_edit_company(user: Any, company: Company) -> bool:
    """The company's own admins, and coordinators of a group it currently belongs to."""
    if getattr(user, "is_superuser", False):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if GroupRole.objects.filter(user=user, role=PersonRole.MEMBER_ADMIN, company=company).exists():
        return True
    return GroupRole.objects.filter(
        user=user,
        role=PersonRole.COORDINATOR,
        group__memberships__company=company,
        group__memberships__left_on__isnull=True,
    ).exists()


def can_see_private_company_data(user: Any, company: Company) -> bool:
    """Certificate evidence and internal contacts: the company's people and its groups' people."""
    if can_edit_company(user, company):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        GroupRole.objects.filter(user=user).filter(company=company).exists()
        or GroupRole.objects.filter(
            user=user, group__memberships__company=company, group__memberships__left_on__isnull=True
        )
        .exclude(role=PersonRole.SUPPORTER)
        .exists()
    )


def current_member_ids(group: Group) -> Any:
    """Ids of the group's current member companies (a subquery)."""
    return Membership.objects.for_group(group).current().values("company_id")


def companies_acting_for(
    user: Any, group: Group, roles: tuple[str, ...] = MEMBER_ROLES
) -> list[int]:
    """Member companies of ``group`` this person acts for in one of ``roles``. A company that
    left the group keeps its people's roles on record, but no longer sees, answers, claims,
    approves or reports there."""
    if not getattr(user, "is_authenticated", False):
        return []
    grants = GroupRole.objects.filter(
        user=user, group=group, role__in=roles, company_id__in=current_member_ids(group)
    )
    return sorted(set(grants.values_list("company_id", flat=True)))
