"""Mail through the outbox: filed with the write it tells of, delivered apart from it.

``put`` renders a mail into an ``OutgoingMail`` row inside the caller's transaction, so that a
mail is wanted exactly when the write that wants it commits. ``deliver`` then takes it in
three steps, none of them inside a transaction that SMTP could hold open:

1. claim: one UPDATE moves it from waiting to "sending" (a second worker's UPDATE finds
   nothing to move and does nothing);
2. send: the SMTP conversation, with no database lock held (a mail server that accepts the
   connection and never answers blocks this worker for EMAIL_TIMEOUT, and nobody else);
3. mark: one UPDATE records "sent" straight after the server's 250.

SMTP is at-least-once: a worker killed between the server's 250 and step 3 leaves the mail
"sending"; after RENKEI_OUTBOX_STALE_SECONDS the sweep sends it again, under the same
Message-ID. That window is the time between two statements (QUIT comes after step 3), and it
is the only way a mail goes twice.
"""

import contextlib
import datetime as dt
import logging
import secrets
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from renkei.core.audit import audit
from renkei.core.mail import render_text
from renkei.outbox.models import MailStatus, OutgoingMail
from renkei.outbox.signals import mail_given_up

logger = logging.getLogger(__name__)
# Per mail server (host and port): when this worker may try it again after it did not answer.
_paused_until: dict[tuple[str, int], dt.datetime] = {}


def _server() -> tuple[str, int]:
    return (str(settings.EMAIL_HOST), int(settings.EMAIL_PORT))


def _stale_after() -> dt.timedelta:
    """A mail "sending" this long lost its worker (a send takes at most EMAIL_TIMEOUT for the
    connection and as much per reply); a mail waiting this long lost its delivery task."""
    return dt.timedelta(seconds=getattr(settings, "RENKEI_OUTBOX_STALE_SECONDS", 60))


def _pause() -> dt.timedelta:
    """After a server that could not be reached, this worker's next mails wait this long
    instead of each waiting EMAIL_TIMEOUT for the same silent server, so that the routing
    tasks on the queue go on."""
    return dt.timedelta(seconds=getattr(settings, "RENKEI_MAIL_PAUSE_SECONDS", 30))


def _backoff() -> list[int]:
    """Seconds before attempt 2, 3, …; its length is the number of retries."""
    return list(getattr(settings, "RENKEI_MAIL_RETRY_BACKOFF", [60, 300, 1800, 7200, 21600]))


def put(
    key: str,
    template: str,
    context: dict[str, Any],
    to: list[str],
    language: str,
    *,
    sensitive: bool = False,
) -> OutgoingMail | None:
    """Files one mail, rendered in the recipient's language, to be sent once the current
    transaction commits; a mail already filed under ``key`` is not filed again."""
    from renkei.outbox.followups import follow_up
    from renkei.outbox.tasks import deliver

    if not to:
        return None
    if OutgoingMail.objects.filter(key=key).exists():
        return None
    with translation.override(language):
        subject = " ".join(render_text(f"{template}_subject.txt", context).split())
        body = render_text(f"{template}.txt", context)
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "renkei.localhost"
    with transaction.atomic():  # the mail and its delivery task, both or neither
        mail = OutgoingMail.objects.create(
            key=key,
            template=template,
            to=list(to),
            subject=subject[:998],
            body=body,
            sensitive=sensitive,
            message_id=f"<{secrets.token_hex(12)}@{domain}>",
        )
        follow_up(deliver, mail.pk)
    return mail


