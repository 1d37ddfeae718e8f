"""Every settlement document as a PDF, drawn from the plain :class:`~renkei.lib.documents.Document`
with the Japanese font embedded (core.pdf), so the file an archive keeps (電子帳簿保存法) reads the
same on any viewer.

A qualified invoice (適格請求書, 消費税法 §57-4①) carries: the issuer's name and registration
number, the transaction date or period, the lines with the reduced-rate items marked (※ and its
legend), the taxable amount and the tax per rate with the rate, and the recipient's name. A
credit note (適格返還請求書, §57-4③) names the invoice it corrects. A 仕入明細書 made by the buyer
prints the seller's (the recipient's) registration number and asks for confirmation within the
days the group set. A purchase order to a member gives the payment date (取適法: written terms).

``doc.extra`` keys read here: ``deemed_days`` (statement: days until deemed confirmed),
``subject`` (件名), ``payment_terms`` (支払条件, order confirmation and purchase order),
``purpose`` (領収書: 但し書き), ``prices_include_tax`` (the lines' amounts include the tax:
the group's own products, sold at 税込 prices).
"""

import datetime as dt
import io
from dataclasses import dataclass

from renkei.core import pdf
from renkei.core.pdf import LEFT, RIGHT, TOP, Column, Writer, draw_aligned, wrap, yen
from renkei.lib.documents import (
    BankAccount,
    Document,
    DocumentKind,
    Line,
    Party,
    Rounding,
    includes_tax,
)


@dataclass(frozen=True)
class _Kind:
    title: str
    subtitle: str
    lead: str  # the sentence under the parties
    amount: str  # the headline amount's label
    date_column: str
    due: str  # the label of doc.due_on; "" where the kind has none
    reference: str  # the label of doc.references


_KINDS = {
    "ja": {
        DocumentKind.INVOICE: _Kind(
            "請求書",
            "適格請求書",
            "下記のとおりご請求申し上げます。",
            "ご請求金額（税込）",
            "取引日",
            "お支払期限",
            "関連番号",
        ),
        DocumentKind.CREDIT_NOTE: _Kind(
            "適格返還請求書",
            "返品・値引き等の対価の返還",
            "下記のとおり対価の返還を行います。",
            "返還金額（税込）",
            "取引日",
            "返還予定日",
            "対象請求書",
        ),
        DocumentKind.ORDER_CONFIRMATION: _Kind(
            "注文請書",
            "",
            "下記のとおりご注文をお請けいたします。",
            "ご注文金額（税込）",
            "納期",
            "お支払期限",
            "貴社注文番号",
        ),
        DocumentKind.PURCHASE_ORDER: _Kind(
            "注文書",
            "",
            "下記のとおり発注いたします。",
            "発注金額（税込）",
            "納期",
            "お支払日",
            "受注番号",
        ),
        DocumentKind.STATEMENT: _Kind(
            "仕入明細書",
            "",
            "下記のとおりお支払いいたします。",
            "お支払金額（税込）",
            "取引日",
            "お支払日",
            "関連番号",
        ),
        DocumentKind.FEE_INVOICE: _Kind(
            "請求書（手数料）",
            "適格請求書",
            "下記のとおり手数料をご請求申し上げます。",
            "ご請求金額（税込）",
            "取引日",
            "お支払期限",
            "関連番号",
        ),
        DocumentKind.RECEIPT: _Kind(
            "領収書",
            "",
            "上記の金額を正に領収いたしました。",
            "領収金額（税込）",
            "取引日",
            "",
            "対象請求書",
        ),
    },
    "en": {
        DocumentKind.INVOICE: _Kind(
            "Invoice",
            "Qualified invoice",
            "We invoice you as follows.",
            "Amount due (tax incl.)",
            "Date",
            "Payment due",
            "Reference",
        ),
        DocumentKind.CREDIT_NOTE: _Kind(
            "Credit note",
            "Qualified return invoice",
            "We credit you as follows.",
            "Amount credited (tax incl.)",
            "Date",
            "Refund on",
            "Credited invoice",
        ),
        DocumentKind.ORDER_CONFIRMATION: _Kind(
            "Order confirmation",
            "",
            "We accept your order as follows.",
            "Order total (tax incl.)",
            "Delivery",
            "Payment due",
            "Your order number",
        ),
        DocumentKind.PURCHASE_ORDER: _Kind(
            "Purchase order",
            "",
            "We order as follows.",
            "Order total (tax incl.)",
            "Delivery",
            "Payment date",
            "Order",
        ),
        DocumentKind.STATEMENT: _Kind(
            "Payment statement",
            "",
            "We will pay you as follows.",
            "Amount paid (tax incl.)",
            "Date",
            "Payment date",
            "Reference",
        ),
        DocumentKind.FEE_INVOICE: _Kind(
            "Invoice (fee)",
            "Qualified invoice",
            "We invoice you our fee as follows.",
            "Amount due (tax incl.)",
            "Date",
            "Payment due",
            "Reference",
        ),
        DocumentKind.RECEIPT: _Kind(
            "Receipt",
            "",
            "Received with thanks.",
            "Amount received (tax incl.)",
            "Date",
            "",
            "Invoice",
        ),
    },
}

