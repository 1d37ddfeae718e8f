"""The closing day reads and writes a few rows per invoice, not per order: the quote lines and
member shares of all the orders on an invoice are loaded at once, and their audit entries are
written at once (a month of 50,000 orders must close in seconds)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renkei.core.models import AuditEntry
from renkei.inquiries.customer_quote import customer_quote
from renkei.settlement.choices import OrderState, SettlementMode
from renkei.settlement.models import IssuedDocument, OrderSettlement
from renkei.settlement.services.invoices import close_period
from renkei.settlement.tests.invoice_factory import accepted

pytestmark = pytest.mark.django_db

CUSTOMERS = ("taro@rocket.example", "hanako@kikai.example")


def _month(group, alice, aoki, sakura, *, orders: int, day: dt.date, mode: str) -> None:
    """``orders`` accepted orders on ``day``, shared out over the two customers, each with a
    line of aoki's and a line of sakura's at the 8 % and 10 % rates."""
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    for index in range(orders):
        accepted(
            group,
            alice,
            [("切削", 2, 1000 + index, aoki), ("めっき", 3, 700 + index, sakura)],
            email=CUSTOMERS[index % 2],
            customer=f"顧客{index % 2}",
            accepted_on=when,
            mode=mode,
            tax_rates={1: 8},
        )


def _close(group, day: dt.date) -> tuple[int, list[IssuedDocument]]:
    with CaptureQueriesContext(connection) as queries:
        issued = close_period(group, day)
    return len(queries), issued


@pytest.mark.parametrize("mode", [SettlementMode.JOINT, SettlementMode.BROKERED])
def test_closing_a_month_reads_as_much_for_twenty_orders_as_for_five(
    group, alice, aoki, sakura, terms, billing, mode
):
    # A first month so that every number sequence exists before the two months compared.
    _month(group, alice, aoki, sakura, orders=2, day=dt.date(2026, 1, 10), mode=mode)
    _close(group, dt.date(2026, 1, 31))
    _month(group, alice, aoki, sakura, orders=5, day=dt.date(2026, 2, 10), mode=mode)
    five, issued_five = _close(group, dt.date(2026, 2, 28))
    _month(group, alice, aoki, sakura, orders=20, day=dt.date(2026, 3, 10), mode=mode)
    twenty, issued_twenty = _close(group, dt.date(2026, 3, 31))

    assert len(issued_five) == len(issued_twenty)  # one per customer (and member), not per order
    assert twenty == five, f"close_period ran {five} queries for 5 orders, {twenty} for 20"
    assert not OrderSettlement.objects.filter(group=group, state=OrderState.ACCEPTED).exists()
    # Every order still has its own audit entry.
    invoiced = AuditEntry.objects.filter(action="settlement.order.invoice")
    assert sorted(int(pk) for pk in invoiced.values_list("object_id", flat=True)) == sorted(
        OrderSettlement.objects.filter(group=group).values_list("pk", flat=True)
    )


def test_the_consolidated_invoice_carries_each_orders_own_lines(group, alice, aoki, sakura, terms):
    # Loaded for all the orders at once, each order's lines are still its own, in its quote's
    # order, with its shares' tax rates and the fee folded in as its quote showed it.
    _month(group, alice, aoki, sakura, orders=4, day=dt.date(2026, 2, 10), mode="joint")
    issued = close_period(group, dt.date(2026, 2, 28))
    assert len(issued) == 2
    for invoice in issued:
        orders = sorted(invoice.orders.all(), key=lambda o: o.pk)
        expected = []
        for order in orders:
            shown = customer_quote(order.order.quote, show_fee=False)
            expected += [
                (line.description, line.amount, rate, order.order.inquiry.reference)
                for line, rate in zip(shown.lines, (10, 8), strict=True)
            ]
        lines = [
            (line["description"], line["amount"], line["tax_rate"], line["reference"])
            for line in invoice.data["lines"]
        ]
        assert lines == expected
        assert sum(amount for _d, amount, _r, _ref in lines) == invoice.net_yen
