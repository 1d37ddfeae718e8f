"""Working on a group's inquiries by API: its coordinators read them all, a member's people read
those passed to their companies and answer them. Everyone else gets 404, as for any private
object, so ids of another group's inquiries reveal nothing.
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext
from ninja import Field, Query
from ninja.errors import HttpError

from renkei.api.access import Access
from renkei.api.auth import caller
from renkei.api.endpoints.common import ERRORS, not_found, page_of
from renkei.api.endpoints.inquiries import router
from renkei.api.inquiry_schemas import (
    AnswerIn,
    AnswerOut,
    FieldErrors,
    InquiryDetail,
    InquiryPage,
    ReferIn,
    ReferralOut,
)
from renkei.api.schemas import Error, In, PageParams, PathId, PathSlug
from renkei.directory.search import member_companies
from renkei.inquiries import deciders, referrals
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.forms import AnswerForm
from renkei.inquiries.models import Answer, Inquiry, InquiryLine, Referral
from renkei.inquiries.offer_forms import formset_data, offer_formset
from renkei.orgs import nda
from renkei.orgs.models import Group


# The operations join the inquiries router: ninja answers 405 when two routers declare the same
# path (GET and POST /groups/{slug}/inquiries).
class Invalid(Exception):
    """Answered with 400 and the problems by field (handler in renkei.api.v1)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


class StatusFilter(In):
    status: str = Field("", max_length=20, description="Only inquiries with this status.")


class Scope:
    """Which of the group's inquiries and referrals the caller may see."""

    def __init__(self, request: HttpRequest, slug: str) -> None:
        user = caller(request)
        group = Group.objects.visible_to(user).filter(slug=slug).first()
        if group is None:
            raise not_found(gettext("Group not found."))
        self.user, self.group = user, group
        self.coordinator = Access.of(user).is_coordinator(group)
        self.companies = [] if self.coordinator else referrals.companies_acting_for(user, group)
        if not self.coordinator and not self.companies:
            raise not_found(gettext("Group not found."))

    def inquiries(self) -> QuerySet[Inquiry]:
        found = Inquiry.objects.for_group(self.group).select_related("group")
        if self.coordinator:
            return found
        return found.filter(referrals__company_id__in=self.companies).distinct()

    def referrals(self) -> QuerySet[Referral]:
        found = (
            Referral.objects.select_related("company", "answer")
            .prefetch_related("answer__offers")
            .order_by("pk")
        )
        return found if self.coordinator else found.filter(company_id__in=self.companies)

    def inquiry(self, inquiry_id: int) -> Inquiry:
        inquiry = self.inquiries().filter(pk=inquiry_id).first()
        if inquiry is None:
            raise not_found(gettext("Inquiry not found."))
        return inquiry


@router.get(
    "/groups/{slug}/inquiries",
    response={200: InquiryPage, 400: FieldErrors, **ERRORS},
    summary="A group's inquiries",
)
def list_inquiries(
    request: HttpRequest, slug: PathSlug, page: Query[PageParams], filters: Query[StatusFilter]
) -> dict[str, Any]:
    """The group's coordinators get every inquiry; a member's people those passed to their
    companies. Newest first."""
    scope = Scope(request, slug)
    found = scope.inquiries()
    if filters.status:
        if filters.status not in InquiryStatus.values:
            choices = ", ".join(InquiryStatus.values)
            raise Invalid({"status": [gettext("Use one of: %(choices)s.") % {"choices": choices}]})
        found = found.filter(status=filters.status)
    count, items = page_of(found.order_by("-received_at", "-pk"), page)
    return {"count": count, "items": items}


@router.get(
    "/groups/{slug}/inquiries/{inquiry_id}",
    response={200: InquiryDetail, **ERRORS},
    summary="One inquiry with its lines and answers",
)
def get_inquiry(request: HttpRequest, slug: PathSlug, inquiry_id: PathId) -> dict[str, Any]:
    scope = Scope(request, slug)
    inquiry = scope.inquiry(inquiry_id)
    return _detail(scope, inquiry)


@router.put(
    "/groups/{slug}/inquiries/{inquiry_id}/answer",
    response={200: AnswerOut, 400: FieldErrors, **ERRORS},
    summary="Answer an inquiry passed to your company",
)
def answer_inquiry(
    request: HttpRequest, slug: PathSlug, inquiry_id: PathId, data: AnswerIn
) -> dict[str, Any]:
    """Saves or revises your company's answer, checked as on the web page: a price and lead time
    when you can do it, a reason or question otherwise."""
    scope = Scope(request, slug)
    mine = referrals.companies_acting_for(scope.user, scope.group)
    candidates = list(
        Referral.objects.select_related("inquiry__group", "company").filter(
            inquiry__group=scope.group, inquiry_id=inquiry_id, company_id__in=mine
        )
    )
    if data.company_id is not None:
        candidates = [r for r in candidates if r.company_id == data.company_id]
    if not candidates:
        raise not_found(gettext("Inquiry not found."))
    if len(candidates) > 1:
        raise Invalid({"company_id": [gettext("Say which of your companies answers.")]})
    referral = candidates[0]
    fields = data.dict(exclude={"company_id", "offers"})
    form = AnswerForm(
        {k: "" if v is None else v for k, v in fields.items()},
        instance=Answer.objects.filter(referral=referral).first(),
    )
    errors = {} if form.is_valid() else {k: [str(m) for m in v] for k, v in form.errors.items()}
    offers = None
    if data.offers is not None:
        rows = offer_formset(formset_data([o.dict() for o in data.offers]))
        if rows.is_valid():
            offers = rows.offers()
        else:
            errors |= _offer_errors(rows)
    if errors:
        raise Invalid(errors)
    try:
        saved = referrals.answer(
            actor=scope.user, referral=referral, offers=offers, **form.cleaned_data
        )
    except ValidationError as error:
        raise Invalid({k: list(v) for k, v in error.message_dict.items()}) from None
    return _answer(saved)


