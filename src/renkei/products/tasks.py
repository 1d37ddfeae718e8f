"""Background work of product orders. Each task is safe to run twice: a mail is filed once per
key (renkei.outbox.mail.put) in the same short transaction as the order's mark."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from renkei.outbox.mail import put
from renkei.products.models import ProductOrder


@task(queue_name="mail")
def acknowledge_order(order_id: int) -> str:
    """E-mails the customer what they ordered, the expected delivery and the tracking link."""
    with transaction.atomic():
        order = (
            ProductOrder.objects.select_for_update(of=("self",))
            .select_related("group", "product")
            .filter(pk=order_id, acknowledged_at__isnull=True)
            .first()
        )
        if order is None:
            return "skipped"
        if order.acknowledgement_withheld:  # the address had its share (submit_order)
            return "withheld"
        context = {
            "order": order,
            "group": order.group,
            "link": settings.RENKEI_BASE_URL.rstrip("/") + order.get_tracking_url(),
        }
        put(
            f"products.ack:{order.pk}",
            "products/email/ack",
            context,
            [order.email],
            order.language,
        )
        order.acknowledged_at = timezone.now()
        order.save(update_fields=["acknowledged_at"])
    return "sent"


@task(queue_name="mail")
def tell_shipped(order_id: int) -> str:
    """E-mails the customer that the order left, with the tracking link where its invoice (if
    one was issued at shipment) can be downloaded. Filed once per order (the outbox's key)."""
    order = ProductOrder.objects.select_related("group", "product").filter(pk=order_id).first()
    if order is None or order.shipped_at is None:
        return "skipped"
    context = {
        "order": order,
        "group": order.group,
        "invoiced": order.invoices.exists(),
        "link": settings.RENKEI_BASE_URL.rstrip("/") + order.get_tracking_url(),
    }
    put(
        f"products.shipped:{order.pk}",
        "products/email/shipped",
        context,
        [order.email],
        order.language,
    )
    return "sent"


@task(queue_name="mail")
def tell_coordinators(order_id: int) -> str:
    """Mails the group's coordinators that a product order arrived, once. Those who chose the
    daily summary or no mail are left out, as for inquiries."""
    from renkei.notices.services import coordinators_to_mail

    with transaction.atomic():
        order = ProductOrder.objects.select_related("group", "product").filter(pk=order_id).first()
        if order is None:
            return "skipped"
        group = order.group
        to = coordinators_to_mail(group.pk)
        if not to:
            return "nobody to mail"
        path = reverse("products:manage_order", args=[group.slug, order.pk])
        context = {
            "order": order,
            "group": group,
            "link": settings.RENKEI_BASE_URL.rstrip("/") + path,
        }
        put(f"products.new:{order.pk}", "products/email/new_order", context, to, "ja")
    return "sent"
