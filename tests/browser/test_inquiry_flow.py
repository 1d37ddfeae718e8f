"""A customer sends an inquiry with a PDF and a STEP file from the group's page, sees 受付完了,
gets the acknowledgement over SMTP, and the coordinator finds it on the board."""

import re

import pytest
from playwright.sync_api import expect

from renkei.conftest_helpers import run_worker
from renkei.inquiries.models import Inquiry
from renkei.inquiries.tests.conftest import STEP, pdf_bytes
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def test_customer_sends_drawings_and_the_coordinator_sees_them(page, group, alice, tmp_path, smtp):
    drawing = tmp_path / "ブラケット図面.pdf"
    drawing.write_bytes(pdf_bytes())
    model = tmp_path / "bracket.step"
    model.write_bytes(STEP)
    page.goto("/g/miyako/")
    page.click("#send-inquiry")
    page.fill("#id_customer_company", "株式会社ロケット工房")
    page.fill("#id_contact_name", "宇宙 太郎")
    page.fill("#id_email", "not-an-address")  # a mistake first
    page.fill("#id_title", "アルミブラケット試作")
    page.fill("#id_description", "A7075 のブラケット。")
    page.fill("#id_lines-0-part_name", "ブラケット")
    page.fill("#id_lines-0-quantity", "5")
    page.fill("#id_lines-0-process_text", "5軸加工 → アルマイト")
    page.set_input_files("input[name=files]", [str(drawing), str(model)])
    page.locator("#id_email").evaluate("el => el.type = 'text'")  # let the server judge it
    page.click("form#inquiry-form button[type=submit]:not([name])")
    # Nothing lost: the typed text is there and the drawings are listed as attached.
    expect(page.locator("#id_customer_company")).to_have_value("株式会社ロケット工房")
    expect(page.locator("#drawings")).to_contain_text("ブラケット図面.pdf")
    expect(page.locator("#drawings")).to_contain_text("bracket.step")
    page.fill("#id_email", "taro@rocket.example")
    page.click("form#inquiry-form button[type=submit]:not([name])")
    expect(page.locator("#received")).to_contain_text("受付完了")
    expect(page.locator("#drawing-list")).to_contain_text("bracket.step")
    inquiry = Inquiry.objects.get()
    assert inquiry.drawings.count() == 2

    run_worker()
    [(recipients, body)] = smtp.messages
    assert recipients == ["taro@rocket.example"]
    assert inquiry.tracking_token in re.sub(r"=\r?\n", "", body)

    page.context.clear_cookies()
    log_in(page, "alice")
    page.goto("/g/miyako/")
    page.click("a[href='/g/miyako/manage/inquiries/']")
    expect(page.locator("#inquiries")).to_contain_text("アルミブラケット試作")
    page.click(f"text={inquiry.reference}")
    expect(page.locator("#drawings")).to_contain_text("ブラケット図面.pdf")