@router.post(
    "/groups/{slug}/inquiries/{inquiry_id}/referrals",
    response={200: list[ReferralOut], 400: FieldErrors, 403: Error, **ERRORS},
    summary="Pass an inquiry on to member companies",
)
def refer_inquiry(
    request: HttpRequest,
    response: HttpResponse,
    slug: PathSlug,
    inquiry_id: PathId,
    data: ReferIn,
) -> list[dict[str, Any]]:
    """The group's coordinators, and the lead company of the inquiry's field when the group
    routes by lead company, pass it on as on the web page; the new referrals (none when every
    company had it already). 403 for a member's people who see the inquiry but may not pass it
    on. A member that cannot be asked now (a new member before its acknowledgement or on
    probation) is passed nothing: 400 with the reason under `company_ids` when none of those
    named can be asked; otherwise the others are passed it and the ones left out are in the
    `Renkei-Not-Passed` header, a JSON list of `{"company_id", "name", "reason"}` (ASCII, with
    `\\u` escapes), absent when none was left out."""
    scope = Scope(request, slug)
    inquiry = Inquiry.objects.for_group(scope.group).select_related("group")
    found = inquiry.filter(pk=inquiry_id).first()
    if found is None:
        raise not_found(gettext("Inquiry not found."))
    if not deciders.may_pass_on(scope.user, found):
        if not scope.inquiries().filter(pk=found.pk).exists():
            raise not_found(gettext("Inquiry not found."))
        raise HttpError(403, gettext("You may not pass this inquiry on."))
    members = member_companies(scope.group, include_unlisted=True)
    companies = list(members.filter(pk__in=data.company_ids))
    if not companies or len(companies) != len(set(data.company_ids)):
        raise Invalid({"company_ids": [gettext("Name current member companies of the group.")]})
    made, held = referrals.refer_ticked(
        actor=scope.user, inquiry=found, companies=companies, reasons={}
    )
    if len(held) == len(companies):
        raise Invalid({"company_ids": [referrals.not_passed_banner(held)]})
    if held:
        left_out = [
            {"company_id": h.company.pk, "name": h.company.name, "reason": h.reason} for h in held
        ]
        response["Renkei-Not-Passed"] = json.dumps(left_out)  # ASCII: escapes the Japanese
    return [_referral(r) for r in made]


def _offer_errors(rows: Any) -> dict[str, list[str]]:
    """The offer rows' problems by field, named as in the body: offers.1.price_yen."""
    errors: dict[str, list[str]] = {}
    if rows.non_form_errors():
        errors["offers"] = [str(m) for m in rows.non_form_errors()]
    for n, row in enumerate(rows.forms):
        for name, problems in row.errors.items():
            errors[f"offers.{n}.{name}"] = [str(m) for m in problems]
    return errors


def _detail(scope: Scope, inquiry: Inquiry) -> dict[str, Any]:
    lines = inquiry.lines.prefetch_related("line_steps__process")
    passed = list(scope.referrals().filter(inquiry=inquiry))
    withheld = (
        not scope.coordinator
        and inquiry.nda_required
        and not any(nda.has_accepted(scope.group, r.company_id) for r in passed)
    )
    customer = None
    if scope.coordinator:
        customer = {
            "company": inquiry.customer_company,
            "corporate_number": inquiry.customer_corporate_number,
            "contact_name": inquiry.contact_name,
            "email": inquiry.email,
            "phone": inquiry.phone,
            "budget": inquiry.budget,
        }
    return {
        **{name: getattr(inquiry, name) for name in _HEADER},
        "reference": inquiry.reference,
        "lines": [_line(line) for line in lines],
        "drawings": [] if withheld else [d.original_name for d in inquiry.drawings.all()],
        "drawings_withheld": withheld,
        "customer": customer,
        "referrals": [_referral(r) for r in passed],
    }


_HEADER = [
    "id", "status", "title", "received_at", "reply_due_at", "nda_required", "source",
    "description", "industry", "purpose", "quote_due", "desired_delivery", "delivery_place",
]  # fmt: skip


def _line(line: InquiryLine) -> dict[str, Any]:
    data = {name: getattr(line, name) for name in _LINE}
    data["steps"] = [step.process.name for step in line.line_steps.all()]
    return data


_LINE = [
    "position", "part_name", "drawing_number", "revision", "quantity", "material",
    "process_text", "size", "tolerance", "surface_treatment", "heat_treatment", "certifications",
    "notes",
]  # fmt: skip


def _referral(referral: Referral) -> dict[str, Any]:
    answer = getattr(referral, "answer", None)
    return {
        "id": referral.pk,
        "company": {"id": referral.company_id, "name": referral.company.name},
        "referred_at": referral.created_at,
        "reasons": referral.reasons,
        "answer": _answer(answer) if answer is not None else None,
    }


def _answer(answer: Answer) -> dict[str, Any]:
    return {
        "kind": answer.kind,
        "price_yen": answer.price_yen,
        "lead_days": answer.lead_days,
        "valid_until": answer.valid_until,
        "notes": answer.notes,
        "answered_at": answer.updated_at,
        "offers": [
            {
                "position": o.position,
                "material": o.material,
                "quantity": o.quantity,
                "price_yen": o.price_yen,
                "unit_price_yen": o.unit_price_yen,
                "lead_days": o.lead_days,
                "note": o.note,
            }
            for o in answer.offers.all()
        ],
    }
