"""The group's KPIs for a month, computed from its operations (diagnostic control, seed
l.1309–1480) and its external effects entered by hand (l.1550–1562, 5446–5456)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language

from renkei.cockpit import kpi_sources
from renkei.cockpit.models import ExternalEffect, KpiTarget
from renkei.inquiries.models import Answer, Inquiry, Order, Quote
from renkei.lib import kpi as lib
from renkei.lib.workclock import TOKYO
from renkei.orgs.choices import CompanyKind
from renkei.orgs.models import Group, Membership


@dataclass(frozen=True)
class Reading:
    """One KPI in one month: its value (None when there is nothing to measure, or when its
    source is not available yet), its target and its status."""

    code: str
    label: str
    unit: str
    value: float | None
    target: float | None
    tolerance: float
    status: str
    available: bool = True
    definition: str = ""  # how it is counted, in the page's language ("" when self-evident)

    @property
    def external(self) -> bool:
        return lib.BY_CODE[self.code].external


def _in_language(text: str) -> str:
    japanese, _, english = text.partition(" / ")
    return english if (get_language() or "ja").startswith("en") and english else japanese


def label_of(code: str) -> str:
    """The KPI's name in the page's language: the lib keeps "日本語 / English"."""
    return _in_language(lib.BY_CODE[code].label)


def definition_of(code: str) -> str:
    """How the KPI is counted, in the page's language ("" for the self-evident ones)."""
    return _in_language(lib.BY_CODE[code].definition)


def bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """A month in Japan time, as aware datetimes [start, end)."""
    start = dt.datetime.combine(lib.month_start(month), dt.time(), tzinfo=TOKYO)
    end = dt.datetime.combine(lib.add_months(lib.month_start(month), 1), dt.time(), tzinfo=TOKYO)
    return start, end


def this_month() -> dt.date:
    return lib.month_start(timezone.now().astimezone(TOKYO).date())


def _month_of(moment: dt.datetime) -> dt.date:
    return lib.month_start(moment.astimezone(TOKYO).date())


def member_company_ids(group: Group) -> set[int]:
    """Current manufacturing members: who can answer an inquiry or claim a work package."""
    return set(
        Membership.objects.for_group(group)
        .current()
        .filter(company__kind=CompanyKind.MANUFACTURER)
        .values_list("company_id", flat=True)
    )


def operational_by_month(
    group: Group, months: list[dt.date], now: dt.datetime | None = None
) -> dict[dt.date, dict[str, float | None]]:
    """The operational KPIs of each month, read with one query per kind of record for the
    whole span (the trend charts ask for twelve months at once)."""
    now = now or timezone.now()
    start, end = bounds(min(months))[0], bounds(max(months))[1]
    inquiries = list(
        Inquiry.objects.for_group(group)
        .filter(received_at__gte=start, received_at__lt=end)
        .values(
            "pk", "received_at", "first_reply_at", "reply_due_at", "reply_breached_at", "status"
        )
    )
    # The month's inquiries quoted, and of those the ones ordered (an order is always of a
    # quote that was sent): one query for both rates of the funnel.
    quoted_ids: set[int] = set()
    ordered_ids: set[int] = set()
    for inquiry_id, order_id in (
        Quote.objects.filter(
            inquiry__group=group, inquiry__received_at__gte=start, inquiry__received_at__lt=end
        )
        .exclude(sent_at=None)
        .values_list("inquiry_id", "order__id")
    ):
        quoted_ids.add(inquiry_id)
        if order_id is not None:
            ordered_ids.add(inquiry_id)
    orders = list(
        Order.objects.filter(
            inquiry__group=group, created_at__gte=start, created_at__lt=end
        ).values_list("created_at", "total_yen")
    )
    answers = list(
        Answer.objects.filter(
            referral__inquiry__group=group, created_at__gte=start, created_at__lt=end
        ).values_list("created_at", "referral__company_id")
    )
    members = member_company_ids(group)
    claims = kpi_sources.claiming_companies(group, months)
    on_time = kpi_sources.on_time_rates(group, months, now)
    knowledge = kpi_sources.knowledge_contributions(group, months)
    # The group's own products sold (incl. tax, as an order's total is), counted with the orders.
    products = kpi_sources.product_sales(group, months)
    result = {}
    for month in months:
        rows = [row for row in inquiries if _month_of(row["received_at"]) == month]
        # The clock has ended when the first reply went out, a breach was recorded, or the
        # promise has passed without a reply.
        ended = [
            row
            for row in rows
            if row["first_reply_at"]
            or row["reply_breached_at"]
            or (row["reply_due_at"] and row["reply_due_at"] < now)
        ]
        in_time = [
            row
            for row in ended
            if row["first_reply_at"]
            and row["reply_due_at"]
            and row["first_reply_at"] <= row["reply_due_at"]
        ]
        # Counted by the month the inquiry came in, so each rate's part is within its whole.
        quoted = sum(row["pk"] in quoted_ids for row in rows)
        ordered = sum(row["pk"] in ordered_ids for row in rows)
        answered = {company for at, company in answers if _month_of(at) == month}
        claimed = claims.get(month, set())
        result[month] = {
            "inquiries": float(len(rows)),
            "reply_rate": lib.rate(len(in_time), len(ended)),
            "quote_rate": lib.rate(quoted, len(rows)),
            "win_rate": lib.rate(ordered, quoted),
            "sales": float(
                sum(total for at, total in orders if _month_of(at) == month) + products[month][1]
            ),
            "on_time": on_time[month],
            "participation": lib.rate(len((answered | claimed) & members), len(members)),
            "knowledge": knowledge[month],
        }
    return result


