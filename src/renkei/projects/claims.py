"""The claiming board: members claim published packages; a claim is tentative until the member
company's own approver confirms it; a company may return a package with its reason, and it goes
back on the board. Every step is one event in the package's history.

下町ボブスレー's drawings were taken by volunteers at a briefing and came back when their
companies did not approve; other companies were then asked (seed l.1246–1262). So nothing here
assumes a claim holds until the company says so, and a return is routine, not an error.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.orgs.models import Company
from renkei.outbox.followups import follow_up
from renkei.projects.access import acting_companies, approving_companies, is_coordinator
from renkei.projects.choices import EventKind, PackageState, ProjectStatus, Stage
from renkei.projects.models import PackageEvent, WorkPackage

# A tentative claim nobody approves goes back after this. A product default of renkei's: the
# seed tells of claims taken back (above) but gives no period.
CLAIM_HOLD = dt.timedelta(days=3)


class ClaimRefused(ValueError):
    """The package is not in a state, or the person not in a role, for this step."""


def _locked(package: WorkPackage) -> WorkPackage:
    return (
        WorkPackage.objects.select_for_update(of=("self",))
        .select_related("group", "company", "project")
        .get(pk=package.pk)
    )


def _event(package: WorkPackage, kind: str, actor: Any, note: str = "") -> PackageEvent:
    return PackageEvent.objects.create(
        package=package,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        company_id=package.company_id,
        note=note[:500],
    )


def _to_board(package: WorkPackage) -> None:
    package.state = PackageState.OPEN
    package.company = None
    package.claimed_by = None
    package.claimed_at = package.claim_expires_at = package.confirmed_at = None
    package.stage = Stage.NONE
    package.delayed = False
    package.delay_reason = ""
    package.expected_on = None
    package.received_at = None  # the next company makes its own receiving check
    package.save()


@transaction.atomic
def claim_package(*, actor: Any, package: WorkPackage, company: Company) -> WorkPackage:
    """A member's person takes an open package for their company. A member admin is the
    company's approver, so their claim is confirmed at once; staff claims wait for one.
    The same claim sent twice is one."""
    from renkei.projects.notices import notify_approvers

    locked = _locked(package)
    if company.pk not in acting_companies(actor, locked.group):
        raise ClaimRefused(_("You do not act for this company in this group."))
    if locked.state in (PackageState.TENTATIVE, PackageState.ASSIGNED):
        if locked.company_id == company.pk:
            return locked
        raise ClaimRefused(_("Another member has already claimed this package."))
    if locked.state != PackageState.OPEN or locked.project.status != ProjectStatus.ACTIVE:
        raise ClaimRefused(_("This package is not on the board."))
    now = timezone.now()
    locked.company = company
    locked.claimed_by = actor
    locked.claimed_at = now
    locked.claim_expires_at = now + CLAIM_HOLD
    locked.state = PackageState.TENTATIVE
    locked.save()
    _event(locked, EventKind.CLAIMED, actor)
    _share_follows(actor, locked)
    if company.pk in approving_companies(actor, locked.group):
        _confirm(locked, actor)
    else:
        notify_approvers(locked)
    audit("package.claim", actor=actor, obj=locked, group=locked.group, summary=company.name)
    return locked


@transaction.atomic
def offer_package(*, actor: Any, package: WorkPackage, company: Company) -> WorkPackage:
    """The coordinator asks a member to take a package (by hand or from the allocation
    proposal). It is tentative until the company's approver confirms it."""
    from renkei.projects.notices import notify_approvers

    locked = _locked(package)
    if not is_coordinator(actor, locked.group):
        raise ClaimRefused(_("Only the coordinator offers packages."))
    if locked.project.status != ProjectStatus.ACTIVE:
        raise ClaimRefused(_("This package is not on the board."))
    if locked.state not in (PackageState.OPEN, PackageState.DRAFT):
        if locked.company_id == company.pk:
            return locked
        raise ClaimRefused(_("This package is already claimed."))
    if not company.memberships.filter(group=locked.group, left_on__isnull=True).exists():
        raise ClaimRefused(_("That company is not a member of this group."))
    now = timezone.now()
    locked.company = company
    locked.claimed_by = actor
    locked.claimed_at = now
    locked.claim_expires_at = now + CLAIM_HOLD
    locked.state = PackageState.TENTATIVE
    locked.save()
    _event(locked, EventKind.OFFERED, actor)
    _share_follows(actor, locked)
    notify_approvers(locked)
    audit("package.offer", actor=actor, obj=locked, group=locked.group, summary=company.name)
    return locked


