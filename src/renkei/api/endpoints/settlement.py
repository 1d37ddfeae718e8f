"""A group's money by API (issue "Settlement", item 15): invoices and credit notes, statements
to members, payments received and the orders' money side; and recording a payment.

Who sees what is decided by renkei.settlement.access, as on the web: the group's books
(coordinators, accountants) see everything; a member's people see only what is their
company's; everyone else, other groups included, gets 404. ``POST /groups/{slug}/payments``
is for the books only; with an ``Idempotency-Key`` a retried request answers the first
payment (200) instead of recording a second, and the same key with other content is 409.
"""

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

from django.db import IntegrityError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from renkei.api.auth import caller
from renkei.api.endpoints.common import ERRORS, not_found, page_of
from renkei.api.endpoints.inquiries import KEY_PATTERN
from renkei.api.endpoints.inquiry_work import Invalid
from renkei.api.inquiry_schemas import FieldErrors
from renkei.api.schemas import Error, IdempotencyKey, In, ObjectId, PageParams, PathId, PathSlug
from renkei.orgs.models import Group
from renkei.settlement.access import (
    can_see_books,
    documents_for,
    member_companies,
    orders_for,
    statements_for,
)
from renkei.settlement.models import (
    IssuedDocument,
    MemberShare,
    OrderSettlement,
    Payment,
    PaymentAllocation,
    Statement,
)
from renkei.settlement.services import payments as service

router = Router(tags=["settlement"])

INVOICE_KINDS = ("invoice", "credit_note", "fee_invoice")
MAX_ALLOCATIONS = 50


class Scope:
    """The group, and whether the caller keeps its books or sees only its companies' money."""

    def __init__(self, request: HttpRequest, slug: str) -> None:
        self.user = caller(request)
        group = Group.objects.visible_to(self.user).filter(slug=slug).first()
        if group is None:
            raise not_found(gettext("Group not found."))
        self.group = group
        self.books = can_see_books(self.user, group)
        self.companies = [] if self.books else member_companies(self.user, group)
        if not self.books and not self.companies:
            raise not_found(gettext("Group not found."))

    def invoices(self) -> "QuerySet[IssuedDocument]":
        return documents_for(self.user, self.group).filter(kind__in=INVOICE_KINDS)

    def payments(self) -> "QuerySet[Payment]":
        payments = Payment.objects.filter(group=self.group)
        if self.books:
            return payments
        seen = self.invoices().values("pk")
        return payments.filter(allocations__document__in=seen).distinct()


# --- shapes ------------------------------------------------------------------------------------


class InvoiceFilters(In):
    kind: str = Field(
        "", max_length=20, description="Only this kind: invoice, credit_note or fee_invoice."
    )


class InvoiceOut(Schema):
    id: int
    number: str
    kind: str = Field(description="invoice, credit_note or fee_invoice")
    issued_on: dt.date
    due_on: dt.date | None
    counterparty: str
    issuer_company_id: int | None = Field(
        description="The member that issued it (斡旋); null: the group."
    )
    recipient_company_id: int | None = Field(description="The member it is addressed to, if any.")
    net: int = Field(description="Yen before tax.")
    tax: int
    total: int
    corrects_id: int | None = Field(description="The invoice a credit note or a correction is of.")
    order_ids: list[int]
    credited: int | None = Field(description="Yen taken back by credit notes (invoices only).")
    paid: int | None = Field(description="Yen of payments put against it (invoices only).")
    open: int | None = Field(description="Yen still owed (invoices only).")
    state: str | None = Field(
        description="open, partly_paid, paid, overdue or credited; null for a credit note or a "
        "member's own invoice."
    )


class InvoicePage(Schema):
    count: int
    items: list[InvoiceOut]


class StatementOut(Schema):
    id: int
    company_id: int
    month: dt.date
    number: str
    payable: int = Field(description="Yen the group pays the member.")
    pay_on: dt.date
    state: str
    deemed_on: dt.date
    payout_state: str
    paid_on: dt.date | None


class StatementPage(Schema):
    count: int
    items: list[StatementOut]


class AllocationOut(Schema):
    invoice_id: int
    number: str
    amount: int


