"""Money in and out: statements to members (仕入明細書), payments received, bank statement
imports, and the 全銀 transfer files that pay the members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped
from renkei.settlement.choices import PaymentSource, PayoutState, StatementState


class Statement(TimeStamped):
    """A month's 仕入明細書 to one member: what the group owes it. The member's admin confirms it,
    or it is deemed confirmed after the group's days (REFERENCE.md § Settlement); the payout is
    tracked here because the document itself never changes."""

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="+")
    company = models.ForeignKey("orgs.Company", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))  # its first day
    document = models.OneToOneField(
        "settlement.IssuedDocument", on_delete=models.PROTECT, related_name="statement"
    )
    # The group's fee deducted in the statement has its own qualified invoice.
    fee_invoice = models.OneToOneField(
        "settlement.IssuedDocument", on_delete=models.PROTECT, null=True, blank=True,
        related_name="fee_of_statement",
    )  # fmt: skip
    payable_yen = models.BigIntegerField(_("to be paid"))
    pay_on = models.DateField(_("payment date"))
    state = models.CharField(
        max_length=10, choices=StatementState.choices, default=StatementState.ISSUED
    )
    deemed_on = models.DateField(_("deemed confirmed on"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    answered_at = models.DateTimeField(null=True, blank=True)
    dispute_note = models.CharField(_("what is wrong"), max_length=500, blank=True)
    payout_state = models.CharField(
        max_length=10, choices=PayoutState.choices, default=PayoutState.PENDING
    )
    transfer = models.ForeignKey(
        "settlement.TransferFile", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="statements",
    )  # fmt: skip
    paid_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-month", "company"]
        verbose_name = _("payment statement")
        verbose_name_plural = _("payment statements")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "company", "month"], name="one_statement_per_member_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.month:%Y-%m}"


class BankImport(TimeStamped):
    """One imported bank statement file; the same file twice is imported once."""

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=40)
    rows = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bank statement import")
        verbose_name_plural = _("bank statement imports")
        constraints = [models.UniqueConstraint(fields=["group", "sha256"], name="bank_file_once")]

    def __str__(self) -> str:
        return self.filename


class Payment(TimeStamped):
    """Money received from a customer (or a member paying the group's fee)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("received on"), db_index=True)
    amount_yen = models.PositiveBigIntegerField(_("amount (yen)"))
    payer_name = models.CharField(_("payer"), max_length=150)
    payer_key = models.CharField(max_length=150, blank=True, db_index=True)
    source = models.CharField(max_length=12, choices=PaymentSource.choices)
    bank_import = models.ForeignKey(
        BankImport, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    row_number = models.PositiveIntegerField(null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # An API client's Idempotency-Key (tied to the caller) and what it sent: the same key with
    # the same content answers the first payment; with other content it is refused.
    api_key = models.UUIDField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["group", "api_key"], name="payment_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.received_on} ¥{self.amount_yen:,}"

    @property
    def unallocated_yen(self) -> int:
        used = self.allocations.aggregate(s=models.Sum("amount_yen"))["s"] or 0
        return int(self.amount_yen - used)


class PaymentAllocation(models.Model):
    """The part of a payment that settles one invoice (a payment may cover several; an invoice
    may be paid in parts)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="allocations")
    document = models.ForeignKey(
        "settlement.IssuedDocument", on_delete=models.PROTECT, related_name="allocations"
    )
    amount_yen = models.PositiveBigIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["payment", "pk"]
        verbose_name = _("payment applied to an invoice")
        verbose_name_plural = _("payments applied to invoices")

    def __str__(self) -> str:
        return f"{self.payment_id}→{self.document_id} ¥{self.amount_yen:,}"


class Reminder(models.Model):
    """A reminder mail for an overdue invoice."""

    document = models.ForeignKey(
        "settlement.IssuedDocument", on_delete=models.PROTECT, related_name="reminders"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["document", "-sent_at"]
        verbose_name = _("payment reminder")
        verbose_name_plural = _("payment reminders")

    def __str__(self) -> str:
        return f"{self.document_id} {self.sent_at:%Y-%m-%d}"


def transfer_path(instance: "TransferFile", filename: str) -> str:
    return f"settlement/transfers/{instance.group_id}/{filename}"


class TransferFile(TimeStamped):
    """A 全銀協 総合振込 file paying members' statements, as made (kept, never remade)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="+")
    transfer_on = models.DateField(_("transfer date"))
    count = models.PositiveIntegerField()
    total_yen = models.PositiveBigIntegerField()
    file = models.FileField(upload_to=transfer_path)
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("transfer file")
        verbose_name_plural = _("transfer files")

    def __str__(self) -> str:
        return f"{self.transfer_on} ¥{self.total_yen:,}"
