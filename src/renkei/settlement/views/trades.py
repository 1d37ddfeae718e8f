"""Trade between members (仲間まわし): a member orders a step from another member, the seller's
admin answers, the buyer marks it delivered. Each member sees its own trades; the books all."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renkei.orgs.models import Company, Group
from renkei.projects.models import WorkPackage
from renkei.settlement.access import (
    admin_companies,
    can_see_books,
    member_companies,
    money_group_or_404,
)
from renkei.settlement.models import MemberTrade
from renkei.settlement.services import trades as service
from renkei.settlement.views.files import document_file

TAX_RATES = [(10, gettext_lazy("10 %")), (8, gettext_lazy("8 % (reduced rate)")), (0, "0 %")]


class TradeForm(forms.Form):
    buyer = forms.ModelChoiceField(
        label=gettext_lazy("Ordering company"), queryset=Company.objects.none()
    )
    seller = forms.ModelChoiceField(
        label=gettext_lazy("Member to order from"),
        queryset=Company.objects.none(),
        error_messages={"required": gettext_lazy("Choose the member to order from.")},
    )
    description = forms.CharField(label=gettext_lazy("What is ordered"), max_length=200)
    quantity = forms.IntegerField(label=gettext_lazy("Quantity"), min_value=1, initial=1)
    amount_yen = forms.IntegerField(
        label=gettext_lazy("Amount before tax (yen)"),
        min_value=1,
        max_value=service.MAX_AMOUNT_YEN,
        error_messages={"min_value": gettext_lazy("The amount must be more than ¥0.")},
    )
    tax_rate = forms.TypedChoiceField(
        label=gettext_lazy("Tax rate"), choices=TAX_RATES, coerce=int, initial=10
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    package = forms.ModelChoiceField(
        label=gettext_lazy("For one of your work packages (optional)"),
        queryset=WorkPackage.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, group: Group, buyers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        buyer_qs = Company.objects.filter(pk__in=buyers).order_by("name")
        self.fields["buyer"].queryset = buyer_qs  # type: ignore[attr-defined]
        self.only_buyer = buyer_qs.first() if len(buyers) == 1 else None
        if self.only_buyer is not None:
            # A person acting for one company orders for it: no choice to make.
            self.fields["buyer"].required = False
            self.fields["buyer"].widget = forms.HiddenInput()
        buyer = buyer_qs.filter(pk=self.data.get("buyer") or (buyers[0] if buyers else 0)).first()
        if buyer is not None:
            self.fields["seller"].queryset = service.sellers_for(group, buyer)  # type: ignore[attr-defined]
            self.fields["package"].queryset = service.packages_for(group, buyer)  # type: ignore[attr-defined]

    def clean_buyer(self) -> Company:
        buyer: Company | None = self.cleaned_data.get("buyer") or self.only_buyer
        if buyer is None:
            raise ValidationError(_("Choose the company that orders."))
        return buyer


def _trade_or_404(request: HttpRequest, slug: str, pk: int) -> MemberTrade:
    group = money_group_or_404(request, slug)
    trade: MemberTrade = get_object_or_404(service.trades_for(request.user, group), pk=pk)
    return trade


@login_required
def trade_list(request: HttpRequest, slug: str) -> HttpResponse:
    group = money_group_or_404(request, slug)
    return render(
        request,
        "settlement/trades/list.html",
        {
            "group": group,
            "trades": service.trades_for(request.user, group),
            "can_order": bool(member_companies(request.user, group)),
        },
    )


@login_required
def new_trade(request: HttpRequest, slug: str) -> HttpResponse:
    group = money_group_or_404(request, slug)
    buyers = member_companies(request.user, group)
    if not buyers:
        raise Http404
    form = TradeForm(request.POST or None, group=group, buyers=buyers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            trade = service.order_trade(
                actor=request.user,
                group=group,
                buyer=data["buyer"],
                seller=data["seller"],
                description=data["description"],
                quantity=data["quantity"],
                amount_yen=data["amount_yen"],
                tax_rate=data["tax_rate"],
                due_on=data["due_on"],
                package=data["package"],
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(
                request, _("The order was sent to %(name)s.") % {"name": trade.seller.name}
            )
            return redirect("settlement:trade", slug=group.slug, pk=trade.pk)
    return render(
        request,
        "settlement/trades/new.html",
        {"group": group, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def trade_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    trade = _trade_or_404(request, slug, pk)
    group = trade.group
    return render(
        request,
        "settlement/trades/detail.html",
        {
            "group": group,
            "trade": trade,
            "reference": service.trade_reference(trade),
            "invoice": service.trade_invoice(trade),
            "seller_admin": trade.seller_id in admin_companies(request.user, group),
            "buyer": trade.buyer_id in member_companies(request.user, group),
            "books": can_see_books(request.user, group),
        },
    )


def _act(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    trade = _trade_or_404(request, slug, pk)
    try:
        if action == "deliver":
            service.mark_delivered(actor=request.user, trade=trade)
            messages.success(request, _("Marked delivered. The group invoices your company."))
        else:
            service.answer_trade(actor=request.user, trade=trade, accept=action == "accept")
            messages.success(request, _("Your answer was sent to the ordering member."))
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("settlement:trade", slug=slug, pk=trade.pk)


@login_required
@require_POST
def answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _act(request, slug, pk, "accept" if request.POST.get("accept") == "1" else "decline")


@login_required
@require_POST
def delivered(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _act(request, slug, pk, "deliver")


@login_required
def invoice_pdf(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The group's invoice for a delivered trade: the buyer's people and the books."""
    trade = _trade_or_404(request, slug, pk)
    if not (
        trade.buyer_id in member_companies(request.user, trade.group)
        or can_see_books(request.user, trade.group)
    ):
        raise Http404
    invoice = service.trade_invoice(trade)
    if invoice is None:
        raise Http404
    return document_file(request, invoice)


urlpatterns: list[URLPattern] = [
    path("g/<slug:slug>/money/trades/", trade_list, name="trades"),
    path("g/<slug:slug>/money/trades/new", new_trade, name="trade_new"),
    path("g/<slug:slug>/money/trades/<int:pk>/", trade_detail, name="trade"),
    path("g/<slug:slug>/money/trades/<int:pk>/answer", answer, name="trade_answer"),
    path("g/<slug:slug>/money/trades/<int:pk>/delivered", delivered, name="trade_delivered"),
    path("g/<slug:slug>/money/trades/<int:pk>/invoice.pdf", invoice_pdf, name="trade_invoice"),
]
