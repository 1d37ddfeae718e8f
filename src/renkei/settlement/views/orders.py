"""Orders' money pages: the customer's confirmation, its 注文請書 and 検収 on the tracking page;
the order money pages of the books; the members' purchase orders and prices to confirm.

Who sees what is settlement.access: the books (coordinators, accountants) see every order of
their group, a member's people only the orders it has a share of, other groups nothing (404).
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from renkei.inquiries.customer_quote import customer_quote
from renkei.inquiries.models import Inquiry, Quote, QuoteLine
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, Group
from renkei.orgs.permissions import current_member_ids, has_role
from renkei.settlement.access import (
    admin_companies,
    can_see_books,
    customer_documents,
    documents_for,
    member_companies,
    money_group_or_404,
    orders_for,
)
from renkei.settlement.choices import OrderState, SettlementMode, ShareState
from renkei.settlement.models import OrderSettlement, PurchaseOrder
from renkei.settlement.services import orders
from renkei.settlement.services.issue import settlement_of
from renkei.settlement.views.files import document_file

# --- the customer ------------------------------------------------------------------------------


class ConfirmOrderForm(forms.Form):
    po_number = forms.CharField(
        label=gettext_lazy("your order number (optional)"), max_length=60, required=False
    )
    po_file = forms.FileField(
        label=gettext_lazy("your purchase order as a PDF (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
    payer_kana = forms.CharField(
        label=gettext_lazy("name your bank shows when you pay (kana, optional)"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("e.g. カ）ロケットコウボウ — it helps us match your payment."),
    )

    def clean_po_file(self) -> bytes | None:
        upload = self.cleaned_data.get("po_file")
        if not upload:
            return None
        try:
            return orders.check_po_file(upload)
        except orders.OrderRefused as refused:
            raise forms.ValidationError(str(refused), code="po_file") from None


def confirm_context(quote: Quote, form: ConfirmOrderForm | None = None) -> dict[str, Any]:
    """What the confirmation step shows besides the quote: the payment terms and the form."""
    terms = settlement_of(quote.inquiry.group)
    return {
        "payment_terms": orders.customer_terms_words(terms),
        "order_form": form or ConfirmOrderForm(),
        "po_max_mb": orders.PO_FILE_MAX_BYTES // 2**20,
    }


def place_order(request: HttpRequest, inquiry: Inquiry, quote: Quote) -> HttpResponse:
    """The customer confirms on the tracking page: the order and its money side together, or
    neither. A refused file comes back on the same page with what was typed."""
    from renkei.inquiries import replies

    form = ConfirmOrderForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            _("The order was not placed yet. Please check the marked field and confirm again."),
        )
        context = {
            "inquiry": inquiry,
            "group": inquiry.group,
            "quote": quote,
            "shown": customer_quote(quote, show_fee=inquiry.group.show_fee_to_customers),
            **confirm_context(quote, form),
        }
        return render(request, "inquiries/tracking_confirm.html", context, status=400)
    with transaction.atomic():
        order = replies.accept_quote(quote=quote)
        orders.confirm_order(
            order=order,
            po_number=form.cleaned_data["po_number"],
            po_file=form.cleaned_data["po_file"],
            payer_kana=form.cleaned_data["payer_kana"],
        )
    messages.success(request, _("Thank you for your order. We will be in touch shortly."))
    return redirect(inquiry.get_tracking_url())


def tracking_settlement(inquiry: Inquiry) -> OrderSettlement | None:
    return OrderSettlement.objects.filter(order__inquiry=inquiry).first()


def _customer_settlement(token: str) -> tuple[Inquiry, OrderSettlement]:
    inquiry = get_object_or_404(Inquiry.objects.select_related("group"), tracking_token=token)
    settlement = tracking_settlement(inquiry)
    if settlement is None:
        raise Http404
    return inquiry, settlement


@never_cache
def customer_document(request: HttpRequest, token: str, pk: int) -> FileResponse:
    """A document of the customer's own order (注文請書, invoices …), recorded as downloaded."""
    _inquiry, settlement = _customer_settlement(token)
    document = get_object_or_404(customer_documents(settlement), pk=pk)
    return document_file(request, document, note="customer")


