"""Settlement in the operators' admin. Issued documents and their events are read-only (an
issued document is never changed, 電子帳簿保存法); the terms and billing details may be edited
by an operator. The lists ask settlement.access like every other page, so that an account that
is not an operator — should one ever reach the admin — sees only what renkei's pages show it."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from renkei.orgs.models import Group
from renkei.settlement.access import documents_for
from renkei.settlement.models import (
    DocumentEvent,
    DocumentNumber,
    GroupSettlement,
    IssuedDocument,
    MemberBilling,
    MemberShare,
    OrderSettlement,
    Payment,
    PaymentAllocation,
    PurchaseOrder,
    Statement,
)


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    """Shown, never added, changed or deleted here: records that change only through their
    services (or never)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnly):
    list_display = ["number", "kind", "group", "counterparty", "issued_on", "total_yen"]
    list_filter = ["kind", "fiscal_year"]
    search_fields = ["number", "counterparty"]
    date_hierarchy = "issued_on"
    actions = None  # not even "delete selected"

    def get_queryset(self, request: HttpRequest) -> "QuerySet[IssuedDocument]":
        documents = super().get_queryset(request).select_related("group")
        if request.user.is_superuser:
            return documents
        visible = IssuedDocument.objects.none()
        for group in Group.objects.filter(roles__user_id=int(request.user.pk or 0)).distinct():
            visible = visible | documents_for(request.user, group)
        return documents.filter(pk__in=visible.values("pk"))


@admin.register(DocumentEvent)
class DocumentEventAdmin(ReadOnly):
    list_display = ["document", "kind", "at", "actor"]
    list_filter = ["kind"]
    actions = None


@admin.register(DocumentNumber)
class DocumentNumberAdmin(ReadOnly):
    list_display = ["issuer_key", "kind", "fiscal_year", "last"]
    actions = None


@admin.register(OrderSettlement)
class OrderSettlementAdmin(ReadOnly):
    list_display = ["order", "group", "mode", "state", "customer_po_number", "accepted_at"]
    list_filter = ["state", "mode"]


@admin.register(MemberShare)
class MemberShareAdmin(ReadOnly):
    list_display = ["settlement", "company", "member_price_yen", "fee_yen", "state"]


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(ReadOnly):
    list_display = ["document", "company", "state"]


@admin.register(Statement)
class StatementAdmin(ReadOnly):
    list_display = ["document", "company", "month", "payable_yen", "state", "payout_state"]


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["received_on", "amount_yen", "payer_name", "source", "group"]


@admin.register(PaymentAllocation)
class PaymentAllocationAdmin(ReadOnly):
    list_display = ["payment", "document", "amount_yen"]


@admin.register(GroupSettlement)
class GroupSettlementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Editable by operators; coordinators keep their terms on the group's own page."""

    list_display = ["group", "mode", "legal_name", "registration_number", "consolidated_invoices"]
    list_filter = ["mode", "entity_form"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # documents were issued on these terms


@admin.register(MemberBilling)
class MemberBillingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["company", "legal_name", "registration_number"]
    search_fields = ["legal_name", "company__name"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
