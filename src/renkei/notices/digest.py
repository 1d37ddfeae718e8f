"""The daily summary mail for people who chose "daily": queued by the minute tick once a day
after 08:00 Japan time, one mail per person listing what came in since their last one."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from renkei.lib.workclock import TOKYO
from renkei.notices.models import MailChoice, NoticePreference
from renkei.outbox.followups import follow_up

SEND_AFTER = dt.time(8, 0)  # Japan time: the summary is there when the working day starts


def queue_daily_digests(now: dt.datetime | None = None) -> dict[str, int]:
    """Safe to run every minute: each person's summary is queued once per day."""
    from renkei.notices.tasks import mail_digest

    local = (now or timezone.now()).astimezone(TOKYO)
    if local.time() < SEND_AFTER:
        return {"queued": 0}
    today = local.date()
    due = NoticePreference.objects.filter(mail=MailChoice.DAILY).filter(
        Q(digest_queued_on__isnull=True) | Q(digest_queued_on__lt=today)
    )
    queued = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            # Marked before the task is enqueued, so that two ticks racing queue it once.
            marked = (
                NoticePreference.objects.filter(pk=pk)
                .filter(Q(digest_queued_on__isnull=True) | Q(digest_queued_on__lt=today))
                .update(digest_queued_on=today)
            )
            if marked:
                follow_up(mail_digest, pk, today.isoformat())
                queued += 1
    return {"queued": queued}
