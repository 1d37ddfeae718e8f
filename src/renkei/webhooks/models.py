"""A group's webhook endpoints and each event delivered (or still to deliver) to them."""

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped
from renkei.webhooks.choices import DeliveryStatus, Event
from renkei.webhooks.reasons import plain_reason


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def validate_web_url(value: str) -> None:
    """Only http(s): a file:, ftp: or gopher: address would have renkei read or post elsewhere."""
    if value.split(":", 1)[0].lower() not in ("http", "https"):
        raise ValidationError(
            _("Use an address that starts with http:// or https://."), code="scheme"
        )
    URLValidator(schemes=["http", "https"])(value)


class Endpoint(TimeStamped):
    """An address of the group's own system (a sales tool, a chat bot…) that renkei POSTs the
    chosen events to, signed with the endpoint's secret."""

    group = models.ForeignKey(
        "orgs.Group", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.CharField(_("URL"), max_length=500, validators=[validate_web_url])
    secret = models.CharField(max_length=100, default=new_secret, editable=False)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["group", "pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        from renkei.webhooks.addresses import AddressRefused, check_url

        try:
            check_url(self.url)
        except AddressRefused as refused:
            raise ValidationError({"url": str(refused)}) from None
        known = set(Event.values)
        if not self.events or not isinstance(self.events, list):
            raise ValidationError({"events": _("Choose at least one event.")})
        if any(e not in known for e in self.events):
            raise ValidationError({"events": _("Unknown event.")})

    def event_labels(self) -> list[str]:
        return [str(Event(e).label) for e in self.events if e in Event.values]


class Delivery(TimeStamped):
    """One event for one endpoint: its body is fixed when the event happens, and it is posted
    until the endpoint answers 2xx or the attempts run out."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40)
    # Sent as X-Renkei-Delivery: the same on every attempt, so receivers can deduplicate.
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    payload: "models.JSONField[Any, Any]" = models.JSONField(default=dict)
    attempts = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    last_error = models.CharField(max_length=500, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # While one worker posts, others leave the delivery alone until then (see delivery.claim).
    sending_until = models.DateTimeField(null=True, blank=True, editable=False)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="delivered_once")
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.status})"

    @property
    def reason(self) -> str:
        """Why it has not arrived, in plain words (last_error keeps the technical text)."""
        return plain_reason(self.last_error, self.response_code)
