"""The group's own products (磨き屋シンジケート's beer mug, MNI's idea products: seed l.520–524,
2104–2108, 4830–4838), their photos and options, orders from customers without an account, and
the stock's history."""

import secrets
import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renkei.lib import retail
from renkei.orgs.models import Group
from renkei.products.choices import OrderStatus, StockReason, TaxRate

MAX_PRICE_YEN = 100_000_000
MAX_PER_ORDER = 100_000  # above this a quantity is not an order but a typo
PAYER_KANA_MAX = 48  # half-width characters: the 振込依頼人名 of a 全銀 record


class ProductQuerySet(models.QuerySet["Product"]):
    def for_group(self, group: Group) -> "ProductQuerySet":
        """The only way pages read products: scoped to one group."""
        return self.filter(group=group)

    def published(self) -> "ProductQuerySet":
        return self.filter(published=True)


class Product(models.Model):
    """A product the group sells under its own name, made by some of its members: the price
    includes consumption tax; the monthly capacity and the stock set each order's delivery."""

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="products")
    slug = models.SlugField(_("address name"), max_length=60)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    price_yen = models.PositiveIntegerField(
        _("price incl. tax (yen)"), validators=[MaxValueValidator(MAX_PRICE_YEN)]
    )
    tax_rate = models.PositiveSmallIntegerField(
        _("consumption tax rate"), choices=TaxRate.choices, default=TaxRate.STANDARD
    )
    monthly_capacity = models.PositiveIntegerField(
        _("units made per month"), default=0, validators=[MaxValueValidator(MAX_PER_ORDER)]
    )
    stock = models.PositiveIntegerField(_("in stock"), default=0)
    stock_ship_days = models.PositiveSmallIntegerField(
        _("days to ship from stock"), default=7, validators=[MaxValueValidator(90)]
    )
    max_per_order = models.PositiveIntegerField(
        _("most units per order"),
        default=500,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PER_ORDER)],
    )
    published = models.BooleanField(_("shown to the public"), default=False)
    makers = models.ManyToManyField(
        "orgs.Company", blank=True, related_name="+", verbose_name=_("made by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["group", "name", "pk"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["group", "slug"], name="product_slug_per_group")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("products:detail", args=[self.group.slug, self.slug])

    @property
    def tax_yen(self) -> int:
        return retail.tax_included(self.price_yen, self.tax_rate)


def product_photo_path(instance: "ProductPhoto", filename: str) -> str:
    # A random name under the data dir: never the uploader's name, never under a web root.
    return f"products/{instance.product_id}/{uuid.uuid4().hex}.jpg"


class ProductPhoto(models.Model):
    """A photo of a product, re-encoded as a JPEG when uploaded and served by a view."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=product_photo_path)
    caption = models.CharField(_("caption"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["product", "position", "pk"]

    def __str__(self) -> str:
        return self.caption or Path(self.image.name).name

    def get_absolute_url(self) -> str:
        return reverse("products:photo", args=[self.product.group.slug, self.product.slug, self.pk])


class ProductOption(models.Model):
    """A choice the customer may add, with what it adds to the unit price (名入れ +¥500)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="options")
    name = models.CharField(_("option"), max_length=100)
    price_delta_yen = models.PositiveIntegerField(
        _("adds to the price incl. tax (yen)"),
        default=0,
        validators=[MaxValueValidator(MAX_PRICE_YEN)],
    )
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["product", "position", "pk"]

    def __str__(self) -> str:
        return self.name


def new_tracking_token() -> str:
    return secrets.token_urlsafe(24)


class OrderQuerySet(models.QuerySet["ProductOrder"]):
    def for_group(self, group: Group) -> "OrderQuerySet":
        return self.filter(group=group)


class ProductOrder(models.Model):
    """One customer's order of a product from the public page, with what was ordered, the
    price and tax as they were then (never recomputed) and where it stands.

    The customer has no account: the tracking token is their key to the order's page."""

    group = models.ForeignKey("orgs.Group", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="orders")
    number = models.PositiveIntegerField(editable=False)
    tracking_token = models.CharField(max_length=40, unique=True, default=new_tracking_token)
    # The hidden key of the form: the same form sent twice is one order.
    submission_key = models.UUIDField(editable=False)
    fingerprint = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.RECEIVED
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    options = models.JSONField(default=list, blank=True)  # [{"name", "price_delta_yen"}]
    unit_price_yen = models.PositiveIntegerField()
    total_yen = models.PositiveIntegerField()
    tax_rate = models.PositiveSmallIntegerField(choices=TaxRate.choices)
    tax_yen = models.PositiveIntegerField()

    customer_name = models.CharField(_("your name"), max_length=100)
    customer_company = models.CharField(_("company (if any)"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10)
    address = models.CharField(_("delivery address"), max_length=300)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    # The payer's name as the bank statement will print it (振込依頼人名), in the 全銀 half-width
    # kana the order form turns it into: settlement matches the order's invoices' payments by it.
    payer_kana = models.CharField(_("payer name (kana)"), max_length=PAYER_KANA_MAX, blank=True)
    language = models.CharField(max_length=8, default="ja")

    expected_on = models.DateField(_("expected delivery when ordered"), null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    acknowledgement_withheld = models.BooleanField(default=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # The order's work: a project of the projects app with one package per making member.
    project = models.OneToOneField(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # The order's qualified invoices (適格請求書), issued when it ships (products.invoicing):
    # one from the group, or in 斡旋 one from each making member.
    invoices = models.ManyToManyField("settlement.IssuedDocument", blank=True, related_name="+")

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("product order")
        verbose_name_plural = _("product orders")
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="product_order_number"),
            models.UniqueConstraint(
                fields=["group", "submission_key"], name="product_order_submitted_once"
            ),
        ]
        indexes = [models.Index(fields=["product", "status"], name="product_order_queue")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"P-{self.number:05d}"

    def get_tracking_url(self) -> str:
        return reverse("products:tracking", args=[self.tracking_token])

    @property
    def option_names(self) -> str:
        return "・".join(str(o.get("name", "")) for o in self.options)


class StockMovement(models.Model):
    """One change of a product's stock: counted, made, or shipped. Never changed afterwards."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="movements")
    delta = models.IntegerField(_("change"))
    stock_after = models.PositiveIntegerField()
    reason = models.CharField(max_length=12, choices=StockReason.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    order = models.ForeignKey(
        ProductOrder, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.product_id} {self.delta:+d}"
