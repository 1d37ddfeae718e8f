"""Groups and their member lists."""

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router

from renkei.api.access import Access
from renkei.api.auth import caller
from renkei.api.endpoints.common import ERRORS, not_found, page_of
from renkei.api.schemas import (
    GroupOut,
    GroupPage,
    MemberPage,
    PageParams,
    PathSlug,
    SearchParams,
)
from renkei.directory.search import search_directory
from renkei.orgs.models import Group, Membership

router = Router(tags=["groups"])


def _groups(access: Access) -> QuerySet[Group]:
    current = Q(memberships__left_on__isnull=True)
    # Both counts are taken in the one list query; which one the caller gets depends on
    # whether they belong to the group (see _with_member_count).
    return (
        Group.objects.visible_to(access.user)
        .select_related("region")
        .annotate(
            all_members=Count("memberships", filter=current, distinct=True),
            listed_members=Count(
                "memberships",
                filter=current & Q(memberships__listed_publicly=True),
                distinct=True,
            ),
        )
        .order_by("region__name", "name", "pk")
    )


def _with_member_count(group: Group, access: Access) -> Group:
    """member_count matches what GET /groups/{slug}/members lists for the same caller."""
    annotated = "all_members" if access.is_insider(group) else "listed_members"
    group.member_count = getattr(group, annotated)  # type: ignore[attr-defined]
    return group


def _group_or_404(access: Access, slug: str) -> Group:
    group = _groups(access).filter(slug=slug).first()
    if group is None:
        raise not_found(gettext("Group not found."))
    return _with_member_count(group, access)


@router.get("/groups", response={200: GroupPage, **ERRORS}, summary="Groups you can see")
def list_groups(request: HttpRequest, page: Query[PageParams]) -> dict[str, object]:
    """Public groups, plus the private groups the token's user belongs to."""
    access = Access.of(caller(request))
    count, groups = page_of(_groups(access), page)
    return {"count": count, "items": [_with_member_count(g, access) for g in groups]}


@router.get("/groups/{slug}", response={200: GroupOut, **ERRORS}, summary="One group")
def get_group(request: HttpRequest, slug: PathSlug) -> Group:
    return _group_or_404(Access.of(caller(request)), slug)


@router.get(
    "/groups/{slug}/members",
    response={200: MemberPage, **ERRORS},
    summary="A group's current members",
    exclude_unset=True,
)
def list_group_members(
    request: HttpRequest, slug: PathSlug, page: Query[PageParams], search: Query[SearchParams]
) -> dict[str, object]:
    """Visitors see the members listed publicly; the group's people see all of them, and its
    coordinators also each member's internal note. ``q`` searches as the directory does."""
    access = Access.of(caller(request))
    group = Group.objects.visible_to(access.user).filter(slug=slug).first()
    if group is None:
        raise not_found(gettext("Group not found."))
    insider = access.is_insider(group)
    memberships = (
        Membership.objects.for_group(group)
        .current()
        .select_related("company")
        .order_by("company__kana", "company__name", "pk")
    )
    if not insider:
        memberships = memberships.filter(listed_publicly=True)
    if search.q:
        found = search_directory(
            group=group, text=search.q, include_unlisted=insider, with_facets=False
        )
        memberships = memberships.filter(company__in=found.companies.values("pk"))
    count, rows = page_of(memberships, page)
    coordinator = access.is_coordinator(group)
    items = []
    for m in rows:
        item: dict[str, object] = {
            "company": m.company,
            "circle": m.circle,
            "office": m.role,
            "joined_on": m.joined_on,
            "listed_publicly": m.listed_publicly,
        }
        # Left out, not blanked, for everyone else: the response is rendered with
        # exclude_unset, so the key is absent rather than null.
        if coordinator:
            item["internal_note"] = m.internal_note
        items.append(item)
    return {"count": count, "items": items}
