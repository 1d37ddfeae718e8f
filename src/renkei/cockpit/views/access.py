"""Who may see and change the cockpit: the group's people read it, its coordinators change it;
anyone outside the group gets 404."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, Group
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


def acting_company(request: HttpRequest, group: Group) -> Company:
    """The member company named in the form, if this person acts for it in the group (and it
    is still a member); else 403. A company votes and acknowledges through its own people."""
    from renkei.inquiries.referrals import companies_acting_for

    raw = request.POST.get("company", "")
    company_id = int(raw) if raw.isascii() and raw.isdigit() else 0
    if company_id not in companies_acting_for(request.user, group):
        raise PermissionDenied
    return Company.objects.get(pk=company_id)
