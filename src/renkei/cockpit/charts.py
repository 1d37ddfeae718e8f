"""The cockpit's charts: each KPI's last twelve months as an SVG line with its target, and the
supporters' external effects as bars, with every figure written in the page's language.

The drawing is renkei.lib.svgchart's; here are the words and the units. A Japanese chart puts
the unit in brackets above the value axis, as Japanese reports do (（件）, （万円）), and writes
each figure with its counter (12件, 85.0%, 1,234,000円)."""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils import dateformat, formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext

from renkei.cockpit import kpis
from renkei.lib import kpi as lib
from renkei.lib import svgchart
from renkei.orgs.models import Group


def _japanese() -> bool:
    return not (get_language() or "ja").startswith("en")


def _counted(code: str, count: int) -> str:
    """A count with the KPI's own counter: 件 for inquiries, 人 for people, 回 for events."""
    n = f"{count:,}"
    forms = {
        "inquiries": ngettext("%(n)s inquiry", "%(n)s inquiries", count),
        "knowledge": ngettext("%(n)s article", "%(n)s articles", count),
        "trained": ngettext("%(n)s person trained", "%(n)s people trained", count),
        "hires": ngettext("%(n)s hire", "%(n)s hires", count),
        "media": ngettext("%(n)s mention", "%(n)s mentions", count),
        "visitors": ngettext("%(n)s visitor", "%(n)s visitors", count),
        "patents": ngettext("%(n)s patent", "%(n)s patents", count),
        "subsidies": ngettext("%(n)s subsidy won", "%(n)s subsidies won", count),
        "events": ngettext("%(n)s event", "%(n)s events", count),
    }
    return forms.get(code, "%(n)s") % {"n": n}


def _count_unit(code: str) -> str:
    """The unit written above a count's value axis."""
    units = {
        "inquiries": pgettext("unit above a chart's value axis", "(inquiries)"),
        "knowledge": pgettext("unit above a chart's value axis", "(articles)"),
        "trained": pgettext("unit above a chart's value axis", "(people)"),
        "hires": pgettext("unit above a chart's value axis", "(people)"),
        "media": pgettext("unit above a chart's value axis", "(mentions)"),
        "visitors": pgettext("unit above a chart's value axis", "(people)"),
        "patents": pgettext("unit above a chart's value axis", "(patents)"),
        "subsidies": pgettext("unit above a chart's value axis", "(subsidies)"),
        "events": pgettext("unit above a chart's value axis", "(events)"),
    }
    return units.get(code, "")


def yen(value: float) -> str:
    return gettext("¥%(amount)s") % {"amount": f"{value:,.0f}"}


def figure(code: str, value: float) -> str:
    """One figure of a KPI with its unit, as the chart's labels and its table write it."""
    unit = lib.BY_CODE[code].unit
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "yen":
        return yen(value)
    return _counted(code, round(value))


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.10g}"


def axis(code: str, values: Sequence[float]) -> tuple[Callable[[float], str], str]:
    """The value axis' tick format and unit. Large sums of money are counted in 万円 on a
    Japanese page and in thousands on an English one, so the ticks stay short on a phone."""
    unit = lib.BY_CODE[code].unit
    if unit == "percent":
        return _number, pgettext("unit above a chart's value axis", "(percent)")
    if unit == "yen":
        if max((abs(v) for v in values), default=0.0) >= 100_000:
            scale = 10_000 if _japanese() else 1_000
            label = pgettext("unit above a chart's value axis", "(thousand yen)")
            if _japanese():
                label = pgettext("unit above a chart's value axis", "(ten thousand yen)")
            return (lambda v: _number(v / scale)), label
        return _number, pgettext("unit above a chart's value axis", "(yen)")
    return _number, _count_unit(code)


def month_label(month: dt.date) -> str:
    return dateformat.format(month, "M")  # 5月 / May


