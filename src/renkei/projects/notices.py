"""What projects tell people in-app (renkei.notices): a claim awaiting the company's approver,
a package returned to the board, a package delayed."""

from django.urls import reverse

from renkei.notices.models import NoticeKind
from renkei.notices.services import notify
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import GroupRole
from renkei.projects.models import WorkPackage


def _link(package: WorkPackage) -> str:
    return reverse("projects:package", args=[package.group.slug, package.pk])


def coordinators(package: WorkPackage) -> list[object]:
    grants = GroupRole.objects.filter(
        group=package.group, role=PersonRole.COORDINATOR
    ).select_related("user")
    return [grant.user for grant in grants]


def notify_approvers(package: WorkPackage) -> None:
    """The company's member admins decide whether it takes the package on."""
    if package.company_id is None:
        return
    grants = GroupRole.objects.filter(
        group=package.group, company_id=package.company_id, role=PersonRole.MEMBER_ADMIN
    ).select_related("user")
    notify(
        users=[grant.user for grant in grants],
        group=package.group,
        kind=NoticeKind.CLAIM_PENDING,
        text=f"{package.project.title}: {package.name}",
        link=_link(package),
    )


def notify_returned(package: WorkPackage, company_name: str, reason: str) -> None:
    notify(
        users=coordinators(package),
        group=package.group,
        kind=NoticeKind.PACKAGE_RETURNED,
        text=f"{package.name} ← {company_name}: {reason}",
        link=_link(package),
    )


def notify_delayed(package: WorkPackage, reason: str) -> None:
    notify(
        users=coordinators(package),
        group=package.group,
        kind=NoticeKind.PACKAGE_DELAYED,
        text=f"{package.name} ({package.company.name if package.company else ''}): {reason}",
        link=_link(package),
    )
