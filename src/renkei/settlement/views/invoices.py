"""Invoices and credit notes: the group's books (list, detail, issue, credit), a member's own
documents, and the customer's through its tracking link.

Issued documents are never changed, so there is no edit page: the detail and download URLs
answer GET only (any other method is 405) and no other URL under a document exists (404)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from renkei.lib.documents import DocumentKind, from_dict
from renkei.orgs.models import Group
from renkei.settlement.access import (
    can_see_books,
    documents_for,
    money_group_or_404,
)
from renkei.settlement.choices import OrderState
from renkei.settlement.models import IssuedDocument, OrderSettlement, PaymentAllocation
from renkei.settlement.services import invoices as service
from renkei.settlement.views.files import document_file

LISTED_KINDS = (
    DocumentKind.INVOICE.value,
    DocumentKind.FEE_INVOICE.value,
    DocumentKind.CREDIT_NOTE.value,
)
STATES = {
    "unpaid": gettext_lazy("Unpaid"),
    "overdue": gettext_lazy("Overdue"),
    "paid": gettext_lazy("Paid"),
}


def with_balance(documents: "QuerySet[IssuedDocument]") -> "QuerySet[IssuedDocument]":
    """Each document with what was paid of it (payments' allocations), what its credit notes
    took back, and what is still owed — in the query, so that a long list stays one query."""
    paid = (
        PaymentAllocation.objects.filter(document=OuterRef("pk"))
        .values("document")
        .annotate(s=Sum("amount_yen"))
        .values("s")
    )
    credited = (
        IssuedDocument.objects.filter(corrects=OuterRef("pk"), kind=DocumentKind.CREDIT_NOTE.value)
        .values("corrects")
        .annotate(s=Sum("total_yen"))
        .values("s")
    )
    zero = Value(0, output_field=IntegerField())
    return documents.annotate(
        paid=Coalesce(Subquery(paid, output_field=IntegerField()), zero),
        credited=Coalesce(Subquery(credited, output_field=IntegerField()), zero),
    ).annotate(owed=F("total_yen") - F("credited") - F("paid"))


def _filtered(documents: "QuerySet[IssuedDocument]", state: str) -> "QuerySet[IssuedDocument]":
    today = timezone.localdate()
    owing = documents.filter(kind__in=service.INVOICE_KINDS)
    # Lookups on the annotations by name: the stubs know no annotated fields.
    if state == "paid":
        return owing.filter(**{"owed__lte": 0, "paid__gt": 0})
    if state == "unpaid":
        return owing.filter(**{"owed__gt": 0})
    if state == "overdue":
        return owing.filter(**{"owed__gt": 0, "due_on__lt": today})
    return documents


def _documents(request: HttpRequest, group: Group) -> "QuerySet[IssuedDocument]":
    return with_balance(documents_for(request.user, group).filter(kind__in=LISTED_KINDS))


@login_required
@require_safe
def invoice_list(request: HttpRequest, slug: str) -> HttpResponse:
    group = money_group_or_404(request, slug)
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    documents = _filtered(_documents(request, group), state).select_related(
        "issuer_company", "recipient_company"
    )
    books = can_see_books(request.user, group)
    waiting: list[OrderSettlement] = []
    if books:
        waiting = list(
            OrderSettlement.objects.for_group(group)
            .filter(state=OrderState.ACCEPTED)
            .select_related("order__inquiry")
            .order_by("accepted_at", "pk")
        )
    context = {
        "group": group,
        "documents": documents[:500],
        "state": state,
        "states": STATES,
        "books": books,
        "waiting": waiting,
        "today": timezone.localdate(),
    }
    return render(request, "settlement/invoices/list.html", context)


@login_required
@require_safe
def invoice_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = money_group_or_404(request, slug)
    document = get_object_or_404(_documents(request, group), pk=pk)
    books = can_see_books(request.user, group)
    context = {
        "group": group,
        "document": document,
        "shown": from_dict(document.data),
        "corrections": with_balance(document.corrections.all()),
        "events": document.events.select_related("actor"),
        "orders": document.orders.select_related("order__inquiry"),
        "books": books,
        "can_credit": books
        and document.kind in service.INVOICE_KINDS
        and service.credit_left(document) > 0,
        "today": timezone.localdate(),
    }
    return render(request, "settlement/invoices/detail.html", context)


@login_required
@require_safe
def invoice_file(request: HttpRequest, slug: str, pk: int, which: str) -> FileResponse:
    group = money_group_or_404(request, slug)
    document = get_object_or_404(documents_for(request.user, group), pk=pk)
    return document_file(request, document, which)


def _books_or_404(request: HttpRequest, slug: str) -> Group:
    group = money_group_or_404(request, slug)
    if not can_see_books(request.user, group):
        raise Http404
    return group


@login_required
@require_http_methods(["GET", "POST"])
def issue(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The confirmation step, then the invoice: one order, or with ``orders`` several accepted
    orders of one customer and closing period as one consolidated invoice."""
    group = _books_or_404(request, slug)
    order = get_object_or_404(OrderSettlement.objects.for_group(group), pk=pk)
    ids = {order.pk}
    for value in request.POST.getlist("orders") or request.GET.getlist("orders"):
        if value.isdigit():
            ids.add(int(value))
    orders = list(OrderSettlement.objects.for_group(group).filter(pk__in=ids).order_by("pk"))
    if len(orders) != len(ids):
        raise Http404
    if request.method == "POST":
        try:
            issued = service.issue_invoice(actor=request.user, settlements=orders)
        except service.InvoiceRefused as refused:
            messages.error(request, str(refused))
            return redirect("settlement:invoices", slug=group.slug)
        messages.success(
            request,
            _("Issued: %(numbers)s.") % {"numbers": "、".join(d.number for d in issued)},
        )
        return redirect("settlement:invoice", slug=group.slug, pk=issued[0].pk)
    try:
        drafts = service.preview_invoice(orders)
        refusal = ""
    except service.InvoiceRefused as error:
        drafts, refusal = [], str(error)
    companions = [
        o
        for o in OrderSettlement.objects.for_group(group)
        .filter(state=OrderState.ACCEPTED)
        .exclude(pk__in=ids)
        .select_related("order__inquiry")
        if service.customer_key(o) == service.customer_key(order)
    ]
    context = {
        "group": group,
        "order": order,
        "orders": orders,
        "drafts": drafts,
        "refused": refusal,
        "companions": companions,
    }
    return render(
        request, "settlement/invoices/issue.html", context, status=400 if refusal else 200
    )


class CreditNoteForm(forms.Form):
    amount_yen = forms.IntegerField(
        label=gettext_lazy("Amount before tax (yen)"),
        min_value=1,
        error_messages={"min_value": gettext_lazy("The amount must be more than ¥0.")},
    )
    reason = forms.CharField(label=gettext_lazy("Reason (a return, a discount …)"), max_length=300)

    def __init__(self, *args: Any, rates: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rates = rates
        if len(rates) > 1:
            del self.fields["amount_yen"]
            for rate in rates:
                self.fields[f"amount_{rate}"] = forms.IntegerField(
                    label=_("Amount before tax at %(rate)s %% (yen)") % {"rate": rate},
                    min_value=0,
                    required=False,
                )

    def amounts(self) -> int | dict[int, int]:
        if len(self.rates) > 1:
            return {rate: self.cleaned_data.get(f"amount_{rate}") or 0 for rate in self.rates}
        return int(self.cleaned_data["amount_yen"])


@login_required
@require_http_methods(["GET", "POST"])
def credit_note(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = _books_or_404(request, slug)
    invoice = get_object_or_404(
        with_balance(
            IssuedDocument.objects.for_group(group).filter(kind__in=service.INVOICE_KINDS)
        ),
        pk=pk,
    )
    rates = [t.rate for t in from_dict(invoice.data).totals]
    form = CreditNoteForm(request.POST or None, rates=rates)
    if request.method == "POST" and form.is_valid():
        try:
            credit = service.issue_credit_note(
                actor=request.user,
                invoice=invoice,
                amount_yen=form.amounts(),
                reason=form.cleaned_data["reason"],
            )
        except service.InvoiceRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, _("Credit note %(number)s issued.") % {"number": credit.number}
            )
            return redirect("settlement:invoice", slug=group.slug, pk=credit.pk)
    context = {
        "group": group,
        "invoice": invoice,
        "form": form,
        "left": service.credit_left(invoice),
    }
    return render(
        request, "settlement/invoices/credit.html", context, status=400 if form.errors else 200
    )


urlpatterns: list[URLPattern] = [
    path("g/<slug:slug>/money/invoices/", invoice_list, name="invoices"),
    path("g/<slug:slug>/money/invoices/<int:pk>/", invoice_detail, name="invoice"),
    path(
        "g/<slug:slug>/money/invoices/<int:pk>.pdf",
        invoice_file,
        {"which": "pdf"},
        name="invoice_pdf",
    ),
    path(
        "g/<slug:slug>/money/invoices/<int:pk>.xml",
        invoice_file,
        {"which": "xml"},
        name="invoice_xml",
    ),
    path("g/<slug:slug>/money/invoices/<int:pk>/credit", credit_note, name="credit_note"),
    path("g/<slug:slug>/money/orders/<int:pk>/invoice", issue, name="issue_invoice"),
]
