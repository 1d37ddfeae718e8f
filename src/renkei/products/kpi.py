"""Product sales by month, for the cockpit's KPIs (cockpit.kpi_sources.product_sales).

An order counts in the month the coordinator confirmed it, as a quote's order counts when it
is placed; cancelled orders do not count. Yen are the orders' totals incl. tax, as charged."""

import datetime as dt
from dataclasses import dataclass

from renkei.lib.kpi import add_months, month_start
from renkei.lib.workclock import TOKYO
from renkei.orgs.models import Group
from renkei.products.choices import OrderStatus
from renkei.products.models import ProductOrder


@dataclass(frozen=True)
class MonthSales:
    units: int
    yen: int


def monthly_sales(group: Group, months: list[dt.date]) -> dict[dt.date, MonthSales]:
    """Units and yen of the group's product orders confirmed in each month."""
    units = dict.fromkeys(months, 0)
    yen = dict.fromkeys(months, 0)
    if not months:
        return {}
    start = dt.datetime.combine(min(months), dt.time(), tzinfo=TOKYO)
    end = dt.datetime.combine(add_months(max(months), 1), dt.time(), tzinfo=TOKYO)
    rows = (
        ProductOrder.objects.for_group(group)
        .filter(confirmed_at__gte=start, confirmed_at__lt=end)
        .exclude(status=OrderStatus.CANCELLED)
        .values_list("confirmed_at", "quantity", "total_yen")
    )
    for at, quantity, total in rows:
        if at is None:  # excluded by the filter; mypy sees the nullable column
            continue
        month = month_start(at.astimezone(TOKYO).date())
        if month in units:
            units[month] += quantity
            yen[month] += total
    return {month: MonthSales(units[month], yen[month]) for month in months}
