"""Small server-side SVG charts with no Django import: a line over time with its target, and
horizontal bars. Every page is served under a Content-Security-Policy without inline styles or
scripts, so the charts are plain markup styled by class from the app's own stylesheet, and they
scale with their ``viewBox`` (a 390 px phone shows the same chart as a desktop, smaller).

The caller formats every figure and date in the page's language; this module only places them.
Text widths are estimated (no font metrics on the server): a full-width character counts one em,
anything else 0.6 em, which errs on the wide side for Japanese and Latin alike.
"""

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape as _escape

# User units of the viewBox; the stylesheet sets the same size. The charts are 320 wide, about
# what a 390 px phone leaves inside a card, so a unit is a CSS pixel there.
FONT = 12.0
STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)


def esc(text: str) -> str:
    return _escape(text, {'"': "&quot;"})


def text_width(text: str, size: float = FONT) -> float:
    """An estimate of ``text``'s width at ``size``, on the wide side."""
    wide = sum(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    return size * (wide + 0.6 * (len(text) - wide))


def nice_ticks(low: float, high: float, most: int = 5, integer: bool = False) -> tuple[float, ...]:
    """Round tick values covering [low, high], at most ``most`` of them (at least two), at a step
    of 1, 2, 2.5 or 5 times a power of ten; whole numbers only when ``integer``."""
    if low > high:
        low, high = high, low
    if math.isclose(low, high):
        # One value (or none): a range around it, from zero when it is positive.
        low, high = (min(0.0, low), high if high > 0 else 1.0) if high >= 0 else (low, 0.0)
        if math.isclose(low, high):
            high = low + 1.0
    span = high - low
    for exponent in range(math.floor(math.log10(span / most)) - 1, 20):
        for factor in STEPS:
            step = factor * 10.0**exponent
            if integer and (step < 1 or not float(step).is_integer()):
                continue
            first = math.floor(low / step + 1e-9) * step
            last = math.ceil(high / step - 1e-9) * step
            count = round((last - first) / step) + 1
            if count <= most:
                return tuple(_clean(first + i * step) for i in range(max(count, 2)))
    raise ValueError("no ticks for this range")  # pragma: no cover — the loop always returns


def _clean(value: float) -> float:
    """0.30000000000000004 → 0.3, and -0.0 → 0.0."""
    return round(value, 10) + 0.0


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str  # "start", "middle" or "end"
    css: str


@dataclass(frozen=True)
class LineChart:
    """Where everything of a line chart goes, in the units of its viewBox."""

    ident: str
    width: float
    height: float
    title: str
    desc: str
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    y_ticks: tuple[tuple[float, str], ...]  # y, label
    x_labels: tuple[Label, ...]
    segments: tuple[tuple[tuple[float, float], ...], ...]  # runs of consecutive known values
    points: tuple[tuple[float, float], ...]
    latest: tuple[float, float] | None
    labels: tuple[Label, ...]  # the latest value, the target, the unit, "no figures"
    target_y: float | None
    zero_y: float | None  # drawn stronger when the range crosses zero

    def svg(self) -> str:
        return _line_svg(self)


def line_chart(
    values: Sequence[float | None],
    x_labels: Sequence[str],
    *,
    ident: str,
    title: str,
    desc: str,
    fmt: Callable[[float], str],
    value_fmt: Callable[[float], str] | None = None,
    target: float | None = None,
    target_label: str = "",
    unit: str = "",
    empty_text: str = "",
    x_groups: Sequence[str] | None = None,
    integer: bool = False,
    at_least: float = 0.0,
    width: float = 320.0,
    height: float = 200.0,
) -> LineChart:
    """A line through ``values`` (None: no figure that month, a gap in the line) over
    ``x_labels``, with y ticks formatted by ``fmt``, the target as a dashed line labelled
    ``target_label`` and the latest value labelled with ``value_fmt`` (default ``fmt``).
    ``x_groups`` (e.g. the year of each month) is written once under the first label of each.
    The value axis reaches at least ``at_least`` (100 for a percentage), so a flat or empty
    series keeps a scale a reader recognises."""
    if len(values) != len(x_labels):
        raise ValueError("one label per value")
    value_fmt = value_fmt or fmt
    known = [v for v in values if v is not None]
    bounds = [*known, *([target] if target is not None else [])]
    low, high = (min(bounds), max(bounds)) if bounds else (0.0, 1.0)
    ticks = nice_ticks(min(low, 0.0), max(high, 0.0, at_least), integer=integer)
    tick_texts = [fmt(t) for t in ticks]
    # Room above the highest tick for the unit and for a value label over a point at the top.
    top = (FONT + 4 if unit else 0.0) + FONT + 10
    bottom = height - (2 * FONT + 12 if x_groups else FONT + 10)
    left = max(text_width(t) for t in tick_texts) + 8
    right = width - 10
    lo, hi = ticks[0], ticks[-1]

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * (value - lo) / (hi - lo)

    count = len(values)
    step = (right - left) / (count - 1) if count > 1 else 0.0

    def x_of(index: int) -> float:
        return left + index * step if count > 1 else (left + right) / 2

    points = tuple((x_of(i), y_of(v)) for i, v in enumerate(values) if v is not None)
    segments: list[tuple[tuple[float, float], ...]] = []
    run: list[tuple[float, float]] = []
    for i, v in enumerate(values):
        if v is None:
            if run:
                segments.append(tuple(run))
            run = []
        else:
            run.append((x_of(i), y_of(v)))
    if run:
        segments.append(tuple(run))

    labels: list[Label] = []
    if unit:
        labels.append(Label(2, FONT + 2, unit, "start", "unit"))
    latest_index = max((i for i, v in enumerate(values) if v is not None), default=None)
    latest = None
    if latest_index is not None:
        value = values[latest_index]
        assert value is not None
        latest = (x_of(latest_index), y_of(value))
        text = value_fmt(value)
        anchor = "end" if latest[0] > (left + right) / 2 else "start"
        dx = -4 if anchor == "end" else 4
        # Above the point unless that leaves the picture; then below it.
        y = latest[1] - 8 if latest[1] - 8 - FONT >= 0 else latest[1] + FONT + 6
        labels.append(Label(latest[0] + dx, y, text, anchor, "value-label"))
    elif empty_text:
        labels.append(Label((left + right) / 2, (top + bottom) / 2, empty_text, "middle", "empty"))
    target_y = y_of(target) if target is not None else None
    if target_y is not None and target is not None:
        text = f"{target_label} {value_fmt(target)}".strip()
        # On the side away from the latest value, so the two labels do not overlap.
        at_right = latest is not None and latest[0] <= (left + right) / 2
        x, anchor = (right - 2, "end") if at_right else (left + 4, "start")
        y = target_y - 5 if target_y - 5 - FONT >= 0 else target_y + FONT + 3
        labels.append(Label(x, y, text, anchor, "target-label"))
    zero_y = y_of(0.0) if lo < 0 < hi else None
    return LineChart(
        ident=ident,
        width=width,
        height=height,
        title=title,
        desc=desc,
        plot=(left, top, right, bottom),
        y_ticks=tuple((y_of(t), text) for t, text in zip(ticks, tick_texts, strict=True)),
        x_labels=_x_labels(x_labels, x_groups, x_of, bottom, width),
        segments=tuple(segments),
        points=points,
        latest=latest,
        labels=tuple(labels),
        target_y=target_y,
        zero_y=zero_y,
    )


def label_step(count: int, slot: float, widest: float, gap: float = 8.0) -> int:
    """Label every ``step``-th point so that labels ``widest`` wide, ``slot`` apart, never
    touch; counted back from the last point, which is always labelled."""
    if count <= 1 or slot <= 0:
        return 1
    for step in (1, 2, 3, 4, 6, 12):
        if step * slot >= widest + gap:
            return step
    return max(1, count - 1)


def _x_labels(
    texts: Sequence[str],
    groups: Sequence[str] | None,
    x_of: Callable[[int], float],
    bottom: float,
    width: float,
) -> tuple[Label, ...]:
    count = len(texts)
    if not count:
        return ()
    slot = x_of(1) - x_of(0) if count > 1 else width
    step = label_step(count, slot, max(text_width(t) for t in texts))
    shown = [i for i in range(count) if (count - 1 - i) % step == 0]
    labels: list[Label] = []
    previous_group = None
    for i in shown:
        x = x_of(i)
        half = text_width(texts[i]) / 2
        anchor = "start" if x - half < 0 else "end" if x + half > width else "middle"
        labels.append(Label(x, bottom + FONT + 4, texts[i], anchor, "tick"))
        if groups is not None and groups[i] != previous_group:
            ghalf = text_width(groups[i]) / 2
            ganchor = "start" if x - ghalf < 0 else "end" if x + ghalf > width else "middle"
            labels.append(Label(x, bottom + 2 * FONT + 8, groups[i], ganchor, "tick group"))
            previous_group = groups[i]
    return tuple(labels)


def _f(value: float) -> str:
    return f"{value:.1f}"


def _text(label: Label) -> str:
    return (
        f'<text class="{label.css}" x="{_f(label.x)}" y="{_f(label.y)}" '
        f'text-anchor="{label.anchor}">{esc(label.text)}</text>'
    )


def _open(ident: str, width: float, height: float, css: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" id="{esc(ident)}" '
        f'viewBox="0 0 {width:g} {height:g}" preserveAspectRatio="xMidYMid meet" role="img" '
        f'aria-labelledby="{esc(ident)}-title {esc(ident)}-desc">',
        f'<title id="{esc(ident)}-title">{esc(title)}</title>',
        f'<desc id="{esc(ident)}-desc">{esc(desc)}</desc>',
    ]


def _line_svg(chart: LineChart) -> str:
    left, _top, right, bottom = chart.plot
    parts = _open(
        chart.ident, chart.width, chart.height, "chart line-chart", chart.title, chart.desc
    )
    parts.append('<g class="grid">')
    for y, _label in chart.y_ticks:
        parts.append(f'<line x1="{_f(left)}" x2="{_f(right)}" y1="{_f(y)}" y2="{_f(y)}"/>')
    parts.append("</g>")
    parts.append('<g class="y-axis">')
    for y, text in chart.y_ticks:
        parts.append(_text(Label(left - 6, y + FONT / 3, text, "end", "tick")))
    parts.append("</g>")
    parts.append(
        f'<line class="axis" x1="{_f(left)}" x2="{_f(right)}" y1="{_f(bottom)}" y2="{_f(bottom)}"/>'
    )
    if chart.zero_y is not None:
        z = _f(chart.zero_y)
        parts.append(
            f'<line class="axis zero" x1="{_f(left)}" x2="{_f(right)}" y1="{z}" y2="{z}"/>'
        )
    parts.append('<g class="x-axis">')
    parts.extend(_text(label) for label in chart.x_labels)
    parts.append("</g>")
    if chart.target_y is not None:
        t = _f(chart.target_y)
        parts.append(
            f'<line class="target" x1="{_f(left)}" x2="{_f(right)}" y1="{t}" y2="{t}" '
            'stroke-dasharray="6 4"/>'
        )
    for segment in chart.segments:
        if len(segment) > 1:
            points = " ".join(f"{_f(x)},{_f(y)}" for x, y in segment)
            parts.append(f'<polyline class="series" points="{points}"/>')
    for x, y in chart.points:
        css = "point latest" if (x, y) == chart.latest else "point"
        radius = 4 if (x, y) == chart.latest else 2.5
        parts.append(f'<circle class="{css}" cx="{_f(x)}" cy="{_f(y)}" r="{radius}"/>')
    parts.extend(_text(label) for label in chart.labels)
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: float  # top of the bar
    x: float  # where the bar starts (the zero line)
    length: float  # may be negative
    height: float


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one row each: the label above its bar, the value at the bar's end."""

    ident: str
    width: float
    height: float
    title: str
    desc: str
    bars: tuple[Bar, ...]
    zero_x: float
    empty_text: str

    def svg(self) -> str:
        return _bar_svg(self)


ROW = 2 * FONT + 16  # a label line, a bar and a gap


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    ident: str,
    title: str,
    desc: str,
    fmt: Callable[[float], str],
    empty_text: str = "",
    value_texts: Sequence[str] | None = None,
    width: float = 320.0,
) -> BarChart:
    """Bars scaled to the largest magnitude; each bar's label sits above it, so long names
    need no left margin that would squeeze the bars on a phone. ``value_texts``, when given,
    are written at the bars' ends instead of ``fmt``'s (a count each with its own unit)."""
    left, right = 4.0, width - 4.0
    texts = list(value_texts) if value_texts is not None else [fmt(v) for _l, v in items]
    if len(texts) != len(items):
        raise ValueError("one text per bar")
    room = right - left - (max((text_width(t) for t in texts), default=0.0) + 8)
    low = min([0.0, *(v for _l, v in items)])
    high = max([0.0, *(v for _l, v in items)])
    span = (high - low) or 1.0
    zero_x = left + room * (-low / span)
    bars = tuple(
        Bar(
            label=label,
            value_text=text,
            y=8 + i * ROW + FONT + 4,
            x=zero_x,
            length=room * value / span,
            height=FONT,
        )
        for i, ((label, value), text) in enumerate(zip(items, texts, strict=True))
    )
    height = 8 + max(len(items), 1) * ROW
    return BarChart(ident, width, height, title, desc, bars, zero_x, empty_text)


