"""What goes back to the customer: messages, the quote, and the customer's decision."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Answer, AnswerOffer, Inquiry, Message, Order, Quote, QuoteLine
from renkei.inquiries.offers import as_asked
from renkei.inquiries.status import change_status
from renkei.lib.offers import unit_price
from renkei.outbox.followups import follow_up


class QuoteClosed(ValueError):
    """The quote was already accepted or declined, or never sent."""


@transaction.atomic
def post_message(
    *, actor: Any, inquiry: Inquiry, body: str, from_customer: bool = False
) -> Message:
    """A message on the tracking page. The first one to the customer stops the reply clock."""
    from renkei.inquiries.tasks import mail_customer

    message = Message.objects.create(
        inquiry=inquiry,
        from_customer=from_customer,
        author=actor if getattr(actor, "is_authenticated", False) else None,
        body=body,
    )
    if not from_customer:
        Inquiry.objects.filter(pk=inquiry.pk, first_reply_at__isnull=True).update(
            first_reply_at=message.created_at
        )
        follow_up(mail_customer, message.pk)
    audit(
        "inquiry.message",
        actor=actor,
        obj=message,
        group=inquiry.group,
        summary=f"{inquiry.reference} {'customer' if from_customer else 'coordinator'}",
    )
    return message


@transaction.atomic
def post_customer_message(*, inquiry: Inquiry, body: str) -> Message:
    """The customer writes on the tracking page: the message is kept and the coordinators are
    told (a notice, a mail to those who want one at once, a mark on their board)."""
    from renkei.inquiries.notices import notify_customer_message

    message = post_message(actor=None, inquiry=inquiry, body=body, from_customer=True)
    notify_customer_message(inquiry, body)
    return message


@transaction.atomic
def compose_quote(
    *,
    actor: Any,
    inquiry: Inquiry,
    lines: Sequence[tuple[Any, ...]],
    fee_percent: Decimal,
    valid_until: dt.date,
    lead_days: int | None = None,
    notes: str = "",
) -> Quote:
    """A new revision of the group's quote: (description, quantity, unit price) per line, or
    (description, quantity, unit price, member) where the member (a Company or its id, or None)
    is the one whose answer the line came from — the unit price is that member's price and the
    group's fee comes on top."""
    if Quote.objects.filter(inquiry=inquiry, accepted_at__isnull=False).exists():
        raise QuoteClosed(_("This inquiry already has an accepted quote."))
    revision = (Quote.objects.filter(inquiry=inquiry).aggregate(n=Max("revision"))["n"] or 0) + 1
    quote = Quote(
        inquiry=inquiry,
        revision=revision,
        fee_percent=fee_percent,
        valid_until=valid_until,
        lead_days=lead_days,
        notes=notes,
    )
    quote.full_clean()
    quote.save()
    QuoteLine.objects.bulk_create(
        [
            QuoteLine(
                quote=quote,
                position=n,
                description=line[0],
                quantity=line[1],
                unit_price_yen=line[2],
                company_id=_company_id(line[3] if len(line) > 3 else None),
            )
            for n, line in enumerate(lines, start=1)
        ]
    )
    audit("quote.compose", actor=actor, obj=quote, group=inquiry.group, summary=str(quote))
    return quote


@transaction.atomic
def quote_from_offer(
    *,
    actor: Any,
    answer: Answer,
    offer: AnswerOffer | None,
    fee_percent: Decimal,
    valid_until: dt.date,
) -> tuple[Quote, bool]:
    """A draft quote from one member's answer as asked (``offer`` None) or from one of its
    counter-offers: one line with that offer's material, quantity, price and lead time, the
    member as the line's company (settlement pays it its share). The unit price is the offer's
    price divided by its quantity, 円未満切り捨て (lib.offers). The same offer again while its
    draft is the latest revision is that draft (a double click): (quote, False)."""
    inquiry = Inquiry.objects.select_for_update().get(pk=answer.referral.inquiry_id)
    latest = Quote.objects.filter(inquiry=inquiry).order_by("-revision").first()
    offer_id = offer.pk if offer is not None else None
    if (
        latest is not None
        and latest.sent_at is None
        and latest.source_answer_id == answer.pk
        and latest.source_offer_id == offer_id
    ):
        return latest, False
    lead_days: int | None
    asked_material, asked_quantity = as_asked(inquiry)
    if offer is not None:
        material, quantity, price, lead_days = (
            offer.material or asked_material,
            offer.quantity,
            offer.price_yen,
            offer.lead_days,
        )
    else:
        if answer.price_yen is None:
            raise QuoteClosed(_("This answer names no price to quote."))
        # An answer to several parts is one price for all of them: one line, quantity 1.
        material, quantity = asked_material, asked_quantity or 1
        price, lead_days = answer.price_yen, answer.lead_days
    line = (
        _offer_description(inquiry, material),
        quantity,
        unit_price(price, quantity).yen,
        answer.referral.company_id,
    )
    quote = compose_quote(
        actor=actor,
        inquiry=inquiry,
        lines=[line],
        fee_percent=fee_percent,
        valid_until=valid_until,
        lead_days=lead_days,
    )
    quote.source_answer, quote.source_offer = answer, offer
    quote.save(update_fields=["source_answer", "source_offer", "updated_at"])
    audit(
        "quote.from_offer",
        actor=actor,
        obj=quote,
        group=inquiry.group,
        summary=f"{inquiry.reference} {answer.referral.company.name}",
        offer=offer_id,
        answer=answer.pk,
    )
    return quote, True