def _claim(mail_id: int, now: dt.datetime) -> bool:
    waiting = Q(status=MailStatus.PENDING, due_at__lte=now)
    abandoned = Q(status=MailStatus.SENDING, claimed_at__lt=now - _stale_after())
    claimed = (
        OutgoingMail.objects.filter(pk=mail_id)
        .filter(waiting | abandoned)
        .update(status=MailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    return claimed == 1


def _send(mail: OutgoingMail, connection: Any) -> None:
    message = EmailMessage(
        mail.subject,
        mail.body,
        None,
        mail.to,
        headers={"Message-ID": mail.message_id},
        connection=connection,
    )
    message.send()


def _close(connection: Any) -> None:
    """QUIT, after the mail is recorded: the server's 250 to the message sent it, and a server
    that then hangs up on QUIT must not make it go again."""
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.close()


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer (an address that does not exist) will not change by asking again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _is_unreachable(error: Exception) -> bool:
    """No server to talk to (refused, timed out, hung up), rather than one that said no.
    smtplib's own errors are OSErrors too, hence the order of the tests."""
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def _failed(mail: OutgoingMail, claimed_at: dt.datetime, error: Exception) -> str:
    now = timezone.now()
    text = f"{error.__class__.__name__}: {error}"[:500]
    backoff = _backoff()
    unreachable = _is_unreachable(error)
    # A server that said no has had its chances after the schedule; a server that was not
    # there at all (an outage) is waited for, as mail servers do, until the mail is old.
    give_up_at = mail.created_at + dt.timedelta(hours=settings.RENKEI_MAIL_GIVE_UP_HOURS)
    final = (
        _is_permanent(error)
        or (mail.attempts > len(backoff) and not unreachable)
        or now >= give_up_at
    )
    if unreachable:
        _paused_until[_server()] = now + _pause()
    fields: dict[str, Any] = {"last_error": text, "claimed_at": None, "queued_at": None}
    if final:
        fields |= {"status": MailStatus.FAILED}
        if mail.sensitive:
            fields["body"] = ""
        logger.error("mail %s given up after %s attempts: %s", mail.key, mail.attempts, text)
        audit("mail.gave_up", summary=mail.key, attempts=mail.attempts, error=text)
    else:
        delay = backoff[min(mail.attempts, len(backoff)) - 1]
        fields |= {"status": MailStatus.PENDING, "due_at": now + dt.timedelta(seconds=delay)}
        logger.warning("mail %s not sent (attempt %s): %s", mail.key, mail.attempts, text)
    updated = OutgoingMail.objects.filter(pk=mail.pk, claimed_at=claimed_at).update(**fields)
    if final and updated:
        mail_given_up.send(sender=OutgoingMail, mail=mail)
    return "failed" if final else "retry later"


def deliver_one(mail_id: int) -> str:
    """Claims, sends and marks one mail. Never raises for an SMTP error: the outbox keeps
    the retry schedule, so the task that called this ends and the queue moves on."""
    now = timezone.now()
    paused_until = _paused_until.get(_server())
    if paused_until and now < paused_until:
        # The mail server did not answer a moment ago: wait until the pause ends (the sweep
        # queues it again then) rather than hold the worker for another timeout.
        OutgoingMail.objects.filter(
            pk=mail_id, status=MailStatus.PENDING, due_at__lt=paused_until
        ).update(due_at=paused_until, queued_at=None)
        return "paused"
    if not _claim(mail_id, now):
        return "skipped"
    mail = OutgoingMail.objects.get(pk=mail_id)
    connection = get_connection()
    try:
        connection.open()  # held open by us, so that the message's send() leaves QUIT to us
        _send(mail, connection)
    except (smtplib.SMTPException, OSError) as error:
        _close(connection)
        return _failed(mail, now, error)
    except BaseException:
        _close(connection)  # anything else (a header Django refuses): no socket left open
        raise
    fields: dict[str, Any] = {"status": MailStatus.SENT, "sent_at": timezone.now()}
    if mail.sensitive:
        fields["body"] = ""
    OutgoingMail.objects.filter(pk=mail_id, claimed_at=now).update(**fields, last_error="")
    _close(connection)
    if _paused_until.pop(_server(), None) is not None:
        _release_waiting(now)
    return "sent"


def _release_waiting(now: dt.datetime) -> None:
    """The server answers again after an outage: the mail that waits for its next attempt
    goes now, instead of each waiting out its own backoff."""
    from renkei.outbox.tasks import deliver

    waiting = OutgoingMail.objects.filter(status=MailStatus.PENDING, due_at__gt=now)
    ids = list(waiting.values_list("pk", flat=True)[:1000])
    waiting.filter(pk__in=ids).update(due_at=now, queued_at=now)
    for mail_id in ids:
        deliver.enqueue(mail_id)


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic check (``RENKEI_PERIODIC``): queues every mail that is due and has no task
    on its way — retries whose wait is over, mails whose worker died mid-send, mails whose
    delivery task was never queued — and forgets sent mail after RENKEI_MAIL_KEEP_DAYS."""
    from renkei.outbox.tasks import deliver

    now = now or timezone.now()
    stale = _stale_after()
    due = OutgoingMail.objects.filter(
        Q(status=MailStatus.PENDING, due_at__lte=now, created_at__lt=now - stale)
        & (Q(queued_at__isnull=True) | Q(queued_at__lt=now - 10 * stale))
        | Q(status=MailStatus.SENDING, claimed_at__lt=now - stale)
    )
    queued = 0
    for mail_id in due.order_by("due_at").values_list("pk", flat=True)[:1000]:
        # Marked first: a worker that is down does not get a copy every minute.
        if OutgoingMail.objects.filter(pk=mail_id).update(queued_at=now):
            deliver.enqueue(mail_id)
            queued += 1
    keep = dt.timedelta(days=getattr(settings, "RENKEI_MAIL_KEEP_DAYS", 90))
    forgotten, _ = OutgoingMail.objects.filter(
        status=MailStatus.SENT, sent_at__lt=now - keep
    ).delete()
    return {"queued": queued, "forgotten": forgotten}
