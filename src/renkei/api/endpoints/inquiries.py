"""The joint order window as an API: a customer's system sends an inquiry with drawings.

Multipart: a JSON part ``data`` and file parts named ``files``. No token needed; the same rules
as the web form apply. An ``Idempotency-Key`` header (or ``submission_key`` in ``data``) binds a
retry to its request: the same key with the same content answers what the first request made;
the same key with other content is refused (409) without a word of the first inquiry.
"""

import json
import re
import uuid
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import get_language, gettext
from ninja import Router, Schema
from ninja.responses import Status

from renkei.api.endpoints.common import not_found
from renkei.api.schemas import Error, PathSlug
from renkei.core import throttle
from renkei.inquiries import services, staging
from renkei.inquiries.forms import MAX_LINES, InquiryForm, LineForm
from renkei.inquiries.models import Inquiry
from renkei.lib import drawingcheck as drawings
from renkei.orgs.models import Group

router = Router(tags=["inquiries"])
HEADER_NAMES = {"company": "customer_company", "nda": "nda_required"}
INQUIRY_SCOPE = "inquiry_address"
# Visible ASCII, long enough not to be guessed (a UUID is 36): a short readable key such as
# "order-42" would let anyone who guesses it reach another customer's request.
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{16,255}$")
MAX_DATA_BYTES = 2**20  # a header and 20 lines of text are a few kB


class InquiryCreated(Schema):
    id: int
    reference: str
    tracking_url: str


class Invalid(Schema):
    detail: str
    errors: dict[str, list[str]]


def _choices(field: forms.ChoiceField) -> list[str]:
    return [str(value) for value, _label in cast("list[tuple[Any, Any]]", field.choices)]


def _field_schema(field: forms.Field) -> dict[str, Any]:
    """The JSON schema of one form field, as the form will check it."""
    if isinstance(field, forms.ChoiceField) and isinstance(field.choices, CallableChoiceIterator):
        # Choices that are data (certification standards an operator extends) are not listed in
        # the schema, which is built when the URLs load, before any database may be asked.
        codes = {"type": "string", "maxLength": 40}
        described = {"description": "codes as GET /api/v1/taxonomy lists them"}
        if isinstance(field, forms.MultipleChoiceField):
            return {"type": "array", "items": codes, "uniqueItems": True, **described}
        return codes | described
    if isinstance(field, forms.MultipleChoiceField):
        items = {"type": "string", "enum": _choices(field)}
        return {"type": "array", "items": items, "uniqueItems": True}
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": _choices(field)}
    if isinstance(field, forms.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, forms.IntegerField):
        return {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    if isinstance(field, forms.DateField):
        return {"type": "string", "format": "date"}
    schema: dict[str, Any] = {"type": "string"}
    if isinstance(field, forms.EmailField):
        schema["format"] = "email"
    if isinstance(field, forms.CharField):
        if field.max_length:
            schema["maxLength"] = field.max_length
        if field.required:
            schema |= {"minLength": 1, "pattern": r"\S"}
    return schema


def _form_schema(form: type[forms.ModelForm[Any]], names: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, forms.Field] = form.base_fields
    public = {names.get(name, name): field for name, field in fields.items()}
    return {
        "type": "object",
        "properties": {name: _field_schema(field) for name, field in public.items()},
        "required": [name for name, field in public.items() if field.required],
    }


def _data_schema() -> dict[str, Any]:
    """The ``data`` part: the inquiry's header, and its lines (without lines, one line is made
    from ``title``, ``quantity`` and ``material``)."""
    schema = _form_schema(InquiryForm, {v: k for k, v in HEADER_NAMES.items()})
    line = _form_schema(LineForm, {})
    line["properties"]["processes"] = {
        "type": "array",
        "items": {"type": "string", "maxLength": 60},
        "description": "The process steps in order (instead of process_text).",
    }
    schema["properties"] |= {
        "quantity": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
        "material": {"type": "string", "maxLength": 100},
        "submission_key": {
            "type": "string",
            "minLength": 16,
            "maxLength": 255,
            "pattern": "^[!-~]+$",
        },
        "lines": {"type": "array", "maxItems": MAX_LINES, "items": line},
    }
    return schema


_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Invalid"}}}
OPENAPI = {
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": False,
            "description": "16 to 255 visible ASCII characters (a UUID is best). The same key "
            "with the same content again answers 200 with the first answer; with other "
            "content, 409.",
            "schema": {"type": "string", "minLength": 16, "maxLength": 255, "pattern": "^[!-~]+$"},
        }
    ],
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["data"],
                    "properties": {
                        "data": _data_schema(),
                        "files": {
                            "type": "array",
                            "maxItems": drawings.MAX_FILES,
                            "items": {"type": "string", "format": "binary"},
                        },
                    },
                },
                "encoding": {"data": {"contentType": "application/json"}},
            }
        },
    },
    "responses": {
        400: {"description": "Not accepted: the problems by field.", "content": _ERROR},
        409: {
            "description": "This Idempotency-Key was already used for a different request.",
            "content": _ERROR,
        },
        413: {"description": "The drawings pass a quota.", "content": _ERROR},
        429: {
            "description": "Too many requests from this address; see Retry-After.",
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
            "content": _ERROR,
        },
    },
}


