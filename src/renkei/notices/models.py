"""In-app notices ("a new inquiry was passed to you", "you were mentioned") and how each person
wants to be mailed about them."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    REFERRAL = "referral", _("New inquiry passed to your company")
    MENTION = "mention", _("You were mentioned in a comment")
    CLAIM_PENDING = "claim_pending", _("A work package awaits your company's approval")
    PACKAGE_RETURNED = "package_returned", _("A work package was returned")
    PACKAGE_DELAYED = "package_delayed", _("A work package is delayed")
    INQUIRY_NEW = "inquiry_new", _("A new inquiry arrived at the window")
    INQUIRY_ANSWERED = "inquiry_answered", _("A member answered an inquiry")
    QUOTE_ACCEPTED = "quote_accepted", _("The customer accepted the quote")
    CUSTOMER_MESSAGE = "customer_message", _("The customer sent a message")
    CUSTOMER_MAIL_FAILED = (
        "customer_mail_failed",
        _("A mail to the customer could not be delivered"),
    )
    KPI_ALERT = "cockpit.kpi_alert", _("A KPI is off its target")
    DOCUMENT = "cockpit.document", _("A group document awaits your acknowledgement")
    STATEMENT_DISPUTED = "statement_disputed", _("A member disputed its payment statement")
    TRADE_ORDERED = "trade_ordered", _("Another member ordered work from your company")
    TRADE_ANSWERED = "trade_answered", _("A member answered your order")
    CORRECTIVE_ACTION = (
        "corrective_action",
        _("Your company's work was rejected on receipt: a corrective action is asked"),
    )
    CORRECTIVE_ANSWERED = "corrective_answered", _("A member answered a corrective action")
    APPLICATION = "joining.application", _("A company applied to join the group")


# Kinds whose own app mails the people at once with a fuller mail than a notice's, through a task
# that honours each person's choice itself (inquiries.tasks notify_member, mail_mention and
# tell_coordinators, projects.tasks mail_coordinators, cockpit.tasks mail_kpi_alert). Every other
# kind is mailed from its notice by notices.tasks.mail_notice, so that no kind is in-app only.
MAILED_BY_OWN_TASK = frozenset(
    {
        NoticeKind.REFERRAL,
        NoticeKind.MENTION,
        NoticeKind.PACKAGE_RETURNED,
        NoticeKind.PACKAGE_DELAYED,
        NoticeKind.INQUIRY_NEW,
        NoticeKind.KPI_ALERT,
    }
)


class MailChoice(models.TextChoices):
    IMMEDIATE = "immediate", _("Mail me each one at once")
    DAILY = "daily", _("One summary mail a day")
    OFF = "off", _("No mail (only here)")


class NoticeQuerySet(models.QuerySet["Notice"]):
    def for_user(self, user: Any) -> "NoticeQuerySet":
        """The only way pages read notices: a person only ever sees their own."""
        return self.filter(user=user)

    def unread(self) -> "NoticeQuerySet":
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """Something one person should look at, with a link to it; read once they open it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    # The subject (an inquiry's reference and title, a comment's first words), kept as written;
    # the sentence around it comes from ``kind`` so that it is shown in the reader's language.
    text = models.CharField(_("text"), max_length=300)
    link = models.CharField(max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # When mail_notice dealt with it: mailed, or left to the daily summary (or to this page) by
    # the person's choice. Set in the same transaction as the send, so a task run twice mails once.
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["user", "read_at"], name="notice_unread")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.text}"


class NoticePreference(models.Model):
    """How a person wants to be mailed about their notices; without one, "immediate"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference"
    )
    mail = models.CharField(
        _("e-mail"), max_length=10, choices=MailChoice.choices, default=MailChoice.IMMEDIATE
    )
    # The daily summary: the day it was queued for (so the minute tick queues it once a day)
    # and when the last one went out (the next one lists what came after).
    digest_queued_on = models.DateField(null=True, blank=True, editable=False)
    digest_sent_on = models.DateField(null=True, blank=True, editable=False)
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.mail}"
