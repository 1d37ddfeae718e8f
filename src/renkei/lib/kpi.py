"""Diagnostic control (Simons, seed l.1309–1480) with no Django import: the KPIs a group watches,
how a value compares with its target and tolerance, months, and a trend chart's geometry.

The seed asks to judge a group by financial outcomes and by external effects (l.1550–1562,
5446–5456): both kinds are here; external effects are counted by hand.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

OK, WARN, ALERT, NONE = "ok", "warn", "alert", "none"


@dataclass(frozen=True)
class Kpi:
    code: str
    label: str
    unit: str  # "count", "percent", "yen"
    higher_is_better: bool = True
    external: bool = False  # an external effect entered by hand
    definition: str = ""  # how it is counted, "日本語 / English" like the label


KPIS: tuple[Kpi, ...] = (
    Kpi("inquiries", "引き合い件数 / inquiries per month", "count"),
    Kpi("reply_rate", "期限内回答率 / reply within promise", "percent"),
    # The funnel as ロダン21 counts it (seed l.489–491: 1,000 inquiries a year, 300 quotes
    # returned, 100 orders): quotes over inquiries, orders over quotes sent — not over the
    # inquiries decided, which hid the quotes that were never answered.
    Kpi(
        "quote_rate",
        "見積率 / quote rate",
        "percent",
        definition="見積を送った引き合い ÷ 引き合い / inquiries quoted ÷ inquiries",
    ),
    Kpi(
        "win_rate",
        "受注率 / win rate",
        "percent",
        definition="受注した引き合い ÷ 見積を送った引き合い / inquiries ordered ÷ inquiries quoted",
    ),
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
    # The seed's other external effects by name (l.1554, 1558–1562, 5452): successors found,
    # brand assets and the regional brand, the place made a tourist resource, social
    # contribution — each counted by hand as the others are.
    Kpi("successors", "後継者の発掘 / successors found", "count", external=True),
    Kpi(
        "brand", "ブランド資産・地域ブランド / brand assets, regional brand", "count", external=True
    ),
    Kpi("tourism", "観光資源化 / tourist resources", "count", external=True),
    Kpi("social", "社会貢献 / social contribution", "count", external=True),
)
BY_CODE = {kpi.code: kpi for kpi in KPIS}
OPERATIONAL = tuple(kpi.code for kpi in KPIS if not kpi.external)
EXTERNAL = tuple(kpi.code for kpi in KPIS if kpi.external)


PERCENT_STEP = Decimal("0.1")


def percent_half_up(part: int, whole: int) -> float:
    """``part`` of ``whole`` in percent to one decimal, a half rounded up (四捨五入: 1/16 is
    6.3 %, where float ``round`` gives 6.2). Computed in Decimal from the integer counts so
    that no binary fraction decides a tie. ``whole`` must be positive."""
    exact = Decimal(100 * part) / Decimal(whole)
    return float(exact.quantize(PERCENT_STEP, rounding=ROUND_HALF_UP))


def rate(part: int, whole: int) -> float | None:
    """Percent (one decimal, half up), or None when there is nothing to divide by (no value is
    not 0 %)."""
    if whole <= 0:
        return None
    return percent_half_up(part, whole)


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
