"""The demo's product: 越後みがき連合 sells a polished beer mug on the web, as 磨き屋シンジケート
did (seed l.520–524, 2104–2108): made by hand, 100 a month, about 2,000 on order after a
television programme, a few in stock, made by two of its members; two earlier orders shipped,
with their invoices.

Made through the services, keyed by the product's address name and each order's form key:
a second run writes nothing."""

import datetime as dt
import io
import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from renkei.orgs.models import Company, Group
from renkei.products import services
from renkei.products.models import Product, ProductOrder

SLUG = "beer-mug"
MAKERS = ("株式会社中ノ口研磨", "分水鏡面工房株式会社")
# (days ago, quantity, name engraved, confirmed, company, name): 1,994 units in all.
ORDERS = (
    (60, 1200, False, True, "株式会社燕三条みやげ", "山田 一郎"),
    (45, 500, False, True, "百貨店 新潟店", "佐藤 花子"),
    (20, 250, True, False, "株式会社ビアホール越後", "鈴木 健"),
    (6, 30, True, False, "", "高橋 美咲"),
    (2, 12, False, False, "", "田中 翔"),
    (1, 2, True, False, "", "伊藤 さくら"),
)
# Orders received earlier and shipped (days ago, quantity, name engraved, company, name): each
# gets its invoices as it ships (products.invoicing; 越後みがき連合 settles by 斡旋, so each
# making member invoices its units), and the units the stock gave are made again after.
SHIPPED = (
    (90, 24, True, "株式会社ホテル弥彦", "小林 誠"),
    (75, 6, False, "", "渡辺 由美"),
)


def _photo() -> bytes:
    """A drawn mug: the demo ships no photographs of anyone's product."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (236, 239, 243))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((250, 120, 520, 520), radius=30, fill=(182, 188, 196))
    draw.rectangle((285, 140, 330, 500), fill=(230, 233, 238))  # the mirror's highlight
    draw.arc((470, 220, 640, 420), start=-90, end=90, fill=(160, 166, 175), width=28)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def load_demo_products(group: Group) -> int:
    """Creates what is missing; returns how many orders it made."""
    coordinator = get_user_model().objects.filter(username="migaki").first()
    product = Product.objects.filter(group=group, slug=SLUG).first()
    if product is None:
        product = services.save_product(
            actor=coordinator,
            product=Product(
                group=group,
                slug=SLUG,
                name="燕三条 鏡面磨きビアマグ",
                description=(
                    "ステンレスの内側を職人が一つずつ鏡面に磨き上げたビアマグです。"
                    "きめ細かい泡が長く続きます。容量 420 ml、ステンレス SUS304 製。"
                ),
                price_yen=5_500,
                tax_rate=10,
                monthly_capacity=100,
                stock=40,
                max_per_order=2_000,
                published=True,
            ),
            makers=list(Company.objects.filter(name__in=MAKERS)),
        )
        services.add_option(actor=coordinator, product=product, name="名入れ", price_delta_yen=550)
        services.add_option(
            actor=coordinator, product=product, name="桐箱入り", price_delta_yen=1_100
        )
        services.add_photo(actor=coordinator, product=product, data=_photo(), caption="鏡面仕上げ")
    engrave = list(product.options.filter(name="名入れ"))
    made = 0
    for n, (days_ago, quantity, engraved, confirmed, company, name) in enumerate(ORDERS, 1):
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"renkei-demo-product-order-{n}")
        if ProductOrder.objects.filter(group=group, submission_key=key).exists():
            continue
        order, _created = services.submit_order(
            product=product,
            key=key,
            quantity=quantity,
            options=engrave if engraved else [],
            who=services.Customer(
                customer_name=name,
                customer_company=company,
                email=f"buyer{n}@example.jp",
                postal_code="959-1200",
                address="新潟県燕市吉田 1-2-3",
            ),
        )
        _back_date(order, timezone.now() - dt.timedelta(days=days_ago))
        if confirmed and coordinator is not None:
            services.confirm_order(actor=coordinator, order=order)
        made += 1
    if coordinator is not None:
        made += _shipped(product, coordinator, engrave)
    return made


def _shipped(product: Product, coordinator: Any, engrave: list[Any]) -> int:
    made = 0
    for n, (days_ago, quantity, engraved, company, name) in enumerate(SHIPPED, 1):
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"renkei-demo-product-shipped-{n}")
        if ProductOrder.objects.filter(group=product.group, submission_key=key).exists():
            continue
        order, _created = services.submit_order(
            product=product,
            key=key,
            quantity=quantity,
            options=engrave if engraved else [],
            who=services.Customer(
                customer_name=name,
                customer_company=company,
                email=f"shipped{n}@example.jp",
                postal_code="959-0323",
                address="新潟県西蒲原郡弥彦村弥彦 1-1",
            ),
        )
        _back_date(order, timezone.now() - dt.timedelta(days=days_ago))
        services.confirm_order(actor=coordinator, order=order)
        stock = Product.objects.get(pk=product.pk).stock
        services.ship_order(actor=coordinator, order=order)
        taken = stock - Product.objects.get(pk=product.pk).stock
        if taken:
            services.adjust_stock(
                actor=coordinator, product=product, delta=taken, note="今月の製作分"
            )
        made += 1
    return made


def _back_date(order: Any, when: dt.datetime) -> None:
    # The service stamps "now"; the demo's orders arrived over the last two months.
    ProductOrder.objects.filter(pk=order.pk).update(received_at=when)
