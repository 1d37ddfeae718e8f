"""What goes back to the customer: messages, the group's one quote, and the order it becomes."""

from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped

TAX_RATE = Decimal("0.10")  # 消費税 standard rate


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
    lead_days = models.PositiveIntegerField(_("lead time (days)"), null=True, blank=True)
    valid_until = models.DateField(_("quote valid until"))
    notes = models.TextField(_("notes for the customer"), blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)

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
        return int((self.subtotal * self.fee_percent / 100).quantize(Decimal(1), ROUND_DOWN))

    @property
    def tax(self) -> int:
        return int(((self.subtotal + self.fee) * TAX_RATE).quantize(Decimal(1), ROUND_DOWN))

    @property
    def total(self) -> int:
        return self.subtotal + self.fee + self.tax

    @property
    def is_open(self) -> bool:
        return self.sent_at is not None and not (self.accepted_at or self.declined_at)


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=1)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price_yen = models.PositiveBigIntegerField(_("unit price (yen)"))

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

    def __str__(self) -> str:
        return f"order {self.inquiry_id}"
