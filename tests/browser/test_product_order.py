"""A customer orders 30 of the group's own product without an account (磨き屋シンジケート's beer
mug, seed l.520–524) and sees the expected delivery on the confirmation and on the private
tracking page, computed from the monthly capacity and the 2,000 on order ahead. Screenshots at
a desk and on a phone."""

import tempfile
import uuid
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renkei.lib import retail
from renkei.products import services
from renkei.products.models import Product

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _mug(group, aoki, sakura):
    product = services.save_product(
        actor=None,
        product=Product(
            group=group, slug="beer-mug", name="鏡面ビアマグ", price_yen=5_500, tax_rate=10,
            monthly_capacity=100, stock=0, max_per_order=2_000, published=True,
            description="ステンレスの内側を職人が鏡面に磨き上げたビアマグです。",
        ),
        makers=[aoki, sakura],
    )  # fmt: skip
    services.add_option(actor=None, product=product, name="名入れ", price_delta_yen=550)
    for n, quantity in enumerate([1200, 500, 300]):
        services.submit_order(
            product=product, key=uuid.uuid4(), quantity=quantity, options=[],
            who=services.Customer(
                customer_name="先客", email=f"early{n}@example.jp",
                postal_code="959-1200", address="燕市",
            ),
        )  # fmt: skip
    return product


def _order_30(page):
    page.goto("/g/miyako/")
    page.click("#group-products")
    page.click("#product-beer-mug h2 a")
    expect(page.locator("#capacity")).to_contain_text("2,000")
    page.fill("#id_quantity", "0")
    page.fill("#id_customer_name", "宇宙 太郎")
    page.fill("#id_email", "taro@rocket.example")
    page.fill("#id_postal_code", "959-1200")
    page.fill("#id_address", "新潟県燕市吉田 1-2-3")
    page.check("#order-form input[name=options]")
    page.click("#place-order")
    expect(page.locator("#order-form")).to_contain_text("1個以上")
    assert page.input_value("#id_customer_name") == "宇宙 太郎"
    page.fill("#id_quantity", "30")
    page.click("#place-order")
    expect(page.locator("#received")).to_contain_text("受付完了")


def test_a_customer_orders_30_and_sees_the_expected_delivery(
    page, phone, live_server, group, aoki, sakura
):
    _mug(group, aoki, sakura)
    expected = retail.month_end(timezone.localdate(), 21)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/g/miyako/products/beer-mug/")
    page.screenshot(path=SHOTS / "product-page-1280.png", full_page=True)
    _order_30(page)
    # The confirmation: 2,000 ahead at 100 a month, so month 21, by its last day.
    delivery = page.locator("#expected")
    expect(delivery).to_contain_text(f"{expected:%Y-%m-%d}")
    expect(delivery).to_contain_text("21")
    expect(page.locator("#delivery")).to_contain_text("2,000")
    expect(page.locator("#total")).to_contain_text("181,500")
    page.screenshot(path=SHOTS / "product-confirmation-1280.png", full_page=True)

    # The tracking page, opened again from its address as from the mail.
    address = page.url.split("?")[0]
    phone.goto(address)
    expect(phone.locator("#expected")).to_contain_text(f"{expected:%Y-%m-%d}")
    expect(phone.locator("#received")).to_have_count(0)
    phone.screenshot(path=SHOTS / "product-tracking-390.png", full_page=True)
    phone.goto("/g/miyako/products/beer-mug/")
    phone.screenshot(path=SHOTS / "product-page-390.png", full_page=True)