_WORDS = {
    "ja": {
        "number": "番号",
        "issued": "発行日",
        "registration": "登録番号",
        "representative": "代表者",
        "tel": "TEL",
        "email": "E-mail",
        "date": "取引年月日",
        "period": "取引期間",
        "received": "領収日",
        "subject": "件名",
        "terms": "お支払条件",
        "description": "品名・内容",
        "quantity": "数量",
        "unit_price": "単価",
        "rate": "税率",
        "amount": "金額（税抜）",
        "amount_incl": "金額（税込）",
        "rate_class": "税率区分",
        "taxable": "税抜金額",
        "tax": "消費税額",
        "gross": "税込金額",
        "total": "合計",
        "rate_row": "{rate}%対象",
        "exempt": "非課税・対象外",
        "legend": "※は軽減税率対象",
        "bank_issuer": "お振込先",
        "bank_recipient": "お振込先（貴社口座）",
        "notes": "備考",
        "purpose": "但し　{purpose}として",
        "continued": "（続き）",
        "to": "",
        "from": "",
        "rounding": "消費税は税率ごとに合計した金額から計算し、1円未満を{how}ています。",
        "rounding_incl": "価格は税込です。消費税は税率ごとの税込合計額から計算し"
        "（内税）、1円未満を{how}ています。",
        Rounding.DOWN: "切り捨て",
        Rounding.HALF_UP: "四捨五入し",
        Rounding.UP: "切り上げ",
        "confirm": "記載内容に誤りがある場合は、{days}日以内にご連絡ください。"
        "期限までにご連絡がない場合は確認済みとみなします。",
        "confirm_no_days": "記載内容に誤りがある場合は、速やかにご連絡ください。",
        "bank_kinds": "1=普通,2=当座,4=貯蓄",
        "holder": "口座名義",
        "branch": "支店",
    },
    "en": {
        "number": "No.",
        "issued": "Issued",
        "registration": "Registration No.",
        "representative": "Representative",
        "tel": "Tel",
        "email": "E-mail",
        "date": "Transaction date",
        "period": "Period",
        "received": "Received on",
        "subject": "Subject",
        "terms": "Payment terms",
        "description": "Description",
        "quantity": "Qty",
        "unit_price": "Unit price",
        "rate": "Tax",
        "amount": "Amount (excl.)",
        "amount_incl": "Amount (incl.)",
        "rate_class": "Rate",
        "taxable": "Taxable",
        "tax": "Tax",
        "gross": "Total",
        "total": "Total",
        "rate_row": "{rate}%",
        "exempt": "Exempt / outside",
        "legend": "※ reduced tax rate",
        "bank_issuer": "Pay to",
        "bank_recipient": "Paid to your account",
        "notes": "Notes",
        "purpose": "For {purpose}",
        "continued": "(continued)",
        "to": "To",
        "from": "From",
        "rounding": "Tax is computed once per rate on the rate's total and {how} to the yen.",
        "rounding_incl": "Prices include tax. The tax is taken out once per rate from the "
        "rate's total incl. tax and {how} to the yen.",
        Rounding.DOWN: "rounded down",
        Rounding.HALF_UP: "rounded half up",
        Rounding.UP: "rounded up",
        "confirm": "Please tell us of any error within {days} days; without word by then the "
        "statement is deemed confirmed.",
        "confirm_no_days": "Please tell us of any error without delay.",
        "bank_kinds": "1=Ordinary,2=Current,4=Savings",
        "holder": "Holder",
        "branch": "branch",
    },
}

