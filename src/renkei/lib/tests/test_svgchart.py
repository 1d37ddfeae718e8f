"""The SVG charts' geometry and markup: scaling, ticks, gaps, a single point, negative values,
values far above the target, and text that must be escaped."""

import itertools
import xml.etree.ElementTree as ET

import pytest

from renkei.lib import svgchart

NS = {"svg": "http://www.w3.org/2000/svg"}
MONTHS = [f"{m}月" for m in range(1, 13)]


def fmt(value: float) -> str:
    return f"{value:g}"


def chart(values, **kwargs):
    defaults = {"ident": "c", "title": "引き合い件数", "desc": "12か月", "fmt": fmt}
    labels = kwargs.pop("x_labels", MONTHS[: len(values)])
    return svgchart.line_chart(values, labels, **(defaults | kwargs))


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 — the module's own markup


def texts(root: ET.Element, css: str) -> list[str]:
    return [
        el.text or ""
        for el in root.iter("{http://www.w3.org/2000/svg}text")
        if css in el.get("class", "").split()
    ]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 10, (0, 2.5, 5, 7.5, 10)),
        (0, 97, (0, 25, 50, 75, 100)),
        (0, 1_234_567, (0, 500_000, 1_000_000, 1_500_000)),
        (-3, 7, (-5, 0, 5, 10)),
        (0, 0, (0, 0.25, 0.5, 0.75, 1)),
        (0, 0.3, (0, 0.1, 0.2, 0.3)),
    ],
)
def test_ticks_are_round_and_cover_the_range(low, high, expected):
    assert svgchart.nice_ticks(low, high) == pytest.approx(expected)


def test_counts_get_whole_number_ticks():
    ticks = svgchart.nice_ticks(0, 3, integer=True)
    assert ticks == (0, 1, 2, 3) and all(float(t).is_integer() for t in ticks)
    assert svgchart.nice_ticks(0, 0, integer=True) == (0, 1)


def test_values_are_scaled_into_the_plot_with_the_highest_tick_at_its_top():
    c = chart([0.0, 5.0, 10.0])
    left, top, right, bottom = c.plot
    assert c.points[0] == pytest.approx((left, bottom))
    assert c.points[-1] == pytest.approx((right, top))
    assert c.points[1][1] == pytest.approx((top + bottom) / 2)
    assert [text for _y, text in c.y_ticks] == ["0", "2.5", "5", "7.5", "10"]


def test_months_without_a_figure_break_the_line_and_get_no_point():
    c = chart([1.0, None, 3.0, 4.0])
    assert len(c.points) == 3
    assert [len(segment) for segment in c.segments] == [1, 2]
    root = parse(c.svg())
    assert len(root.findall("svg:polyline", NS)) == 1  # a lone point is a dot, not a line


def test_an_empty_series_draws_axes_and_says_so():
    c = chart([None] * 12, empty_text="まだ数値がありません")
    root = parse(c.svg())
    assert c.points == () and c.latest is None
    assert texts(root, "empty") == ["まだ数値がありません"]
    assert texts(root, "tick")  # the axes are still there
    assert root.find("svg:polyline", NS) is None


def test_one_point_is_centred_and_labelled():
    c = chart([7.0], x_labels=["5月"])
    left, _top, right, _bottom = c.plot
    assert c.latest is not None and c.latest[0] == pytest.approx((left + right) / 2)
    assert texts(parse(c.svg()), "value-label") == ["7"]


def test_negative_and_zero_values_get_a_zero_line_inside_the_range():
    c = chart([-20.0, 0.0, 30.0])
    root = parse(c.svg())
    labels = [text for _y, text in c.y_ticks]
    assert labels[0].startswith("-") and "0" in labels
    assert c.zero_y is not None
    assert c.plot[1] < c.zero_y < c.plot[3]
    assert root.find("svg:line[@class='axis zero']", NS) is not None
    assert chart([0.0, 0.0]).zero_y is None  # all zero: the x axis is the zero line


def test_values_far_above_the_target_keep_both_in_view():
    c = chart([500.0, 1_000.0], target=10.0, target_label="目標")
    _left, top, _right, bottom = c.plot
    assert c.target_y is not None and top <= c.target_y <= bottom
    assert c.points[-1][1] == pytest.approx(top)
    root = parse(c.svg())
    assert texts(root, "target-label") == ["目標 10"]
    target = root.find("svg:line[@class='target']", NS)
    assert target is not None and target.get("stroke-dasharray")


def test_a_target_above_every_value_raises_the_scale():
    c = chart([1.0, 2.0], target=90.0)
    assert c.y_ticks[-1][1] == "100"
    assert c.target_y is not None and c.target_y > c.plot[1]


