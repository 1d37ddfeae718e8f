"""What goes back to the customer: messages, the group's one quote, and the order it becomes."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped

TAX_RATE = Decimal("0.10")  # 消費税 standard rate
# A quote composed without a lead time still promises one, so that the customer is never left
# with a quote that names no delivery and the order still gets one date.
DEFAULT_LEAD_DAYS = 10  # business days


@dataclass(frozen=True)
class QuoteFigures:
    """A quote's fee, tax and total, worked out from its subtotal alone."""

    subtotal: int
    fee: int
    tax: int
    total: int


def quote_figures(subtotal: int, fee_percent: Decimal) -> QuoteFigures:
    """The figures of a quote whose lines add up to ``subtotal``: computed once from lines
    already loaded, so that a caller reading fee, tax and total of many quotes does not read
    each quote's lines again for every figure (Quote.fee/.tax/.total each do)."""
    fee = int((subtotal * fee_percent / 100).quantize(Decimal(1), ROUND_DOWN))
    tax = int(((subtotal + fee) * TAX_RATE).quantize(Decimal(1), ROUND_DOWN))
    return QuoteFigures(subtotal=subtotal, fee=fee, tax=tax, total=subtotal + fee + tax)


class Message(TimeStamped):
    """A message between the coordinator and the customer, shown on the tracking page."""

    inquiry = models.ForeignKey("Inquiry", on_delete=models.CASCADE, related_name="messages")
    from_customer = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"))
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["inquiry", "created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:40]


class Quote(TimeStamped):
    """One quote of the group, composed from members' answers plus the group's fee."""

    inquiry = models.ForeignKey("Inquiry", on_delete=models.CASCADE, related_name="quotes")
    revision = models.PositiveSmallIntegerField(default=1)
    fee_percent = models.DecimalField(
        _("group fee (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # Business days on the group's calendar after the day of the order (renkei.lib.leadtime),
    # as members answer: the quote, the order, the project and the tracking page count alike.
    lead_days = models.PositiveIntegerField(_("lead time (days)"), null=True, blank=True)
    valid_until = models.DateField(_("quote valid until"))
    notes = models.TextField(_("notes for the customer"), blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    # The member's answer (and which of its counter-offers, if any) the coordinator started
    # this revision from (replies.quote_from_offer): the same offer twice is the same draft.
    source_answer = models.ForeignKey(
        "Answer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False,
    )  # fmt: skip
    source_offer = models.ForeignKey(
        "AnswerOffer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False,
    )  # fmt: skip

    class Meta:
        ordering = ["inquiry", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["inquiry", "revision"], name="quote_revision")
        ]

    def __str__(self) -> str:
        return f"{self.inquiry_id} rev.{self.revision}"

    @property
    def subtotal(self) -> int:
        return sum(line.amount for line in self.lines.all())

    @property
    def fee(self) -> int:
        return quote_figures(self.subtotal, self.fee_percent).fee

    @property
    def tax(self) -> int:
        return quote_figures(self.subtotal, self.fee_percent).tax

    @property
    def total(self) -> int:
        return quote_figures(self.subtotal, self.fee_percent).total

    @property
    def is_open(self) -> bool:
        return self.sent_at is not None and not (self.accepted_at or self.declined_at)

    @property
    def lead_business_days(self) -> int:
        """The lead time the quote promises, in business days (the default when none was set)."""
        return self.lead_days or DEFAULT_LEAD_DAYS

    def delivery_if_ordered_on(self, day: dt.date) -> dt.date:
        """The delivery date an order placed on ``day`` is promised: the lead time counted in
        business days on the group's calendar."""
        from renkei.inquiries.services import calendar_of
        from renkei.lib.leadtime import add_business_days

        return add_business_days(calendar_of(self.inquiry.group), day, self.lead_business_days)

    @property
    def delivery_if_ordered_today(self) -> dt.date:
        return self.delivery_if_ordered_on(timezone.localdate())

    @property
    def promised_delivery(self) -> dt.date | None:
        """The delivery date of the order this quote became, or None before it is accepted."""
        order = Order.objects.filter(quote_id=self.pk).only("delivery_on").first()
        return order.delivery_on if order is not None else None

    def quoting_answers(self) -> Any:
        """The members' "can do" answers this quote was composed from: given before the quote
        was saved and still "can do". Their companies are the quoting members."""
        from renkei.inquiries.models.referral import Answer, AnswerKind

        return Answer.objects.filter(
            referral__inquiry_id=self.inquiry_id,
            kind=AnswerKind.CAN,
            created_at__lte=self.created_at,
        ).select_related("referral__company")


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=1)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price_yen = models.PositiveBigIntegerField(_("unit price (yen)"))
    # The member whose answer the line came from; ``unit_price_yen`` is that member's price,
    # the group's fee comes on top (settlement: the member's share of the order).
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("member"),
    )  # fmt: skip

    class Meta:
        ordering = ["quote", "position"]

    def __str__(self) -> str:
        return self.description

    @property
    def amount(self) -> int:
        return self.quantity * self.unit_price_yen


class Order(TimeStamped):
    """An accepted quote: the start of the work (the projects issue builds on it)."""

    inquiry = models.OneToOneField("Inquiry", on_delete=models.PROTECT, related_name="order")
    quote = models.OneToOneField(Quote, on_delete=models.PROTECT, related_name="order")
    total_yen = models.PositiveBigIntegerField()
    # The one delivery date promised to the customer, fixed when the order is placed: the day of
    # the order plus the quote's lead time in business days (Quote.delivery_if_ordered_on). The
    # project starts from it; the coordinator moving the project's date moves this with it.
    delivery_on = models.DateField(_("delivery date"), null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return f"order {self.inquiry_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Filled here rather than by the caller so that no way of placing an order can leave it
        # without its date.
        if self.delivery_on is None and self.quote_id is not None:
            placed = timezone.localdate(self.created_at) if self.created_at else None
            self.delivery_on = self.quote.delivery_if_ordered_on(placed or timezone.localdate())
        super().save(*args, **kwargs)