# Documents whose due date is paid into the issuer's account, and those paid out to the
# recipient's (the group pays the member).
_PAID_TO_ISSUER = {DocumentKind.INVOICE, DocumentKind.FEE_INVOICE, DocumentKind.ORDER_CONFIRMATION}
_PAID_TO_RECIPIENT = {DocumentKind.STATEMENT, DocumentKind.PURCHASE_ORDER}
SEAL_SIZE = 52.0


def render_document(doc: Document, *, seal_png: bytes | None = None) -> bytes:
    """The PDF of ``doc`` (Japanese, or English when ``doc.language == "en"``), with the seal
    image beside the issuer when given. Raises core.pdf.FontMissingError without a font, and
    ValueError for a seal that is not a readable image."""
    language = "en" if doc.language == "en" else "ja"
    kind = _KINDS[language][doc.kind]
    words = _WORDS[language]
    seal = _seal(seal_png) if seal_png else None
    title = kind.title
    head = f"{title}  {words['number']} {doc.number}  {_addressee(doc.recipient, language)}"

    def draw(writer: Writer) -> None:
        _header(writer, doc, kind, words, language, seal)
        _lines(writer, doc, kind, words, language)
        _totals(writer, doc, words)
        _closing(writer, doc, kind, words, language)

    return pdf.render(
        draw,
        title=f"{title} {doc.number}",
        running_head=f"{head}  {words['continued']}",
        footer=f"{doc.issuer.name}  {doc.number}",
    )


def _seal(data: bytes) -> object:
    from reportlab.lib.utils import ImageReader

    try:
        image = ImageReader(io.BytesIO(data))
        image.getSize()
    except Exception as error:  # reportlab raises bare OSError/ValueError/PIL errors alike
        raise ValueError("the seal is not a readable PNG or JPEG image") from error
    return image


def _date(day: dt.date, language: str) -> str:
    return day.isoformat() if language == "en" else f"{day.year}年{day.month}月{day.day}日"


def _short_date(day: dt.date | None) -> str:
    return f"{day:%Y/%m/%d}" if day else ""


def _addressee(party: Party, language: str) -> str:
    if language == "en" or party.name.endswith(("御中", "様", "殿")):
        return party.name
    return f"{party.name} 御中"


def _bank(account: BankAccount, words: dict[str, str]) -> str:
    kinds = dict(pair.split("=") for pair in words["bank_kinds"].split(","))
    kind = kinds.get(account.kind, account.kind)
    return (
        f"{account.bank_name}（{account.bank_code}） {account.branch_name}"
        f"{'' if account.branch_name.endswith(('支店', '店')) else ' ' + words['branch']}"
        f"（{account.branch_code}） {kind} {account.number}  "
        f"{words['holder']} {account.holder_kana}"
    )


def _party_lines(party: Party, words: dict[str, str], *, issuer: bool) -> list[tuple[str, float]]:
    lines: list[tuple[str, float]] = []
    if party.address:
        lines.append((party.address, 8.5))
    if party.registration_number:
        lines.append((f"{words['registration']} {party.registration_number}", 9))
    if issuer and party.representative:
        lines.append((f"{words['representative']} {party.representative}", 8.5))
    if issuer and party.phone:
        lines.append((f"{words['tel']} {party.phone}", 8.5))
    if issuer and party.email:
        lines.append((f"{words['email']} {party.email}", 8.5))
    return lines


def _block(writer: Writer, items: list[tuple[str, float]], x: float, width: float) -> float:
    """Wrapped lines at x from the writer's cursor down, without moving it; returns the bottom."""
    y = writer.y
    for text, size in items:
        for line in wrap(text, width, size):
            y -= size * 1.45
            draw_aligned(writer.canvas, line, x, y, size=size)
    return y


