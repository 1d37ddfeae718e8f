"""Who may do what with a group's projects. Views and the API check here, then call services.

Coordinators run projects; a member company's people (admin and staff) claim packages and post
progress for their company; only the company's member admin — its own approver — confirms or
returns what it takes on (the two-layer decision, seed l.1128–1150, 1246–1262).
"""

from typing import Any

from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group
from renkei.orgs.permissions import companies_acting_for, has_role
from renkei.projects.models import WorkPackage

MEMBER_ROLES = (PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF)


def is_coordinator(user: Any, group: Group) -> bool:
    return has_role(user, group, PersonRole.COORDINATOR)


def acting_companies(user: Any, group: Group) -> list[int]:
    """Member companies of ``group`` this person claims and reports for."""
    return companies_acting_for(user, group, MEMBER_ROLES)


def approving_companies(user: Any, group: Group) -> list[int]:
    """Member companies whose own approver (member admin) this person is."""
    return companies_acting_for(user, group, (PersonRole.MEMBER_ADMIN,))


def can_report(user: Any, package: WorkPackage) -> bool:
    """Progress comes from the company doing the package, or from the coordinator."""
    if package.company_id is None:
        return False
    return package.company_id in acting_companies(user, package.group) or is_coordinator(
        user, package.group
    )
