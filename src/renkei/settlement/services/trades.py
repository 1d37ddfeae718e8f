"""Trade between members (仲間まわし, issue "Settlement" item 9): a member orders a step — plating,
heat treatment — from another member through the group. The seller's admin accepts or declines,
the buyer marks it delivered, and it is settled the same way as a joint order: the seller is
paid on its month's statement and the group invoices the buyer. Counted apart from the sales to
customers, as MNI counts both (seed l.4321–4323).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.lib.documents import Document, DocumentKind, Line
from renkei.lib.money import payment_due, tax_by_rate
from renkei.notices.models import NoticeKind
from renkei.notices.services import notify
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, Group, GroupRole
from renkei.orgs.permissions import current_member_ids
from renkei.projects.models import WorkPackage
from renkei.settlement.access import admin_companies, can_see_books, member_companies
from renkei.settlement.choices import PurchaseOrderState
from renkei.settlement.models import IssuedDocument, MemberTrade
from renkei.settlement.services.issue import (
    billing_of,
    issue_document,
    settlement_of,
)

# Notice kinds (renkei.notices.NoticeKind names them once the notices app lists them).
MAX_AMOUNT_YEN = 9_999_999_999  # what one transfer can carry (全銀 振込金額 N(10))


class TradeError(ValidationError):
    """A trade that cannot be ordered or moved on as asked; nothing was changed."""


def trade_reference(trade: MemberTrade) -> str:
    return f"TR-{trade.pk:05d}"


def trades_for(user: Any, group: Group) -> Any:
    """The trades this person sees: all of them for the books, else its companies' own."""
    trades = MemberTrade.objects.filter(group=group).select_related("buyer", "seller", "package")
    if can_see_books(user, group):
        return trades
    companies = member_companies(user, group)
    return trades.filter(Q(buyer_id__in=companies) | Q(seller_id__in=companies))


def sellers_for(group: Group, buyer: Company) -> Any:
    """Current members of the group a buyer may order from: all but itself."""
    return (
        Company.objects.filter(pk__in=current_member_ids(group))
        .exclude(pk=buyer.pk)
        .order_by("kana", "name")
    )


def packages_for(group: Group, buyer: Company) -> Any:
    """The buyer's own work packages a trade may be for."""
    return WorkPackage.objects.filter(group=group, company=buyer).select_related("project")


def _admins(group: Group, company_id: int) -> list[Any]:
    grants = GroupRole.objects.filter(
        group=group, company_id=company_id, role=PersonRole.MEMBER_ADMIN
    ).select_related("user")
    return [grant.user for grant in grants]


def _people(group: Group, company_id: int) -> list[Any]:
    grants = GroupRole.objects.filter(
        group=group,
        company_id=company_id,
        role__in=(PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF),
    ).select_related("user")
    return [grant.user for grant in grants]


def _link(trade: MemberTrade) -> str:
    return reverse("settlement:trade", args=[trade.group.slug, trade.pk])


@transaction.atomic
def order_trade(
    *,
    actor: Any,
    group: Group,
    buyer: Company,
    seller: Company,
    description: str,
    quantity: int,
    amount_yen: int,
    due_on: dt.date | None = None,
    package: WorkPackage | None = None,
    tax_rate: int = 10,
) -> MemberTrade:
    """The buyer (its admin or staff) orders a step from another current member."""
    if buyer.pk not in member_companies(actor, group):
        raise PermissionDenied
    if seller.pk == buyer.pk or not sellers_for(group, buyer).filter(pk=seller.pk).exists():
        raise TradeError(_("Choose another current member of the group as the seller."))
    description = description.strip()
    if not description:
        raise TradeError(_("Please describe what is ordered."))
    if quantity < 1:
        raise TradeError(_("The quantity must be at least 1."))
    if not 1 <= amount_yen <= MAX_AMOUNT_YEN:
        raise TradeError(_("The amount must be more than ¥0."))
    if tax_rate not in (10, 8, 0):
        raise TradeError(_("The tax rate is 10 %, 8 % or 0 %."))
    if due_on is not None and due_on < timezone.localdate():
        raise TradeError(_("The due date has passed. Please choose today or a later day."))
    if package is not None and not packages_for(group, buyer).filter(pk=package.pk).exists():
        raise TradeError(_("Choose one of your own work packages."))
    trade = MemberTrade.objects.create(
        group=group,
        buyer=buyer,
        seller=seller,
        package=package,
        description=description[:200],
        quantity=quantity,
        amount_yen=amount_yen,
        tax_rate=tax_rate,
        due_on=due_on,
        ordered_by=actor,
    )
    audit(
        "settlement.trade.order",
        actor=actor,
        obj=trade,
        group=group,
        summary=f"{buyer.name}→{seller.name} {description} ¥{amount_yen:,}"[:300],
    )
    notify(
        users=_admins(group, seller.pk),
        group=group,
        kind=NoticeKind.TRADE_ORDERED,
        text=f"{buyer.name}: {description}"[:300],
        link=_link(trade),
    )
    return trade


def _locked(trade: MemberTrade) -> MemberTrade:
    return (
        MemberTrade.objects.select_for_update()
        .select_related("group", "buyer", "seller")
        .get(pk=trade.pk)
    )


