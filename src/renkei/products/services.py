"""Every write of the group's own products and their orders goes through here."""

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core import throttle
from renkei.core.audit import audit
from renkei.lib import retail
from renkei.orgs.models import Company, Group
from renkei.outbox.followups import follow_up
from renkei.products import backlog
from renkei.products.choices import OPEN_STATUSES, OrderStatus, StockReason
from renkei.products.models import (
    Product,
    ProductOption,
    ProductOrder,
    ProductPhoto,
    StockMovement,
)

ACK_SCOPE = "ack_recipient"  # the same daily share of acknowledgements as the inquiry window
MAX_PHOTOS = 8


class ProductRefused(ValueError):
    """The step cannot be taken: the order is not in a state for it, or the input is wrong.
    The message is for the person, in their language."""


class KeyReused(Exception):
    """The form's key already made an order with other content. Carries nothing of it."""


@dataclass(frozen=True)
class Customer:
    """What the order form asks of the customer."""

    customer_name: str
    email: str
    postal_code: str
    address: str
    customer_company: str = ""
    phone: str = ""
    notes: str = ""
    payer_kana: str = ""


def current_members(group: Group) -> Any:
    return Company.objects.filter(memberships__group=group, memberships__left_on__isnull=True)


@transaction.atomic
def save_product(*, actor: Any, product: Product, makers: list[Company] | None = None) -> Product:
    """Creates or updates a product; ``makers`` must be current members of its group."""
    creating = product.pk is None
    product.full_clean(exclude=["group"])
    if makers is not None:
        allowed = set(current_members(product.group).values_list("pk", flat=True))
        if any(company.pk not in allowed for company in makers):
            raise ValidationError({"makers": _("Only member companies of the group can make it.")})
    try:
        with transaction.atomic():
            product.save()
    except IntegrityError:
        raise ValidationError(
            {"slug": _("Another product of the group already uses this address name.")}
        ) from None
    if makers is not None:
        product.makers.set(makers)
    audit(
        "product.create" if creating else "product.update",
        actor=actor,
        obj=product,
        group=product.group,
        summary=product.name,
    )
    return product


@transaction.atomic
def add_photo(*, actor: Any, product: Product, data: bytes, caption: str = "") -> ProductPhoto:
    """Checks the upload as the floor photos are checked (renkei.lib.drawingcheck: the header,
    the pixels, a full decode), and keeps a re-encoded JPEG without its metadata."""
    from renkei.projects.progress import ProgressRefused, clean_photo

    if product.photos.count() >= MAX_PHOTOS:
        raise ProductRefused(_("A product has at most %(n)s photos.") % {"n": MAX_PHOTOS})
    try:
        jpeg = clean_photo(data)
    except ProgressRefused as refused:
        raise ProductRefused(str(refused)) from None
    last = product.photos.aggregate(n=Max("position"))["n"] or 0
    photo = ProductPhoto(product=product, caption=caption[:150], position=last + 1)
    photo.image.save("photo.jpg", ContentFile(jpeg), save=False)
    try:
        photo.save()
    except BaseException:
        photo.image.delete(save=False)
        raise
    audit("product.photo_add", actor=actor, obj=product, group=product.group, summary=caption)
    return photo


@transaction.atomic
def remove_photo(*, actor: Any, photo: ProductPhoto) -> None:
    product = photo.product
    name = photo.image.name
    photo.delete()
    transaction.on_commit(lambda: photo.image.storage.delete(name))
    audit("product.photo_remove", actor=actor, obj=product, group=product.group)


@transaction.atomic
def add_option(*, actor: Any, product: Product, name: str, price_delta_yen: int) -> ProductOption:
    last = product.options.aggregate(n=Max("position"))["n"] or 0
    option = ProductOption(
        product=product, name=name, price_delta_yen=price_delta_yen, position=last + 1
    )
    option.full_clean(exclude=["product"])
    option.save()
    audit(
        "product.option_add",
        actor=actor,
        obj=product,
        group=product.group,
        summary=f"{name} +¥{price_delta_yen:,}",
    )
    return option


@transaction.atomic
def remove_option(*, actor: Any, option: ProductOption) -> None:
    """Orders keep the option as they were made with it (their own copy)."""
    product = option.product
    option.delete()
    audit(
        "product.option_remove", actor=actor, obj=product, group=product.group, summary=option.name
    )


def _locked_product(product: Product) -> Product:
    return Product.objects.select_for_update().get(pk=product.pk)