def _bar_svg(chart: BarChart) -> str:
    parts = _open(
        chart.ident, chart.width, chart.height, "chart bar-chart", chart.title, chart.desc
    )
    if not chart.bars and chart.empty_text:
        parts.append(
            _text(Label(chart.width / 2, chart.height / 2, chart.empty_text, "middle", "empty"))
        )
    for bar in chart.bars:
        start = min(bar.x, bar.x + bar.length)
        parts.append(_text(Label(4, bar.y - 4, bar.label, "start", "bar-label")))
        parts.append(
            f'<rect class="bar" x="{_f(start)}" y="{_f(bar.y)}" width="{_f(abs(bar.length))}" '
            f'height="{_f(bar.height)}" rx="2"/>'
        )
        end = max(bar.x, bar.x + bar.length)
        parts.append(
            _text(Label(end + 4, bar.y + FONT - 2, bar.value_text, "start", "value-label"))
        )
    if chart.bars:
        top, last = chart.bars[0].y - 2, chart.bars[-1].y + chart.bars[-1].height + 2
        z = _f(chart.zero_x)
        parts.append(f'<line class="axis" x1="{z}" x2="{z}" y1="{_f(top)}" y2="{_f(last)}"/>')
    parts.append("</svg>")
    return "".join(parts)