def _offer_description(inquiry: Inquiry, material: str) -> str:
    lines = list(inquiry.lines.all())
    if len(lines) == 1:
        name = f"{lines[0].part_name} {lines[0].drawing_number}".strip()
    else:
        name = _("%(title)s (all parts)") % {"title": inquiry.title or lines[0].part_name}
    if material:
        name = _("%(name)s, material %(material)s") % {"name": name, "material": material}
    return name[:200]


def _company_id(company: Any) -> int | None:
    return getattr(company, "pk", company) if company not in (None, "") else None


@transaction.atomic
def send_quote(*, actor: Any, quote: Quote) -> Quote:
    if quote.sent_at is not None:
        return quote
    quote.sent_at = timezone.now()
    quote.save(update_fields=["sent_at", "updated_at"])
    inquiry = quote.inquiry
    change_status(inquiry, InquiryStatus.QUOTED, actor=actor)
    body = _(
        "We have sent you our quote (revision %(rev)s): %(total)s yen including tax. "
        "You can read it, download it as a PDF and accept or decline it on this page."
    ) % {"rev": quote.revision, "total": f"{quote.total:,}"}
    post_message(actor=actor, inquiry=inquiry, body=body)
    return quote


@transaction.atomic
def accept_quote(*, quote: Quote) -> Order:
    """The customer accepts: the inquiry is won and becomes an order. Twice is once."""
    locked = (
        Quote.objects.select_for_update(of=("self",)).select_related("inquiry").get(pk=quote.pk)
    )
    existing = Order.objects.filter(quote=locked).first()
    if existing is not None:
        return existing
    if not locked.is_open:
        raise QuoteClosed(_("This quote can no longer be accepted."))
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["accepted_at", "updated_at"])
    inquiry = locked.inquiry
    change_status(inquiry, InquiryStatus.WON)
    order = Order.objects.create(inquiry=inquiry, quote=locked, total_yen=locked.total)
    # No message in the thread: the customer did not write one. The tracking page shows the
    # order as an event, the coordinators get the notice below and the quote shows "accepted".
    from renkei.inquiries.notices import notify_coordinators
    from renkei.notices.models import NoticeKind

    notify_coordinators(inquiry, NoticeKind.QUOTE_ACCEPTED, f"¥{locked.total:,}")
    audit("quote.accept", obj=locked, group=inquiry.group, summary=inquiry.reference)
    return order


@transaction.atomic
def decline_quote(*, quote: Quote, reason: str) -> Quote:
    locked = (
        Quote.objects.select_for_update(of=("self",)).select_related("inquiry").get(pk=quote.pk)
    )
    if locked.declined_at is not None:
        return locked
    if not locked.is_open:
        raise QuoteClosed(_("This quote can no longer be declined."))
    locked.declined_at = timezone.now()
    locked.decline_reason = reason
    locked.save(update_fields=["declined_at", "decline_reason", "updated_at"])
    inquiry = locked.inquiry
    change_status(inquiry, InquiryStatus.LOST)
    body = _("The customer declined the quote.") + (f"\n{reason}" if reason else "")
    # A message from the customer like any other: the coordinators are told (with the reason).
    post_customer_message(inquiry=inquiry, body=body)
    audit("quote.decline", obj=locked, group=inquiry.group, summary=inquiry.reference)
    return locked