def _share_follows(actor: Any, package: WorkPackage) -> None:
    """The member's share of the order's money moves with the package (settlement)."""
    from renkei.settlement.services.orders import package_company_changed

    package_company_changed(actor=actor, package=package)


def _confirm(package: WorkPackage, actor: Any) -> None:
    package.state = PackageState.ASSIGNED
    package.confirmed_at = timezone.now()
    package.claim_expires_at = None
    package.save()
    _event(package, EventKind.CONFIRMED, actor)


@transaction.atomic
def confirm_claim(*, actor: Any, package: WorkPackage) -> WorkPackage:
    """The company's approver says yes. Twice is once."""
    locked = _locked(package)
    if locked.company_id not in approving_companies(actor, locked.group):
        raise ClaimRefused(_("Only the company's member admin can confirm."))
    if locked.state == PackageState.ASSIGNED:
        return locked
    if locked.state != PackageState.TENTATIVE:
        raise ClaimRefused(_("There is no claim to confirm."))
    _confirm(locked, actor)
    audit("package.confirm", actor=actor, obj=locked, group=locked.group, summary=locked.name)
    return locked


@transaction.atomic
def withdraw_claim(*, actor: Any, package: WorkPackage) -> WorkPackage:
    """The person who claimed, or the company's approver, takes a tentative claim back."""
    locked = _locked(package)
    if locked.state != PackageState.TENTATIVE:
        raise ClaimRefused(_("Only a tentative claim can be withdrawn."))
    allowed = locked.claimed_by_id == getattr(actor, "pk", None) or locked.company_id in (
        approving_companies(actor, locked.group)
    )
    if not allowed or locked.company_id not in acting_companies(actor, locked.group):
        raise ClaimRefused(_("You cannot withdraw this claim."))
    _event(locked, EventKind.WITHDRAWN, actor)
    _to_board(locked)
    audit("package.withdraw", actor=actor, obj=locked, group=locked.group, summary=locked.name)
    return locked


@transaction.atomic
def return_package(*, actor: Any, package: WorkPackage, reason: str) -> WorkPackage:
    """The company's approver hands a package back with its reason: it goes back on the board
    and the coordinator is told (a notice now, an e-mail from the worker)."""
    from renkei.projects.notices import notify_returned
    from renkei.projects.tasks import mail_coordinators

    reason = reason.strip()
    if not reason:
        raise ClaimRefused(_("Say why the package is returned."))
    locked = _locked(package)
    if locked.state not in (PackageState.TENTATIVE, PackageState.ASSIGNED):
        raise ClaimRefused(_("This package is not held by a company."))
    if locked.company_id not in approving_companies(actor, locked.group):
        raise ClaimRefused(_("Only the company's member admin can return a package."))
    if locked.stage != Stage.NONE:
        # Work has started: its progress stays on record; the coordinator settles it.
        raise ClaimRefused(_("Work on this package has started; ask the coordinator."))
    event = _event(locked, EventKind.RETURNED, actor, reason)
    company_name = locked.company.name if locked.company else ""
    _to_board(locked)
    notify_returned(locked, company_name, reason)
    follow_up(mail_coordinators, event.pk)
    audit(
        "package.return",
        actor=actor,
        obj=locked,
        group=locked.group,
        summary=f"{locked.name}: {reason}",
    )
    return locked


def expire_claims(now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic check: tentative claims nobody approved in time go back on the board."""
    now = now or timezone.now()
    due = WorkPackage.objects.filter(state=PackageState.TENTATIVE, claim_expires_at__lt=now)
    expired = 0
    for pk in list(due.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            locked = (
                WorkPackage.objects.select_for_update(of=("self",))
                .select_related("group")
                .filter(pk=pk, state=PackageState.TENTATIVE, claim_expires_at__lt=now)
            )
            package = locked.first()
            if package is None:
                continue
            _event(package, EventKind.EXPIRED, None)
            _to_board(package)
            audit("package.expire", obj=package, group=package.group, summary=package.name)
            expired += 1
    return {"expired": expired}
