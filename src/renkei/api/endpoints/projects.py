"""Projects by API: a member's production system posts progress events (simple EDI between
shops, seed l.4735–4765) and anyone in the group reads a project's packages and history.

``POST /groups/{slug}/packages/{id}/events`` with an ``Idempotency-Key`` header (or ``key`` in
the body): the first request makes the event (201); the same key again returns it (200). The
token's person must report for the package's member company, or be the group's coordinator.
Another group's package, or a group the caller has no role in, is 404.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from renkei.api.access import Access
from renkei.api.auth import caller
from renkei.api.endpoints.common import ERRORS, not_found
from renkei.api.schemas import Error, IdempotencyKey, In, PathId, PathSlug
from renkei.orgs.models import Group
from renkei.projects import progress
from renkei.projects.access import can_report
from renkei.projects.choices import PROGRESS_KINDS, EventKind
from renkei.projects.models import PackageEvent, Project, WorkPackage

router = Router(tags=["projects"])


class EventIn(In):
    kind: str = Field(
        ..., description="started, step_done, inspected, shipped, delayed (with note), received"
    )
    note: str = Field("", max_length=500, description="Required for delayed: the reason.")
    expected_on: dt.date | None = Field(None, description="For delayed: the new expected date.")
    key: str = Field("", max_length=100, description="Idempotency key, if not sent as a header.")


class EventOut(Schema):
    id: int
    package_id: int
    kind: str
    note: str
    company_id: int | None
    created_at: dt.datetime
    key: str
    has_photo: bool


class PackageOut(Schema):
    id: int
    position: int
    name: str
    process: str | None
    quantity: int
    work_days: int
    due_on: dt.date | None
    after_id: int | None
    state: str
    company_id: int | None
    company_name: str | None
    stage: str
    delayed: bool
    delay_reason: str
    expected_on: dt.date | None
    events: list[EventOut]


class ProjectPackages(Schema):
    id: int
    title: str
    kind: str
    status: str
    delivery_on: dt.date | None
    packages: list[PackageOut]


def _group(request: HttpRequest, slug: str) -> tuple[Any, Group]:
    user = caller(request)
    group = Group.objects.visible_to(user).filter(slug=slug).first()
    if group is None or not Access.of(user).is_insider(group):
        raise not_found(gettext("Group not found."))
    return user, group


def _event(event: PackageEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "package_id": event.package_id,
        "kind": event.kind,
        "note": event.note,
        "company_id": event.company_id,
        "created_at": event.created_at,
        "key": event.key,
        "has_photo": bool(event.photo),
    }


@router.get(
    "/groups/{slug}/projects/{project_id}/packages",
    response={200: ProjectPackages, **ERRORS},
    summary="A project's work packages with their history",
)
def list_packages(request: HttpRequest, slug: PathSlug, project_id: PathId) -> dict[str, Any]:
    _user, group = _group(request, slug)
    project = Project.objects.for_group(group).filter(pk=project_id).first()
    if project is None:
        raise not_found(gettext("Project not found."))
    packages = (
        WorkPackage.objects.filter(project=project)
        .select_related("process", "company")
        .prefetch_related("events")
    )
    return {
        "id": project.pk,
        "title": project.title,
        "kind": project.kind,
        "status": project.status,
        "delivery_on": project.delivery_on,
        "packages": [
            {
                "id": p.pk,
                "position": p.position,
                "name": p.name,
                "process": p.process.name if p.process else None,
                "quantity": p.quantity,
                "work_days": p.work_days,
                "due_on": p.due_on,
                "after_id": p.after_id,
                "state": p.state,
                "company_id": p.company_id,
                "company_name": p.company.name if p.company else None,
                "stage": p.stage,
                "delayed": p.delayed,
                "delay_reason": p.delay_reason,
                "expected_on": p.expected_on,
                "events": [_event(e) for e in p.events.all()],
            }
            for p in packages
        ],
    }


@router.post(
    "/groups/{slug}/packages/{package_id}/events",
    response={200: EventOut, 201: EventOut, 400: Error, 403: Error, **ERRORS},
    summary="Post a progress event (idempotent with a key)",
)
def post_event(
    request: HttpRequest,
    slug: PathSlug,
    package_id: PathId,
    data: EventIn,
    idempotency_key: IdempotencyKey = None,
) -> Status[dict[str, Any]]:
    """201 with the new event; 200 with the first one when the same Idempotency-Key comes
    again. 400 when the package is not confirmed yet, the kind is unknown or a delay has no
    reason; 403 when you do not report for the package's company."""
    user, group = _group(request, slug)
    package = (
        WorkPackage.objects.for_group(group).select_related("group").filter(pk=package_id).first()
    )
    if package is None:
        raise not_found(gettext("Package not found."))
    key = (idempotency_key or data.key).strip()
    if key:
        found = PackageEvent.objects.filter(package=package, key=key[:100]).first()
        if found is not None and can_report(user, package):
            return Status(200, _event(found))
    if not can_report(user, package):
        raise HttpError(403, gettext("You do not report for this package's company."))
    if data.kind not in PROGRESS_KINDS or data.kind == EventKind.PHOTO:
        raise HttpError(400, gettext("Unknown progress event."))
    try:
        event, created = progress.post_event(
            actor=user,
            package=package,
            kind=data.kind,
            note=data.note,
            key=key,
            expected_on=data.expected_on,
        )
    except progress.ProgressRefused as refused:
        raise HttpError(400, str(refused)) from None
    return Status(201 if created else 200, _event(event))