def _header(
    writer: Writer,
    doc: Document,
    kind: _Kind,
    words: dict[str, str],
    language: str,
    seal: object | None,
) -> None:
    canvas = writer.canvas
    draw_aligned(canvas, f"{words['number']} {doc.number}", RIGHT, TOP - 9, size=9, align="right")
    issued = f"{words['issued']} {_date(doc.issued_on, language)}"
    draw_aligned(canvas, issued, RIGHT, TOP - 22, size=9, align="right")
    draw_aligned(canvas, kind.title, pdf.PAGE_WIDTH / 2, TOP - 34, size=20, align="center")
    if kind.subtitle:
        draw_aligned(canvas, kind.subtitle, pdf.PAGE_WIDTH / 2, TOP - 50, size=9, align="center")
    writer.y = TOP - 66

    # The recipient on the left, the issuer (and its seal) on the right.
    split = LEFT + 275
    recipient_width = split - LEFT - 10
    name = _addressee(doc.recipient, language)
    if words["to"]:
        name = f"{words['to']}: {name}"
    bottom = _block(writer, [(name, 13)], LEFT, recipient_width)
    canvas.setLineWidth(0.8)
    canvas.line(LEFT, bottom - 4, split - 10, bottom - 4)
    writer.y = bottom - 6
    left_bottom = _block(
        writer, _party_lines(doc.recipient, words, issuer=False), LEFT, recipient_width
    )
    writer.y = TOP - 66
    issuer_x = split + 15
    issuer_width = RIGHT - issuer_x - (SEAL_SIZE + 4 if seal else 0)
    issuer_name = f"{words['from']}: {doc.issuer.name}" if words["from"] else doc.issuer.name
    right_bottom = _block(
        writer,
        [(issuer_name, 11), *_party_lines(doc.issuer, words, issuer=True)],
        issuer_x,
        issuer_width,
    )
    if seal is not None:
        top = writer.y - 2
        canvas.drawImage(
            seal, RIGHT - SEAL_SIZE, top - SEAL_SIZE, SEAL_SIZE, SEAL_SIZE,
            mask="auto", preserveAspectRatio=True, anchor="c",
        )  # fmt: skip
        right_bottom = min(right_bottom, top - SEAL_SIZE)
    writer.y = min(left_bottom, right_bottom) - 16

    if doc.kind != DocumentKind.RECEIPT:
        writer.paragraph(kind.lead, size=10)
        writer.space(4)
    _headline(writer, doc, kind, words)
    if doc.kind == DocumentKind.RECEIPT:
        purpose = doc.extra.get("purpose", "")
        if purpose:
            writer.paragraph(words["purpose"].format(purpose=purpose), size=10)
        writer.paragraph(kind.lead, size=10)
        writer.space(4)
    _facts(writer, doc, kind, words, language)


def _headline(writer: Writer, doc: Document, kind: _Kind, words: dict[str, str]) -> None:
    canvas = writer.canvas
    width, height = 300.0, 32.0
    canvas.setLineWidth(1.2)
    canvas.setFillGray(0.95)
    canvas.rect(LEFT, writer.y - height, width, height, stroke=1, fill=1)
    canvas.setFillGray(0)
    baseline = writer.y - height / 2 - 5
    draw_aligned(canvas, kind.amount, LEFT + 8, baseline + 1, size=10)
    draw_aligned(canvas, yen(doc.total), LEFT + width - 8, baseline, size=16, align="right")
    writer.y -= height + 10


def _facts(
    writer: Writer, doc: Document, kind: _Kind, words: dict[str, str], language: str
) -> None:
    """Subject, transaction date or period, due date, references and terms as label rows."""
    rows: list[tuple[str, str]] = []
    subject = doc.extra.get("subject", "")
    if subject:
        rows.append((words["subject"], subject))
    start, end = doc.period_start, doc.period_end or doc.period_start
    if start and end and start != end:
        rows.append((words["period"], f"{_date(start, language)} 〜 {_date(end, language)}"))
    elif start:
        label = words["received"] if doc.kind == DocumentKind.RECEIPT else words["date"]
        rows.append((label, _date(start, language)))
    if doc.due_on and kind.due:
        rows.append((kind.due, _date(doc.due_on, language)))
    if doc.references:
        rows.append((kind.reference, "、".join(doc.references)))
    terms = doc.extra.get("payment_terms", "")
    if terms:
        rows.append((words["terms"], terms))
    if rows:
        label_width = 90.0 if language == "ja" else 110.0
        columns = [Column("", label_width), Column("", RIGHT - LEFT - label_width)]
        writer.table(columns, rows, size=9.5, header=False, grid=False)
        writer.space(8)