def operational(
    group: Group, month: dt.date, now: dt.datetime | None = None
) -> dict[str, float | None]:
    month = lib.month_start(month)
    return operational_by_month(group, [month], now)[month]


def external_by_month(
    group: Group, months: list[dt.date]
) -> dict[dt.date, dict[str, float | None]]:
    """The external effects entered for each month, summed by kind."""
    found: dict[dt.date, dict[str, float | None]] = {
        month: dict.fromkeys(lib.EXTERNAL, 0.0) for month in months
    }
    rows = ExternalEffect.objects.filter(
        group=group,
        occurred_on__gte=lib.month_start(min(months)),
        occurred_on__lt=lib.add_months(lib.month_start(max(months)), 1),
    ).values_list("occurred_on", "kind", "count")
    for day, kind, count in rows:
        month = lib.month_start(day)
        if month in found and kind in found[month]:
            found[month][kind] = (found[month][kind] or 0.0) + count
    return found


def external(group: Group, month: dt.date) -> dict[str, float | None]:
    month = lib.month_start(month)
    return external_by_month(group, [month])[month]


def targets(group: Group) -> dict[str, KpiTarget]:
    return {t.kpi: t for t in KpiTarget.objects.filter(group=group)}


def readings(group: Group, month: dt.date | None = None) -> list[Reading]:
    month = month or this_month()
    values = operational(group, month) | external(group, month)
    goals = targets(group)
    missing = kpi_sources.unavailable()
    result = []
    for kpi in lib.KPIS:
        goal = goals.get(kpi.code)
        value = values[kpi.code]
        target = goal.target if goal else None
        tolerance = goal.tolerance if goal else 0.0
        result.append(
            Reading(
                code=kpi.code,
                label=label_of(kpi.code),
                unit=kpi.unit,
                value=value,
                target=target,
                tolerance=tolerance,
                status=lib.status(value, target, tolerance, kpi.higher_is_better),
                available=kpi.code not in missing,
                definition=definition_of(kpi.code),
            )
        )
    return result


def trends(
    group: Group, month: dt.date | None = None, months: int = 12
) -> dict[str, list[float | None]]:
    """Every KPI for each of the last ``months`` months, oldest first."""
    span = lib.last_months(month or this_month(), months)
    by_month = operational_by_month(group, span)
    effects = external_by_month(group, span)
    series: dict[str, list[float | None]] = {kpi.code: [] for kpi in lib.KPIS}
    for each in span:
        values = by_month[each] | effects[each]
        for code, value in values.items():
            series[code].append(value)
    return series
