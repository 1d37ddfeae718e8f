"""The coordinator answers the customer: messages, composing and sending the quote."""

import datetime as dt
import math
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.inquiries import deciders, replies
from renkei.inquiries.customer_quote import customer_quote
from renkei.inquiries.forms import MessageForm, QuoteForm
from renkei.inquiries.models import Answer, AnswerKind, Inquiry, Quote
from renkei.inquiries.models.quote import DEFAULT_LEAD_DAYS
from renkei.inquiries.quote_pdf import render_quote
from renkei.orgs.models import Group
from renkei.orgs.permissions import coordinator_group_or_404, member_group_or_404


def _inquiry(request: HttpRequest, slug: str, pk: int) -> tuple[Group, Inquiry]:
    """The coordinator's, or the lead company's for the jobs of its field (deciders.may_quote);
    anyone else 404, as the coordinator's pages answer."""
    group = member_group_or_404(request, slug)
    inquiry = get_object_or_404(Inquiry.objects.for_group(group), pk=pk)
    if not deciders.may_quote(request.user, inquiry):
        raise Http404
    return group, inquiry


def _back(request: HttpRequest, inquiry: Inquiry) -> HttpResponse:
    """Back to where this person works on the inquiry: the board's page or the lead desk."""
    name, pk = deciders.inquiry_page(request.user, inquiry)
    return redirect(name, slug=inquiry.group.slug, pk=pk)


def _back_url(request: HttpRequest, inquiry: Inquiry) -> str:
    name, pk = deciders.inquiry_page(request.user, inquiry)
    return reverse(name, args=[inquiry.group.slug, pk])


def _initial(inquiry: Inquiry) -> dict[str, object]:
    """Prefilled from the members' "can do" answers: their prices and longest lead time."""
    answers = list(Answer.objects.filter(referral__inquiry=inquiry, kind=AnswerKind.CAN))
    lines = list(inquiry.lines.all())
    initial: dict[str, object] = {
        "valid_until": timezone.localdate() + dt.timedelta(days=30),
        "lead_days": max((a.lead_days or 0 for a in answers), default=None) or None,
    }
    cost = sum(a.price_yen or 0 for a in answers)
    if len(lines) == 1 and cost:
        initial[f"price_{lines[0].pk}"] = math.ceil(cost / lines[0].quantity)
    initial["fee_percent"] = _default_fee(inquiry.group)
    # Each line is the quoting member's price when one member quoted; with several the
    # coordinator says whose price each line is.
    quoting = {a.referral.company_id for a in answers}
    if len(quoting) == 1:
        for line in lines:
            initial[f"member_{line.pk}"] = next(iter(quoting))
    return initial


def _default_fee(group: Group) -> Decimal:
    from renkei.settlement.choices import FeeKind
    from renkei.settlement.services.issue import settlement_of

    terms = settlement_of(group)
    # The group's fee policy: a margin on top of the members' prices is the quote's fee; a fee
    # kept back from the members (a percentage of their price, or a fixed amount) is not
    # charged to the customer at all (settlement.services.orders.kept_parts).
    return Decimal(terms.fee_value) if terms.fee_kind == FeeKind.MARGIN else Decimal(0)


def _members(inquiry: Inquiry) -> list[tuple[int, str]]:
    """The group's current members, those who answered "can do" first."""
    from renkei.orgs.models import Company
    from renkei.orgs.permissions import current_member_ids

    quoting = set(
        Answer.objects.filter(referral__inquiry=inquiry, kind=AnswerKind.CAN).values_list(
            "referral__company_id", flat=True
        )
    )
    companies = Company.objects.filter(pk__in=current_member_ids(inquiry.group)).order_by("kana")
    return sorted(((c.pk, c.name) for c in companies), key=lambda choice: choice[0] not in quoting)