def test_the_target_label_sits_away_from_the_latest_value():
    at_right = chart([1.0, 2.0, 3.0], target=2.0)
    at_left = chart([3.0, None, None], target=2.0)
    assert _label(at_right, "target-label").anchor == "start"
    assert _label(at_left, "target-label").anchor == "end"
    assert _label(at_left, "value-label").anchor == "start"


def _label(c: svgchart.LineChart, css: str) -> svgchart.Label:
    return next(label for label in c.labels if label.css == css)


def test_crowded_month_labels_are_thinned_and_the_last_is_kept():
    wide = [f"2026年{m}月" for m in range(1, 13)]
    c = chart([float(i) for i in range(12)], x_labels=wide)
    shown = [label.text for label in c.x_labels if label.css == "tick"]
    assert 2 <= len(shown) < 12 and shown[-1] == "2026年12月"
    xs = [label.x for label in c.x_labels if label.css == "tick"]
    widest = max(svgchart.text_width(t) for t in wide)
    assert all(b - a >= widest for a, b in itertools.pairwise(xs))


def test_years_are_written_once_under_their_first_month():
    labels = ["11月", "12月", "1月", "2月"]
    groups = ["2025年", "2025年", "2026年", "2026年"]
    c = chart([1.0, 2.0, 3.0, 4.0], x_labels=labels, x_groups=groups)
    years = [(label.x, label.text) for label in c.x_labels if label.css == "tick group"]
    months = {label.text: label.x for label in c.x_labels if label.css == "tick"}
    assert years == [(months["11月"], "2025年"), (months["1月"], "2026年")]


def test_labels_never_leave_the_view_box():
    c = chart([1.0, 2.0], x_labels=["2025年12月", "2026年1月"])
    for label in c.x_labels:
        width = svgchart.text_width(label.text)
        start = {"start": label.x, "middle": label.x - width / 2, "end": label.x - width}
        assert start[label.anchor] >= 0 and start[label.anchor] + width <= c.width


def test_text_is_escaped_and_the_svg_is_well_formed_and_accessible():
    c = chart([1.0], x_labels=["<b>"], title='A & "B"', desc="<script>", unit="(件)")
    markup = c.svg()
    root = parse(markup)
    assert "<script>" not in markup and "<b>" not in markup
    assert root.find("svg:title", NS).text == 'A & "B"'
    assert root.find("svg:desc", NS).text == "<script>"
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c-title c-desc"
    assert root.get("viewBox") == "0 0 320 200" and root.get("width") is None
    assert texts(root, "unit") == ["(件)"]


def test_one_label_per_value_is_required():
    with pytest.raises(ValueError):
        svgchart.line_chart([1.0], [], ident="c", title="", desc="", fmt=fmt)


def test_bars_scale_to_the_largest_and_show_their_values():
    c = svgchart.bar_chart(
        [("人材育成", 4.0), ("交流人口", 1234.0), ("特許", 0.0)],
        ident="b",
        title="外部効果",
        desc="直近12か月",
        fmt=lambda v: f"{v:,.0f}",
    )
    small, large, zero = c.bars
    assert large.length > small.length > zero.length == 0
    assert large.x + large.length + svgchart.text_width("1,234") + 8 <= c.width
    root = parse(c.svg())
    assert texts(root, "bar-label") == ["人材育成", "交流人口", "特許"]
    assert texts(root, "value-label") == ["4", "1,234", "0"]


def test_no_bars_says_so():
    c = svgchart.bar_chart([], ident="b", title="t", desc="d", fmt=fmt, empty_text="なし")
    assert texts(parse(c.svg()), "empty") == ["なし"]


def test_a_flat_or_empty_series_keeps_the_scale_it_is_given():
    rates = chart([None, 0.0, None], at_least=100.0)
    assert [text for _y, text in rates.y_ticks] == ["0", "25", "50", "75", "100"]
    assert [text for _y, text in chart([], x_labels=[], integer=True, at_least=4).y_ticks] == [
        "0",
        "1",
        "2",
        "3",
        "4",
    ]


def test_a_value_at_the_top_is_labelled_above_its_point_inside_the_picture():
    c = chart([50.0, 100.0], at_least=100.0, unit="(%)")
    label = _label(c, "value-label")
    assert c.latest is not None and label.y < c.latest[1] and label.y - svgchart.FONT >= 0


def test_bars_may_carry_their_own_value_texts():
    c = svgchart.bar_chart(
        [("採用", 2.0), ("イベント", 4.0)],
        ident="b",
        title="t",
        desc="d",
        fmt=fmt,
        value_texts=["2人", "4回"],
    )
    assert texts(parse(c.svg()), "value-label") == ["2人", "4回"]
    with pytest.raises(ValueError):
        svgchart.bar_chart([("採用", 2.0)], ident="b", title="", desc="", fmt=fmt, value_texts=[])