class PaymentOut(Schema):
    id: int
    received_on: dt.date
    amount: int
    unallocated: int = Field(description="Yen not put against any invoice (credit).")
    payer_name: str
    reference: str
    source: str = Field(description="manual or bank_import")
    allocations: list[AllocationOut]


class PaymentPage(Schema):
    count: int
    items: list[PaymentOut]


class AllocationIn(In):
    invoice_id: ObjectId
    amount: int = Field(..., ge=1, le=service.MAX_AMOUNT_YEN)


class PaymentIn(In):
    received_on: dt.date
    amount: int = Field(..., ge=1, le=service.MAX_AMOUNT_YEN, description="Whole yen.")
    payer_name: str = Field(..., min_length=1, max_length=150)
    reference: str = Field("", max_length=100)
    allocations: list[AllocationIn] = Field(
        default_factory=list,
        max_length=MAX_ALLOCATIONS,
        description="Parts put against open invoices; the rest stays on the payment as credit.",
    )


class ShareOut(Schema):
    company_id: int
    description: str
    quantity: int
    member_price: int
    fee: int
    state: str


class OrderOut(Schema):
    id: int
    order_id: int
    inquiry_reference: str
    mode: str
    kind: str
    state: str
    customer_po_number: str
    total: int = Field(description="The order's total as quoted, yen before tax.")
    confirmed_at: dt.datetime | None
    accepted_at: dt.datetime | None
    shares: list[ShareOut] = Field(description="The members' shares (a member sees its own).")


class OrderPage(Schema):
    count: int
    items: list[OrderOut]


# --- reading -----------------------------------------------------------------------------------


def _invoices(scope: Scope, documents: list[IssuedDocument]) -> list[dict[str, Any]]:
    receivable = {
        d.pk for d in service.receivables(scope.group).filter(pk__in=[d.pk for d in documents])
    }
    states = {
        b.document.pk: b for b in service.balances([d for d in documents if d.pk in receivable])
    }
    found = []
    for d in documents:
        balance = states.get(d.pk)
        found.append(
            {
                "id": d.pk,
                "number": d.number,
                "kind": d.kind,
                "issued_on": d.issued_on,
                "due_on": d.due_on,
                "counterparty": d.counterparty,
                "issuer_company_id": d.issuer_company_id,
                "recipient_company_id": d.recipient_company_id,
                "net": d.net_yen,
                "tax": d.tax_yen,
                "total": d.total_yen,
                "corrects_id": d.corrects_id,
                "order_ids": [o.pk for o in d.orders.all()],
                "credited": balance.credited if balance else None,
                "paid": balance.paid if balance else None,
                "open": balance.open if balance else None,
                "state": balance.state if balance else None,
            }
        )
    return found