@login_required
def compose(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, inquiry = _inquiry(request, slug, pk)
    lines = list(inquiry.lines.all())
    form = QuoteForm(
        request.POST or None, lines=lines, members=_members(inquiry), initial=_initial(inquiry)
    )
    if request.method == "POST" and form.is_valid():
        try:
            quote = replies.compose_quote(
                actor=request.user,
                inquiry=inquiry,
                lines=form.quote_lines(),
                fee_percent=form.cleaned_data["fee_percent"],
                valid_until=form.cleaned_data["valid_until"],
                lead_days=form.cleaned_data["lead_days"],
                notes=form.cleaned_data["notes"],
            )
        except replies.QuoteClosed as closed:
            messages.error(request, str(closed))
        else:
            messages.success(request, _("Quote saved. Check the PDF, then send it."))
            # Straight to the summary it is sent from: the last look before it goes.
            return redirect(
                "inquiries:send_quote", slug=group.slug, pk=inquiry.pk, revision=quote.revision
            )
        return _back(request, inquiry)
    answers = Answer.objects.filter(referral__inquiry=inquiry).select_related("referral__company")
    return render(
        request,
        "inquiries/quote_form.html",
        {
            "group": group,
            "inquiry": inquiry,
            "form": form,
            "answers": answers,
            "default_lead_days": DEFAULT_LEAD_DAYS,
            "back_url": _back_url(request, inquiry),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def from_offer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The comparison's button: a draft quote from one member's answer or counter-offer, then the
    summary it is sent from. ``referral`` names the answer, ``offer`` one of its offers (empty:
    the answer as asked)."""
    group, inquiry = _inquiry(request, slug, pk)
    referral_id, offer_id = request.POST.get("referral", ""), request.POST.get("offer", "")
    if not referral_id.isdigit() or not (offer_id == "" or offer_id.isdigit()):
        raise Http404
    answer = get_object_or_404(
        Answer.objects.select_related("referral__company"),
        referral__inquiry=inquiry,
        referral_id=int(referral_id),
    )
    offer = get_object_or_404(answer.offers.all(), pk=int(offer_id)) if offer_id else None
    today = timezone.localdate()
    valid_until = today + dt.timedelta(days=30)
    if answer.valid_until is not None and today <= answer.valid_until < valid_until:
        valid_until = answer.valid_until  # no longer than the member's price holds
    try:
        quote, made = replies.quote_from_offer(
            actor=request.user,
            answer=answer,
            offer=offer,
            fee_percent=_default_fee(group),
            valid_until=valid_until,
        )
    except replies.QuoteClosed as closed:
        messages.error(request, str(closed))
        return _back(request, inquiry)
    if made:
        messages.success(request, _("Quote saved from the answer. Check the PDF, then send it."))
        line = quote.lines.get()
        short = (offer.price_yen if offer else answer.price_yen or 0) - line.amount
        if short:
            messages.info(
                request,
                _(
                    "The unit price is rounded down to the yen: the line comes to ¥%(amount)s, "
                    "¥%(short)s less than the member's price."
                )
                % {"amount": f"{line.amount:,}", "short": f"{short:,}"},
            )
    return redirect("inquiries:send_quote", slug=group.slug, pk=inquiry.pk, revision=quote.revision)


@login_required
def send(request: HttpRequest, slug: str, pk: int, revision: int) -> HttpResponse:
    """Sending cannot be taken back (the customer is mailed and may accept at once), so it goes
    only with ``confirm`` from the summary page: any other request, a GET or the detail page's
    button, shows the summary — customer, lines, total with tax, delivery — first."""
    group, inquiry = _inquiry(request, slug, pk)
    quote = get_object_or_404(Quote.objects.filter(inquiry=inquiry), revision=revision)
    if request.method == "POST" and request.POST.get("confirm") == "send":
        if quote.sent_at is None:
            replies.send_quote(actor=request.user, quote=quote)
            messages.success(request, _("The quote was sent to the customer."))
        return _back(request, inquiry)
    if quote.sent_at is not None:
        return _back(request, inquiry)
    delivery = quote.delivery_if_ordered_today
    wished = inquiry.desired_delivery
    return render(
        request,
        "inquiries/quote_confirm.html",
        {
            "group": group,
            "inquiry": inquiry,
            "quote": quote,
            # The lines, fee and totals exactly as the customer's page and PDF will show them:
            # with the fee as its own line, or folded into the prices when the group keeps it.
            "shown": customer_quote(quote, show_fee=group.show_fee_to_customers),
            "delivery": delivery,
            "late_days": (delivery - wished).days if wished and delivery > wished else 0,
            "back_url": _back_url(request, inquiry),
        },
    )


@login_required
def pdf(request: HttpRequest, slug: str, pk: int, revision: int) -> HttpResponse:
    _group, inquiry = _inquiry(request, slug, pk)
    quote = get_object_or_404(Quote.objects.filter(inquiry=inquiry), revision=revision)
    return quote_response(quote)


def quote_response(quote: Quote) -> HttpResponse:
    response = HttpResponse(render_quote(quote), content_type="application/pdf")
    name = f"quote-{quote.inquiry.reference}-{quote.revision}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
@require_POST
def message(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    inquiry = get_object_or_404(Inquiry.objects.for_group(group), pk=pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        replies.post_message(actor=request.user, inquiry=inquiry, body=form.cleaned_data["body"])
        messages.success(request, _("Message sent to the customer."))
    else:
        messages.error(request, _("Write a message first."))
    return _back(request, inquiry)