def year_label(month: dt.date) -> str:
    return pgettext("a year under a chart's months", "%(year)s") % {"year": month.year}


def long_month(month: dt.date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")  # 2026年5月 / May 2026


# The least top of each unit's value axis: a rate is read against 100 %, and a month of zeros
# should not look like a scale of 0–1 件 or 0–1 円.
AT_LEAST = {"percent": 100.0, "count": 4.0, "yen": 100_000.0}


@dataclass(frozen=True)
class KpiChart:
    """A KPI's chart and what it shows in words, for the page and for a screen reader."""

    reading: kpis.Reading
    svg: SafeString
    summary: str
    rows: tuple[tuple[str, str], ...]  # (month, figure) for the table under the chart


def kpi_chart(
    reading: kpis.Reading, series: Sequence[float | None], months: Sequence[dt.date]
) -> KpiChart:
    code = reading.code
    known = [v for v in series if v is not None]
    least = AT_LEAST[lib.BY_CODE[code].unit]
    fmt, unit = axis(code, [*known, least, *([reading.target] if reading.target else [])])
    rows = tuple(
        (long_month(m), "—" if v is None else figure(code, v))
        for m, v in zip(months, series, strict=True)
    )
    summary = _summary(reading, series, months)
    chart = svgchart.line_chart(
        series,
        [month_label(m) for m in months],
        x_groups=[year_label(m) for m in months],
        ident=f"chart-{code}",
        title=reading.label,
        desc=summary,
        fmt=fmt,
        value_fmt=lambda v: figure(code, v),
        target=reading.target,
        target_label=gettext("Target"),
        unit=unit,
        empty_text=gettext("No figures yet"),
        integer=lib.BY_CODE[code].unit == "count",
        at_least=least,
    )
    return KpiChart(reading=reading, svg=_safe(chart.svg()), summary=summary, rows=rows)


def _summary(
    reading: kpis.Reading, series: Sequence[float | None], months: Sequence[dt.date]
) -> str:
    span = gettext("%(first)s to %(last)s.") % {
        "first": long_month(months[0]),
        "last": long_month(months[-1]),
    }
    latest = next(
        ((m, v) for m, v in zip(reversed(months), reversed(series), strict=True) if v is not None),
        None,
    )
    parts = [span]
    if latest is None:
        parts.append(gettext("No figures yet."))
    else:
        parts.append(
            gettext("Latest (%(month)s): %(value)s.")
            % {"month": long_month(latest[0]), "value": figure(reading.code, latest[1])}
        )
    if reading.target is not None:
        parts.append(
            gettext("Target: %(value)s.") % {"value": figure(reading.code, reading.target)}
        )
    # Japanese sentences follow one another without a space.
    return ("" if _japanese() else " ").join(parts)


def _safe(markup: str) -> SafeString:
    return mark_safe(markup)  # noqa: S308 — svgchart escapes every text it writes


def kpi_charts(
    group: Group, readings: list[kpis.Reading], codes: Sequence[str] = ()
) -> list[KpiChart]:
    """The charts of the available ``readings`` (only ``codes``, when given), over the twelve
    months ending this month."""
    series = kpis.trends(group)
    months = lib.last_months(kpis.this_month())
    return [
        kpi_chart(reading, series[reading.code], months)
        for reading in readings
        if reading.available and (not codes or reading.code in codes)
    ]


def effects_chart(effects: Sequence[tuple[str, str, float]]) -> SafeString:
    """The external effects of the last twelve months as bars (label, code, total)."""
    chart = svgchart.bar_chart(
        [(label, total) for label, _code, total in effects],
        ident="chart-effects",
        title=gettext("External effects (last 12 months)"),
        desc=" ".join(f"{label}: {figure(code, total)}." for label, code, total in effects),
        fmt=_number,
        value_texts=[figure(code, total) for _label, code, total in effects],
        empty_text=gettext("No figures yet"),
    )
    return _safe(chart.svg())
