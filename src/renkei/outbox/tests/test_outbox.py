"""The outbox: claim, send, mark — retried when refused, given up when hopeless, once each."""

import datetime as dt
import email
import smtplib
import uuid

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import CUSTOMER, Inbox, free_port, run_worker
from renkei.core.models import AuditEntry
from renkei.inquiries.services import submit_inquiry
from renkei.inquiries.tasks import acknowledge_inquiry
from renkei.notices.models import Notice, NoticeKind
from renkei.outbox.mail import deliver_one, sweep
from renkei.outbox.models import MailStatus, OutgoingMail

ACK = "inquiries/email/ack"


class FlakyInbox(Inbox):
    """Answers "try again later" to the first ``failures`` messages; refuses ``refused``."""

    def __init__(self, failures: int = 0, refused: str = "") -> None:
        super().__init__()
        self.failures = failures
        self.refused = refused
        self.ids: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.failures > 0:
            self.failures -= 1
            return "451 4.3.0 Temporary failure, try again later"
        self.ids.append(email.message_from_bytes(envelope.content)["Message-ID"])
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def flaky(settings):
    started: list[Controller] = []

    def start(**options) -> FlakyInbox:
        inbox = FlakyInbox(**options)
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        started.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        return inbox

    yield start
    for controller in started:
        controller.stop()


def _submit(group, **header):
    inquiry, _ = submit_inquiry(group=group, key=uuid.uuid4(), header=CUSTOMER | header, lines=[])
    return inquiry