@never_cache
def customer_accept(request: HttpRequest, token: str) -> HttpResponse:
    """検収 by the customer: a page that says what it means, then the confirmation."""
    inquiry, settlement = _customer_settlement(token)
    if request.method == "POST":
        try:
            orders.accept_delivery(actor=None, settlement=settlement, by_customer=True)
        except orders.OrderRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Thank you: you have confirmed the delivery."))
        return redirect(inquiry.get_tracking_url())
    if settlement.state != OrderState.DELIVERED:
        return redirect(inquiry.get_tracking_url())
    context = {"inquiry": inquiry, "group": inquiry.group, "settlement": settlement}
    response = render(request, "settlement/orders/customer_accept.html", context)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- the group's people ------------------------------------------------------------------------


def _order(request: HttpRequest, slug: str, pk: int) -> tuple[Group, OrderSettlement]:
    group = money_group_or_404(request, slug)
    settlement = get_object_or_404(
        orders_for(request.user, group).select_related("order__inquiry", "order__quote"), pk=pk
    )
    return group, settlement


@login_required
def order_list(request: HttpRequest, slug: str) -> HttpResponse:
    group = money_group_or_404(request, slug)
    rows = orders_for(request.user, group).select_related("order__inquiry")
    return render(
        request,
        "settlement/orders/list.html",
        {"group": group, "orders": rows[:300], "books": can_see_books(request.user, group)},
    )


@login_required
def order_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, settlement = _order(request, slug, pk)
    books = can_see_books(request.user, group)
    coordinator = has_role(request.user, group, PersonRole.COORDINATOR)
    if request.method == "POST":
        if not coordinator:
            raise PermissionDenied
        _order_action(request, group, settlement)
        return redirect("settlement:order", slug=group.slug, pk=settlement.pk)
    shares = settlement.shares.select_related("company", "package", "moved_from")
    pos = settlement.purchase_orders.select_related("company", "document")
    if not books:
        mine = member_companies(request.user, group)
        shares, pos = shares.filter(company_id__in=mine), pos.filter(company_id__in=mine)
    context = {
        "group": group,
        "settlement": settlement,
        "inquiry": settlement.order.inquiry,
        "books": books,
        "coordinator": coordinator,
        "shares": shares,
        "purchase_orders": pos,
        "documents": documents_for(request.user, group).filter(orders=settlement),
        "unassigned": orders.unassigned_lines(settlement) if books else [],
        "members": Company.objects.filter(pk__in=current_member_ids(group)),
        "modes": SettlementMode.choices,
        "can_issue_pos": coordinator
        and settlement.mode == SettlementMode.JOINT
        and settlement.state in (OrderState.CONFIRMED, OrderState.IN_WORK),
        "fee_total": sum(s.fee_yen for s in shares if s.state == ShareState.ACTIVE),
        "price_total": sum(s.member_price_yen for s in shares if s.state == ShareState.ACTIVE),
    }
    return render(request, "settlement/orders/detail.html", context)


def _order_action(request: HttpRequest, group: Group, settlement: OrderSettlement) -> None:
    action = request.POST.get("action")
    try:
        if action == "mode":
            orders.set_order_mode(
                actor=request.user, settlement=settlement, mode=request.POST.get("mode", "")
            )
            messages.success(request, _("Who contracts for this order is saved."))
        elif action == "purchase_orders":
            made = orders.issue_purchase_orders(actor=request.user, settlement=settlement)
            messages.success(request, _("%(n)s purchase orders were issued.") % {"n": len(made)})
        elif action == "accept":
            orders.accept_delivery(actor=request.user, settlement=settlement)
            messages.success(request, _("The delivery is accepted: the order can be invoiced."))
        elif action == "assign":
            line = get_object_or_404(
                QuoteLine, pk=_int(request.POST.get("line")), quote_id=settlement.order.quote_id
            )
            company = get_object_or_404(
                Company.objects.filter(pk__in=current_member_ids(group)),
                pk=_int(request.POST.get("company")),
            )
            orders.assign_line_member(
                actor=request.user, settlement=settlement, line=line, company=company
            )
            messages.success(request, _("The member is assigned."))
    except orders.OrderRefused as refused:
        messages.error(request, str(refused))


