"""The reply clock, checked every minute: alert the coordinators at 75 % of the promised business
time, and record a breach when the promise passes without a first message to the customer."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from renkei.core.audit import audit
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Inquiry
from renkei.inquiries.services import calendar_of
from renkei.outbox.followups import follow_up

ALERT_AT = 0.75
OPEN = [InquiryStatus.NEW, InquiryStatus.REVIEWING, InquiryStatus.ANSWERED]


def check_reply_clocks(now: dt.datetime | None = None) -> dict[str, int]:
    """Safe to run as often as one likes: each alert and each breach happens once."""
    now = now or timezone.now()
    counts = {"alerted": 0, "breached": 0}
    running = Inquiry.objects.filter(
        first_reply_at__isnull=True, reply_due_at__isnull=False, status__in=OPEN
    ).select_related("group")
    for inquiry in running.filter(clock_alerted_at__isnull=True):
        used = calendar_of(inquiry.group).fraction_used(
            inquiry.received_at, now, inquiry.group.reply_promise_hours
        )
        if used >= ALERT_AT and _mark(inquiry, "clock_alerted_at", now):
            counts["alerted"] += 1
    for inquiry in running.filter(reply_breached_at__isnull=True, reply_due_at__lte=now):
        if _mark(inquiry, "reply_breached_at", now):
            audit(
                "inquiry.reply_breach", obj=inquiry, group=inquiry.group, summary=inquiry.reference
            )
            counts["breached"] += 1
    return counts


def _mark(inquiry: Inquiry, field: str, now: dt.datetime) -> bool:
    """Sets the field if no one else has; the alert mail goes out once the mark is committed."""
    from renkei.inquiries.tasks import alert_coordinators

    with transaction.atomic():
        marked = Inquiry.objects.filter(pk=inquiry.pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
        if marked:
            kind = "breach" if field == "reply_breached_at" else "alert"
            follow_up(alert_coordinators, inquiry.pk, kind)
    return bool(marked)
