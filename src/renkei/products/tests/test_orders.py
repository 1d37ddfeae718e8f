"""Orders from the public product page, by the joint order window's rules, and what the
coordinator does with them."""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from renkei.conftest_helpers import login, run_worker
from renkei.core.models import AuditEntry
from renkei.lib import retail
from renkei.products import backlog, services
from renkei.products.models import Product, ProductOrder
from renkei.products.tests.conftest import order_data
from renkei.projects.choices import PackageState
from renkei.projects.models import WorkPackage

pytestmark = pytest.mark.django_db

URL = "/g/miyako/products/beer-mug/"


def _order(mug, quantity, n=None):
    order, _ = services.submit_order(
        product=mug,
        key=uuid.uuid4(),
        quantity=quantity,
        options=[],
        who=services.Customer(
            customer_name="先客", email=f"early{n or quantity}@example.jp",
            postal_code="959-1200", address="燕市",
        ),
    )  # fmt: skip
    return order


def test_a_customer_orders_30_and_sees_the_expected_delivery(client, mug):
    response = client.post(URL, order_data())
    order = ProductOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == order.get_tracking_url() + "?received=1"
    assert order.quantity == 30 and order.postal_code == "959-1200"
    assert order.total_yen == 165_000 and order.tax_yen == 15_000
    page = client.get(response["Location"]).content.decode()
    assert "受付完了" in page
    # 40 in stock cover 30: from stock, a week from today.
    expected = timezone.localdate() + dt.timedelta(days=7)
    assert f"{expected:%Y-%m-%d}" in page
    assert order.expected_on == expected


def test_with_2000_on_order_the_page_promises_month_21(client, mug):
    mug.stock = 0
    mug.save()
    for n, quantity in enumerate([1200, 500, 300]):
        _order(mug, quantity, n)
    response = client.post(URL, order_data())
    order = ProductOrder.objects.get(email="taro@rocket.example")
    place = backlog.place_of(order)
    assert (place.units_ahead, place.month) == (2000, 21)
    expected = retail.month_end(timezone.localdate(), 21)
    assert place.expected_on == expected == order.expected_on
    page = client.get(response["Location"]).content.decode()
    assert f"{expected:%Y-%m-%d}" in page and "2,000" in page


def test_the_same_form_sent_twice_is_one_order(client, mug):
    first = client.post(URL, order_data())
    second = client.post(URL, order_data())
    assert ProductOrder.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_a_changed_form_under_a_used_key_is_not_that_order(client, mug):
    client.post(URL, order_data())
    response = client.post(URL, order_data(quantity="31"))
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="sent-before"' in html and ProductOrder.objects.count() == 1
    assert ProductOrder.objects.get().tracking_token not in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0", "1個以上"),
        ("-3", "1個以上"),
        ("abc", "数字"),
        ("", "入力"),
        ("1.5", "数字"),
        ("99999999999", "2,000"),
        ("2001", "2,000"),
    ],
)
def test_bad_quantities_get_a_polite_japanese_message_and_keep_what_was_typed(
    client, mug, typed, message
):
    response = client.post(URL, order_data(quantity=typed))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "株式会社ロケット工房" in html  # nothing typed is lost
    assert ProductOrder.objects.count() == 0


def test_full_width_digits_are_a_quantity(client, mug):
    client.post(URL, order_data(quantity="３０"))
    assert ProductOrder.objects.get().quantity == 30


def test_the_trap_field_refuses_a_script_and_saves_nothing(client, mug):
    response = client.post(URL, order_data(renkei_hp_note="http://spam.example"))
    assert response.status_code == 400 and ProductOrder.objects.count() == 0
    assert AuditEntry.objects.filter(action="product.refuse_automated").exists()


def test_orders_are_limited_per_client_address(client, mug, settings):
    settings.RENKEI_RATE_LIMITS = settings.RENKEI_RATE_LIMITS | {"product_order_address": "2/h"}
    for _ in range(2):
        assert client.post(URL, order_data(submission_key=str(uuid.uuid4()))).status_code == 302
    response = client.post(URL, order_data(submission_key=str(uuid.uuid4())))
    assert response.status_code == 429
    assert ProductOrder.objects.count() == 2


def test_an_unpublished_product_is_404_to_the_public(client, mug, alice):
    Product.objects.filter(pk=mug.pk).update(published=False)
    assert client.get(URL).status_code == 404
    assert client.post(URL, order_data()).status_code == 404
    assert client.get("/g/miyako/products/").status_code == 200
    login(client, alice)
    assert client.get(URL).status_code == 200  # the coordinator's preview


