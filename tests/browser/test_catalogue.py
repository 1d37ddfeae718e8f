"""A visitor downloads the member catalogue (NIPcom's buyer-view catalogue, seed l.2192–2204)
from the group page, opens the address its QR code encodes and sends an inquiry; the coordinator
sees it counted under the catalogue's source in the cockpit. Screenshots of the print page and
of the PDF's first page, at a desk and on a phone."""

import re
import tempfile
from pathlib import Path

import pypdfium2
import pytest
import segno
from playwright.sync_api import expect

from renkei.catalogue import qr
from tests.browser.conftest import log_in

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def test_a_visitor_sends_an_inquiry_through_the_catalogues_qr_link(
    page, phone, live_server, settings, group, alice, aoki, sakura
):
    settings.RENKEI_BASE_URL = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/g/miyako/")
    link = page.locator("#catalogue-download")
    expect(link).to_be_visible()
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    data = response.body()

    document = pypdfium2.PdfDocument(data)
    text = document[0].get_textpage().get_text_range()
    document[0].render(scale=1.5).to_pil().save(SHOTS / "catalogue-pdf-page1.png")
    document.close()
    assert "株式会社青木精工" in text and "ISO 9001" not in text
    # The address under the QR code is the one the code encodes (segno makes the same code).
    url = re.search(r"http\S+/g/miyako/inquiry/\?src=\S+", text).group(0)
    assert url == f"{live_server.url}/g/miyako/inquiry/?src=catalogue"
    assert qr.code(url).matrix == segno.make(url, error="m").matrix

    page.goto(url)
    page.fill("#id_customer_company", "株式会社ロケット工房")
    page.fill("#id_contact_name", "宇宙 太郎")
    page.fill("#id_email", "taro@rocket.example")
    page.fill("#id_title", "展示会で見たブラケット")
    page.fill("#id_description", "カタログを見て連絡しました。A7075 のブラケット。")
    page.fill("#id_lines-0-part_name", "ブラケット")
    page.fill("#id_lines-0-quantity", "5")
    page.click("form#inquiry-form button[type=submit]:not([name])")
    expect(page.locator("#received")).to_contain_text("受付完了")

    # The print page, at a desk and on a phone.
    page.goto("/g/miyako/catalogue/?src=expo-2026")
    expect(page.locator("#catalogue-qr svg")).to_be_visible()
    page.screenshot(path=SHOTS / "catalogue-page-1280.png", full_page=True)
    phone.goto("/g/miyako/catalogue/?src=expo-2026")
    expect(phone.locator(f"#member-{aoki.pk}")).to_contain_text("5軸・複合")
    phone.screenshot(path=SHOTS / "catalogue-page-390.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    page.context.clear_cookies()
    log_in(page, "alice")
    page.goto("/g/miyako/cockpit/kpis/")
    row = page.locator("#source-counts tr", has_text="catalogue")
    expect(row).to_contain_text("1")
    page.locator("#source-counts").screenshot(path=SHOTS / "catalogue-cockpit.png")
