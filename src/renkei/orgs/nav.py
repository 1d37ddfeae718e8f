"""The header's ways in and its badges, for the person looking.

Which links a person sees follows their roles; how many things wait behind 引き合い is counted
with the very querysets 「今日」 lists (orgs.today), so the badge and the page never disagree.
Everything is worked out lazily, on first use in a template: an htmx fragment or a page without
the header pays nothing, a full page a few indexed queries (the roles, the memberships, one
COUNT per kind of thing), and an anonymous visitor none at all.
"""

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from renkei.orgs import today
from renkei.orgs.choices import PersonRole

# url namespace (or namespace:name) → the header's section, to mark where the person is.
SECTIONS = {
    "orgs:today": "today",
    "home": "today",
    "orgs:regions": "regions",
    # The customer's own pages (the window, the tracking page) are no one's 引き合い tab.
    "inquiries:window": "",
    "inquiries:tracking": "",
    "inquiries": "inquiries",
    "projects": "projects",
    "knowledge": "knowledge",
    "cockpit": "cockpit",
    "notices": "notices",
    "portal": "portal",
}


@dataclass(frozen=True)
class _Role:
    group_id: int
    slug: str
    role: str
    company_id: int | None


class Nav:
    """What the header offers ``request.user``; every attribute is read at most once."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        # No user on a page answered before the authentication middleware ran (a NUL in the
        # address is refused that early): the header of a visitor, then.
        self.user: Any = getattr(request, "user", None)
        self.signed_in = bool(getattr(self.user, "is_authenticated", False))

    @cached_property
    def section(self) -> str:
        match = getattr(self.request, "resolver_match", None)
        if match is None:
            return ""
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        if name == "home" and not self.signed_in:
            return "regions"  # the start page of a visitor is the region page
        return SECTIONS.get(name or "", SECTIONS.get(match.namespace, ""))

    @cached_property
    def _roles(self) -> list[_Role]:
        if not self.signed_in:
            return []
        from renkei.orgs.models import GroupRole

        rows = GroupRole.objects.filter(user=self.user).values_list(
            "group_id", "group__slug", "role", "company_id"
        )
        return [_Role(*row) for row in rows.order_by("group__name", "pk")]

    @cached_property
    def _coordinated(self) -> list[_Role]:
        return _unique(r for r in self._roles if r.role == PersonRole.COORDINATOR)

    @cached_property
    def _acting(self) -> set[tuple[int, int]]:
        """(group, company) pairs this person answers for: today's own rule, a company that
        left a group no longer counts there."""
        if not any(r.company_id for r in self._roles):
            return set()
        return today.companies_acting(self.user)

    @cached_property
    def _working(self) -> list[_Role]:
        return _unique(r for r in self._roles if (r.group_id, r.company_id) in self._acting)

    @property
    def in_a_group(self) -> bool:
        """Projects and the cockpit are read by everyone with a role in a group."""
        return bool(self._roles)

    @property
    def acts_for_a_company(self) -> bool:
        return any(r.role == PersonRole.MEMBER_ADMIN for r in self._roles)

    @cached_property
    def quality_slug(self) -> str:
        """The first group, by name, where this person coordinates or acts for a member
        company: its scorecards and corrective actions (quality) are theirs to read."""
        working = {r.group_id for r in self._working}
        for role in self._roles:
            if role.role == PersonRole.COORDINATOR or role.group_id in working:
                return role.slug
        return ""

    @cached_property
    def money_url(self) -> str:
        """The money home page (settlement) of the first group, by name, where this person keeps
        the books or acts for a member company. Empty for those with no money role."""
        money_roles = {PersonRole.COORDINATOR, PersonRole.ACCOUNTANT}
        working = {r.group_id for r in self._working}
        for role in self._roles:
            if role.role in money_roles or role.group_id in working:
                return reverse("settlement:home", args=[role.slug])
        return ""

    @cached_property
    def inquiries_url(self) -> str:
        """The coordinator's board or the member's list of inquiries to answer; with more than
        one of them, 「今日」, which has each group's way in. Empty for those with neither."""
        places = [reverse("inquiries:board", args=[r.slug]) for r in self._coordinated]
        places += [reverse("inquiries:work", args=[r.slug]) for r in self._working]
        if not places:
            return ""
        return places[0] if len(places) == 1 else reverse("orgs:today")

    @cached_property
    def inquiries_waiting(self) -> int:
        """The inquiries 「今日」 lists as waiting for this person: for a coordinator the replies
        due, the customers' unread messages and the referrals no member answered; for a member
        the referrals waiting for its answer."""
        count = 0
        if self._coordinated:
            ids = [r.group_id for r in self._coordinated]
            count += today.replies_running(ids).count()
            count += today.customer_messages_unread(self.user, ids).count()
            count += today.referrals_unanswered(ids).count()
        if self._acting:
            count += today.referrals_waiting_for(self._acting).count()
        return count


def _unique(roles: Any) -> list[_Role]:
    seen: dict[int, _Role] = {}
    for role in roles:
        seen.setdefault(role.group_id, role)
    return list(seen.values())


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``nav`` for base.html."""
    return {"nav": Nav(request)}
