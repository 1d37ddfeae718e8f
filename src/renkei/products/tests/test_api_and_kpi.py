"""The products by API, and the sales the cockpit reads."""

import uuid

import pytest
from django.utils import timezone

from renkei.api.services import create_api_token
from renkei.cockpit import kpi_sources
from renkei.lib.kpi import month_start
from renkei.products import services
from renkei.products.models import Product

pytestmark = pytest.mark.django_db


def _order(mug, quantity):
    order, _ = services.submit_order(
        product=mug,
        key=uuid.uuid4(),
        quantity=quantity,
        options=[],
        who=services.Customer(
            customer_name="先客", email="early@example.jp", postal_code="959-1200", address="燕市"
        ),
    )
    return order


def _get(client, path, user=None):
    headers = {}
    if user is not None:
        _token, secret = create_api_token(actor=user, name="test")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client.get(path, **headers)


def test_anyone_reads_the_published_products_with_the_next_delivery(client, mug, group):
    Product.objects.create(group=group, slug="draft", name="試作中", price_yen=1000)
    response = _get(client, "/api/v1/groups/miyako/products")
    assert response.status_code == 200
    (only,) = response.json()
    assert only["slug"] == "beer-mug" and only["tax_yen"] == 500
    assert only["options"] == [{"name": "名入れ", "price_delta_yen": 550}]
    assert only["next_delivery_on"] is not None


def test_the_orders_are_for_the_groups_coordinators_only(client, mug, alice, dave, bob):
    _order(mug, 30)
    _order(mug, 20)
    mine = _get(client, "/api/v1/groups/miyako/products/orders", alice)
    assert mine.status_code == 200
    assert [o["units_ahead"] for o in mine.json()] == [0, 30]
    assert _get(client, "/api/v1/groups/miyako/products/orders", dave).status_code == 404
    assert _get(client, "/api/v1/groups/miyako/products/orders", bob).status_code == 404
    assert _get(client, "/api/v1/groups/miyako/products/orders").status_code == 404


def test_confirmed_orders_count_as_sales_in_their_month(mug, alice):
    services.confirm_order(actor=alice, order=_order(mug, 30))
    cancelled = services.confirm_order(actor=alice, order=_order(mug, 5))
    services.cancel_order(actor=alice, order=cancelled, reason="取消")
    _order(mug, 7)  # received, not confirmed: not a sale yet
    month = month_start(timezone.localdate())
    assert kpi_sources.product_sales(mug.group, [month]) == {month: (30, 165_000)}


def test_the_cockpits_sales_include_the_products_sold(mug, alice):
    from renkei.cockpit.kpis import operational

    month = month_start(timezone.localdate())
    before = operational(mug.group, month)["sales"]
    services.confirm_order(actor=alice, order=_order(mug, 30))
    assert operational(mug.group, month)["sales"] == before + 165_000
