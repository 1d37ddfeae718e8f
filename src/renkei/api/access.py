"""What the caller may read, worked out once per request so lists need no query per row.

The rules are those of the HTML pages (orgs.permissions): a group's people see all its current
members, everyone else only the members listed publicly in public groups, and internal notes
are for the group's coordinators. Superusers see everything, as on the site.
"""

from dataclasses import dataclass

from django.db.models import Q

from renkei.api.auth import Caller
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group, GroupRole


@dataclass(frozen=True)
class Access:
    user: Caller
    is_superuser: bool
    group_ids: frozenset[int]
    coordinated_group_ids: frozenset[int]

    @classmethod
    def of(cls, user: Caller) -> "Access":
        if not user.is_authenticated:
            return cls(user, False, frozenset(), frozenset())
        roles = list(GroupRole.objects.filter(user=user).values_list("group_id", "role"))
        return cls(
            user=user,
            is_superuser=bool(getattr(user, "is_superuser", False)),
            group_ids=frozenset(group_id for group_id, _ in roles),
            coordinated_group_ids=frozenset(
                group_id for group_id, role in roles if role == PersonRole.COORDINATOR
            ),
        )

    def is_insider(self, group: Group) -> bool:
        """Anyone with a role in the group: coordinator, member people, supporters."""
        return self.is_superuser or group.pk in self.group_ids

    def is_coordinator(self, group: Group) -> bool:
        return self.is_superuser or group.pk in self.coordinated_group_ids

    def membership_filter(self) -> Q:
        """Current memberships the caller may see, as a filter on Membership.

        A membership shows on a company exactly when the group's member list shows it, so every
        group slug the API names is one the caller can open.
        """
        current = Q(left_on__isnull=True)
        if self.is_superuser:
            return current
        return current & (
            Q(group__is_public=True, listed_publicly=True) | Q(group_id__in=self.group_ids)
        )
