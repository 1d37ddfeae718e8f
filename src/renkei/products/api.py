"""The group's own products by API: anyone reads the published products with the delivery an
order placed now would get; the group's coordinators read every product and the orders with
their place in the backlog. Mounted by renkei.api.v1."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Field, Router, Schema

from renkei.api.access import Access
from renkei.api.auth import caller
from renkei.api.endpoints.common import ERRORS, not_found
from renkei.api.schemas import PathSlug
from renkei.orgs.models import Group
from renkei.products import backlog
from renkei.products.models import Product

router = Router(tags=["products"])


class OptionOut(Schema):
    name: str
    price_delta_yen: int = Field(description="Added to the unit price, incl. tax.")


class ProductOut(Schema):
    slug: str
    name: str
    description: str
    price_yen: int = Field(description="Unit price incl. consumption tax, whole yen.")
    tax_rate: int = Field(description="Percent: 10 or 8.")
    tax_yen: int = Field(description="The tax the price contains, rounded down.")
    monthly_capacity: int
    stock: int
    on_order: int = Field(description="Units of the open orders.")
    published: bool
    options: list[OptionOut]
    next_delivery_on: dt.date | None = Field(
        description="Expected delivery of one unit ordered today: from stock, or the last day "
        "of the production month (month 1 is next month; months rounded up); null without a "
        "capacity."
    )


class ProductOrderOut(Schema):
    id: int
    reference: str
    product: str
    status: str
    quantity: int
    total_yen: int
    tax_yen: int
    received_at: dt.datetime
    units_ahead: int | None = Field(description="Null once shipped or cancelled.")
    expected_on: dt.date | None
    project_id: int | None


def _group(request: HttpRequest, slug: str, *, coordinator: bool) -> tuple[Group, bool]:
    user = caller(request)
    group = Group.objects.visible_to(user).filter(slug=slug).first()
    if group is None:
        raise not_found(gettext("Group not found."))
    is_coordinator = Access.of(user).is_coordinator(group)
    if coordinator and not is_coordinator:
        raise not_found(gettext("Group not found."))
    return group, is_coordinator


@router.get(
    "/groups/{slug}/products",
    response={200: list[ProductOut], **ERRORS},
    summary="The group's own products",
)
def list_products(request: HttpRequest, slug: PathSlug) -> list[dict[str, Any]]:
    group, is_coordinator = _group(request, slug, coordinator=False)
    products = Product.objects.for_group(group).prefetch_related("options")
    if not is_coordinator:
        products = products.published()
    return [
        {
            "slug": p.slug,
            "name": p.name,
            "description": p.description,
            "price_yen": p.price_yen,
            "tax_rate": p.tax_rate,
            "tax_yen": p.tax_yen,
            "monthly_capacity": p.monthly_capacity,
            "stock": p.stock,
            "on_order": backlog.units_on_order(p),
            "published": p.published,
            "options": [
                {"name": o.name, "price_delta_yen": o.price_delta_yen} for o in p.options.all()
            ],
            "next_delivery_on": backlog.next_order(p, 1).expected_on,
        }
        for p in products
    ]


@router.get(
    "/groups/{slug}/products/orders",
    response={200: list[ProductOrderOut], **ERRORS},
    summary="The product orders with their place in the backlog (coordinators)",
)
def list_product_orders(request: HttpRequest, slug: PathSlug) -> list[dict[str, Any]]:
    group, _coordinator = _group(request, slug, coordinator=True)
    result = []
    for product in Product.objects.for_group(group):
        places = {p.order.pk: p for p in backlog.queue(product) if p.order is not None}
        for order in product.orders.order_by("received_at", "pk"):
            place = places.get(order.pk)
            result.append(
                {
                    "id": order.pk,
                    "reference": order.reference,
                    "product": product.slug,
                    "status": order.status,
                    "quantity": order.quantity,
                    "total_yen": order.total_yen,
                    "tax_yen": order.tax_yen,
                    "received_at": order.received_at,
                    "units_ahead": place.units_ahead if place else None,
                    "expected_on": place.expected_on if place else None,
                    "project_id": order.project_id,
                }
            )
    return result
