"""Progress from the shop floor: 着手, 工程完了, 検査合格, 出荷, 遅延 with its reason, a photo,
and the receiving check of a hand-off — one or two taps on a phone, or a member's production
system posting through the API.

つながる町工場 wanted anyone to be able to answer "where is my order" (seed l.4633–4672) and got
there with simple entry on the floor, shared between three shops like a simple EDI
(l.4735–4765). A system retrying after a timeout sends the same Idempotency-Key: the repeat
returns the first event instead of making a second.
"""

import datetime as dt
import io
import math
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.lib import drawingcheck
from renkei.outbox.followups import follow_up
from renkei.projects.access import can_report
from renkei.projects.choices import (
    DONE_STAGES,
    PROGRESS_KINDS,
    STAGE_OF_EVENT,
    STAGE_ORDER,
    EventKind,
    PackageState,
    Stage,
)
from renkei.projects.models import PackageEvent, WorkPackage

PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
MAX_PIXELS = drawingcheck.MAX_IMAGE_PIXELS  # why 50 MP: see there
PHOTO_MAX_SIDE = 2048
# A tap on the floor is taken back within this many seconds: a gloved thumb hits 出荷 instead
# of 検査合格, and the customer's tracking page must not show a shipment that never left.
UNDO_SECONDS = 60
UNDOABLE_KINDS = frozenset(STAGE_OF_EVENT)


class ProgressRefused(ValueError):
    """The event cannot be recorded: wrong state, wrong person, or bad input."""


def clean_photo(data: bytes) -> bytes:
    """A JPEG re-encoded from the upload, if Pillow reads it as a photo: the size is limited,
    the picture turned upright, and the metadata (a phone's GPS position of the factory) dropped."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    limit = settings.RENKEI_PHOTO_MAX_BYTES
    if len(data) > limit:
        raise ProgressRefused(
            _("The photo is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        )
    try:
        # Header first (a small file can unpack huge), then a full decode.
        drawingcheck.check_image(io.BytesIO(data), PHOTO_FORMATS, max_pixels=MAX_PIXELS)
    except drawingcheck.DrawingRejected as rejected:
        if rejected.code == "pixels":
            raise ProgressRefused(
                _("The photo has too many pixels (at most %(max)s million): send a smaller one.")
                % {"max": rejected.params["max"]}
            ) from None
        raise ProgressRefused(_("This file is not a photo we can read.")) from None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ProgressRefused(_("This file is not a photo we can read.")) from None
    upright.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    out = io.BytesIO()
    upright.save(out, format="JPEG", quality=85)
    return out.getvalue()


def post_event(
    *,
    actor: Any,
    package: WorkPackage,
    kind: str,
    note: str = "",
    key: str = "",
    photo: bytes | None = None,
    expected_on: dt.date | None = None,
) -> tuple[PackageEvent, bool]:
    """Records one progress event; returns it and whether it is new. The same ``key`` again
    returns the first event, whatever the rest of the request says."""
    key = key.strip()[:100]
    if key:
        found = PackageEvent.objects.filter(package=package, key=key).first()
        if found is not None:
            return found, False
    cleaned = clean_photo(photo) if photo else None
    try:
        return _post(actor, package, kind, note.strip(), key, cleaned, expected_on), True
    except IntegrityError:
        # Two copies of one request raced past the check above: the other one won.
        found = PackageEvent.objects.filter(package=package, key=key).first()
        if key and found is not None:
            return found, False
        raise


@transaction.atomic
def _post(
    actor: Any,
    package: WorkPackage,
    kind: str,
    note: str,
    key: str,
    photo: bytes | None,
    expected_on: dt.date | None,
) -> PackageEvent:
    from renkei.projects.notices import notify_delayed
    from renkei.projects.tasks import mail_coordinators

    if kind not in PROGRESS_KINDS:
        raise ProgressRefused(_("Unknown progress event."))
    locked = WorkPackage.objects.select_for_update(of=("self",)).select_related(
        "group", "company", "project"
    )
    package = locked.get(pk=package.pk)
    if package.state != PackageState.ASSIGNED:
        raise ProgressRefused(_("Progress is posted once the company has confirmed the package."))
    if not can_report(actor, package):
        raise ProgressRefused(_("You do not report for this package."))
    if kind == EventKind.DELAYED and not note:
        raise ProgressRefused(_("Say why it is delayed."))
    if kind == EventKind.PHOTO and photo is None:
        raise ProgressRefused(_("Choose a photo."))
    from renkei.quality.services.inspection import refuse_start_while_rejected

    refuse_start_while_rejected(package, kind)  # 着手 waits while its hand-off is rejected
    if kind in (EventKind.INSPECTED, EventKind.SHIPPED):
        from renkei.quality.services.documents import refusal_for_missing

        # No 検査合格 (nor a shipment skipping it) while a required quality document is missing.
        if missing := refusal_for_missing(package, kind):
            raise ProgressRefused(missing)
    event = PackageEvent(
        package=package,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        company_id=package.company_id,
        note=note[:500],
        key=key,
    )
    if photo is not None:
        event.photo.save("photo.jpg", ContentFile(photo), save=False)
    event.save()
    _apply(package, event, expected_on)
    if kind == EventKind.SHIPPED:
        from renkei.settlement.services.orders import package_progressed

        package_progressed(actor=actor, package=package)  # the final shipment delivers the order
    if kind == EventKind.DELAYED:
        notify_delayed(package, note)
        follow_up(mail_coordinators, event.pk)
    audit(
        f"package.{kind}",
        actor=actor,
        obj=package,
        group=package.group,
        summary=f"{package.name}: {note}"[:300],
    )
    return event


def _apply(package: WorkPackage, event: PackageEvent, expected_on: dt.date | None) -> None:
    """The package's current picture: the furthest stage reached, the delay flag."""
    stage = STAGE_OF_EVENT.get(EventKind(event.kind))
    if stage is not None and STAGE_ORDER.index(stage) > STAGE_ORDER.index(Stage(package.stage)):
        package.stage = stage
        if package.is_done:
            package.delayed = False
    if event.kind == EventKind.DELAYED:
        package.delayed = True
        package.delay_reason = event.note[:300]
        package.expected_on = expected_on
    if event.kind == EventKind.RECEIVED:
        package.received_at = event.created_at
    package.save()


