"""A product's queue as the pages show it: the open orders in order of arrival, each with the
units ahead of it and its expected delivery (arithmetic in renkei.lib.retail)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from renkei.lib import retail
from renkei.products.choices import OPEN_STATUSES
from renkei.products.models import Product, ProductOrder


@dataclass(frozen=True)
class Place:
    """An order's place in the queue, or a would-be order's (``order`` None)."""

    order: ProductOrder | None
    quantity: int
    units_ahead: int
    from_stock: bool
    month: int  # production month (0: from stock)
    expected_on: dt.date | None  # None: no capacity set, no date can be promised


def _place(
    product: Product, order: ProductOrder | None, quantity: int, ahead: int, today: dt.date
) -> Place:
    try:
        month = retail.production_month(
            units_ahead=ahead,
            quantity=quantity,
            stock=product.stock,
            capacity=product.monthly_capacity,
        )
    except retail.NoCapacity:
        return Place(order, quantity, ahead, False, 0, None)
    slot = retail.Slot(units_ahead=ahead, from_stock=month == 0, month=month)
    expected = retail.expected_delivery(slot, today=today, stock_ship_days=product.stock_ship_days)
    return Place(order, quantity, ahead, slot.from_stock, month, expected)


def queue(product: Product, today: dt.date | None = None) -> list[Place]:
    """Every open order of the product, first come first served."""
    today = today or timezone.localdate()
    orders = ProductOrder.objects.filter(product=product, status__in=OPEN_STATUSES).order_by(
        "received_at", "pk"
    )
    places = []
    ahead = 0
    for order in orders:
        places.append(_place(product, order, order.quantity, ahead, today))
        ahead += order.quantity
    return places


def units_on_order(product: Product) -> int:
    return sum(
        ProductOrder.objects.filter(product=product, status__in=OPEN_STATUSES).values_list(
            "quantity", flat=True
        )
    )


def place_of(order: ProductOrder, today: dt.date | None = None) -> Place | None:
    """The order's place now; None once it is shipped or cancelled."""
    for place in queue(order.product, today):
        if place.order is not None and place.order.pk == order.pk:
            return place
    return None


def next_order(product: Product, quantity: int, today: dt.date | None = None) -> Place:
    """Where an order of ``quantity`` placed now would stand: behind every open order."""
    today = today or timezone.localdate()
    return _place(product, None, quantity, units_on_order(product), today)