def _later(minutes: int = 2) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def _make_due(mail: OutgoingMail) -> None:
    """As if its wait were over: filed, and due, a while ago."""
    past = timezone.now() - dt.timedelta(minutes=2)
    OutgoingMail.objects.filter(pk=mail.pk).update(due_at=past, created_at=past)


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_refused_mail_waits_its_turn_and_is_sent_once(group, flaky, settings):
    settings.RENKEI_MAIL_RETRY_BACKOFF = [60, 60, 60]
    inbox = flaky(failures=2)
    inquiry = _submit(group)
    run_worker()
    mail = OutgoingMail.objects.get(key=f"inquiries.ack:{inquiry.pk}")
    assert (mail.status, mail.attempts, inbox.messages) == (MailStatus.PENDING, 1, [])
    assert "451" in mail.last_error and mail.due_at > timezone.now()
    assert sweep() == {"queued": 0, "forgotten": 0}  # not due yet

    _make_due(mail)
    assert sweep()["queued"] == 1
    assert sweep()["queued"] == 0  # queued once, not every minute
    run_worker()  # attempt 2: refused again
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.PENDING, 2)
    _make_due(mail)
    assert sweep()["queued"] == 1
    run_worker()  # attempt 3 goes through

    mail.refresh_from_db()
    assert (mail.status, mail.attempts, mail.last_error) == (MailStatus.SENT, 3, "")
    assert [to for to, _body in inbox.messages] == [["taro@rocket.example"]]
    assert inbox.ids == [mail.message_id]
    assert sweep(_later(10))["queued"] == 0
    run_worker()
    assert len(inbox.messages) == 1


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_an_address_the_server_says_does_not_exist_is_given_up_and_the_coordinator_told(
    group, alice, flaky
):
    flaky(refused="nobody@rocket.example")
    inquiry = _submit(group, email="nobody@rocket.example")
    run_worker()
    mail = OutgoingMail.objects.get(key=f"inquiries.ack:{inquiry.pk}")
    assert (mail.status, mail.attempts) == (MailStatus.FAILED, 1)
    assert "550" in mail.last_error
    entry = AuditEntry.objects.get(action="mail.gave_up")
    assert entry.summary == mail.key
    assert sweep(_later(60 * 24))["queued"] == 0
    # The customer waits for an answer that will not come by mail: a person must call them.
    [notice] = Notice.objects.filter(user=alice, kind=NoticeKind.CUSTOMER_MAIL_FAILED)
    assert inquiry.reference in notice.text and "nobody@rocket.example" in notice.text
    assert "550" not in notice.text  # the server's words stay in the operators' admin
    assert str(inquiry.pk) in notice.link


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_retries_stop_after_the_last_attempt_and_are_audited(group, flaky, settings):
    settings.RENKEI_MAIL_RETRY_BACKOFF = [0]
    inbox = flaky(failures=10)
    _submit(group)
    run_worker()
    _make_due(OutgoingMail.objects.get())
    assert sweep()["queued"] == 1
    run_worker()
    mail = OutgoingMail.objects.get()
    assert (mail.status, mail.attempts, inbox.messages) == (MailStatus.FAILED, 2, [])
    assert AuditEntry.objects.filter(action="mail.gave_up", summary=mail.key).count() == 1


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_mail_left_sending_by_a_dead_worker_goes_again_under_its_message_id(group, flaky):
    inbox = flaky()
    inquiry = _submit(group)
    assert acknowledge_inquiry.call(inquiry.pk) == "sent"  # filed; its delivery is queued
    mail = OutgoingMail.objects.get()
    # A worker claimed it and died before it could record the server's answer.
    just_now = timezone.now() - dt.timedelta(seconds=10)
    OutgoingMail.objects.update(status=MailStatus.SENDING, claimed_at=just_now, attempts=1)
    assert deliver_one(mail.pk) == "skipped"  # another worker's claim is respected …
    assert sweep()["queued"] == 0
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    OutgoingMail.objects.update(claimed_at=long_ago)
    assert sweep()["queued"] == 1  # … until it is older than any send could take
    run_worker()
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 2)
    assert inbox.ids == [mail.message_id]


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_password_reset_link_leaves_the_outbox_with_the_mail(client, alice, smtp):
    client.post(reverse("password_reset"), {"email": alice.email})
    run_worker()
    [(to, body)] = smtp.messages
    assert to == [alice.email] and "/reset/" in body.replace("=\n", "")
    mail = OutgoingMail.objects.get(template="registration/password_reset_email")
    assert (mail.status, mail.sensitive, mail.body) == (MailStatus.SENT, True, "")


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_server_that_is_not_there_pauses_this_workers_mail(group, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    first, second = _submit(group), _submit(group)
    run_worker()
    tried = OutgoingMail.objects.filter(attempts=1)
    paused = OutgoingMail.objects.filter(attempts=0)
    # One mail found the server gone; the other did not wait for it again.
    assert [m.key for m in tried] in ([f"inquiries.ack:{first.pk}"], [f"inquiries.ack:{second.pk}"])
    assert paused.count() == 1 and paused.get().due_at > timezone.now()
    assert "ConnectionRefusedError" in tried.get().last_error


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_mail_sent_long_ago_is_forgotten(group, smtp, settings):
    settings.RENKEI_MAIL_KEEP_DAYS = 90
    _submit(group)
    run_worker()
    assert sweep(_later(60 * 24 * 89))["forgotten"] == 0
    assert sweep(_later(60 * 24 * 91))["forgotten"] == 1
    assert not OutgoingMail.objects.exists()


def test_smtplib_errors_are_classified_as_the_outbox_expects():
    from renkei.outbox.mail import _is_permanent, _is_unreachable

    assert _is_permanent(smtplib.SMTPRecipientsRefused({"a@x": (550, b"no")}))
    assert not _is_permanent(smtplib.SMTPRecipientsRefused({"a@x": (451, b"later")}))
    assert not _is_permanent(smtplib.SMTPDataError(451, b"later"))
    assert _is_unreachable(ConnectionRefusedError()) and _is_unreachable(TimeoutError())
    assert _is_unreachable(smtplib.SMTPServerDisconnected("gone"))
    assert not _is_unreachable(smtplib.SMTPDataError(451, b"later"))


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_an_outage_is_waited_for_past_the_schedule_until_the_mail_is_old(group, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    settings.RENKEI_MAIL_RETRY_BACKOFF = [0]
    settings.RENKEI_MAIL_PAUSE_SECONDS = 0
    _submit(group)
    run_worker()
    mail = OutgoingMail.objects.get()
    for attempt in (2, 3):  # past the one retry of the schedule: still waiting for the server
        _make_due(mail)
        assert sweep()["queued"] == 1
        run_worker()
        mail.refresh_from_db()
        assert (mail.status, mail.attempts) == (MailStatus.PENDING, attempt)
    hours = settings.RENKEI_MAIL_GIVE_UP_HOURS + 1
    _make_due(mail)
    OutgoingMail.objects.update(created_at=timezone.now() - dt.timedelta(hours=hours))
    assert sweep()["queued"] == 1
    run_worker()
    mail.refresh_from_db()
    assert mail.status == MailStatus.FAILED
    assert AuditEntry.objects.filter(action="mail.gave_up", summary=mail.key).exists()


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_the_mail_waiting_out_an_outage_goes_as_soon_as_the_server_answers(group, settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port  # nothing listens yet
    settings.RENKEI_MAIL_PAUSE_SECONDS = 0
    first, second = _submit(group), _submit(group)
    run_worker()
    assert set(OutgoingMail.objects.values_list("status", "attempts")) == {("pending", 1)}
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        third = _submit(group)
        run_worker()  # the third goes through, and the two that wait for their retry follow
    finally:
        controller.stop()
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {"sent"}
    assert len(inbox.messages) == 3
    assert {m.key for m in OutgoingMail.objects.all()} == {
        f"inquiries.ack:{inquiry.pk}" for inquiry in (first, second, third)
    }