def test_another_groups_product_is_404_under_this_group(client, mug, other_group, dave):
    assert client.get(f"/g/hokko/products/{mug.slug}/").status_code == 404
    photo = services.add_photo(actor=None, product=mug, data=_png())
    assert client.get(photo.get_absolute_url()).status_code == 200
    assert client.get(f"/g/hokko/products/{mug.slug}/photo-{photo.pk}.jpg").status_code == 404
    login(client, dave)
    for url in (
        f"/g/hokko/manage/products/{mug.pk}/",
        f"/g/miyako/manage/products/{mug.pk}/",
        "/g/miyako/manage/products/orders/",
    ):
        assert client.get(url).status_code == 404, url


def test_confirming_splits_the_order_into_packages_offered_to_the_makers(
    client, mug, alice, aoki, sakura
):
    order = _order(mug, 31)
    login(client, alice)
    response = client.post(
        f"/g/miyako/manage/products/orders/{order.pk}/act", {"action": "confirm"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "confirmed" and order.project is not None
    packages = WorkPackage.objects.filter(project=order.project).order_by("pk")
    assert [(p.company_id, p.quantity, p.state) for p in packages] == [
        (aoki.pk, 16, PackageState.TENTATIVE),
        (sakura.pk, 15, PackageState.TENTATIVE),
    ]
    # Twice is once.
    client.post(f"/g/miyako/manage/products/orders/{order.pk}/act", {"action": "confirm"})
    assert WorkPackage.objects.filter(project=order.project).count() == 2
    assert AuditEntry.objects.filter(action="product.order_confirm").count() == 1


def test_the_makers_people_see_their_package(client, mug, alice, bob):
    order = services.confirm_order(actor=alice, order=_order(mug, 10))
    package = WorkPackage.objects.filter(
        project=order.project, company__name="株式会社青木精工"
    ).get()
    login(client, bob)
    assert client.get(package.get_absolute_url()).status_code == 200


def test_shipping_takes_the_stock_and_cancelling_asks_first(client, mug, alice):
    shipped = services.confirm_order(actor=alice, order=_order(mug, 30))
    services.ship_order(actor=alice, order=shipped)
    mug.refresh_from_db()
    assert mug.stock == 10
    order = _order(mug, 5)
    login(client, alice)
    url = f"/g/miyako/manage/products/orders/{order.pk}/cancel"
    assert "cancel-confirm" in client.get(url).content.decode()
    order.refresh_from_db()
    assert order.status == "received"  # the page only asks
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "お客様のご都合"})
    order.refresh_from_db()
    assert order.status == "cancelled" and order.cancel_reason == "お客様のご都合"
    assert AuditEntry.objects.filter(action="product.order_cancel").exists()
    assert backlog.place_of(order) is None


def test_the_coordinator_creates_a_product_and_adjusts_the_stock(client, group, alice, aoki):
    login(client, alice)
    response = client.post(
        "/g/miyako/manage/products/new/",
        {
            "name": "燕の鍋", "slug": "nabe", "price_yen": "8800", "tax_rate": "10",
            "monthly_capacity": "20", "stock_ship_days": "7", "max_per_order": "50",
            "published": "on", "makers": [aoki.pk],
        },
    )  # fmt: skip
    product = Product.objects.get(slug="nabe")
    assert response.status_code == 302 and list(product.makers.all()) == [aoki]
    client.post(f"/g/miyako/manage/products/{product.pk}/stock/", {"delta": "12", "note": "棚卸"})
    client.post(f"/g/miyako/manage/products/{product.pk}/stock/", {"delta": "-20"})
    product.refresh_from_db()
    assert product.stock == 12  # never below zero
    assert AuditEntry.objects.filter(action="product.stock").count() == 1
    page = client.get("/g/miyako/manage/products/").content.decode()
    assert "燕の鍋" in page


def test_a_photo_that_is_not_a_picture_is_refused(client, mug, alice):
    login(client, alice)
    fake = SimpleUploadedFile("mug.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = client.post(f"/g/miyako/manage/products/{mug.pk}/photos/", {"image": fake})
    assert response.status_code == 302 and mug.photos.count() == 0
    response = client.post(
        f"/g/miyako/manage/products/{mug.pk}/photos/",
        {"image": SimpleUploadedFile("mug.png", _png(), content_type="image/png")},
    )
    assert mug.photos.count() == 1


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_the_acknowledgement_goes_over_smtp_with_the_tracking_link(client, mug, smtp, settings):
    settings.RENKEI_BASE_URL = "https://renkei.example.jp"
    client.post(URL, order_data())
    run_worker()
    order = ProductOrder.objects.get()
    to_customer = [body for rcpt, body in smtp.messages if rcpt == ["taro@rocket.example"]]
    assert len(to_customer) == 1
    import email
    from email import policy

    message = email.message_from_string(to_customer[0], policy=policy.default)
    text = message.get_body().get_content()
    assert order.reference in message["Subject"]
    assert f"https://renkei.example.jp{order.get_tracking_url()}" in text
    assert "165,000" in text and order.reference in text


def _png():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 200, 210)).save(out, format="PNG")
    return out.getvalue()