@router.post(
    "/groups/{slug}/inquiries",
    response={
        200: InquiryCreated,
        201: InquiryCreated,
        400: Invalid,
        404: Error,
        409: Invalid,
        413: Invalid,
        429: Invalid,
    },
    summary="Send an inquiry with drawings",
    openapi_extra=OPENAPI,
)
def create_inquiry(request: HttpRequest, slug: PathSlug) -> Status[dict[str, Any]] | HttpResponse:
    """201 with the new inquiry's id and its private tracking URL; 200 with the same body when
    the request repeats one already received (same Idempotency-Key, same content)."""
    group = Group.objects.visible_to(None).filter(slug=slug).first()
    if group is None:
        raise not_found(gettext("Group not found."))
    payload = _payload(_data_part(request))
    key = _key(request, payload)
    header, lines = _validated(payload)
    uploads: list[UploadedFile] = [u for u in request.FILES.getlist("files") if u.name]
    # The key is checked before anything is staged: a replay stores no file and no row.
    digests = [services.file_digest(upload) for upload in uploads]
    try:
        done = services.earlier_inquiry(
            group=group, key=key, header=header, lines=lines, digests=digests, all_files=True
        )
    except services.KeyReused:
        return _key_reused()
    if done is not None:
        return Status(200, _answer(done))
    address = throttle.client_address(request)
    verdict = throttle.check(INQUIRY_SCOPE, address, throttle.rate(INQUIRY_SCOPE))
    if not verdict.allowed:
        return throttle.too_many_json(verdict)
    refused = _stage(group, key, uploads, address)
    if refused is not None:
        return refused
    inquiry, created = services.submit_inquiry(
        group=group, key=key, header=header, lines=lines, language=get_language() or "ja"
    )
    if not created and inquiry.fingerprint != services.fingerprint(header, lines, digests):
        return _key_reused()  # another request with this key won a race
    return Status(201 if created else 200, _answer(inquiry))


def _answer(inquiry: Inquiry) -> dict[str, Any]:
    return {
        "id": inquiry.pk,
        "reference": inquiry.reference,
        "tracking_url": settings.RENKEI_BASE_URL.rstrip("/") + inquiry.get_tracking_url(),
    }


def _key_reused() -> Status[dict[str, Any]]:
    detail = gettext("This Idempotency-Key was already used for a different request.")
    return Status(409, {"detail": detail, "errors": {}})


def _data_part(request: HttpRequest) -> str | None:
    """The ``data`` part as text. Some clients send a JSON part with a file name, which Django
    files under FILES: it is read too, if it is of a sensible size."""
    if "data" in request.POST:
        return str(request.POST["data"])
    part = request.FILES.get("data")
    if part is None:
        return None
    if (part.size or 0) > MAX_DATA_BYTES:
        raise _invalid({"data": [gettext("The data part is not valid JSON.")]})
    content: bytes = part.read()
    return content.decode("utf-8", errors="replace")


def _payload(data: str | None) -> dict[str, Any]:
    if data is None:
        raise _invalid({"data": [gettext("Send the inquiry as a JSON part named data.")]})
    try:
        payload = json.loads(data)
    except ValueError:
        raise _invalid({"data": [gettext("The data part is not valid JSON.")]}) from None
    if not isinstance(payload, dict):
        raise _invalid({"data": [gettext("The data part must be a JSON object.")]})
    return payload


