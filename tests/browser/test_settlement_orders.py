"""The customer confirms an order with its PO number on the tracking page, at 1280 wide and on a
phone (390×844): the summary shows the delivery date and the payment terms, and the 注文請書
appears on the page afterwards."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renkei.settlement.models import GroupSettlement, OrderSettlement
from renkei.settlement.tests.conftest import sent_quote
from tests.browser.japanese_text import findings

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


@pytest.mark.parametrize("viewport", ["page", "phone"])
def test_the_customer_confirms_with_a_po_number(request, viewport, group, alice, aoki, sakura):
    GroupSettlement.objects.create(group=group, legal_name="企業組合みやこ試作")
    quote = sent_quote(group, alice, aoki, sakura)
    tab = request.getfixturevalue(viewport)
    tab.goto(quote.inquiry.get_tracking_url())
    tab.click("#accept")
    expect(tab.locator("#confirm-terms")).to_have_text("月末締め翌月末払い")
    expect(tab.locator("#confirm-delivery")).to_have_text(
        quote.delivery_if_ordered_today.strftime("%Y-%m-%d")
    )
    tab.fill("#id_po_number", "RK-PO-0042")
    tab.fill("#id_payer_kana", "ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ")
    tab.screenshot(path=SHOTS / f"settlement-orders-confirm-{viewport}.png", full_page=True)
    assert findings(tab.content(), {"RK", "PO"}) == []
    tab.click("#place-order")
    expect(tab.locator("#order-po-number")).to_have_text("RK-PO-0042")
    link = tab.locator("#customer-documents a").first
    expect(link).to_contain_text("OC")
    tab.screenshot(path=SHOTS / f"settlement-orders-tracking-{viewport}.png", full_page=True)
    assert findings(tab.content(), {"RK", "PO", "OC", "PDF"}) == []
    assert OrderSettlement.objects.get().customer_po_number == "RK-PO-0042"
    if viewport == "phone":
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    response = tab.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
