"""Every settlement document as a PDF: the Japanese font embedded, every 適格請求書 field printed,
long text wrapped inside the margins, many lines over several numbered pages."""

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from renkei.core.pdf import LEFT, RIGHT, FontMissingError, find_font, text_width, wrap
from renkei.lib.documents import BankAccount, Document, DocumentKind, Line, Party, RateTotal
from renkei.settlement.documents_pdf import render_document

BANK = BankAccount("みやこ銀行", "0158", "烏丸支店", "101", "1", "1234567", "ｷﾖｳﾄｼｻｸｷﾖｳﾄﾞｳｸﾐｱｲ")
ISSUER = Party(
    "京都試作企業組合",
    address="京都府京都市下京区烏丸通四条下る水銀屋町620番地",
    registration_number="T1234567890123",
    representative="代表理事 山田 太郎",
    bank=BANK,
)
RECIPIENT = Party("株式会社ロケット工房", address="東京都大田区南蒲田1-2-3")
LINES = (
    Line("シャフト 精密切削", 4, Decimal(12000), 48000, 10, "KS-2026-0012", dt.date(2026, 4, 12)),
    Line("打ち合わせ用 菓子", 3, Decimal("333.33"), 1000, 8, "", dt.date(2026, 4, 20)),
)
TOTALS = (RateTotal(10, 48000, 4800), RateTotal(8, 1000, 80))
TITLES = {
    DocumentKind.INVOICE: "請求書",
    DocumentKind.CREDIT_NOTE: "適格返還請求書",
    DocumentKind.ORDER_CONFIRMATION: "注文請書",
    DocumentKind.PURCHASE_ORDER: "注文書",
    DocumentKind.STATEMENT: "仕入明細書",
    DocumentKind.FEE_INVOICE: "請求書（手数料）",
    DocumentKind.RECEIPT: "領収書",
}


def document(kind: DocumentKind = DocumentKind.INVOICE, **changes: object) -> Document:
    values: dict[str, object] = {
        "kind": kind,
        "number": "INV2026-00012",
        "issued_on": dt.date(2026, 4, 30),
        "issuer": ISSUER,
        "recipient": RECIPIENT,
        "lines": LINES,
        "totals": TOTALS,
        "period_start": dt.date(2026, 4, 1),
        "period_end": dt.date(2026, 4, 30),
        "due_on": dt.date(2026, 5, 31),
        "references": ("INV2026-00003",),
        "extra": {"deemed_days": "10"},
    }
    return Document(**(values | changes))  # type: ignore[arg-type]


