"""Background work of notices. Each task is safe to run twice."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from renkei.notices.models import MailChoice, Notice, NoticePreference
from renkei.outbox.mail import put

FIRST_DIGEST_LOOKBACK = dt.timedelta(days=1)


@task(queue_name="mail")
def mail_notice(notice_id: int) -> str:
    """Mails one notice to its person if they chose "at once", once; for "daily" or "off" it is
    only marked, and the summary (or the notice itself) tells them."""
    from renkei.notices.services import mail_choice

    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("user", "group")
            .filter(pk=notice_id, mailed_at__isnull=True)
            .first()
        )
        if notice is None:
            return "skipped"
        user = notice.user
        # Read now, not when the notice was made: a choice changed in between is honoured.
        wanted = bool(user.is_active and user.email and mail_choice(user) == MailChoice.IMMEDIATE)
        if wanted:
            base_url = settings.RENKEI_BASE_URL.rstrip("/")
            context = {
                "user": user,
                "notice": notice,
                "group": notice.group,
                "base_url": base_url,
                # Through the notice, so that following the mail marks the notice read.
                "link": base_url + reverse("notices:open", args=[notice.pk]),
            }
            # Filed in the outbox in the same transaction as the mark.
            put(
                f"notices.notice:{notice.pk}",
                "notices/email/notice",
                context,
                [user.email],
                "ja",
            )
        notice.mailed_at = timezone.now()
        notice.save(update_fields=["mailed_at"])
    return "sent" if wanted else "not mailed (preference)"


@task(queue_name="mail")
def mail_digest(preference_id: int, day: str) -> str:
    """Mails one person everything since their last summary, at most once for ``day``."""
    on = dt.date.fromisoformat(day)
    with transaction.atomic():
        preference = (
            NoticePreference.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=preference_id, mail=MailChoice.DAILY)
            .first()
        )
        if preference is None or (preference.digest_sent_on and preference.digest_sent_on >= on):
            return "skipped"
        now = timezone.now()
        since = preference.digest_sent_at or now - FIRST_DIGEST_LOOKBACK
        notices = list(
            Notice.objects.for_user(preference.user)
            .filter(created_at__gt=since, created_at__lte=now)
            .select_related("group")
            .order_by("created_at", "pk")
        )
        user = preference.user
        sent = bool(notices and user.email and user.is_active)
        if sent:
            context = {
                "user": user,
                "notices": notices,
                "base_url": settings.RENKEI_BASE_URL.rstrip("/"),
            }
            # Filed in the outbox in the same transaction as the record of it: the outbox
            # retries a mail server that refuses, so the summary is recorded as sent.
            put(
                f"notices.digest:{preference.pk}:{on.isoformat()}",
                "notices/email/digest",
                context,
                [user.email],
                "ja",
            )
        preference.digest_sent_on = on
        preference.digest_sent_at = now
        preference.save(update_fields=["digest_sent_on", "digest_sent_at"])
    return "sent" if sent else "nothing to send"
