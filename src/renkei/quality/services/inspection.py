"""Every write of receiving checks and corrective actions goes through here.

A check is made by the receiver of a hand-off: the people of the next package's company (or a
coordinator for them), or a coordinator for the chain's last package. A rejection opens a
corrective action (是正処置) for the company whose work it was, and the chain's next step may not
start (着手) until a coordinator closes it or a later check accepts the work.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.inquiries.services import calendar_of
from renkei.lib.leadtime import add_business_days
from renkei.notices.models import NoticeKind
from renkei.notices.services import notify
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group, GroupRole
from renkei.projects import progress
from renkei.projects.access import acting_companies, can_report, is_coordinator
from renkei.projects.choices import STAGE_OF_EVENT, EventKind, PackageState
from renkei.projects.models import WorkPackage
from renkei.quality.models import (
    CheckResult,
    CorrectiveAction,
    CorrectiveStatus,
    DefectKind,
    Disposition,
    ReceivingCheck,
    ReceivingPhoto,
)

# The member's answer is due this many business days after the rejection, on the group's
# calendar (weekends, holidays and its closures skipped), as lead times are counted.
ANSWER_BUSINESS_DAYS = 5
MAX_PHOTOS = 6
MAX_QUANTITY = 1_000_000


class CheckRefused(ValueError):
    """The check or the answer cannot be recorded; the message says why, politely."""


@dataclass
class CheckInput:
    """What the receiving form sends, before it is checked."""

    result: str
    quantity_received: int
    quantity_rejected: int = 0
    defect_kind: str = ""
    disposition: str = ""
    note: str = ""
    photos: list[bytes] = field(default_factory=list)
    key: str = ""


def may_check(user: Any, package: WorkPackage, receiving: WorkPackage | None) -> bool:
    """The receiver judges: the next package's company (or a coordinator for it); at the end
    of the chain, the coordinator, who receives for the customer."""
    if receiving is None:
        return is_coordinator(user, package.group)
    return can_report(user, receiving)


def is_last(package: WorkPackage) -> bool:
    return not package.next_steps.exists()


def latest_check(package: WorkPackage, receiving: WorkPackage | None) -> ReceivingCheck | None:
    return (
        ReceivingCheck.objects.filter(package=package, receiving_package=receiving)
        .select_related("corrective_action")
        .order_by("-created_at", "-pk")
        .first()
    )


def blocking_action(package: WorkPackage) -> CorrectiveAction | None:
    """The corrective action the package waits for: its incoming hand-off's latest check was a
    rejection, and the action is not closed yet."""
    if package.after_id is None:
        return None
    latest = (
        ReceivingCheck.objects.filter(package_id=package.after_id, receiving_package=package)
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is None or latest.result != CheckResult.REJECTED:
        return None
    action = CorrectiveAction.objects.filter(receiving_check=latest).first()
    if action is None or action.status == CorrectiveStatus.CLOSED:
        return None
    return action


def refuse_start_while_rejected(package: WorkPackage, kind: str) -> None:
    """Called by progress before it records an event: 着手 waits for the rejected hand-off, and
    so does every later stage (a tap on 工程完了 must not skip the wait)."""
    if kind in STAGE_OF_EVENT and blocking_action(package) is not None:
        raise progress.ProgressRefused(
            _(
                "This step cannot start yet: what it received from the previous step was "
                "rejected, and the corrective action is not closed."
            )
        )


def _validate(package: WorkPackage, data: CheckInput) -> None:
    if data.result not in CheckResult.values:
        raise CheckRefused(_("Choose the result of the check."))
    if not 1 <= data.quantity_received <= MAX_QUANTITY:
        raise CheckRefused(
            _("Enter the quantity received: a whole number from 1 to %(max)s.")
            % {"max": f"{MAX_QUANTITY:,}"}
        )
    if data.quantity_rejected < 0:
        raise CheckRefused(_("The quantity rejected cannot be negative."))
    if data.quantity_rejected > data.quantity_received:
        raise CheckRefused(_("More parts are rejected than were received."))
    if data.defect_kind and data.defect_kind not in DefectKind.values:
        raise CheckRefused(_("Choose the kind of defect from the list."))
    if data.disposition and data.disposition not in Disposition.values:
        raise CheckRefused(_("Choose the disposition from the list."))
    if data.result == CheckResult.ACCEPTED and (data.quantity_rejected or data.defect_kind):
        raise CheckRefused(
            _("An accepted delivery has no rejected parts and no defect: choose another result.")
        )
    if data.result != CheckResult.ACCEPTED and not data.defect_kind:
        raise CheckRefused(_("Choose the kind of defect."))
    if data.result == CheckResult.REJECTED:
        if data.quantity_rejected < 1:
            raise CheckRefused(_("A rejection names how many parts are rejected."))
        if data.disposition == Disposition.USE_AS_IS:
            raise CheckRefused(
                _(
                    "Rejected parts are reworked or remade; to use them as they are, choose "
                    "“accepted with deviation”."
                )
            )
    if len(data.photos) > MAX_PHOTOS:
        raise CheckRefused(_("At most %(n)s photos per check.") % {"n": MAX_PHOTOS})
    if package.state != PackageState.ASSIGNED or package.company_id is None:
        raise CheckRefused(_("Only the work of a confirmed package can be checked."))


def record_check(
    *, actor: Any, package: WorkPackage, receiving: WorkPackage | None, data: CheckInput
) -> tuple[ReceivingCheck, bool]:
    """Records the check of ``package``'s work received by ``receiving`` (None: by the
    coordinator at the end of the chain); returns it and whether it is new. The same form
    sent twice (its ``key``) returns the first check."""
    key = data.key.strip()[:100]
    if key:
        found = ReceivingCheck.objects.filter(package=package, key=key).first()
        if found is not None:
            return found, False
    if receiving is not None and receiving.after_id != package.pk:
        raise CheckRefused(_("This package does not come from that step."))
    if receiving is None and not is_last(package):
        raise CheckRefused(_("The next step checks this package when it receives it."))
    if not may_check(actor, package, receiving):
        raise CheckRefused(_("You do not receive this package."))
    _validate(package, data)
    try:
        cleaned = [progress.clean_photo(photo) for photo in data.photos]
    except progress.ProgressRefused as refused:
        raise CheckRefused(str(refused)) from None
    try:
        return _record(actor, package, receiving, data, key, cleaned), True
    except IntegrityError:
        found = ReceivingCheck.objects.filter(package=package, key=key).first()
        if key and found is not None:
            return found, False  # the same form raced past the look-up above
        raise


@transaction.atomic
def _record(
    actor: Any,
    package: WorkPackage,
    receiving: WorkPackage | None,
    data: CheckInput,
    key: str,
    photos: list[bytes],
) -> ReceivingCheck:
    from django.core.files.base import ContentFile

    # The upstream row locked: two receivers' checks of one package are made one after another.
    package = (
        WorkPackage.objects.select_for_update(of=("self",))
        .select_related("group", "company", "project")
        .get(pk=package.pk)
    )
    own = acting_companies(actor, package.group)
    receiver = receiving.company_id if receiving is not None else None
    check = ReceivingCheck.objects.create(
        package=package,
        receiving_package=receiving,
        result=data.result,
        quantity_received=data.quantity_received,
        quantity_rejected=data.quantity_rejected,
        defect_kind=data.defect_kind,
        disposition=data.disposition
        or (Disposition.USE_AS_IS if data.result == CheckResult.DEVIATION else ""),
        note=data.note.strip()[:1000],
        checked_by=actor if getattr(actor, "is_authenticated", False) else None,
        company_id=receiver if receiver in own else None,
        key=key,
    )
    for photo in photos:
        made = ReceivingPhoto(receiving_check=check)
        made.image.save("photo.jpg", ContentFile(photo), save=False)
        made.save()
    if data.result == CheckResult.REJECTED:
        _open_action(check, package)
        from renkei.quality import scorecards

        # The ranking reads cached scorecards: a rejection counts from the next inquiry on.
        transaction.on_commit(lambda: scorecards.forget(package.group))
    elif receiving is not None and receiving.state == PackageState.ASSIGNED:
        # The goods are taken in: the tick the timeline, the tracking page and the KPIs read.
        progress.post_event(
            actor=actor,
            package=receiving,
            kind=EventKind.RECEIVED,
            note=check.get_result_display(),
            key=f"check-{check.pk}",
        )
    audit(
        f"quality.check.{data.result}",
        actor=actor,
        obj=check,
        group=package.group,
        summary=f"{package.name}: {data.quantity_rejected}/{data.quantity_received}"[:300],
        defect=data.defect_kind,
        receiving=receiving.pk if receiving is not None else None,
    )
    return check


def _open_action(check: ReceivingCheck, package: WorkPackage) -> CorrectiveAction:
    group = package.group
    due = add_business_days(calendar_of(group), timezone.localdate(), ANSWER_BUSINESS_DAYS)
    action = CorrectiveAction.objects.create(
        receiving_check=check, group=group, package=package, company=package.company, due_on=due
    )
    _tell_member(action)
    return action


def action_link(action: CorrectiveAction) -> str:
    return reverse("quality:corrective_action", args=[action.group.slug, action.pk])


def _tell_member(action: CorrectiveAction) -> None:
    """The responsible company's people (admins and staff); the notice machinery mails each
    as they chose on their notices page."""
    if action.company_id is None:
        return
    grants = GroupRole.objects.filter(
        group=action.group,
        company_id=action.company_id,
        role__in=[PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF],
    ).select_related("user")
    notify(
        users=[grant.user for grant in grants],
        group=action.group,
        kind=NoticeKind.CORRECTIVE_ACTION,
        text=f"{action.package.project.title}: {action.package.name}",
        link=action_link(action),
    )


def _lock(action: CorrectiveAction) -> CorrectiveAction:
    return (
        CorrectiveAction.objects.select_for_update(of=("self",))
        .select_related("group", "package__project", "company")
        .get(pk=action.pk)
    )


@transaction.atomic
def answer_action(
    *, actor: Any, action: CorrectiveAction, cause: str, countermeasure: str
) -> CorrectiveAction:
    """The member writes why it happened (原因) and what it does so it does not again (対策)."""
    action = _lock(action)
    if action.company_id not in acting_companies(actor, action.group):
        raise CheckRefused(_("Only the company responsible answers this corrective action."))
    if action.status == CorrectiveStatus.CLOSED:
        raise CheckRefused(_("This corrective action is closed."))
    cause, countermeasure = cause.strip()[:4000], countermeasure.strip()[:4000]
    if not cause or not countermeasure:
        raise CheckRefused(_("Write both the cause and the countermeasure."))
    action.cause, action.countermeasure = cause, countermeasure
    action.status = CorrectiveStatus.ANSWERED
    action.answered_by = actor
    action.answered_at = timezone.now()
    action.save()
    coordinators = GroupRole.objects.filter(
        group=action.group, role=PersonRole.COORDINATOR
    ).select_related("user")
    notify(
        users=[grant.user for grant in coordinators],
        group=action.group,
        kind=NoticeKind.CORRECTIVE_ANSWERED,
        text=f"{action.package.name} ({action.company.name if action.company else ''})",
        link=action_link(action),
    )
    audit(
        "quality.action.answered",
        actor=actor,
        obj=action,
        group=action.group,
        summary=f"{action.package.name}: {cause}"[:300],
    )
    return action


@transaction.atomic
def close_action(*, actor: Any, action: CorrectiveAction) -> CorrectiveAction:
    """A coordinator accepts the answer: the chain's next step may start."""
    action = _lock(action)
    if not is_coordinator(actor, action.group):
        raise CheckRefused(_("Only a coordinator closes a corrective action."))
    if action.status != CorrectiveStatus.ANSWERED:
        raise CheckRefused(_("A corrective action is closed once the member has answered it."))
    action.status = CorrectiveStatus.CLOSED
    action.closed_by = actor
    action.closed_at = timezone.now()
    action.save()
    audit("quality.action.closed", actor=actor, obj=action, group=action.group)
    return action


