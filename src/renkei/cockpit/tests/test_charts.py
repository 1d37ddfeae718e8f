"""The KPI page and the supporters' dashboard draw their charts as SVG with axes, values, the
target and a text alternative, in the page's language."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from renkei.cockpit import kpis
from renkei.cockpit.services.kpi import record_effect, set_target
from renkei.cockpit.tests.conftest import make_inquiry
from renkei.conftest_helpers import login
from renkei.lib import kpi as lib

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def svg_of(page: str, ident: str) -> ET.Element:
    """The SVG with ``ident`` cut out of the page and parsed as XML (it must be well-formed)."""
    found = re.search(rf'<svg [^>]*id="{ident}".*?</svg>', page, re.S)
    assert found, ident
    return ET.fromstring(found.group(0))  # noqa: S314 — renkei's own markup


def texts(root: ET.Element, css: str) -> list[str]:
    return [
        el.text or "" for el in root.iter(f"{SVG}text") if css in (el.get("class") or "").split()
    ]


def month_names() -> list[str]:
    with translation.override("ja"):
        return [f"{m.month}月" for m in lib.last_months(kpis.this_month())]


def test_the_kpi_chart_has_axes_the_target_and_the_latest_value(client, alice, group):
    for _ in range(3):
        make_inquiry(group, replied_after_hours=1)
    set_target(actor=alice, group=group, kpi="inquiries", target=5, tolerance=1)
    login(client, alice)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"

    with translation.override("ja"):
        page = client.get(f"/g/{group.slug}/cockpit/kpis/").content.decode()

    chart = svg_of(page, "chart-inquiries")
    assert chart.get("viewBox") and chart.get("role") == "img" and chart.get("width") is None
    assert chart.find(f"{SVG}title").text == "引き合い件数"
    assert "最新" in chart.find(f"{SVG}desc").text and "3件" in chart.find(f"{SVG}desc").text
    y_ticks = [t.text for t in chart.find(f"{SVG}g[@class='y-axis']")]
    assert y_ticks[0] == "0" and y_ticks[-1] in ("5", "6") and all(t.isdigit() for t in y_ticks)
    x_ticks = texts(chart, "tick")
    months = month_names()
    assert months[-1] in x_ticks and set(x_ticks) & set(months) == {
        t for t in x_ticks if t.endswith("月")
    }
    assert any(t.endswith("年") for t in x_ticks)  # the year under its first month
    assert texts(chart, "unit") == ["（件）"]
    target = chart.find(f"{SVG}line[@class='target']")
    assert target is not None and target.get("stroke-dasharray")
    assert texts(chart, "target-label") == ["目標 5件"]
    assert texts(chart, "value-label") == ["3件"]
    # The figures in words and in a table, for whoever cannot see the chart.
    assert "最新（" in page and "月ごとの数値" in page


def test_percent_and_yen_charts_carry_their_units(client, alice, group):
    make_inquiry(group, replied_after_hours=1)
    set_target(actor=alice, group=group, kpi="reply_rate", target=90, tolerance=5)
    set_target(actor=alice, group=group, kpi="sales", target=2_000_000, tolerance=0)
    login(client, alice)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"

    with translation.override("ja"):
        page = client.get(f"/g/{group.slug}/cockpit/kpis/").content.decode()

    rate = svg_of(page, "chart-reply_rate")
    assert texts(rate, "unit") == ["（%）"]
    assert texts(rate, "target-label") == ["目標 90.0%"]
    assert texts(rate, "value-label") == ["100.0%"]
    sales = svg_of(page, "chart-sales")
    assert texts(sales, "unit") == ["（万円）"]  # 2,000,000 yen is 200 on the axis
    assert "200" in [t.text for t in sales.find(f"{SVG}g[@class='y-axis']")]
    assert texts(sales, "target-label") == ["目標 2,000,000円"]


def test_an_english_page_writes_english_months_and_units(client, alice, group):
    make_inquiry(group, replied_after_hours=1)
    login(client, alice)

    page = client.get(f"/g/{group.slug}/cockpit/kpis/").content.decode()

    chart = svg_of(page, "chart-inquiries")
    assert chart.find(f"{SVG}title").text == "inquiries per month"
    assert texts(chart, "unit") == ["(inquiries)"]
    assert texts(chart, "value-label") == ["1 inquiry"]
    assert not [t for t in texts(chart, "tick") if "月" in t or "年" in t]
    assert texts(chart, "target-label") == []  # no target set: no target line
    assert chart.find(f"{SVG}line[@class='target']") is None


def test_a_kpi_with_no_figures_says_so_in_its_chart(client, alice, group):
    login(client, alice)

    page = client.get(f"/g/{group.slug}/cockpit/kpis/").content.decode()

    chart = svg_of(page, "chart-win_rate")  # no quote sent: no rate in any month
    assert texts(chart, "empty") == ["No figures yet"]
    assert chart.find(f"{SVG}polyline") is None


def test_the_supporters_dashboard_charts_effects_and_main_figures(client, alice, carol, group):
    record_effect(
        actor=alice, group=group, kind="visitors", occurred_on=kpis.this_month(), count=1234
    )
    record_effect(actor=alice, group=group, kind="hires", occurred_on=kpis.this_month(), count=4)
    make_inquiry(group, replied_after_hours=1)
    login(client, carol)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"

    with translation.override("ja"):
        page = client.get(f"/g/{group.slug}/cockpit/supporters/").content.decode()

    effects = svg_of(page, "chart-effects")
    labels = texts(effects, "bar-label")
    assert labels[:2] == ["人材育成", "採用"] and "交流人口" in labels
    values = dict(zip(labels, texts(effects, "value-label"), strict=True))
    assert values["交流人口"] == "1,234人" and values["採用"] == "4人"
    assert "交流人口: 1,234人" in effects.find(f"{SVG}desc").text
    for code in ("inquiries", "sales", "win_rate"):
        assert svg_of(page, f"chart-{code}").get("role") == "img"
    assert 'id="chart-participation"' not in page


def test_the_supporters_pdf_holds_the_effects_chart(client, alice, carol, group):
    import io

    from pypdf import PdfReader

    record_effect(actor=alice, group=group, kind="media", occurred_on=kpis.this_month(), count=3)
    login(client, carol)

    pdf = client.get(f"/g/{group.slug}/cockpit/supporters/report.pdf").content

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "外部効果のグラフ" in text
