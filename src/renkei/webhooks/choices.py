"""Enumerations of the webhooks app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """What a group's endpoint can subscribe to. ``ping`` is only ever sent on request."""

    INQUIRY_CREATED = "inquiry.created", _("A new inquiry arrived")
    INQUIRY_STATUS_CHANGED = "inquiry.status_changed", _("An inquiry's status changed")
    INVOICE_ISSUED = "invoice.issued", _("An invoice or credit note was issued")
    PAYMENT_RECEIVED = "payment.received", _("A payment was received")


PING = "ping"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("sending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")
