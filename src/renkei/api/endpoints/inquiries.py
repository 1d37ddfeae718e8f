"""The joint order window as an API: a customer's system sends an inquiry with drawings.

Multipart: a JSON part ``data`` and file parts named ``files``. No token needed; the same rules
as the web form apply, and an ``Idempotency-Key`` header (or ``submission_key`` in ``data``)
makes a retried request return the inquiry the first one made.
"""

import json
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, gettext
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from renkei.api.endpoints.common import not_found
from renkei.api.schemas import Error
from renkei.inquiries import services
from renkei.inquiries.forms import MAX_LINES, InquiryForm, LineForm
from renkei.lib import drawingcheck as drawings
from renkei.orgs.models import Group

router = Router(tags=["inquiries"])
HEADER_NAMES = {"company": "customer_company", "nda": "nda_required"}


class InquiryCreated(Schema):
    id: int
    reference: str
    tracking_url: str


class Invalid(Schema):
    detail: str
    errors: dict[str, list[str]]


@router.post(
    "/groups/{slug}/inquiries",
    response={200: InquiryCreated, 201: InquiryCreated, 400: Invalid, 404: Error},
    summary="Send an inquiry with drawings",
)
def create_inquiry(
    request: HttpRequest,
    slug: str,
    data: Form[str],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[dict[str, Any]]:
    """201 with the new inquiry's id and its private tracking URL; 200 with the same body when
    the request repeats one already received (same Idempotency-Key)."""
    group = Group.objects.visible_to(None).filter(slug=slug).first()
    if group is None:
        raise not_found(gettext("Group not found."))
    payload = _payload(data)
    key = _key(request, payload)
    header, lines = _validated(payload)
    uploads = list(files or [])
    staged_before = {d.pk for d in services.staged_drawings(group, key)}
    _stage(group, key, uploads, staged_before)
    inquiry, created = services.submit_inquiry(
        group=group, key=key, header=header, lines=lines, language=get_language() or "ja"
    )
    body = {
        "id": inquiry.pk,
        "reference": inquiry.reference,
        "tracking_url": settings.RENKEI_BASE_URL.rstrip("/") + inquiry.get_tracking_url(),
    }
    return Status(201 if created else 200, body)


def _payload(data: str) -> dict[str, Any]:
    try:
        payload = json.loads(data)
    except ValueError:
        raise _invalid({"data": [gettext("The data part is not valid JSON.")]}) from None
    if not isinstance(payload, dict):
        raise _invalid({"data": [gettext("The data part must be a JSON object.")]})
    return payload


def _key(request: HttpRequest, payload: dict[str, Any]) -> uuid.UUID:
    given = request.headers.get("Idempotency-Key") or payload.get("submission_key")
    if not given:
        return uuid.uuid4()
    try:
        return uuid.UUID(str(given))
    except ValueError:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"renkei-inquiry:{given}")


def _validated(payload: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    header = {HEADER_NAMES.get(k, k): v for k, v in payload.items()}
    form = InquiryForm(data=header)
    errors: dict[str, list[str]] = {}
    if not form.is_valid():
        errors |= {_public(k): [str(m) for m in v] for k, v in form.errors.items()}
    raw_lines = payload.get("lines") or []
    if not isinstance(raw_lines, list) or len(raw_lines) > MAX_LINES:
        errors["lines"] = [gettext("Send a list of at most %(max)s lines.") % {"max": MAX_LINES}]
        raw_lines = []
    lines = []
    for n, raw in enumerate(raw_lines):
        line = LineForm(data=_line_data(raw))
        if line.is_valid():
            lines.append(line.cleaned_data)
        else:
            errors |= {f"lines[{n}].{k}": [str(m) for m in v] for k, v in line.errors.items()}
    if errors:
        raise _invalid(errors)
    header = dict(form.cleaned_data)
    header["quantity"] = payload.get("quantity") if isinstance(payload.get("quantity"), int) else 1
    header["material"] = str(payload.get("material") or "")[:100]
    return header, lines


def _line_data(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        return {}
    data = dict(raw)
    if isinstance(data.get("processes"), list):
        data["process_text"] = " → ".join(str(p) for p in data.pop("processes"))
    return data


def _public(name: str) -> str:
    return {v: k for k, v in HEADER_NAMES.items()}.get(name, name)


def _stage(group: Group, key: uuid.UUID, uploads: list[UploadedFile], before: set[int]) -> None:
    """Stages every file or none: one refused file refuses the request and keeps nothing."""
    if len(before) + len(uploads) > drawings.MAX_FILES:
        raise _invalid(
            {
                "files": [
                    gettext("At most %(max)s files can be attached.") % {"max": drawings.MAX_FILES}
                ]
            }
        )
    staged, errors = [], []
    for upload in uploads:
        try:
            staged.append(services.stage_drawing(group=group, key=key, upload=upload))
        except drawings.DrawingRejected as rejected:
            errors.append(
                f"{drawings.display_name(upload.name or '')}: "
                + gettext(drawings.MESSAGES[rejected.code]) % rejected.params
            )
    if errors:
        for drawing in staged:
            services.unstage_drawing(group=group, key=key, drawing_id=drawing.pk)
        raise _invalid({"files": errors})


class InquiryInvalid(Exception):
    """Answered with 400 and every problem by field (see the handler in renkei.api.v1)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _invalid(errors: dict[str, list[str]]) -> InquiryInvalid:
    return InquiryInvalid(errors)
