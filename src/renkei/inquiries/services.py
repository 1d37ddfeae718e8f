"""Every write of the joint order window goes through here."""

import datetime as dt
import hashlib
import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max

from renkei.core.audit import audit
from renkei.inquiries.models import Drawing, Inquiry, InquiryLine, LineStep
from renkei.inquiries.steps import steps_from_text, suggest_steps
from renkei.lib import drawingcheck as drawings
from renkei.lib.workclock import BusinessCalendar
from renkei.orgs.choices import InquiryRouting
from renkei.orgs.models import Group
from renkei.webhooks.events import inquiry_event

HEADER_FIELDS = [
    "customer_company", "customer_corporate_number", "contact_name", "email", "phone", "title",
    "description", "industry", "purpose", "budget", "quote_due", "desired_delivery",
    "delivery_place", "nda_required",
]  # fmt: skip
LINE_FIELDS = [
    "part_name", "drawing_number", "revision", "quantity", "material", "process_text", "size",
    "tolerance", "surface_treatment", "heat_treatment", "certifications", "notes",
]  # fmt: skip


def calendar_of(group: Group) -> BusinessCalendar:
    return BusinessCalendar.from_group_fields(
        group.business_day_start, group.business_day_end, group.business_weekdays, group.closures
    )


def reply_due(group: Group, received: dt.datetime) -> dt.datetime:
    """When the group's promised first answer is due, counted in its business hours
    ("reply within 2 hours", seed l.1836–1842)."""
    return calendar_of(group).add_business_time(received, group.reply_promise_hours)


def staged_drawings(group: Group, key: uuid.UUID) -> list[Drawing]:
    return list(Drawing.objects.filter(group=group, submission_key=key, inquiry__isnull=True))


def stage_drawing(*, group: Group, key: uuid.UUID, upload: UploadedFile) -> Drawing:
    """Checks one uploaded drawing and keeps it under the form's key until the inquiry is sent.

    Raises ``drawings.DrawingRejected`` for a file that is not what it claims to be.
    """
    name = upload.name or "drawing"
    kind = drawings.check_drawing(name, upload, upload.size or 0)
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    drawing = Drawing(
        group=group,
        submission_key=key,
        original_name=drawings.display_name(name),
        kind=kind,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
    )
    drawing.file.save(name, upload, save=False)
    drawing.save()
    return drawing


def unstage_drawing(*, group: Group, key: uuid.UUID, drawing_id: int) -> None:
    for drawing in Drawing.objects.filter(
        group=group, submission_key=key, inquiry__isnull=True, pk=drawing_id
    ):
        drawing.file.delete(save=False)
        drawing.delete()


def submit_inquiry(
    *,
    group: Group,
    key: uuid.UUID,
    header: dict[str, Any],
    lines: list[dict[str, Any]],
    language: str = "ja",
) -> tuple[Inquiry, bool]:
    """Saves the inquiry with its lines and staged drawings; returns it and whether it is new.

    The same form sent twice (double click, reload, a retry after a lost answer) returns the
    inquiry the first send made.
    """
    existing = Inquiry.objects.filter(group=group, submission_key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            inquiry = _create(group, key, header, lines or [_line_from_header(header)], language)
            # In the same transaction: a send that loses the race below announces nothing.
            inquiry_event("inquiry.created", inquiry)
    except IntegrityError:
        # Two sends of one form raced; the other one won.
        return Inquiry.objects.get(group=group, submission_key=key), False
    from renkei.inquiries.routing import route_inquiry
    from renkei.inquiries.tasks import acknowledge_inquiry, tell_coordinators

    transaction.on_commit(lambda: acknowledge_inquiry.enqueue(inquiry.pk))
    transaction.on_commit(lambda: tell_coordinators.enqueue(inquiry.pk))
    if group.inquiry_routing != InquiryRouting.COORDINATOR:
        transaction.on_commit(lambda: route_inquiry.enqueue(inquiry.pk))
    return inquiry, True


def _create(
    group: Group, key: uuid.UUID, header: dict[str, Any], lines: list[dict[str, Any]], language: str
) -> Inquiry:
    Group.objects.select_for_update().filter(pk=group.pk).first()  # numbers one at a time
    number = (Inquiry.objects.filter(group=group).aggregate(n=Max("number"))["n"] or 0) + 1
    inquiry = Inquiry(
        group=group,
        number=number,
        submission_key=key,
        language=language,
        **{k: v for k, v in header.items() if k in HEADER_FIELDS},
    )
    inquiry.full_clean(exclude=["tracking_token"])
    inquiry.save()
    Inquiry.objects.filter(pk=inquiry.pk).update(reply_due_at=reply_due(group, inquiry.received_at))
    for position, data in enumerate(lines, start=1):
        _create_line(inquiry, position, data)
    Drawing.objects.filter(group=group, submission_key=key, inquiry__isnull=True).update(
        inquiry=inquiry
    )
    from renkei.inquiries.screening import record_screening

    record_screening(inquiry)
    from renkei.inquiries.notices import notify_coordinators
    from renkei.notices.models import NoticeKind

    notify_coordinators(inquiry, NoticeKind.INQUIRY_NEW)
    audit("inquiry.receive", obj=inquiry, group=group, summary=inquiry.title)
    inquiry.refresh_from_db()
    return inquiry


def _create_line(inquiry: Inquiry, position: int, data: dict[str, Any]) -> InquiryLine:
    line = InquiryLine(
        inquiry=inquiry, position=position, **{k: v for k, v in data.items() if k in LINE_FIELDS}
    )
    line.full_clean(exclude=["inquiry"])
    line.save()
    ids, _unknown = steps_from_text(line.process_text)
    if not ids and not line.process_text:
        ids = suggest_steps(line.part_name, line.notes, inquiry.description)
    LineStep.objects.bulk_create(
        [LineStep(line=line, process_id=pk, position=n) for n, pk in enumerate(ids, start=1)]
    )
    return line


def _line_from_header(header: dict[str, Any]) -> dict[str, Any]:
    """An inquiry sent without lines is one line made from its header."""
    return {
        "part_name": str(header.get("title", ""))[:150],
        "quantity": header.get("quantity") or 1,
        "material": header.get("material", ""),
    }