def pages_text(data: bytes) -> list[str]:
    """Each page's text, every run of white space (cells, lines) as one space."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def font_files(data: bytes) -> list[bool]:
    """For every font every page uses: whether the file embeds it (a TrueType /FontFile2)."""
    embedded = []
    for page in PdfReader(io.BytesIO(data)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor")
            embedded.append(descriptor is not None and "/FontFile2" in descriptor.get_object())
    return embedded


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_every_document_embeds_its_font_and_prints_the_qualified_invoice_fields(kind):
    data = render_document(document(kind))
    embedded = font_files(data)
    assert embedded and all(embedded)
    text = "\n".join(pages_text(data))
    assert TITLES[kind] in text
    assert "T1234567890123" in text and "京都試作企業組合" in text
    assert "株式会社ロケット工房 御中" in text
    assert "INV2026-00012" in text and "2026年4月30日" in text
    assert "2026年4月1日 〜 2026年4月30日" in text
    # The tax per rate, each with its rate; the reduced-rate item marked and the mark explained.
    assert "10%対象 ¥48,000 ¥4,800 ¥52,800" in text
    assert "8%対象 ※ ¥1,000 ¥80 ¥1,080" in text
    assert "※ 打ち合わせ用 菓子" in text and "※は軽減税率対象" in text
    assert "¥53,880" in text


def test_an_invoice_shows_its_due_date_and_the_issuers_bank_account():
    text = pages_text(render_document(document(DocumentKind.INVOICE)))[0]
    assert "適格請求書" in text
    assert "お支払期限 2026年5月31日" in text
    assert "みやこ銀行（0158） 烏丸支店（101） 普通 1234567" in text


def test_a_credit_note_names_the_credited_invoice():
    text = pages_text(render_document(document(DocumentKind.CREDIT_NOTE)))[0]
    assert "対象請求書 INV2026-00003" in text and "返還金額（税込）" in text


def test_a_statement_gives_the_payment_date_and_the_days_to_object():
    member = Party("青木精工株式会社", registration_number="T9876543210987", bank=BANK)
    doc = document(DocumentKind.STATEMENT, recipient=member)
    text = pages_text(render_document(doc))[0]
    assert "お支払日 2026年5月31日" in text
    assert "T9876543210987" in text  # the seller's number, on the buyer's statement
    notice = (
        "記載内容に誤りがある場合は、10日以内にご連絡ください。"
        "期限までにご連絡がない場合は確認済みとみなします。"
    )
    assert notice in text.replace(" ", "")


def test_a_purchase_order_gives_the_payment_date():
    text = pages_text(render_document(document(DocumentKind.PURCHASE_ORDER)))[0]
    assert "注文書" in text and "お支払日 2026年5月31日" in text


def test_an_english_edition_has_english_titles():
    text = pages_text(render_document(document(language="en")))[0]
    assert "Invoice" in text and "Qualified invoice" in text and "Payment due 2026-05-31" in text
    assert "御中" not in text


def test_two_hundred_lines_run_over_numbered_pages_repeating_the_header():
    lines = tuple(
        Line(f"部品 No.{i} 切削加工", 1, Decimal(100), 100, 10, f"KS-{i}") for i in range(1, 201)
    )
    data = render_document(document(lines=lines, totals=(RateTotal(10, 20000, 2000),)))
    texts = pages_text(data)
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"{number} / {len(texts)}" in text
        if number < len(texts):
            assert "品名・内容" in text  # the column titles on every page the table runs over
    assert "（続き）" in texts[1] and "INV2026-00012" in texts[1]
    everything = "\n".join(texts)
    assert all(f"部品 No.{i} 切削加工" in everything for i in (1, 100, 200))
    assert all(font_files(data))


def test_a_long_description_is_wrapped_inside_the_margins():
    description = ("精密切削加工（アルミA5052、公差±0.01mm）。表面処理は黒アルマイト、" * 10)[:300]
    line = Line(description, 1, Decimal(8500), 8500, 10, "KS-2026-0013")
    data = render_document(document(lines=(line,), totals=(RateTotal(10, 8500, 850),)))
    runs: list[tuple[float, str, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((tm[4] * cm[0] + cm[4], text.strip("\n"), size * tm[0]))

    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert runs
    for x, text, size in runs:
        assert x >= LEFT - 0.01 and x + text_width(text, size) <= RIGHT + 0.01, text
    flat = re.sub(r"\s", "", "".join(page.extract_text() for page in reader.pages))
    assert re.sub(r"\s", "", description) in flat  # wrapped, not cut


def test_wrapping_keeps_the_japanese_line_break_rules():
    text = "表面処理は黒アルマイト（色は「黒」）、数量は百個。" * 8
    lines = wrap(text, 100, 10)
    assert len(lines) > 3 and "".join(lines) == text
    assert all(text_width(line, 10) <= 100 for line in lines)
    assert not any(line[0] in "、。）」" for line in lines)
    assert not any(line[-1] in "（「" for line in lines)


def test_the_seal_is_drawn_beside_the_issuer():
    image = io.BytesIO()
    Image.new("RGBA", (60, 60), (200, 30, 30, 255)).save(image, "PNG")
    data = render_document(document(), seal_png=image.getvalue())
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert any(
        x.get_object()["/Subtype"] == "/Image" for x in page["/Resources"]["/XObject"].values()
    )
    with pytest.raises(ValueError, match="seal"):
        render_document(document(), seal_png=b"not an image")


def test_a_missing_or_unembeddable_font_fails_loudly(tmp_path: Path):
    with pytest.raises(FontMissingError, match="fonts-ipaexfont-gothic") as missing:
        find_font(str(tmp_path / "none.ttf"))
    assert "RENKEI_PDF_FONT" in str(missing.value)
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"OTTO" + bytes(200))  # not a TrueType font
    with pytest.raises(FontMissingError, match=r"broken\.ttf"):
        find_font(str(broken))


@pytest.mark.django_db
def test_the_supporters_report_embeds_its_font_too(group):
    from renkei.cockpit.report_pdf import render_report

    data = render_report(group, dt.date(2026, 4, 1))
    assert all(font_files(data)) and "外部効果報告書" in pages_text(data)[0]


def test_a_long_document_is_laid_out_once_and_every_page_numbered():
    from renkei.core.pdf import Writer, render

    passes = []

    def draw(writer: Writer) -> None:
        passes.append(writer)
        for number in range(150):
            writer.paragraph(f"明細 {number} 行目")

    data = render(draw, title="試験", footer="京都試作企業組合")
    texts = pages_text(data)
    assert len(passes) == 1  # the page count is stamped at the end, not learnt by a 2nd pass
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"{number} / {len(texts)}" in text and "京都試作企業組合" in text
    assert all(font_files(data))


def test_a_code_longer_than_the_width_is_cut_and_a_long_footer_shortened():
    from renkei.core.pdf import fit

    code = "KS-2026-" + "0123456789" * 8
    lines = wrap(f"図番 {code}", 60, 9)
    assert len(lines) > 3 and "".join(lines).replace(" ", "") == f"図番{code}"
    assert all(line and text_width(line, 9) <= 60 for line in lines)
    footer = "京都試作企業組合 " * 10
    short = fit(footer, 120, 8)
    assert short.endswith("…") and text_width(short, 8) <= 120
    kept = short[:-1]
    assert footer.startswith(kept) and text_width(footer[: len(kept) + 1] + "…", 8) > 120
