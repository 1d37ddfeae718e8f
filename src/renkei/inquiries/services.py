"""Every write of the joint order window goes through here."""

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Max

from renkei.core import throttle
from renkei.core.audit import audit
from renkei.inquiries.models import Drawing, Inquiry, InquiryLine, LineStep
from renkei.inquiries.steps import steps_from_text, suggest_steps
from renkei.lib import drawingcheck as drawings
from renkei.lib import sources
from renkei.lib.workclock import BusinessCalendar
from renkei.orgs.choices import InquiryRouting
from renkei.orgs.models import Group
from renkei.outbox.followups import follow_up
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


ACK_SCOPE = "ack_recipient"


class KeyReused(Exception):
    """The submission key (Idempotency-Key) was already used for a request with other content.

    Deliberately carries nothing of the inquiry that used it: the key is not a way in."""


def staged_drawings(group: Group, key: uuid.UUID) -> list[Drawing]:
    return list(Drawing.objects.filter(group=group, submission_key=key, inquiry__isnull=True))


def file_digest(upload: UploadedFile) -> str:
    """The SHA-256 of an uploaded file, read in chunks, leaving it at its start."""
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def fingerprint(header: dict[str, Any], lines: list[dict[str, Any]], digests: Iterable[str]) -> str:
    """A SHA-256 over the meaningful content of a request, after validation: the header and line
    fields (other keys ignored, dates and numbers in one canonical form) and the files by
    content, in any order. Two sends of one form or one API request have the same fingerprint;
    another request under the same key has another."""
    lines = lines or [_line_from_header(header)]  # as _create saves a lineless request
    canonical = {
        "header": {k: v for k, v in sorted(header.items()) if k in _FINGERPRINT_HEADER},
        "lines": [{k: v for k, v in sorted(line.items()) if k in LINE_FIELDS} for line in lines],
        "files": sorted(digests),
    }
    text = json.dumps(
        canonical, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


# A lineless API request carries its one line's quantity and material in the header.
_FINGERPRINT_HEADER = {*HEADER_FIELDS, "quantity", "material"}


def earlier_inquiry(
    *,
    group: Group,
    key: uuid.UUID,
    header: dict[str, Any],
    lines: list[dict[str, Any]],
    digests: list[str],
    all_files: bool,
) -> Inquiry | None:
    """The inquiry an earlier send under ``key`` made, if this request repeats it; None if the
    key is unused. Raises ``KeyReused`` when the key made an inquiry with other content.

    ``all_files``: the request brings all its drawings (the API). The web form may bring only
    the last of them (the others were staged by earlier sends of the same form), so there the
    files it brings must be among the inquiry's."""
    inquiry = Inquiry.objects.filter(group=group, submission_key=key).first()
    if inquiry is None:
        return None
    if not all_files:
        attached = set(inquiry.drawings.values_list("sha256", flat=True))
        if not set(digests) <= attached:
            raise KeyReused
        digests = list(inquiry.drawings.values_list("sha256", flat=True))
    if inquiry.fingerprint != fingerprint(header, lines, digests):
        raise KeyReused
    return inquiry


def stage_drawing(
    *, group: Group, key: uuid.UUID, upload: UploadedFile, address: str = ""
) -> Drawing:
    """Checks one uploaded drawing and keeps it under the form's key until the inquiry is sent.

    ``address`` is the client's address, kept only as a keyed hash (the per-address quota).
    Raises ``drawings.DrawingRejected`` for a file that is not what it claims to be.
    """
    name = upload.name or "drawing"
    kind = drawings.check_drawing(name, upload, upload.size or 0)
    drawing = Drawing(
        group=group,
        submission_key=key,
        original_name=drawings.display_name(name),
        kind=kind,
        size=upload.size or 0,
        sha256=file_digest(upload),
        sender=throttle.hashed(address) if address else "",
    )
    # The name is chosen first (a random one, drawing_path) so that a write that fails half-way
    # can be undone: a full disk leaves a truncated file behind, which Django does not remove.
    field, storage = drawing.file.field, drawing.file.storage
    target = field.generate_filename(drawing, name)
    try:
        drawing.file.name = storage.save(target, upload, max_length=field.max_length)
        drawing.save()
    except BaseException:
        storage.delete(drawing.file.name or target)  # no file on disk without its row
        raise
    return drawing


def unstage_drawing(*, group: Group, key: uuid.UUID, drawing_id: int) -> None:
    for drawing in Drawing.objects.filter(
        group=group, submission_key=key, inquiry__isnull=True, pk=drawing_id
    ):
        drawing.file.delete(save=False)
        drawing.delete()


def unstage_all(*, group: Group, key: uuid.UUID) -> int:
    """Removes every drawing staged under ``key`` (an API request brings all its files, so what
    an earlier, failed attempt staged would otherwise be attached twice); returns how many."""
    removed = 0
    for drawing in staged_drawings(group, key):
        drawing.file.delete(save=False)
        drawing.delete()
        removed += 1
    return removed


def refuse_automated(*, group: Group) -> None:
    """Records a window send refused because its hidden trap field was filled in (no person
    sees that field; scripts fill every field they find). Nothing of it is kept."""
    audit("inquiry.refuse_automated", group=group, summary="honeypot")


def submit_inquiry(
    *,
    group: Group,
    key: uuid.UUID,
    header: dict[str, Any],
    lines: list[dict[str, Any]],
    language: str = "ja",
    source: str = "",
) -> tuple[Inquiry, bool]:
    """Saves the inquiry with its lines and staged drawings; returns it and whether it is new.
    ``source`` is the catalogue or exhibition its link came from (renkei.lib.sources).

    The same form sent twice (double click, reload, a retry after a lost answer) returns the
    inquiry the first send made; callers compare fingerprints first (``earlier_inquiry``).
    """
    existing = Inquiry.objects.filter(group=group, submission_key=key).first()
    if existing is not None:
        return existing, False
    from renkei.inquiries.routing import route_inquiry
    from renkei.inquiries.tasks import acknowledge_inquiry, tell_coordinators

    try:
        with transaction.atomic():
            inquiry = _create(
                group, key, header, lines or [_line_from_header(header)], language, source
            )
            # In the same transaction: a send that loses the race below announces nothing.
            inquiry_event("inquiry.created", inquiry)
            # Recorded with the inquiry, each enqueued on its own once it commits: a failed
            # enqueue is taken up by the sweep (outbox.followups), never lost.
            if not inquiry.acknowledgement_withheld:
                follow_up(acknowledge_inquiry, inquiry.pk)
            follow_up(tell_coordinators, inquiry.pk)
            from renkei.previews.tasks import request_previews

            request_previews(inquiry)  # the drawings it accepted, seen in the browser
            if group.inquiry_routing != InquiryRouting.COORDINATOR:
                follow_up(route_inquiry, inquiry.pk)
    except IntegrityError:
        # Two sends of one form raced; the other one won.
        return Inquiry.objects.get(group=group, submission_key=key), False
    return inquiry, True


def _create(
    group: Group,
    key: uuid.UUID,
    header: dict[str, Any],
    lines: list[dict[str, Any]],
    language: str,
    source: str = "",
) -> Inquiry:
    Group.objects.select_for_update().filter(pk=group.pk).first()  # numbers one at a time
    number = (Inquiry.objects.filter(group=group).aggregate(n=Max("number"))["n"] or 0) + 1
    digests = Drawing.objects.filter(group=group, submission_key=key, inquiry__isnull=True)
    inquiry = Inquiry(
        group=group,
        number=number,
        submission_key=key,
        language=language,
        source=sources.clean(source),
        fingerprint=fingerprint(header, lines, digests.values_list("sha256", flat=True)),
        **{k: v for k, v in header.items() if k in HEADER_FIELDS},
    )
    inquiry.full_clean(exclude=["tracking_token"])
    # Decided now, in the transaction that saves it, so the acknowledgement task stays a plain
    # "send once": anyone can type any address into the window, and this keeps renkei from
    # mailing one stranger without end. The inquiry itself is saved and announced as always.
    inquiry.acknowledgement_withheld = not throttle.check(
        ACK_SCOPE, inquiry.email, throttle.rate(ACK_SCOPE)
    ).allowed
    inquiry.save()
    Inquiry.objects.filter(pk=inquiry.pk).update(reply_due_at=reply_due(group, inquiry.received_at))
    for position, data in enumerate(lines, start=1):
        _create_line(inquiry, position, data)
    Drawing.objects.filter(group=group, submission_key=key, inquiry__isnull=True).update(
        inquiry=inquiry
    )
    from renkei.inquiries.screening import record_screening

    record_screening(inquiry)
    from renkei.knowledge.indexing import index_inquiry

    # Indexed here, with the inquiry, so that a search (a GET) never has to write.
    index_inquiry(inquiry)
    from renkei.inquiries.notices import notify_coordinators
    from renkei.notices.models import NoticeKind

    notify_coordinators(inquiry, NoticeKind.INQUIRY_NEW)
    audit("inquiry.receive", obj=inquiry, group=group, summary=inquiry.title)
    if inquiry.acknowledgement_withheld:
        audit("inquiry.acknowledgement_withheld", obj=inquiry, group=group, limit=ACK_SCOPE)
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
    if data.get("quality_documents"):
        from renkei.quality.services.documents import set_line_documents

        set_line_documents(actor=None, line=line, kinds=data["quality_documents"])
    return line


def _line_from_header(header: dict[str, Any]) -> dict[str, Any]:
    """An inquiry sent without lines is one line made from its header."""
    return {
        "part_name": str(header.get("title", ""))[:150],
        "quantity": header.get("quantity") or 1,
        "material": header.get("material", ""),
    }
