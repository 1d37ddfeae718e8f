"""What invoicing reads of orders, as plain rows rather than models, and the customer's lines
built from them (services.invoices issues the invoices).

A closing day reads a month's orders by the ten thousand: one query of values for the orders
(their inquiry and quote joined), one for their quote lines and one for their member shares,
and no model instance of any of them (a profile of a month showed building them cost more than
all the invoices' arithmetic).
"""

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, NamedTuple

from django.utils import timezone

from renkei.inquiries.customer_quote import share_out
from renkei.inquiries.models import QuoteLine
from renkei.inquiries.models.quote import quote_figures
from renkei.lib.documents import Line
from renkei.settlement.choices import ShareState
from renkei.settlement.models import MemberShare, OrderSettlement

if TYPE_CHECKING:
    from django.db.models import QuerySet

# What the documents themselves say, in the customer's language (the PDF renderer's own words
# are in documents_pdf; these are the lines and subjects renkei writes onto a document).
_WORDS = {
    "ja": {
        "fee": "手数料",
        "broker_fee": "受注斡旋手数料",
        "closing": "{day:%Y年%m月%d日}締め分",
        "credit": "返品・値引き（{number}）",
        "correction": "訂正による取消（{number}）",
    },
    "en": {
        "fee": "Group fee",
        "broker_fee": "Introduction fee",
        "closing": "Orders closed on {day:%Y-%m-%d}",
        "credit": "Return or discount ({number})",
        "correction": "Cancelled for correction ({number})",
    },
}


def words_of(language: str) -> dict[str, str]:
    return _WORDS["en" if language == "en" else "ja"]


def unit_price(amount: int, quantity: int) -> Decimal:
    exact = Decimal(amount) / Decimal(quantity or 1)
    if exact == exact.to_integral_value():
        return exact.quantize(Decimal(1))
    return exact.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


class OrderRow(NamedTuple):
    """What invoicing reads of an order — its settlement, inquiry and quote — as one row of
    plain values: a month's orders are read by the ten thousand, and a model instance of each
    (with its inquiry and quote) would cost more than the invoices' arithmetic. ``day`` is its
    transaction date (transaction_date), ``delivered_on`` its delivery's, both local days."""

    pk: int
    group_id: int
    mode: str
    state: str
    day: dt.date
    delivered_on: dt.date | None
    customer_po_number: str
    payment_terms: str
    quote_id: int
    fee_percent: Decimal
    email: str
    customer_company: str
    language: str
    title: str
    inquiry_number: int
    inquiry_group_slug: str

    @property
    def reference(self) -> str:
        # The inquiry's reference, as inquiries.Inquiry.reference writes it.
        return f"{self.inquiry_group_slug.upper()[:8].rstrip('-')}-{self.inquiry_number:05d}"


_ORDER_VALUES = (
    "pk", "group_id", "mode", "state", "accepted_at", "delivered_at", "updated_at",
    "customer_po_number", "payment_terms", "order__quote_id", "order__quote__fee_percent",
    "order__inquiry__email", "order__inquiry__customer_company", "order__inquiry__language",
    "order__inquiry__title", "order__inquiry__number", "order__inquiry__group__slug",
)  # fmt: skip


def local_days(
    zone: dt.tzinfo,
    accepted_at: dt.datetime | None,
    delivered_at: dt.datetime | None,
    updated_at: dt.datetime,
) -> tuple[dt.date, dt.date | None]:
    """The transaction date and the delivery's day, as transaction_date counts them (the zone
    looked up once for many orders: it costs more than the arithmetic)."""
    delivered = delivered_at.astimezone(zone).date() if delivered_at is not None else None
    if accepted_at is not None:
        return accepted_at.astimezone(zone).date(), delivered
    return delivered or updated_at.astimezone(zone).date(), delivered


def order_rows(orders: "QuerySet[OrderSettlement]") -> list[OrderRow]:
    """``orders`` as OrderRow, in primary-key order, in one query."""
    zone = timezone.get_current_timezone()
    rows = []
    for pk, group_id, mode, state, accepted, delivered, updated, *rest in orders.order_by(
        "pk"
    ).values_list(*_ORDER_VALUES):
        day, delivered_on = local_days(zone, accepted, delivered, updated)
        rows.append(OrderRow(pk, group_id, mode, state, day, delivered_on, *rest))
    return rows


