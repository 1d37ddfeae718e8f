"""What is waiting to leave renkei: mail, and the follow-up tasks of committed writes."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")


class OutgoingMail(models.Model):
    """One mail, rendered when the thing it tells of was recorded, delivered later in three
    steps (claim, send, mark) so that no database transaction is open while SMTP talks."""

    # What the mail is about, e.g. "inquiries.ack:12": a second filing of the same mail is
    # refused by the database, whichever task or process tries it.
    key = models.CharField(_("key"), max_length=200, unique=True)
    template = models.CharField(_("template"), max_length=100)
    to = models.JSONField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"), blank=True)
    # Mails that carry a secret (a password reset link) lose their body once they leave.
    sensitive = models.BooleanField(_("carries a secret"), default=False)
    # The same Message-ID on every attempt: a mail sent twice (the server took it, the worker
    # died before recording that) is one message to mail clients that collapse duplicates.
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    queued_at = models.DateTimeField(_("queued again at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        indexes = [
            models.Index(fields=["status", "due_at"], name="outbox_mail_due"),
            models.Index(fields=["status", "created_at"], name="outbox_mail_age"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"


class FollowUp(models.Model):
    """A task to enqueue once the write that asked for it commits. Written in the same
    transaction as that write, removed once the task is on the queue: if the enqueue fails (the
    queue's database locked or full, the process killed), the periodic sweep enqueues it."""

    task_path = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    queue_name = models.CharField(_("queue"), max_length=50)
    run_after = models.DateTimeField(_("run after"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")

    def __str__(self) -> str:
        return f"{self.task_path}{tuple(self.args)}"
