"""The external-effects report for a city or a bank (seed l.1550–1562, 5446–5456), as a PDF in
Japanese with the font embedded (core.pdf, as every renkei PDF)."""

import datetime as dt
import io
from typing import TYPE_CHECKING

from renkei.cockpit import kpis
from renkei.core.pdf import FONT, register_font
from renkei.lib import kpi as lib
from renkei.lib import svgchart
from renkei.orgs.choices import Stage
from renkei.orgs.models import Group

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

LEFT, TOP = 50, 790
BOTTOM = 60  # above the footer line


def _figure(reading: kpis.Reading) -> str:
    if not reading.available:
        return "未集計 (not available yet)"
    if reading.value is None:
        return "—"
    if reading.unit == "percent":
        return f"{reading.value:.1f} %"
    if reading.unit == "yen":
        return f"¥{reading.value:,.0f}"
    return f"{reading.value:,.0f}"


def year_totals(group: Group, month: dt.date) -> dict[str, float]:
    """External effects summed over the 12 months ending with ``month``."""
    totals = dict.fromkeys(lib.EXTERNAL, 0.0)
    for values in kpis.external_by_month(group, lib.last_months(month)).values():
        for code, value in values.items():
            totals[code] += value or 0.0
    return totals


def render_report(group: Group, month: dt.date | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    register_font()
    month = month or kpis.this_month()
    readings = kpis.readings(group, month)
    totals = year_totals(group, month)
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=A4, initialFontName=FONT)
    pdf.setTitle(f"外部効果報告 {group.name} {month:%Y-%m}")
    pdf.setFont(FONT, 16)
    pdf.drawString(LEFT, TOP, f"{group.name} 外部効果報告書")
    pdf.setFont(FONT, 10)
    pdf.drawString(
        LEFT, TOP - 20, f"対象月 {month:%Y年%m月} ・ 成長段階 {Stage(group.stage).label}"
    )
    pdf.drawString(LEFT, TOP - 34, "評価軸: 成果指標 (Outcome) と外部効果 (External Effects)")
    y = TOP - 64
    pdf.setFont(FONT, 12)
    pdf.drawString(LEFT, y, "外部効果 (直近12か月)")
    pdf.setFont(FONT, 10)
    y -= 18
    for code in lib.EXTERNAL:
        pdf.drawString(LEFT + 10, y, _japanese(code))
        pdf.drawRightString(500, y, f"{totals[code]:,.0f}")
        y -= 15
    y -= 12
    pdf.setFont(FONT, 12)
    pdf.drawString(LEFT, y, f"成果指標 ({month:%Y年%m月})")
    pdf.setFont(FONT, 10)
    y -= 18
    for reading in readings:
        if reading.external:
            continue
        pdf.drawString(LEFT + 10, y, _japanese(reading.code))
        pdf.drawRightString(500, y, _figure(reading))
        y -= 15
    y = _financial_outcomes(pdf, group, month, y - 12)
    _effects_chart(pdf, [(_japanese(code), totals[code]) for code in lib.EXTERNAL], y - 16)
    _footer(pdf)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _footer(pdf: "Canvas") -> None:
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(FONT, 8)
    # The source is the seed's evaluation axes (l.1550–1562, 5446–5456); a city or a bank reads
    # the report, so its footer names the idea, not the line numbers.
    pdf.drawString(LEFT, 40, "renkei 連携 — 出典: ものづくり連携活動の評価軸（成果指標と外部効果）")


def _effects_chart(pdf: "Canvas", items: list[tuple[str, float]], top: float) -> None:
    """The external effects as bars, placed by the same geometry as the dashboard's SVG (one
    unit of the SVG's viewBox is one point here; the PDF's y grows upwards)."""
    chart = svgchart.bar_chart(
        items, ident="effects", title="", desc="", fmt=lambda v: f"{v:,.0f}", width=400
    )
    if top - 8 - chart.height < BOTTOM:
        # Eleven effects and the tables before them fill the first page: the chart goes on a
        # page of its own rather than past the paper's edge.
        _footer(pdf)
        pdf.showPage()
        top = TOP
    pdf.setFont(FONT, 12)
    pdf.drawString(LEFT, top, "外部効果のグラフ (直近12か月)")
    top -= 8
    for bar in chart.bars:
        pdf.setFillColorRGB(0.11, 0.14, 0.19)
        pdf.setFont(FONT, 9)
        pdf.drawString(LEFT + 10, top - bar.y + 3, bar.label)
        pdf.setFillColorRGB(0.04, 0.31, 0.54)
        width = abs(bar.length)
        if width > 0:
            start = min(bar.x, bar.x + bar.length)
            pdf.rect(LEFT + 10 + start, top - bar.y - bar.height, width, bar.height, 0, 1)
        end = max(bar.x, bar.x + bar.length)
        pdf.drawString(LEFT + 14 + end, top - bar.y - bar.height + 3, bar.value_text)
    pdf.setFillColorRGB(0, 0, 0)


def _japanese(code: str) -> str:
    """The report is in Japanese only: the lib's labels are "日本語 / English"."""
    return lib.BY_CODE[code].label.partition(" / ")[0]


def _financial_outcomes(pdf: "Canvas", group: Group, month: dt.date, y: int) -> int:
    """The group's money over the 12 months (利益 is an outcome, seed l.1550–1560): aggregates
    only, never one job's price (renkei.settlement.services.books.year_outcomes)."""
    from renkei.settlement.services.books import year_outcomes

    figures = year_outcomes(group, month)
    pdf.setFont(FONT, 12)
    pdf.drawString(LEFT, y, "財務成果 (直近12か月、税抜)")
    pdf.setFont(FONT, 10)
    y -= 18
    for label, code in (
        ("売上高(顧客)", "sales"),
        ("会員間取引高", "trade"),
        ("手数料収入", "fees"),
        ("利益(手数料収入。その他の費用は未記録)", "profit"),
    ):
        pdf.drawString(LEFT + 10, y, label)
        pdf.drawRightString(500, y, f"¥{figures[code]:,}")
        y -= 15
    return y
