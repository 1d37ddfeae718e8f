"""Accepted orders of any shape for the invoice tests (the shared conftest has one order)."""

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from renkei.conftest_helpers import compose_test_quote
from renkei.inquiries import replies
from renkei.inquiries.services import submit_inquiry
from renkei.settlement.choices import OrderState, SettlementMode
from renkei.settlement.models import MemberShare, OrderSettlement


def accepted(
    group: Any,
    actor: Any,
    lines: list[tuple[str, int, int, Any]],
    *,
    email: str = "taro@rocket.example",
    customer: str = "株式会社ロケット工房",
    po_number: str = "RK-PO-0042",
    mode: str = SettlementMode.JOINT,
    accepted_on: dt.datetime | None = None,
    tax_rates: dict[int, int] | None = None,
    title: str = "アルミブラケット",
) -> OrderSettlement:
    """An order checked on receipt (検収) of ``lines`` (description, quantity, member unit
    price, member company), each line's member share 10 % of its price as the group's fee;
    ``tax_rates`` gives a line (by index) another rate than 10 %."""
    inquiry, _created = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={
            "customer_company": customer,
            "contact_name": "宇宙 太郎",
            "email": email,
            "title": title,
            "description": "図面の通り。",
            "desired_delivery": timezone.localdate() + dt.timedelta(days=30),
        },
        lines=[{"part_name": "部品", "quantity": 1}],
    )
    quote = compose_test_quote(actor, inquiry, [(d, q, p) for d, q, p, _c in lines], lead_days=5)
    for line, (_d, _q, _p, company) in zip(quote.lines.order_by("position"), lines, strict=True):
        line.company = company
        line.save(update_fields=["company"])
    replies.send_quote(actor=actor, quote=quote)
    order = replies.accept_quote(quote=quote)
    when = accepted_on or timezone.now()
    settlement, _made = OrderSettlement.objects.update_or_create(
        order=order,
        defaults={
            "group": group,
            "mode": mode,
            "state": OrderState.ACCEPTED,
            "customer_po_number": po_number,
            "payment_terms": "月末締め翌月末払い",
            "confirmed_at": when,
            "delivered_at": when,
            "accepted_at": when,
        },
    )
    settlement.shares.all().delete()
    for index, line in enumerate(order.quote.lines.order_by("position")):
        if line.company is None:
            continue
        MemberShare.objects.create(
            settlement=settlement,
            company=line.company,
            quote_line=line,
            description=line.description,
            quantity=line.quantity,
            member_price_yen=line.amount,
            fee_yen=line.amount // 10,
            tax_rate=(tax_rates or {}).get(index, 10),
        )
    return settlement
