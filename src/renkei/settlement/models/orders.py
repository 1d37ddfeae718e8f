"""An order's life from the customer's confirmation to 検収: the terms it was confirmed on, the
members' shares of it, their purchase orders, and trade between members (仲間まわし).

``inquiries.Order`` stays the record that the quote was accepted (the projects build on it);
everything about its money from then on is here, keyed on it.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped
from renkei.settlement.choices import (
    OrderState,
    PurchaseOrderState,
    SettlementMode,
    ShareState,
    TradeKind,
)

if TYPE_CHECKING:
    from renkei.orgs.models import Group


def po_file_path(instance: "OrderSettlement", filename: str) -> str:
    return f"settlement/customer-po/{instance.group_id}/{instance.order_id}.pdf"


class OrderSettlementQuerySet(models.QuerySet["OrderSettlement"]):
    def for_group(self, group: "Group") -> "OrderSettlementQuerySet":
        return self.filter(group=group)


class OrderSettlement(TimeStamped):
    """The money side of one order: who contracts (overridable per order), the customer's PO,
    payment terms as confirmed, 検収, and where it stands."""

    order = models.OneToOneField(
        "inquiries.Order", on_delete=models.PROTECT, related_name="settlement"
    )
    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("who contracts"), max_length=10, choices=SettlementMode.choices)
    kind = models.CharField(
        _("trade"), max_length=20, choices=TradeKind.choices, default=TradeKind.OUTSIDE
    )
    state = models.CharField(
        _("state"), max_length=12, choices=OrderState.choices, default=OrderState.CONFIRMED
    )
    customer_po_number = models.CharField(_("your order number"), max_length=60, blank=True)
    customer_po_file = models.FileField(
        _("your purchase order (PDF)"), upload_to=po_file_path, blank=True
    )
    # The customer's payment terms as shown at confirmation (締め日 / 支払日), kept as text so that
    # a later change of the group's terms does not rewrite what the customer agreed to.
    payment_terms = models.CharField(_("payment terms"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The customer's kana name as its bank shows it when it pays, for matching payments.
    payer_kana = models.CharField(_("payer name (kana)"), max_length=40, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted on receipt (検収)"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    accepted_by_customer = models.BooleanField(default=False)

    objects = OrderSettlementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("order (settlement)")
        verbose_name_plural = _("orders (settlement)")
        indexes = [models.Index(fields=["group", "state"], name="settle_order_state")]

    def __str__(self) -> str:
        return f"order {self.order_id}"

    @property
    def invoiceable(self) -> bool:
        return self.state == OrderState.ACCEPTED


class MemberShare(TimeStamped):
    """What one member is paid for its part of an order: the member's price of the quote line
    its answer became, or of a work package. A package reassigned to another member moves its
    share: the old one is kept as moved, the new one waits for that member's admin's price."""

    settlement = models.ForeignKey(OrderSettlement, on_delete=models.CASCADE, related_name="shares")
    company = models.ForeignKey("orgs.Company", on_delete=models.PROTECT, related_name="+")
    quote_line = models.ForeignKey(
        "inquiries.QuoteLine", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    package = models.ForeignKey(
        "projects.WorkPackage", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="shares",
    )  # fmt: skip
    description = models.CharField(_("description"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    member_price_yen = models.PositiveBigIntegerField(_("member's price (yen)"))
    # The group's fee on the share, in two parts by where it comes from: ``fee_yen`` is added on
    # top of the customer's price (the quote's fee, FeeKind.MARGIN), ``kept_yen`` is kept back
    # from the member's price (FeeKind.PERCENT / FIXED). The member is paid its price less
    # ``kept_yen``; the group's fee revenue is both.
    fee_yen = models.PositiveBigIntegerField(_("group fee (yen)"), default=0)
    kept_yen = models.PositiveBigIntegerField(_("fee kept from the member (yen)"), default=0)
    tax_rate = models.PositiveSmallIntegerField(
        _("tax rate (%)"), default=10, validators=[MaxValueValidator(10)]
    )
    state = models.CharField(max_length=10, choices=ShareState.choices, default=ShareState.ACTIVE)
    moved_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["settlement", "pk"]
        verbose_name = _("member share")
        verbose_name_plural = _("member shares")
        indexes = [models.Index(fields=["company", "state"], name="share_company_state")]

    def __str__(self) -> str:
        return f"{self.company_id}: ¥{self.member_price_yen:,}"


class PurchaseOrder(TimeStamped):
    """注文書 from the contracting group to one member (共同受注): its packages, prices, due dates
    and payment date. The member's admin accepts it — the second layer of the decision
    (seed l.1246–1262)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="+")
    settlement = models.ForeignKey(
        OrderSettlement, on_delete=models.PROTECT, related_name="purchase_orders"
    )
    company = models.ForeignKey("orgs.Company", on_delete=models.PROTECT, related_name="+")
    document = models.OneToOneField(
        "settlement.IssuedDocument", on_delete=models.PROTECT, related_name="purchase_order"
    )
    state = models.CharField(
        max_length=10, choices=PurchaseOrderState.choices, default=PurchaseOrderState.SENT
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")

    def __str__(self) -> str:
        return self.document.number


class MemberTrade(TimeStamped):
    """仲間まわし: one member orders a step (e.g. plating) from another through the group, settled
    the same way and counted apart from sales to customers."""

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="+")
    buyer = models.ForeignKey("orgs.Company", on_delete=models.PROTECT, related_name="+")
    seller = models.ForeignKey("orgs.Company", on_delete=models.PROTECT, related_name="+")
    package = models.ForeignKey(
        "projects.WorkPackage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("what is ordered"), max_length=200)
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1)]
    )
    amount_yen = models.PositiveBigIntegerField(_("amount before tax (yen)"))
    tax_rate = models.PositiveSmallIntegerField(_("tax rate (%)"), default=10)
    due_on = models.DateField(_("due"), null=True, blank=True)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(
        max_length=10, choices=PurchaseOrderState.choices, default=PurchaseOrderState.SENT
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    answered_at = models.DateTimeField(null=True, blank=True)
    delivered_on = models.DateField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("trade between members")
        verbose_name_plural = _("trades between members")

    def __str__(self) -> str:
        return f"{self.buyer_id}→{self.seller_id} {self.description}"
