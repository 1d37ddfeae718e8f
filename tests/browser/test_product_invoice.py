"""The coordinator ships a product order and its qualified invoice (適格請求書) is issued; the
customer, who has no account, opens it from the order's private tracking page. Screenshots at a
desk and on a phone."""

import tempfile
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renkei.products import services
from renkei.products.models import Product, ProductOrder
from renkei.settlement.choices import SettlementMode
from renkei.settlement.models import GroupSettlement
from renkei.settlement.tests.conftest import GROUP_T_NUMBER
from tests.browser.conftest import log_in

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _ordered(group, aoki, sakura):
    GroupSettlement.objects.create(
        group=group, mode=SettlementMode.JOINT, legal_name="企業組合みやこ試作",
        address="京都府京都市下京区四条通1-1", registration_number=GROUP_T_NUMBER,
        bank_name="京都中央信用金庫", bank_code="1611", branch_name="本店", branch_code="001",
        account_number="1234567", account_holder_kana="ｷｷﾞﾖｳｸﾐｱｲﾐﾔｺｼｻｸ",
    )  # fmt: skip
    product = services.save_product(
        actor=None,
        product=Product(
            group=group, slug="beer-mug", name="鏡面ビアマグ", price_yen=5_500, tax_rate=10,
            monthly_capacity=100, stock=40, max_per_order=2_000, published=True,
        ),
        makers=[aoki, sakura],
    )  # fmt: skip
    option = services.add_option(actor=None, product=product, name="名入れ", price_delta_yen=550)
    order, _new = services.submit_order(
        product=product, key=uuid.uuid4(), quantity=30, options=[option],
        who=services.Customer(
            customer_name="宇宙 太郎", customer_company="株式会社ロケット工房",
            email="taro@rocket.example", postal_code="959-1200", address="新潟県燕市吉田 1-2-3",
        ),
    )  # fmt: skip
    return order


def test_the_customer_opens_the_invoice_from_the_tracking_page(
    page, phone, live_server, group, alice, aoki, sakura
):
    order = _ordered(group, aoki, sakura)
    # The coordinator confirms and ships it; the invoice is issued as it ships.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "alice")
    page.goto(f"/g/miyako/manage/products/orders/{order.pk}/")
    page.click("#confirm-order")
    page.click("#ship-order")
    invoices = page.locator("#order-invoices")
    expect(invoices).to_contain_text("INV")
    expect(invoices).to_contain_text("181,500")
    page.screenshot(path=SHOTS / "product-invoice-manage-1280.png", full_page=True)
    number = ProductOrder.objects.get(pk=order.pk).invoices.get().number

    # The customer, without an account, from the tracking address of the mail.
    customer = page.context.browser.new_context(base_url=live_server.url, locale="ja-JP")
    desk = customer.new_page()
    desk.set_viewport_size({"width": 1280, "height": 900})
    desk.goto(order.get_tracking_url())
    link = desk.locator("#invoice-1")
    expect(link).to_contain_text(number)
    expect(desk.locator("#invoices")).to_contain_text("16,500")
    desk.screenshot(path=SHOTS / "product-invoice-tracking-1280.png", full_page=True)
    response = desk.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    customer.close()

    phone.goto(order.get_tracking_url())
    expect(phone.locator("#invoice-1")).to_be_visible()
    phone.screenshot(path=SHOTS / "product-invoice-tracking-390.png", full_page=True)
    with phone.expect_response(lambda r: r.url.endswith(".pdf")) as opened:
        phone.evaluate("url => fetch(url)", phone.locator("#invoice-1").get_attribute("href"))
    assert opened.value.status == 200