def _int(value: object) -> int:
    text = str(value or "")
    return int(text) if text.isdigit() else 0


@login_required
def order_document(request: HttpRequest, slug: str, pk: int, doc: int) -> FileResponse:
    group, settlement = _order(request, slug, pk)
    document = get_object_or_404(
        documents_for(request.user, group).filter(orders=settlement), pk=doc
    )
    return document_file(request, document)


def _purchase_orders(request: HttpRequest, group: Group) -> Any:
    pos = PurchaseOrder.objects.filter(group=group).select_related(
        "company", "document", "settlement__order__inquiry"
    )
    if can_see_books(request.user, group):
        return pos
    return pos.filter(company_id__in=member_companies(request.user, group))


@login_required
def purchase_order_list(request: HttpRequest, slug: str) -> HttpResponse:
    group = money_group_or_404(request, slug)
    return render(
        request,
        "settlement/orders/purchase_orders.html",
        {
            "group": group,
            "purchase_orders": _purchase_orders(request, group)[:300],
            "answering": admin_companies(request.user, group),
        },
    )


@login_required
def purchase_order_pdf(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    group = money_group_or_404(request, slug)
    po = get_object_or_404(_purchase_orders(request, group), pk=pk)
    return document_file(request, po.document)


@login_required
@require_POST
def purchase_order_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = money_group_or_404(request, slug)
    po = get_object_or_404(_purchase_orders(request, group), pk=pk)
    if po.company_id not in admin_companies(request.user, group):
        raise PermissionDenied  # staff and the books see it; only the member's admin answers
    accept = request.POST.get("answer") == "accept"
    try:
        orders.answer_purchase_order(
            actor=request.user,
            purchase_order=po,
            accept=accept,
            reason=request.POST.get("reason", "")[:300],
        )
    except orders.OrderRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("You accepted the purchase order.")
            if accept
            else _("You declined the purchase order."),
        )
    return redirect("settlement:purchase_orders", slug=group.slug)


@login_required
def prices(request: HttpRequest, slug: str) -> HttpResponse:
    """Prices to confirm: shares that moved to the person's company with a reassigned package."""
    group = money_group_or_404(request, slug)
    waiting = orders.prices_to_confirm(request.user, group)
    if request.method == "POST":
        share = get_object_or_404(waiting, pk=_int(request.POST.get("share")))
        price = request.POST.get("price", "").strip().replace(",", "")
        try:
            if not price.isdigit():
                raise orders.OrderRefused(_("Enter the price in whole yen, digits only."))
            orders.confirm_share_price(actor=request.user, share=share, price_yen=int(price))
        except orders.OrderRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The price is confirmed."))
        return redirect("settlement:prices", slug=group.slug)
    return render(
        request, "settlement/orders/prices.html", {"group": group, "shares": list(waiting)}
    )


urlpatterns: list[URLPattern] = [
    path("t/<str:token>/documents/<int:pk>.pdf", customer_document, name="customer_document"),
    path("t/<str:token>/accept-delivery", customer_accept, name="customer_accept"),
    path("g/<slug:slug>/money/orders/", order_list, name="orders"),
    path("g/<slug:slug>/money/orders/<int:pk>/", order_detail, name="order"),
    path(
        "g/<slug:slug>/money/orders/<int:pk>/documents/<int:doc>.pdf",
        order_document,
        name="order_document",
    ),
    path("g/<slug:slug>/money/purchase-orders/", purchase_order_list, name="purchase_orders"),
    path(
        "g/<slug:slug>/money/purchase-orders/<int:pk>.pdf",
        purchase_order_pdf,
        name="purchase_order_pdf",
    ),
    path(
        "g/<slug:slug>/money/purchase-orders/<int:pk>/answer",
        purchase_order_answer,
        name="purchase_order_answer",
    ),
    path("g/<slug:slug>/money/prices/", prices, name="prices"),
]