def undoable_event(actor: Any, package: WorkPackage) -> PackageEvent | None:
    """The stage tap this person may still take back: their own, the package's latest event,
    less than ``UNDO_SECONDS`` old and the package still theirs to report on."""
    if not getattr(actor, "is_authenticated", False) or package.state != PackageState.ASSIGNED:
        return None
    latest = package.events.order_by("-created_at", "-pk").first()
    if latest is None or latest.kind not in UNDOABLE_KINDS or latest.actor_id != actor.pk:
        return None
    return latest if seconds_left(latest) > 0 else None


def seconds_left(event: PackageEvent) -> int:
    """Whole seconds until ``event`` can no longer be undone (0 once it cannot)."""
    elapsed = (timezone.now() - event.created_at).total_seconds()
    return max(0, math.ceil(UNDO_SECONDS - elapsed))


@transaction.atomic
def undo_event(*, actor: Any, package: WorkPackage, event_id: int) -> PackageEvent:
    """Takes back a stage tap made less than a minute ago: the event is removed (nothing was
    shipped, started or inspected, so the customer, the KPIs and the digest never count it)
    and the package's stage is what the remaining events make it. The audit log keeps both
    the tap and its undoing. Returns the removed event."""
    locked = WorkPackage.objects.select_for_update(of=("self",)).select_related("group")
    package = locked.get(pk=package.pk)
    event = undoable_event(actor, package)
    if event is None or event.pk != event_id or not can_report(actor, package):
        raise ProgressRefused(
            _("This can no longer be undone: report the step the package is really at.")
        )
    label = event.get_kind_display()
    event.delete()
    _replay(package)
    if event.kind == EventKind.SHIPPED:
        from renkei.settlement.services.orders import package_progressed

        package_progressed(actor=actor, package=package)
    audit(
        "package.undo",
        actor=actor,
        obj=package,
        group=package.group,
        summary=f"{package.name}: {label}"[:300],
        kind=event.kind,
        recorded_at=event.created_at.isoformat(),
    )
    return event


def _replay(package: WorkPackage) -> None:
    """Stage and delay flag again from the events since the company confirmed the package
    (a return to the board starts afresh: claims._to_board), as ``_apply`` set them."""
    events = list(package.events.order_by("created_at", "pk").values_list("kind", flat=True))
    confirmed = [n for n, kind in enumerate(events) if kind == EventKind.CONFIRMED]
    stage, delayed = Stage.NONE, False
    for kind in events[confirmed[-1] + 1 :] if confirmed else events:
        reached = STAGE_OF_EVENT.get(EventKind(kind))
        if reached is not None and STAGE_ORDER.index(reached) > STAGE_ORDER.index(stage):
            stage = reached
            if stage in DONE_STAGES:
                delayed = False
        if kind == EventKind.DELAYED:
            delayed = True
    package.stage, package.delayed = stage, delayed
    package.save(update_fields=["stage", "delayed", "updated_at"])