def _lines(
    writer: Writer, doc: Document, kind: _Kind, words: dict[str, str], language: str
) -> None:
    dated = any(line.delivered_on for line in doc.lines)
    fixed = [
        Column(words["quantity"], 48, "right"),
        Column(words["unit_price"], 72, "right"),
        Column(words["rate"], 38, "center"),
        Column(words["amount_incl" if includes_tax(doc) else "amount"], 78, "right"),
    ]
    date_width = pdf.text_width("2026/12/31", 9) + 10 if dated else 0.0
    description = RIGHT - LEFT - date_width - sum(c.width for c in fixed)
    columns = [Column(words["description"], description), *fixed]
    if dated:
        columns.insert(0, Column(kind.date_column, date_width, "center"))
    rows = []
    for line in doc.lines:
        row = [_description(line), f"{line.quantity:,}", yen(line.unit_price)]
        row += [f"{line.tax_rate}%", yen(line.amount)]
        if dated:
            row.insert(0, _short_date(line.delivered_on))
        rows.append(row)
    writer.table(columns, rows, size=9)
    if any(line.reduced for line in doc.lines):
        writer.space(3)
        writer.paragraph(words["legend"], size=8.5)
    writer.space(8)


def _description(line: Line) -> str:
    text = f"※ {line.description}" if line.reduced else line.description
    return f"{text}\n{line.reference}" if line.reference else text


def _totals(writer: Writer, doc: Document, words: dict[str, str]) -> None:
    """Per rate: the rate, the taxable amount and its tax, rounded once (kept on one page)."""
    columns = [
        Column(words["rate_class"], 80),
        Column(words["taxable"], 80, "right"),
        Column(words["tax"], 70, "right"),
        Column(words["gross"], 80, "right"),
    ]
    rows = []
    for total in sorted(doc.totals, key=lambda t: -t.rate):
        if total.rate:
            label = words["rate_row"].format(rate=total.rate)
            label += " ※" if total.rate == 8 else ""
        else:
            label = words["exempt"]
        rows.append([label, yen(total.taxable), yen(total.tax), yen(total.taxable + total.tax)])
    rows.append([words["total"], yen(doc.net), yen(doc.tax), yen(doc.total)])
    width = sum(c.width for c in columns)
    writer.need(9 * 1.35 * 2 + 6 * (len(rows) + 1) + 9 * 1.35 * len(rows) + 30)
    writer.table(columns, rows, size=9, x=RIGHT - width)
    how = words[doc.rounding]
    writer.space(3)
    note = words["rounding_incl" if includes_tax(doc) else "rounding"].format(how=how)
    writer.paragraph(note, size=8, x=RIGHT - width, width=width)
    writer.space(10)


def _closing(
    writer: Writer, doc: Document, kind: _Kind, words: dict[str, str], language: str
) -> None:
    account: BankAccount | None = None
    label = ""
    if doc.kind in _PAID_TO_ISSUER and doc.issuer.bank:
        account, label = doc.issuer.bank, words["bank_issuer"]
    elif doc.kind in _PAID_TO_RECIPIENT and doc.recipient.bank:
        account, label = doc.recipient.bank, words["bank_recipient"]
    if account is not None:
        rows = [(label, _bank(account, words))]
        label_width = 90.0 if language == "ja" else 110.0
        writer.need(60)
        writer.table(
            [Column("", label_width), Column("", RIGHT - LEFT - label_width)],
            rows,
            size=9.5,
            header=False,
        )
        writer.space(10)
    if doc.kind == DocumentKind.STATEMENT:
        days = doc.extra.get("deemed_days", "").strip()
        notice = words["confirm"].format(days=days) if days else words["confirm_no_days"]
        writer.need(40)
        writer.paragraph(notice, size=9.5)
        writer.space(8)
    if doc.notes:
        writer.need(40)
        writer.paragraph(words["notes"], size=9.5)
        writer.paragraph(doc.notes, size=9)