@transaction.atomic
def answer_trade(*, actor: Any, trade: MemberTrade, accept: bool) -> MemberTrade:
    """The seller's admin takes the order on, or declines it."""
    trade = _locked(trade)
    if trade.seller_id not in admin_companies(actor, trade.group):
        raise PermissionDenied
    if trade.state != PurchaseOrderState.SENT:
        raise TradeError(_("This order has already been answered."))
    trade.state = PurchaseOrderState.ACCEPTED if accept else PurchaseOrderState.DECLINED
    trade.answered_by = actor
    trade.answered_at = timezone.now()
    trade.save(update_fields=["state", "answered_by", "answered_at", "updated_at"])
    audit(
        "settlement.trade.accept" if accept else "settlement.trade.decline",
        actor=actor,
        obj=trade,
        group=trade.group,
        summary=f"{trade.seller.name}: {trade.description}"[:300],
    )
    notify(
        users=_people(trade.group, trade.buyer_id),
        group=trade.group,
        kind=NoticeKind.TRADE_ANSWERED,
        text=f"{trade.seller.name}: {trade.description}"[:300],
        link=_link(trade),
    )
    return trade


def _invoice_document(trade: MemberTrade, on: dt.date) -> Document:
    group = trade.group
    terms = settlement_of(group)
    line = Line(
        description=trade.description,
        quantity=trade.quantity,
        unit_price=(Decimal(trade.amount_yen) / trade.quantity).quantize(Decimal("0.01")),
        amount=trade.amount_yen,
        tax_rate=trade.tax_rate,
        reference=trade_reference(trade),
        delivered_on=on,
    )
    with translation.override("ja"):
        notes = _("Ordered from %(seller)s through the group (trade between members).") % {
            "seller": trade.seller.name
        }
    return Document(
        kind=DocumentKind.INVOICE,
        number="",
        issued_on=on,
        issuer=terms.party(group.name),
        recipient=billing_of(trade.buyer).party(trade.buyer.name),
        lines=(line,),
        totals=tax_by_rate([line], terms.rounding_method),
        rounding=terms.rounding_method,
        period_start=on,
        period_end=on,
        due_on=payment_due(
            terms.closing_day, terms.customer_pay_months, terms.customer_pay_day, on
        ),
        notes=notes,
        references=(trade_reference(trade),),
        extra={"trade": str(trade.pk)},
    )


@transaction.atomic
def mark_delivered(*, actor: Any, trade: MemberTrade, on: dt.date | None = None) -> MemberTrade:
    """The buyer received the step: the group invoices the buyer, and the seller is paid on
    the statement of the month it was delivered in."""
    trade = _locked(trade)
    if trade.buyer_id not in member_companies(actor, trade.group):
        raise PermissionDenied
    if trade.state != PurchaseOrderState.ACCEPTED:
        raise TradeError(_("Only an order the seller accepted can be marked delivered."))
    if trade.delivered_on is not None:
        raise TradeError(_("This order is already marked delivered."))
    on = on or timezone.localdate()
    trade.delivered_on = on
    trade.save(update_fields=["delivered_on", "updated_at"])
    invoice = issue_document(
        actor=actor,
        group=trade.group,
        document=_invoice_document(trade, on),
        recipient_company=trade.buyer,
    )
    audit(
        "settlement.trade.deliver",
        actor=actor,
        obj=trade,
        group=trade.group,
        summary=f"{trade_reference(trade)} {invoice.number}",
    )
    return trade


def trade_invoice(trade: MemberTrade) -> IssuedDocument | None:
    """The group's invoice to the buyer for a delivered trade."""
    return (
        IssuedDocument.objects.for_group(trade.group)
        .filter(kind=DocumentKind.INVOICE.value, recipient_company_id=trade.buyer_id)
        .filter(data__extra__trade=str(trade.pk))
        .first()
    )


def trade_totals(group: Group, start: dt.date, end: dt.date) -> dict[str, int]:
    """Sales between members apart from sales to customers, from ``start`` to ``end`` (both
    included), for the cockpit's KPIs:

    - ``between_members_yen`` / ``between_members_count``: trades delivered in the range (before
      tax; the group's invoices to the buying members);
    - ``outside_yen`` / ``outside_count``: the group's invoices and credit notes to customers
      issued in the range (before tax; a credit note counts negative).
    """
    trades = MemberTrade.objects.filter(
        group=group,
        state=PurchaseOrderState.ACCEPTED,
        delivered_on__gte=start,
        delivered_on__lte=end,
    ).aggregate(total=Sum("amount_yen"), count=Count("pk"))
    outside = (
        IssuedDocument.objects.for_group(group)
        .filter(
            kind__in=(DocumentKind.INVOICE.value, DocumentKind.CREDIT_NOTE.value),
            recipient_company__isnull=True,
            issued_on__gte=start,
            issued_on__lte=end,
        )
        .aggregate(
            total=Sum("net_yen"), count=Count("pk", filter=Q(kind=DocumentKind.INVOICE.value))
        )
    )
    return {
        "between_members_yen": int(trades["total"] or 0),
        "between_members_count": int(trades["count"] or 0),
        "outside_yen": int(outside["total"] or 0),
        "outside_count": int(outside["count"] or 0),
    }
