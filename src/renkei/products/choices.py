"""Enumerations of the group's own products and their orders."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaxRate(models.IntegerChoices):
    STANDARD = 10, _("10 % (standard rate)")
    REDUCED = 8, _("8 % (reduced rate)")


class OrderStatus(models.TextChoices):
    """An order is received from the window, confirmed by the coordinator (its work packages
    go to the making members), then shipped; or cancelled."""

    RECEIVED = "received", _("order received")
    CONFIRMED = "confirmed", _("order confirmed")
    SHIPPED = "shipped", _("shipped")
    CANCELLED = "cancelled", _("cancelled")


OPEN_STATUSES = (OrderStatus.RECEIVED, OrderStatus.CONFIRMED)  # in the queue for delivery


class StockReason(models.TextChoices):
    ADJUSTMENT = "adjustment", _("stock count or production")
    SHIPMENT = "shipment", _("shipped to a customer")
