"""Who may see and change the cockpit: the group's people read it, its coordinators change it;
anyone outside the group gets 404."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group
from renkei.orgs.permissions import has_role, member_group_or_404


def readable_group(request: HttpRequest, slug: str) -> Group:
    return member_group_or_404(request, slug)


def writable_group(request: HttpRequest, slug: str) -> Group:
    group = member_group_or_404(request, slug)
    if not has_role(request.user, group, PersonRole.COORDINATOR):
        raise PermissionDenied
    return group


def is_coordinator(request: HttpRequest, group: Group) -> bool:
    return has_role(request.user, group, PersonRole.COORDINATOR)
