"""A group's own products sold to the public, in plain Python: the tax a tax-inclusive price
contains, and when each order of the backlog can be delivered.

磨き屋シンジケート's beer mug is made by hand, at most 100 a month; after a television programme
2,000 were ordered at once and delivery was two years away (seed l.520–524). So the customer
must be told, when ordering, how long the queue ahead of them is: that is ``schedule``.

Rules (all renkei's own readings; the seed gives only the numbers):

- The queue is the open orders in order of arrival. Stock on hand serves the queue first, then
  production at the monthly capacity. An order ships whole, when its last unit exists.
- Production month 1 is the calendar month after the present one: the present month's hand
  work is already planned. An order needing ``n`` units beyond the stock and the orders ahead
  is finished in month ``ceil(n / capacity)`` (a month begun counts whole: rounded up) and
  delivered by that month's last day. 2,000 on order at 100 a month: the next order is
  finished in month ``ceil(2001 / 100) = 21``.
- The tax contained in a tax-inclusive price is ``price × rate / (100 + rate)`` rounded down
  (切り捨て), once on the order's total — the way a 適格請求書 rounds once per rate.
"""

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

TAX_RATES = (10, 8)  # standard and reduced (軽減税率) consumption tax, percent
TAX_ROUNDING = "down"  # 切り捨て: the name shown beside the tax amount


class NoCapacity(ValueError):
    """Production is needed but the product has no monthly capacity: no date can be given."""


def tax_included(price_incl_tax: int, rate: int) -> int:
    """The consumption tax contained in ``price_incl_tax`` yen at ``rate`` percent, rounded
    down: ¥3,300 at 10 % contains ¥300; ¥1,080 at 8 % contains ¥80; ¥1,000 at 10 % ¥90."""
    if rate not in TAX_RATES:
        raise ValueError(f"unknown tax rate: {rate}")
    if price_incl_tax < 0:
        raise ValueError("a price is never negative")
    return price_incl_tax * rate // (100 + rate)


@dataclass(frozen=True)
class Slot:
    """Where one order stands in the queue."""

    units_ahead: int  # units of the open orders that arrived before it
    from_stock: bool  # served whole from the stock on hand
    month: int  # production month in which it is finished (0: from stock)


def production_month(*, units_ahead: int, quantity: int, stock: int, capacity: int) -> int:
    """0 if the stock covers the orders ahead and this one, else the 1-based production month
    in which its last unit is made (rounded up). Raises ``NoCapacity`` without a capacity."""
    if quantity < 1 or units_ahead < 0:
        raise ValueError("an order has at least one unit and nothing negative ahead of it")
    needed = units_ahead + quantity - max(stock, 0)
    if needed <= 0:
        return 0
    if capacity < 1:
        raise NoCapacity
    return -(-needed // capacity)


def schedule(quantities: Sequence[int], *, stock: int, capacity: int) -> list[Slot]:
    """The slot of each order of the queue, given in order of arrival."""
    slots = []
    ahead = 0
    for quantity in quantities:
        month = production_month(
            units_ahead=ahead, quantity=quantity, stock=stock, capacity=capacity
        )
        slots.append(Slot(units_ahead=ahead, from_stock=month == 0, month=month))
        ahead += quantity
    return slots


def month_end(today: dt.date, month: int) -> dt.date:
    """The last day of production month ``month`` (1: the calendar month after ``today``'s)."""
    index = today.year * 12 + (today.month - 1) + month
    year, month0 = divmod(index, 12)
    return dt.date(year, month0 + 1, calendar.monthrange(year, month0 + 1)[1])


def expected_delivery(slot: Slot, *, today: dt.date, stock_ship_days: int) -> dt.date:
    """The date the customer is told: from stock, ``stock_ship_days`` calendar days after
    today; from production, the last day of its production month."""
    if slot.from_stock:
        return today + dt.timedelta(days=stock_ship_days)
    return month_end(today, slot.month)
