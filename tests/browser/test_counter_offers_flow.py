"""Counter-offers in the browser: a member fills two offer rows on a phone, the coordinator
compares them on a wide screen and quotes from the second."""

import tempfile
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renkei.conftest_helpers import CUSTOMER
from renkei.inquiries import referrals
from renkei.inquiries.models import Quote
from renkei.inquiries.services import submit_inquiry
from tests.browser.conftest import log_in
from tests.browser.japanese_text import findings

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def test_a_member_offers_alternatives_on_a_phone_and_the_coordinator_quotes_one(
    browser, live_server, phone, page, group, alice, bob, aoki
):
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=CUSTOMER | {"title": "ブラケット試作"},
        lines=[{"part_name": "ブラケット", "drawing_number": "A-100", "quantity": 10,
                "material": "A7075"}],
    )  # fmt: skip
    (referral,) = referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})

    log_in(phone, "bob")
    phone.goto(f"/g/miyako/work/inquiries/{referral.pk}/")
    phone.check("input[name=kind][value=can]")
    phone.fill("input[name=price_yen]", "15000")
    phone.fill("input[name=lead_days]", "14")
    phone.fill("input[name=valid_until]", "2030-03-31")
    phone.fill("input[name=offers-0-quantity]", "50")
    phone.fill("input[name=offers-0-price_yen]", "48,000")
    phone.fill("input[name=offers-0-lead_days]", "20")
    phone.fill("input[name=offers-1-material]", "A5052")
    phone.fill("input[name=offers-1-quantity]", "10")
    phone.fill("input[name=offers-1-price_yen]", "abc")  # a slip: refused, what was typed stays
    phone.fill("input[name=offers-1-lead_days]", "10")
    phone.click("#answer button[type=submit]")
    expect(phone.locator("#offer-2 .errorlist")).to_contain_text("半角数字")
    expect(phone.locator("input[name=offers-1-material]")).to_have_value("A5052")
    phone.fill("input[name=offers-1-price_yen]", "30000")
    phone.locator("#offer-rows").screenshot(path=str(SHOTS / "offers_answer_phone.png"))
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # nothing scrolls sideways on a phone
    assert not findings(phone.content(), {"bob"}), findings(phone.content(), {"bob"})
    phone.click("#answer button[type=submit]")
    expect(phone.locator("input[name=offers-1-price_yen]")).to_have_value("30000")

    log_in(page, "alice")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/g/miyako/manage/inquiries/{inquiry.pk}/")
    table = page.locator("#offer-comparison")
    expect(table).to_contain_text("¥960")
    expect(table).to_contain_text("円未満切り捨て")
    table.screenshot(path=str(SHOTS / "offers_compare_1280.png"))
    assert not findings(page.content(), {"alice"}), findings(page.content(), {"alice"})
    table.locator("tr.counter-offer").nth(1).locator("button").click()
    expect(page.locator("main")).to_contain_text("ブラケット A-100（材質 A5052）")
    page.screenshot(path=str(SHOTS / "offers_quote_1280.png"), full_page=True)
    line = Quote.objects.get(inquiry=inquiry).lines.get()
    assert (line.quantity, line.unit_price_yen, line.company_id) == (10, 3000, aoki.pk)
