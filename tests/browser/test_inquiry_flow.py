"""A customer sends an inquiry with a PDF and a STEP file from the group's page, sees 受付完了,
gets the acknowledgement over SMTP; the coordinator finds it on the board and passes it to the
member that can make it; the member is mailed and answers from a phone; the coordinator composes
one quote from the answer and sends it; the customer accepts it on the tracking page."""

import re

import pytest
from playwright.sync_api import expect

from renkei.conftest_helpers import run_worker
from renkei.inquiries.models import Inquiry
from renkei.inquiries.tests.conftest import STEP, pdf_bytes
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def test_inquiry_to_accepted_quote(page, phone, group, alice, bob, aoki, sakura, tmp_path, smtp):
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
    page.fill("#id_lines-0-process_text", "5軸加工")
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
    [(recipients, body)] = [m for m in smtp.messages if m[0] == ["taro@rocket.example"]]
    # The coordinator was mailed that it arrived, with the link to her board.
    assert [m[0] for m in smtp.messages if m[0] != recipients] == [["alice@example.com"]]
    assert inquiry.tracking_token in re.sub(r"=\r?\n", "", body)

    page.context.clear_cookies()
    log_in(page, "alice")
    page.goto("/g/miyako/")
    page.click("a[href='/g/miyako/manage/inquiries/']")
    expect(page.locator("#inquiries")).to_contain_text("アルミブラケット試作")
    page.click(f"text={inquiry.reference}")
    expect(page.locator("#drawings")).to_contain_text("ブラケット図面.pdf")
    # aoki does five-axis work and is ticked; sakura (plating) is not.
    expect(page.locator(f"input[name=company][value='{aoki.pk}']")).to_be_checked()
    expect(page.locator(f"input[name=company][value='{sakura.pk}']")).not_to_be_checked()
    page.click("#refer-form button[type=submit]")
    expect(page.locator("#referrals")).to_contain_text("株式会社青木精工")
    run_worker()
    to_bob = [body for to, body in smtp.messages if to == ["bob@example.com"]]
    assert len(to_bob) == 1
    link = re.search(r"http\S+/work/inquiries/\d+/", re.sub(r"=\r?\n", "", to_bob[0]))
    assert link

    log_in(phone, "bob")
    phone.goto("/g/" + link.group(0).split("/g/", 1)[1])  # the path the mail links to
    expect(phone.locator("h1")).to_contain_text("アルミブラケット試作")
    phone.check("input[name=kind][value=can]")
    phone.fill("#id_price_yen", "48000")
    phone.fill("#id_lead_days", "7")
    phone.click("#answer button[type=submit]")
    expect(phone.locator(".messages")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    page.reload()
    expect(page.locator("#referrals")).to_contain_text("48,000")

    page.click("#compose-quote")
    expect(page.locator("#id_lead_days")).to_have_value("7")
    page.click("#quote-form button[type=submit]")
    page.click("#send-quote")
    expect(page.locator("#quotes")).to_contain_text("58,080")  # 48,000 + 10 % fee + 10 % tax

    customer = page.context.browser.new_page(base_url=page.url.split("/g/")[0], locale="ja-JP")
    customer.goto(inquiry.get_tracking_url())
    expect(customer.locator("#quote-total")).to_contain_text("58,080")
    customer.click("#accept")
    expect(customer.locator("#confirm-total")).to_contain_text("58,080")  # first a summary
    customer.click("#place-order")
    expect(customer.locator("#decision")).to_be_visible()
    inquiry.refresh_from_db()
    assert inquiry.status == "won"
    customer.close()