@transaction.atomic
def reopen_action(*, actor: Any, action: CorrectiveAction, note: str) -> CorrectiveAction:
    """A coordinator sends the answer back: the member answers again."""
    action = _lock(action)
    if not is_coordinator(actor, action.group):
        raise CheckRefused(_("Only a coordinator reopens a corrective action."))
    if action.status == CorrectiveStatus.OPEN:
        raise CheckRefused(_("This corrective action is already open."))
    note = note.strip()[:500]
    if not note:
        raise CheckRefused(_("Say what the answer lacks."))
    action.status = CorrectiveStatus.OPEN
    action.reopened_note = note
    action.closed_by, action.closed_at = None, None
    action.save()
    _tell_member(action)
    audit("quality.action.reopened", actor=actor, obj=action, group=action.group, summary=note)
    return action


def visible_actions(user: Any, group: Group) -> "QuerySet[CorrectiveAction]":
    """Coordinators see the group's corrective actions; a member company's people its own."""
    found = CorrectiveAction.objects.filter(group=group).select_related(
        "package__project", "company", "receiving_check"
    )
    if is_coordinator(user, group):
        return found
    return found.filter(company_id__in=acting_companies(user, group))


def may_see_check(user: Any, check: ReceivingCheck) -> bool:
    """The coordinators, the company whose work was checked, and the company that received it."""
    group = check.package.group
    if is_coordinator(user, group):
        return True
    mine = acting_companies(user, group)
    receiver = check.receiving_package.company_id if check.receiving_package else None
    return check.package.company_id in mine or (receiver is not None and receiver in mine)


def is_overdue(action: CorrectiveAction) -> bool:
    return action.status == CorrectiveStatus.OPEN and action.due_on < timezone.localdate()