def transaction_date(settlement: OrderSettlement) -> dt.date:
    """The day an order counts as sold: its 検収 (acceptance on receipt), else its delivery."""
    return (
        _day(settlement.accepted_at)
        or _day(settlement.delivered_at)
        or timezone.localdate(settlement.updated_at)
    )


def customer_key(settlement: OrderSettlement) -> tuple[str, str]:
    """Orders of one customer: the same company name from the same e-mail address."""
    inquiry = settlement.order.inquiry
    return inquiry.email.strip().lower(), inquiry.customer_company.strip()


def customer_of(order: OrderRow) -> tuple[str, str]:
    return order.email.strip().lower(), order.customer_company.strip()


class QuoteLineRow(NamedTuple):
    pk: int
    quote_id: int
    description: str
    quantity: int
    unit_price_yen: int
    company_id: int | None


class ShareRow(NamedTuple):
    settlement_id: int
    quote_line_id: int | None
    company_id: int
    tax_rate: int
    fee_yen: int


@dataclasses.dataclass(frozen=True)
class Rows:
    """What invoicing reads of a set of orders, loaded for all of them at once (one query for
    the quote lines, one for the shares) so that the cost of an invoice does not grow by a few
    queries with every order on it: the quote lines by quote, in the quote's order, and the
    active member shares by order."""

    lines: dict[int, list[QuoteLineRow]]
    shares: dict[int, list[ShareRow]]

    def quote_lines(self, order: OrderRow) -> list[QuoteLineRow]:
        return self.lines.get(order.quote_id, [])

    def shares_by_line(self, order: OrderRow) -> dict[int, ShareRow]:
        # The last share of a line wins, as when they were read one order at a time.
        return {
            share.quote_line_id: share
            for share in self.shares.get(order.pk, [])
            if share.quote_line_id is not None
        }


def load_rows(orders: Sequence[OrderRow]) -> Rows:
    """The quote lines and active shares of ``orders``, as plain rows."""
    lines: dict[int, list[QuoteLineRow]] = {}
    quote_ids = sorted({o.quote_id for o in orders})
    for line in (
        QuoteLine.objects.filter(quote_id__in=quote_ids)
        .order_by("quote_id", "position", "pk")
        .values_list("pk", "quote_id", "description", "quantity", "unit_price_yen", "company_id")
    ):
        lines.setdefault(line[1], []).append(QuoteLineRow._make(line))
    shares: dict[int, list[ShareRow]] = {}
    for share in (
        MemberShare.objects.filter(
            settlement_id__in=sorted({o.pk for o in orders}), state=ShareState.ACTIVE
        )
        .order_by("settlement_id", "pk")
        .values_list("settlement_id", "quote_line_id", "company_id", "tax_rate", "fee_yen")
    ):
        shares.setdefault(share[0], []).append(ShareRow._make(share))
    return Rows(lines=lines, shares=shares)


def customer_lines(
    order: OrderRow, *, show_fee: bool, rows: Rows, company_id: int | None = None
) -> list[Line]:
    """The order's lines as the customer read them on its quote (as
    inquiries.customer_quote shows them) — the fee as a line of its own or folded into the
    parts — with each line's tax rate from its member share (10 % unless a share says 8 %).
    With ``company_id``, only that member's lines (斡旋)."""
    quote_lines = rows.quote_lines(order)
    amounts = [line.quantity * line.unit_price_yen for line in quote_lines]
    fee = quote_figures(sum(amounts), order.fee_percent).fee
    folded = [0] * len(amounts) if show_fee else share_out(amounts, fee)
    shares = rows.shares_by_line(order)
    reference = order.reference
    delivered = order.day
    lines = []
    for quote_line, amount, extra in zip(quote_lines, amounts, folded, strict=True):
        if company_id is not None and quote_line.company_id != company_id:
            continue
        share = shares.get(quote_line.pk)
        lines.append(
            Line(
                description=quote_line.description,
                quantity=quote_line.quantity,
                unit_price=unit_price(amount + extra, quote_line.quantity),
                amount=amount + extra,
                tax_rate=share.tax_rate if share is not None else 10,
                reference=reference,
                delivered_on=delivered,
            )
        )
    if show_fee and fee and company_id is None:
        lines.append(
            Line(
                description=words_of(order.language)["fee"],
                quantity=1,
                unit_price=Decimal(fee),
                amount=fee,
                reference=reference,
                delivered_on=delivered,
            )
        )
    return lines
