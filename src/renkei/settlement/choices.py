"""Enumerations of settlement (決済)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.lib.documents import DocumentKind, Rounding


class SettlementMode(models.TextChoices):
    """Who contracts with the customer (REFERENCE.md § Settlement; seed l.3708–3718)."""

    # The group or its legal entity signs, invoices the customer and pays the members.
    JOINT = "joint", _("Joint order (the group contracts)")
    # The group only introduces: the member signs and invoices; the group invoices its fee.
    BROKERED = "brokered", _("Introduction (the member contracts)")


class EntityForm(models.TextChoices):
    """The legal form of the party that contracts for the group (seed l.3203–3472)."""

    NONE = "none", _("Voluntary group (no legal entity)")
    KIGYO_KUMIAI = "kigyo_kumiai", _("Enterprise cooperative (企業組合)")
    JIGYO_KUMIAI = "jigyo_kumiai", _("Business cooperative (事業協同組合)")
    KABUSHIKI = "kabushiki", _("Stock company (株式会社)")
    GODO = "godo", _("Limited liability company (合同会社)")
    IPPAN_SHADAN = "ippan_shadan", _("General incorporated association (一般社団法人)")


class FeeKind(models.TextChoices):
    """How the group's fee (受注手数料) is set."""

    PERCENT = "percent_of_member", _("A percentage of the member's price")
    FIXED = "fixed", _("A fixed amount per order")
    MARGIN = "margin", _("A margin added to the customer's price")


class RoundingChoice(models.TextChoices):
    DOWN = Rounding.DOWN.value, _("Round down")
    HALF_UP = Rounding.HALF_UP.value, _("Round half up")
    UP = Rounding.UP.value, _("Round up")


class AccountKind(models.TextChoices):
    """Deposit kinds as the 全銀 format codes them."""

    ORDINARY = "1", _("Ordinary (普通)")
    CURRENT = "2", _("Current (当座)")
    SAVINGS = "4", _("Savings (貯蓄)")


class DocumentKindChoice(models.TextChoices):
    INVOICE = DocumentKind.INVOICE.value, _("Invoice")
    CREDIT_NOTE = DocumentKind.CREDIT_NOTE.value, _("Credit note")
    ORDER_CONFIRMATION = DocumentKind.ORDER_CONFIRMATION.value, _("Order confirmation")
    PURCHASE_ORDER = DocumentKind.PURCHASE_ORDER.value, _("Purchase order")
    STATEMENT = DocumentKind.STATEMENT.value, _("Payment statement")
    FEE_INVOICE = DocumentKind.FEE_INVOICE.value, _("Fee invoice")
    RECEIPT = DocumentKind.RECEIPT.value, _("Receipt")


# The number of each kind of document starts with these letters, then the fiscal year and a
# sequence without gaps per issuer, kind and fiscal year: INV2026-00012.
NUMBER_PREFIX = {
    DocumentKind.INVOICE: "INV",
    DocumentKind.CREDIT_NOTE: "CN",
    DocumentKind.ORDER_CONFIRMATION: "OC",
    DocumentKind.PURCHASE_ORDER: "PO",
    DocumentKind.STATEMENT: "ST",
    DocumentKind.FEE_INVOICE: "FI",
    DocumentKind.RECEIPT: "RC",
}


class OrderState(models.TextChoices):
    """Where an order's money stands."""

    CONFIRMED = "confirmed", _("Confirmed")  # the customer confirmed, with its PO number
    IN_WORK = "in_work", _("In work")  # the members accepted their purchase orders
    DELIVERED = "delivered", _("Delivered")  # the final package shipped
    ACCEPTED = "accepted", _("Accepted (検収)")  # checked on receipt: now invoiceable
    INVOICED = "invoiced", _("Invoiced")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class ShareState(models.TextChoices):
    ACTIVE = "active", _("Current")
    PROPOSED = "proposed", _("Waiting for the member's price")  # after a reassignment
    MOVED = "moved", _("Moved to another member")


class PurchaseOrderState(models.TextChoices):
    SENT = "sent", _("Waiting for the member")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class StatementState(models.TextChoices):
    ISSUED = "issued", _("Waiting for the member's confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DEEMED = "deemed", _("Deemed confirmed")
    DISPUTED = "disputed", _("Disputed")


class PayoutState(models.TextChoices):
    PENDING = "pending", _("To be paid")
    IN_FILE = "in_file", _("In a transfer file")
    PAID = "paid", _("Paid")


class PaymentSource(models.TextChoices):
    MANUAL = "manual", _("Recorded by hand")
    BANK_IMPORT = "bank_import", _("Imported from a bank statement")


class TradeKind(models.TextChoices):
    """Sales are counted apart by whom they are with (MNI counts both, seed l.4321–4323)."""

    OUTSIDE = "outside", _("With a customer")
    BETWEEN_MEMBERS = "between_members", _("Between members (仲間まわし)")


class DocumentEventKind(models.TextChoices):
    """What happened to an issued document. Corrections and cancellations are events and new
    documents, never changes (電子帳簿保存法: a system that records corrections)."""

    ISSUED = "issued", _("Issued")
    SENT = "sent", _("Sent")
    VIEWED = "viewed", _("Viewed")
    DOWNLOADED = "downloaded", _("Downloaded")
    ACCEPTED = "accepted", _("Accepted")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Disputed")
    DEEMED_CONFIRMED = "deemed_confirmed", _("Deemed confirmed")
    CANCELLED = "cancelled", _("Cancelled by a credit note")
    SUPERSEDED = "superseded", _("Replaced by a new document")