@transaction.atomic
def adjust_stock(*, actor: Any, product: Product, delta: int, note: str = "") -> StockMovement:
    """Units counted or made (positive) or found missing (negative); never below zero."""
    locked = _locked_product(product)
    if delta == 0:
        raise ProductRefused(_("Enter how many units to add or take away."))
    if locked.stock + delta < 0:
        raise ProductRefused(
            _("Only %(n)s are in stock: the stock cannot go below zero.") % {"n": locked.stock}
        )
    locked.stock += delta
    locked.save(update_fields=["stock"])
    product.stock = locked.stock
    movement = StockMovement.objects.create(
        product=locked,
        delta=delta,
        stock_after=locked.stock,
        reason=StockReason.ADJUSTMENT,
        note=note[:200],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit(
        "product.stock",
        actor=actor,
        obj=locked,
        group=locked.group,
        summary=f"{delta:+d} → {locked.stock}",
    )
    return movement


def price_of(product: Product, options: list[ProductOption], quantity: int) -> tuple[int, int, int]:
    """Unit price, total and the tax the total contains (rounded once, down), in yen."""
    unit = product.price_yen + sum(option.price_delta_yen for option in options)
    total = unit * quantity
    return unit, total, retail.tax_included(total, product.tax_rate)


def fingerprint(
    product: Product, quantity: int, options: list[ProductOption], who: Customer
) -> str:
    """What an order says, in one canonical form: a double click sends the same."""
    canonical = {
        "product": product.pk,
        "quantity": quantity,
        "options": sorted(option.pk for option in options),
        # Without a payer kana an order reads as it did before the field existed.
        "customer": sorted((k, v) for k, v in vars(who).items() if v or k != "payer_kana"),
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def earlier_order(
    *,
    product: Product,
    key: uuid.UUID,
    quantity: int,
    options: list[ProductOption],
    who: Customer,
) -> ProductOrder | None:
    """The order an earlier send of this form made, if this send repeats it; None if the key
    is unused. Raises ``KeyReused`` when the key made an order with other content."""
    order = ProductOrder.objects.filter(group=product.group, submission_key=key).first()
    if order is None:
        return None
    if order.fingerprint != fingerprint(product, quantity, options, who):
        raise KeyReused
    return order


def submit_order(
    *,
    product: Product,
    key: uuid.UUID,
    quantity: int,
    options: list[ProductOption],
    who: Customer,
    language: str = "ja",
) -> tuple[ProductOrder, bool]:
    """Saves the customer's order; returns it and whether it is new. The same form sent twice
    (a double click, a reload, a retry after a lost answer) returns the first order."""
    group = product.group
    existing = ProductOrder.objects.filter(group=group, submission_key=key).first()
    if existing is not None:
        return existing, False
    from renkei.products.tasks import acknowledge_order, tell_coordinators

    try:
        with transaction.atomic():
            order = _create_order(product, key, quantity, options, who, language)
            follow_up(tell_coordinators, order.pk)
            if not order.acknowledgement_withheld:
                follow_up(acknowledge_order, order.pk)
    except IntegrityError:
        # Two sends of one form raced; the other one won.
        return ProductOrder.objects.get(group=group, submission_key=key), False
    return order, True


def _create_order(
    product: Product,
    key: uuid.UUID,
    quantity: int,
    options: list[ProductOption],
    who: Customer,
    language: str,
) -> ProductOrder:
    group = product.group
    Group.objects.select_for_update().filter(pk=group.pk).first()  # numbers one at a time
    locked = _locked_product(product)  # the queue's place is taken one order at a time
    if not locked.published:
        raise ProductRefused(_("This product is not on sale at the moment."))
    if quantity < 1 or quantity > locked.max_per_order:
        raise ProductRefused(_("Please check the quantity."))
    number = (ProductOrder.objects.filter(group=group).aggregate(n=Max("number"))["n"] or 0) + 1
    unit, total, tax = price_of(locked, options, quantity)
    place = backlog.next_order(locked, quantity)
    order = ProductOrder(
        group=group,
        product=locked,
        number=number,
        submission_key=key,
        fingerprint=fingerprint(locked, quantity, options, who),
        quantity=quantity,
        options=[{"name": o.name, "price_delta_yen": o.price_delta_yen} for o in options],
        unit_price_yen=unit,
        total_yen=total,
        tax_rate=locked.tax_rate,
        tax_yen=tax,
        language=language[:8],
        expected_on=place.expected_on,
        **vars(who),
    )
    order.full_clean(exclude=["tracking_token", "project"])
    order.acknowledgement_withheld = not throttle.check(
        ACK_SCOPE, order.email, throttle.rate(ACK_SCOPE)
    ).allowed
    order.save()
    audit(
        "product.order_receive",
        obj=order,
        group=group,
        summary=f"{order.reference} {locked.name} ×{quantity}",
    )
    if order.acknowledgement_withheld:
        audit("product.acknowledgement_withheld", obj=order, group=group, limit=ACK_SCOPE)
    return order


def _locked_order(order: ProductOrder) -> ProductOrder:
    return (
        ProductOrder.objects.select_for_update(of=("self",))
        .select_related("product", "group")
        .get(pk=order.pk)
    )


def split_units(quantity: int, makers: int) -> list[int]:
    """The order's units shared out among its makers as evenly as whole units go, the first
    makers taking one more each: 30 among 2 is 15 and 15; 31 among 2 is 16 and 15."""
    base, extra = divmod(quantity, makers)
    return [base + (1 if n < extra else 0) for n in range(makers) if base or n < extra]


@transaction.atomic
def confirm_order(*, actor: Any, order: ProductOrder) -> ProductOrder:
    """The coordinator accepts the order: a project of the projects app with one package per
    making member, each offered to that member (its own approver confirms it, as any package).
    Twice is once."""
    from renkei.projects import claims
    from renkei.projects.choices import PackageKind, ProjectKind
    from renkei.projects.models import Project
    from renkei.projects.services import add_package

    locked = _locked_order(order)
    if locked.status == OrderStatus.CONFIRMED:
        return locked
    if locked.status != OrderStatus.RECEIVED:
        raise ProductRefused(_("Only a received order can be confirmed."))
    product = locked.product
    makers = list(product.makers.order_by("pk"))
    if not makers:
        raise ProductRefused(
            _("Choose the member companies that make this product first (edit the product).")
        )
    place = backlog.place_of(locked)
    due = place.expected_on if place is not None else None
    project = Project.objects.create(
        group=locked.group,
        kind=ProjectKind.ORDER,
        title=f"{locked.reference} {product.name} ×{locked.quantity}"[:200],
        delivery_on=due,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit("project.start", actor=actor, obj=project, group=project.group, summary=project.title)
    for company, units in zip(makers, split_units(locked.quantity, len(makers)), strict=False):
        package = add_package(
            actor=actor,
            project=project,
            name=f"{product.name} {locked.option_names}".strip()[:150],
            kind=PackageKind.PART,
            quantity=units,
            due_on=due,
            notes=_("Product order %(ref)s") % {"ref": locked.reference},
        )
        claims.offer_package(actor=actor, package=package, company=company)
    locked.status = OrderStatus.CONFIRMED
    locked.confirmed_at = timezone.now()
    locked.project = project
    locked.save(update_fields=["status", "confirmed_at", "project"])
    audit(
        "product.order_confirm",
        actor=actor,
        obj=locked,
        group=locked.group,
        summary=locked.reference,
    )
    return locked


@transaction.atomic
def ship_order(*, actor: Any, order: ProductOrder) -> ProductOrder:
    """The order left for the customer. What the stock held of it is taken off the stock;
    units made for it by the members went out as they were made. Its invoice is issued with
    it when the group's settlement terms allow (products.invoicing.invoice_on_shipment)."""
    locked = _locked_order(order)
    if locked.status == OrderStatus.SHIPPED:
        return locked
    if locked.status != OrderStatus.CONFIRMED:
        raise ProductRefused(_("Only a confirmed order can be shipped."))
    product = _locked_product(locked.product)
    taken = min(product.stock, locked.quantity)
    if taken:
        product.stock -= taken
        product.save(update_fields=["stock"])
        StockMovement.objects.create(
            product=product,
            delta=-taken,
            stock_after=product.stock,
            reason=StockReason.SHIPMENT,
            order=locked,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
    locked.status = OrderStatus.SHIPPED
    locked.shipped_at = timezone.now()
    locked.save(update_fields=["status", "shipped_at"])
    audit(
        "product.order_ship", actor=actor, obj=locked, group=locked.group, summary=locked.reference
    )
    # Invoiced as it ships (発送時に請求): products.invoicing says why and when.
    from renkei.products.invoicing import invoice_on_shipment

    invoice_on_shipment(actor=actor, order=locked)
    if not locked.acknowledgement_withheld:
        from renkei.products.tasks import tell_shipped

        follow_up(tell_shipped, locked.pk)
    return locked


@transaction.atomic
def cancel_order(*, actor: Any, order: ProductOrder, reason: str) -> ProductOrder:
    """Takes an open order out of the queue (the orders behind it move up); its project, if
    any, is cancelled too. The record stays."""
    from renkei.projects.choices import ProjectStatus
    from renkei.projects.services import update_project

    locked = _locked_order(order)
    if locked.status == OrderStatus.CANCELLED:
        return locked
    if locked.status not in OPEN_STATUSES:
        raise ProductRefused(_("A shipped order cannot be cancelled."))
    if not reason.strip():
        raise ProductRefused(_("Please give the reason for the cancellation."))
    locked.status = OrderStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancel_reason = reason.strip()[:300]
    locked.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    if locked.project is not None:
        update_project(actor=actor, project=locked.project, status=ProjectStatus.CANCELLED)
    audit(
        "product.order_cancel",
        actor=actor,
        obj=locked,
        group=locked.group,
        summary=f"{locked.reference}: {locked.cancel_reason}",
    )
    return locked
