"""Documents as issued: frozen records with their rendered PDF and XML, numbered without gaps.

An issued document is never changed (電子帳簿保存法: corrections are recorded, not overwritten;
pretix's invoices are the model): a correction is a credit note and a new document, both
recorded as events of the old one. ``save()`` refuses an update, the queryset refuses
``update()`` and ``delete()``, and the admin offers no change.
"""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.settlement.choices import DocumentEventKind, DocumentKindChoice

if TYPE_CHECKING:
    from renkei.orgs.models import Group


class FrozenDocument(Exception):
    """An issued document cannot be changed or deleted."""


class DocumentNumber(models.Model):
    """The last number used per issuer, kind and fiscal year; locked while the next is taken, so
    that two workers issuing at once never skip or repeat a number."""

    issuer_key = models.CharField(max_length=20)  # "g<group id>" or "c<company id>"
    kind = models.CharField(max_length=20, choices=DocumentKindChoice.choices)
    fiscal_year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document number sequence")
        verbose_name_plural = _("document number sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_key", "kind", "fiscal_year"], name="one_sequence_per_issuer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer_key} {self.kind} {self.fiscal_year}: {self.last}"


class IssuedDocumentQuerySet(models.QuerySet["IssuedDocument"]):
    def for_group(self, group: "Group") -> "IssuedDocumentQuerySet":
        return self.filter(group=group)

    def update(self, **kwargs: Any) -> int:
        raise FrozenDocument("issued documents are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise FrozenDocument("issued documents are never deleted")


def document_path(instance: "IssuedDocument", filename: str) -> str:
    return f"settlement/documents/{instance.group_id}/{instance.fiscal_year}/{filename}"


class IssuedDocument(models.Model):
    """One document as issued: invoice, credit note, 注文請書, 注文書, 仕入明細書, fee invoice or
    receipt. ``data`` is the document as rendered (renkei.lib.documents.Document as JSON)."""

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKindChoice.choices)
    number = models.CharField(_("number"), max_length=30)
    sequence = models.PositiveIntegerField()
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    issuer_key = models.CharField(max_length=20)
    # The issuing member (斡旋 invoices; a member's acceptance documents), else the group.
    issuer_company = models.ForeignKey(
        "orgs.Company", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The member it is addressed to (purchase orders, statements, fee invoices), else a customer.
    recipient_company = models.ForeignKey(
        "orgs.Company", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    counterparty = models.CharField(_("counterparty"), max_length=150, db_index=True)
    # The customer's address of the inquiry the document is for: the customer sees its own.
    customer_email = models.EmailField(blank=True, db_index=True)
    issued_on = models.DateField(_("issued on"), db_index=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    net_yen = models.BigIntegerField(_("amount before tax"))
    tax_yen = models.BigIntegerField(_("consumption tax"))
    total_yen = models.BigIntegerField(_("total"), db_index=True)
    data = models.JSONField()
    # Drawn from ``data`` by the worker after issuing (services.issue.ensure_pdf), then kept.
    pdf = models.FileField(upload_to=document_path, blank=True)
    xml = models.FileField(upload_to=document_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)  # of the PDF
    # A credit note's invoice; a new invoice's predecessor it corrects.
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    orders = models.ManyToManyField(
        "settlement.OrderSettlement", blank=True, related_name="documents"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer_key", "kind", "fiscal_year", "sequence"], name="gapless_number"
            )
        ]
        indexes = [
            models.Index(fields=["group", "kind", "issued_on"], name="document_search"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise FrozenDocument("issued documents are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise FrozenDocument("issued documents are never deleted")


class DocumentEvent(models.Model):
    """What happened to an issued document, appended, never changed: sent, viewed, downloaded,
    confirmed, cancelled by a credit note, replaced by a new document."""

    document = models.ForeignKey(IssuedDocument, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=20, choices=DocumentEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    related = models.ForeignKey(
        IssuedDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["document", "at", "pk"]
        verbose_name = _("document history entry")
        verbose_name_plural = _("document history")

    def __str__(self) -> str:
        return f"{self.document_id} {self.kind}"
