"""Diagnostic control (Simons, seed l.1309–1480) with no Django import: the KPIs a group watches,
how a value compares with its target and tolerance, months, and a trend chart's geometry.

The seed asks to judge a group by financial outcomes and by external effects (l.1550–1562,
5446–5456): both kinds are here; external effects are counted by hand.
"""

import datetime as dt
from dataclasses import dataclass

OK, WARN, ALERT, NONE = "ok", "warn", "alert", "none"


@dataclass(frozen=True)
class Kpi:
    code: str
    label: str
    unit: str  # "count", "percent", "yen"
    higher_is_better: bool = True
    external: bool = False  # an external effect entered by hand


KPIS: tuple[Kpi, ...] = (
    Kpi("inquiries", "引き合い件数 / inquiries per month", "count"),
    Kpi("reply_rate", "期限内回答率 / reply within promise", "percent"),
    Kpi("quote_rate", "見積率 / quote rate", "percent"),
    Kpi("win_rate", "受注率 / win rate", "percent"),
    Kpi("sales", "売上 / sales (yen)", "yen"),
    Kpi("on_time", "納期遵守率 / on-time delivery", "percent"),
    Kpi("participation", "会員参加率 / member participation", "percent"),
    Kpi("knowledge", "知識の投稿 / knowledge contributions", "count"),
    # External effects (l.1550–1562, 5452): people developed, hires, media, visitors, patents,
    # subsidies won, events.
    Kpi("trained", "人材育成 / people trained", "count", external=True),
    Kpi("hires", "採用 / hires", "count", external=True),
    Kpi("media", "メディア掲載 / media mentions", "count", external=True),
    Kpi("visitors", "交流人口 / visitors", "count", external=True),
    Kpi("patents", "特許 / patents", "count", external=True),
    Kpi("subsidies", "補助金採択 / subsidies won", "count", external=True),
    Kpi("events", "イベント / events", "count", external=True),
)
BY_CODE = {kpi.code: kpi for kpi in KPIS}
OPERATIONAL = tuple(kpi.code for kpi in KPIS if not kpi.external)
EXTERNAL = tuple(kpi.code for kpi in KPIS if kpi.external)


def rate(part: int, whole: int) -> float | None:
    """Percent, or None when there is nothing to divide by (no value is not 0 %)."""
    if whole <= 0:
        return None
    return round(100.0 * part / whole, 1)


def status(
    value: float | None, target: float | None, tolerance: float, higher_is_better: bool = True
) -> str:
    """OK at or beyond the target; WARN within the tolerance short of it; ALERT beyond that."""
    if value is None or target is None:
        return NONE
    shortfall = (target - value) if higher_is_better else (value - target)
    if shortfall <= 0:
        return OK
    if shortfall <= tolerance:
        return WARN
    return ALERT


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    total = month.year * 12 + month.month - 1 + count
    return dt.date(total // 12, total % 12 + 1, 1)


def last_months(month: dt.date, count: int = 12) -> list[dt.date]:
    """The ``count`` months ending with ``month``, oldest first."""
    first = month_start(month)
    return [add_months(first, offset) for offset in range(-count + 1, 1)]