def _key(request: HttpRequest, payload: dict[str, Any]) -> uuid.UUID:
    """The request's key: the header, else ``submission_key`` in data, else a new one. A UUID
    is used as it is; another readable key is mapped to one (keys are scoped per group)."""
    field, given = "Idempotency-Key", request.headers.get("Idempotency-Key")
    if given is None:
        field, given = "submission_key", payload.get("submission_key")
        if given is None:
            return uuid.uuid4()
    if not isinstance(given, str) or not KEY_PATTERN.match(given):
        message = gettext(
            "A key is 16 to 255 visible ASCII characters (letters, digits, punctuation); "
            "a UUID is best."
        )
        raise _invalid({field: [message]})
    try:
        return uuid.UUID(given)
    except ValueError:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"renkei-inquiry:{given}")


# The fields whose value is a list in the JSON (the rest are one value each).
LIST_FIELDS = frozenset({"lines", "processes", "certifications"})


def _as_sent(name: str, value: Any) -> Any:
    """A JSON value as a form field reads it, i.e. as an HTML form would send it: a number or a
    boolean becomes its text, a list or an object where one value belongs its JSON text — so
    that a date given 4.2e16, true or [1, 2] is refused as not a date, rather than failing."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if name in LIST_FIELDS and isinstance(value, list):
        return value
    return json.dumps(value, ensure_ascii=False)


def _validated(payload: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    header = {HEADER_NAMES.get(k, k): _as_sent(k, v) for k, v in payload.items()}
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
    # A request without lines is one line made of its header's title, quantity and material:
    # checked by the line form like any line (a negative or huge quantity, a NUL byte).
    single = LineForm(data={"part_name": "-", **_header_line(payload)})
    if not single.is_valid():
        errors |= {k: [str(m) for m in v] for k, v in single.errors.items() if k != "part_name"}
    if errors:
        raise _invalid(errors)
    header = dict(form.cleaned_data)
    header["quantity"] = single.cleaned_data.get("quantity") or 1
    header["material"] = single.cleaned_data.get("material") or ""
    return header, lines


def _header_line(payload: dict[str, Any]) -> dict[str, Any]:
    quantity = payload.get("quantity", 1)
    if isinstance(quantity, bool):  # JSON true is not a quantity, though Python says it is 1
        quantity = "true"
    return {"quantity": quantity, "material": payload.get("material") or ""}


def _line_data(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        return {}
    data = {k: _as_sent(k, v) for k, v in raw.items()}
    if isinstance(data.get("processes"), list):
        data["process_text"] = " → ".join(str(p) for p in data.pop("processes"))
    return data


def _public(name: str) -> str:
    return {v: k for k, v in HEADER_NAMES.items()}.get(name, name)


def _stage(
    group: Group, key: uuid.UUID, uploads: list[UploadedFile], address: str
) -> Status[dict[str, Any]] | HttpResponse | None:
    """Stages every file or none: one refused file refuses the request and keeps nothing.
    Returns the answer that refuses it, or None when all are staged."""
    if len(uploads) > drawings.MAX_FILES:
        message = gettext("At most %(max)s files can be attached.") % {"max": drawings.MAX_FILES}
        raise _invalid({"files": [message]})
    # The request brings all its files: what an earlier, failed attempt under this key staged
    # would otherwise be attached a second time.
    services.unstage_all(group=group, key=key)
    try:
        staging.check_quotas(
            key_bytes=0,
            address_bytes=staging.staged_bytes_from(address) if uploads else 0,
            adding=sum(upload.size or 0 for upload in uploads),
        )
    except staging.OverQuota as over:
        detail = gettext("The drawings were not accepted: see errors.")
        return Status(413, {"detail": detail, "errors": {"files": [str(over)]}})
    verdicts = [staging.count_upload(address) for _upload in uploads]
    if verdicts and not verdicts[-1].allowed:
        return throttle.too_many_json(verdicts[-1])
    staged, errors = [], []
    for upload in uploads:
        try:
            staged.append(
                services.stage_drawing(group=group, key=key, upload=upload, address=address)
            )
        except drawings.DrawingRejected as rejected:
            errors.append(
                f"{drawings.display_name(upload.name or '')}: "
                + gettext(drawings.MESSAGES[rejected.code]) % rejected.params
            )
    if errors:
        for drawing in staged:
            services.unstage_drawing(group=group, key=key, drawing_id=drawing.pk)
        raise _invalid({"files": errors})
    return None


class InquiryInvalid(Exception):
    """Answered with 400 and every problem by field (see the handler in renkei.api.v1)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _invalid(errors: dict[str, list[str]]) -> InquiryInvalid:
    return InquiryInvalid(errors)