class ReceivingCheckIn(In):
    result: str = Field(..., description="accepted, deviation or rejected")
    quantity_received: int = Field(..., description="Parts received (1 to 1,000,000).")
    quantity_rejected: int = Field(0, description="Parts rejected (at most those received).")
    defect_kind: str = Field(
        "", description="dimension, surface, material, quantity, documents or packing"
    )
    disposition: str = Field("", description="rework, remake or use_as_is")
    note: str = Field("", max_length=1000)
    final: bool = Field(
        False, description="The coordinator's check of the chain's last package itself."
    )
    key: str = Field("", max_length=100, description="Idempotency key, if not sent as a header.")


class ReceivingCheckOut(Schema):
    id: int
    package_id: int
    receiving_package_id: int | None
    result: str
    quantity_received: int
    quantity_rejected: int
    defect_kind: str
    disposition: str
    corrective_action_id: int | None
    created_at: dt.datetime


@router.post(
    "/groups/{slug}/packages/{package_id}/receiving-checks",
    response={200: ReceivingCheckOut, 201: ReceivingCheckOut, 400: Error, **ERRORS},
    summary="Record the receiving check of a hand-off (idempotent with a key)",
)
def post_receiving_check(
    request: HttpRequest,
    slug: PathSlug,
    package_id: PathId,
    data: ReceivingCheckIn,
    idempotency_key: IdempotencyKey = None,
) -> Status[dict[str, Any]]:
    """The check of what package ``package_id`` received from the step it comes after (or, with
    ``final``, of that last package itself, by the coordinator). A rejection opens a corrective
    action for the upstream member and holds this package's 着手 until it is closed. Photos are
    sent from the package page. 404 for a package the caller does not receive."""
    from renkei.quality.models import CorrectiveAction
    from renkei.quality.services import inspection

    user, group = _group(request, slug)
    page = WorkPackage.objects.for_group(group).select_related("group").filter(pk=package_id)
    found = page.first()
    upstream = found if data.final else (found.after if found is not None else None)
    receiving = None if data.final else found
    if upstream is None or not inspection.may_check(user, upstream, receiving):
        raise not_found(gettext("Package not found."))
    check_input = inspection.CheckInput(
        result=data.result,
        quantity_received=data.quantity_received,
        quantity_rejected=data.quantity_rejected,
        defect_kind=data.defect_kind,
        disposition=data.disposition,
        note=data.note,
        key=(idempotency_key or data.key).strip(),
    )
    try:
        check, created = inspection.record_check(
            actor=user, package=upstream, receiving=receiving, data=check_input
        )
    except inspection.CheckRefused as refused:
        raise HttpError(400, str(refused)) from None
    action = CorrectiveAction.objects.filter(receiving_check=check).values_list("pk", flat=True)
    return Status(
        201 if created else 200,
        {
            "id": check.pk,
            "package_id": check.package_id,
            "receiving_package_id": check.receiving_package_id,
            "result": check.result,
            "quantity_received": check.quantity_received,
            "quantity_rejected": check.quantity_rejected,
            "defect_kind": check.defect_kind,
            "disposition": check.disposition,
            "corrective_action_id": action.first(),
            "created_at": check.created_at,
        },
    )
