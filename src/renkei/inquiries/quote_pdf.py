"""The quote as a PDF (御見積書), in Japanese with the font embedded (core.pdf), so every viewer
shows it as sent."""

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from renkei.core.pdf import FONT, register_font
from renkei.inquiries.customer_quote import CustomerQuote, customer_quote
from renkei.inquiries.models import Quote

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

LEFT, RIGHT, TOP = 50, 545, 790


def _yen(amount: int | Decimal) -> str:
    return f"¥{amount:,}"


def _delivery(quote: Quote) -> list[str]:
    """The one delivery promise: business days on the group's calendar, and the date itself
    once ordered (the same date the order, the project and the tracking page show)."""
    days = quote.lead_business_days
    promised = quote.promised_delivery
    if promised is not None:
        return [f"納期: {promised:%Y年%m月%d日}（ご注文から {days} 営業日）"]
    lines = [f"納期: ご注文から {days} 営業日（休業日・祝日を除く）"]
    if quote.is_open or quote.sent_at is None:
        lines.append(f"　　 本日ご注文の場合 {quote.delivery_if_ordered_today:%Y年%m月%d日}")
    return lines


def render_quote(quote: Quote) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    register_font()
    inquiry, group = quote.inquiry, quote.inquiry.group
    buffer = io.BytesIO()
    pdf = Canvas(buffer, pagesize=A4, initialFontName=FONT)
    pdf.setTitle(f"御見積書 {inquiry.reference}")
    pdf.setFont(FONT, 18)
    pdf.drawCentredString(A4[0] / 2, TOP, "御見積書")
    pdf.setFont(FONT, 10)
    issued = timezone.localtime(quote.sent_at or timezone.now()).date()
    pdf.drawRightString(RIGHT, TOP - 30, f"{inquiry.reference}  第{quote.revision}版")
    pdf.drawRightString(RIGHT, TOP - 44, f"発行日 {issued:%Y年%m月%d日}")
    pdf.setFont(FONT, 12)
    pdf.drawString(LEFT, TOP - 60, f"{inquiry.customer_company} 御中")
    pdf.setFont(FONT, 10)
    pdf.drawString(LEFT, TOP - 76, f"{inquiry.contact_name} 様")
    pdf.drawRightString(RIGHT, TOP - 76, group.name)
    if group.contact_email:
        pdf.drawRightString(RIGHT, TOP - 90, group.contact_email)
    pdf.drawString(LEFT, TOP - 110, f"件名: {inquiry.title}"[:80])
    pdf.setFont(FONT, 14)
    pdf.drawString(LEFT, TOP - 136, f"御見積金額 {_yen(quote.total)}（税込）")
    # The customer's PDF shows the group's fee only where the group chose to (the tracking
    # page does the same): otherwise it is folded into the lines, the total unchanged.
    shown = customer_quote(quote, show_fee=group.show_fee_to_customers)
    y = _table(pdf, shown, TOP - 170)
    pdf.setFont(FONT, 10)
    y -= 10
    rows: list[tuple[str, int]] = [("小計", shown.subtotal)]
    if shown.fee is not None:
        rows.append((f"取りまとめ手数料 ({quote.fee_percent:g}%)", shown.fee))
    rows += [("消費税 (10%)", shown.tax), ("合計", shown.total)]
    for label, value in rows:
        pdf.drawString(330, y, label)
        pdf.drawRightString(RIGHT, y, _yen(value))
        y -= 16
    y -= 10
    for line in _delivery(quote):
        pdf.drawString(LEFT, y, line)
        y -= 16
    pdf.drawString(LEFT, y, f"有効期限: {quote.valid_until:%Y年%m月%d日}")
    y -= 20
    for line in quote.notes.splitlines()[:12]:
        pdf.drawString(LEFT, y, line[:70])
        y -= 14
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _table(draw: "Canvas", quote: CustomerQuote, y: float) -> float:
    draw.setFont(FONT, 9)
    columns = ((LEFT, "品名・内容"), (350, "数量"), (430, "単価"), (RIGHT, "金額"))
    for x, title in columns:
        if x == LEFT:
            draw.drawString(x, y, title)
        else:
            draw.drawRightString(x, y, title)
    draw.line(LEFT, y - 4, RIGHT, y - 4)
    y -= 18
    for line in quote.lines:
        draw.drawString(LEFT, y, line.description[:40])
        draw.drawRightString(350, y, f"{line.quantity:,}")
        draw.drawRightString(430, y, _yen(line.unit_price))
        draw.drawRightString(RIGHT, y, _yen(line.amount))
        y -= 16
    draw.line(LEFT, y + 8, RIGHT, y + 8)
    return y