@router.get(
    "/groups/{slug}/invoices",
    response={200: InvoicePage, **ERRORS},
    summary="A group's invoices and credit notes",
)
def list_invoices(
    request: HttpRequest, slug: PathSlug, filters: Query[InvoiceFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Newest first. The books see every one; a member's people those their company issued or
    received."""
    scope = Scope(request, slug)
    found = scope.invoices().prefetch_related("orders")
    if filters.kind:
        found = found.filter(kind=filters.kind)
    count, items = page_of(found, page)
    return {"count": count, "items": _invoices(scope, items)}


@router.get(
    "/groups/{slug}/invoices/{invoice_id}",
    response={200: InvoiceOut, **ERRORS},
    summary="One invoice or credit note",
)
def get_invoice(request: HttpRequest, slug: PathSlug, invoice_id: PathId) -> dict[str, Any]:
    scope = Scope(request, slug)
    document = scope.invoices().prefetch_related("orders").filter(pk=invoice_id).first()
    if document is None:
        raise not_found(gettext("Invoice not found."))
    return _invoices(scope, [document])[0]


def _statement(s: Statement) -> dict[str, Any]:
    return {
        "id": s.pk,
        "company_id": s.company_id,
        "month": s.month,
        "number": s.document.number,
        "payable": s.payable_yen,
        "pay_on": s.pay_on,
        "state": s.state,
        "deemed_on": s.deemed_on,
        "payout_state": s.payout_state,
        "paid_on": s.paid_on,
    }


@router.get(
    "/groups/{slug}/statements",
    response={200: StatementPage, **ERRORS},
    summary="Payment statements to members (仕入明細書)",
)
def list_statements(
    request: HttpRequest, slug: PathSlug, page: Query[PageParams]
) -> dict[str, Any]:
    scope = Scope(request, slug)
    found = (
        statements_for(scope.user, scope.group).select_related("document").order_by("-month", "pk")
    )
    count, items = page_of(found, page)
    return {"count": count, "items": [_statement(s) for s in items]}


@router.get(
    "/groups/{slug}/statements/{statement_id}",
    response={200: StatementOut, **ERRORS},
    summary="One payment statement",
)
def get_statement(request: HttpRequest, slug: PathSlug, statement_id: PathId) -> dict[str, Any]:
    scope = Scope(request, slug)
    found = (
        statements_for(scope.user, scope.group)
        .select_related("document")
        .filter(pk=statement_id)
        .first()
    )
    if found is None:
        raise not_found(gettext("Statement not found."))
    return _statement(found)


def _with_allocations(payments: "QuerySet[Payment]") -> "QuerySet[Payment]":
    return payments.prefetch_related(
        Prefetch(
            "allocations",
            queryset=PaymentAllocation.objects.select_related("document").order_by("pk"),
        )
    )


def _payment(p: Payment) -> dict[str, Any]:
    made = list(p.allocations.all())
    allocations = [
        {"invoice_id": a.document_id, "number": a.document.number, "amount": a.amount_yen}
        for a in made
    ]
    return {
        "id": p.pk,
        "received_on": p.received_on,
        "amount": p.amount_yen,
        "unallocated": p.amount_yen - sum(a.amount_yen for a in made),
        "payer_name": p.payer_name,
        "reference": p.reference,
        "source": p.source,
        "allocations": allocations,
    }


@router.get(
    "/groups/{slug}/payments",
    response={200: PaymentPage, **ERRORS},
    summary="Payments received",
)
def list_payments(request: HttpRequest, slug: PathSlug, page: Query[PageParams]) -> dict[str, Any]:
    """Newest first. A member's people see the payments put against their company's invoices."""
    scope = Scope(request, slug)
    count, items = page_of(
        _with_allocations(scope.payments()).order_by("-received_on", "-pk"), page
    )
    return {"count": count, "items": [_payment(p) for p in items]}


@router.get(
    "/groups/{slug}/payments/{payment_id}",
    response={200: PaymentOut, **ERRORS},
    summary="One payment received",
)
def get_payment(request: HttpRequest, slug: PathSlug, payment_id: PathId) -> dict[str, Any]:
    scope = Scope(request, slug)
    found = _with_allocations(scope.payments()).filter(pk=payment_id).first()
    if found is None:
        raise not_found(gettext("Payment not found."))
    return _payment(found)


def _order(o: OrderSettlement, companies: list[int] | None) -> dict[str, Any]:
    shares = [s for s in o.shares.all() if companies is None or s.company_id in companies]
    return {
        "id": o.pk,
        "order_id": o.order_id,
        "inquiry_reference": o.order.inquiry.reference,
        "mode": o.mode,
        "kind": o.kind,
        "state": o.state,
        "customer_po_number": o.customer_po_number,
        "total": o.order.total_yen,
        "confirmed_at": o.confirmed_at,
        "accepted_at": o.accepted_at,
        "shares": [
            {
                "company_id": s.company_id,
                "description": s.description,
                "quantity": s.quantity,
                "member_price": s.member_price_yen,
                "fee": s.fee_yen,
                "state": s.state,
            }
            for s in shares
        ],
    }


def _orders(scope: Scope) -> "QuerySet[OrderSettlement]":
    return (
        orders_for(scope.user, scope.group)
        .select_related("order__inquiry")
        .prefetch_related(Prefetch("shares", queryset=MemberShare.objects.order_by("pk")))
    )


@router.get(
    "/groups/{slug}/orders",
    response={200: OrderPage, **ERRORS},
    summary="Orders and where their money stands",
)
def list_orders(request: HttpRequest, slug: PathSlug, page: Query[PageParams]) -> dict[str, Any]:
    scope = Scope(request, slug)
    count, items = page_of(_orders(scope).order_by("-created_at", "-pk"), page)
    companies = None if scope.books else scope.companies
    return {"count": count, "items": [_order(o, companies) for o in items]}


@router.get(
    "/groups/{slug}/orders/{order_id}",
    response={200: OrderOut, **ERRORS},
    summary="One order's money side",
)
def get_order(request: HttpRequest, slug: PathSlug, order_id: PathId) -> dict[str, Any]:
    """``order_id`` is the id of the order's money side (``id`` in the list)."""
    scope = Scope(request, slug)
    found = _orders(scope).filter(pk=order_id).first()
    if found is None:
        raise not_found(gettext("Order not found."))
    return _order(found, None if scope.books else scope.companies)


# --- recording a payment -----------------------------------------------------------------------


def _key(given: str | None, user_id: int | None) -> uuid.UUID | None:
    """The payment's key, tied to the caller: two people who send the same key record two
    payments, and nobody learns of another's payment by guessing a key."""
    if given is None:
        return None
    if not KEY_PATTERN.match(given):
        message = gettext(
            "A key is 16 to 255 visible ASCII characters (letters, digits, punctuation); "
            "a UUID is best."
        )
        raise Invalid({"Idempotency-Key": [message]})
    return uuid.uuid5(uuid.NAMESPACE_URL, f"renkei-payment:{user_id}:{given}")


def _fingerprint(data: PaymentIn) -> str:
    text = json.dumps(data.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _key_reused() -> Status[dict[str, Any]]:
    detail = gettext("This Idempotency-Key was already used for a different request.")
    return Status(409, {"detail": detail, "errors": {}})


@router.post(
    "/groups/{slug}/payments",
    response={200: PaymentOut, 201: PaymentOut, 400: FieldErrors, 409: Error, **ERRORS},
    summary="Record a payment received (idempotent with a key)",
)
def record_payment(
    request: HttpRequest,
    slug: PathSlug,
    data: PaymentIn,
    idempotency_key: IdempotencyKey = None,
) -> Status[dict[str, Any]]:
    """201 with the new payment; 200 with the first one when the same Idempotency-Key comes
    again with the same content, 409 with other content. 400 when an allocation is above what
    an invoice still owes, the allocations are more than the payment, or an invoice is not one
    of the group's open invoices. For the group's books only (404 for anyone else)."""
    scope = Scope(request, slug)
    if not scope.books:
        raise not_found(gettext("Group not found."))
    key = _key(idempotency_key, scope.user.pk)
    fingerprint = _fingerprint(data)
    if key is not None:
        earlier = _with_allocations(Payment.objects.filter(group=scope.group, api_key=key)).first()
        if earlier is not None:
            return (
                Status(200, _payment(earlier))
                if earlier.fingerprint == fingerprint
                else _key_reused()
            )
    try:
        payment = service.record_payment(
            actor=scope.user,
            group=scope.group,
            received_on=data.received_on,
            amount_yen=data.amount,
            payer_name=data.payer_name,
            reference=data.reference,
            allocations=[(a.invoice_id, a.amount) for a in data.allocations],
            api_key=key,
            fingerprint=fingerprint,
        )
    except service.PaymentRefused as refused:
        raise Invalid({_field(refused.field): [refused.message]}) from None
    except IntegrityError:
        # Another request with this key won a race: answer what it recorded.
        earlier = _with_allocations(Payment.objects.filter(group=scope.group, api_key=key)).first()
        if earlier is None:
            raise
        return (
            Status(200, _payment(earlier)) if earlier.fingerprint == fingerprint else _key_reused()
        )
    return Status(201, _payment(_with_allocations(Payment.objects.filter(pk=payment.pk)).get()))


def _field(name: str) -> str:
    """The service's field names as the body spells them."""
    if name == "amount_yen":
        return "amount"
    return name.replace("].invoice", "].invoice_id") or "request"
