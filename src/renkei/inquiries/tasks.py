"""Background work of the joint order window. Each task is safe to run twice.

A mail task never talks SMTP: in one short transaction it files the mail in the outbox and marks
its row, and the outbox delivers the mail apart from any transaction (renkei.outbox.mail)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from renkei.inquiries.models import Inquiry
from renkei.outbox.mail import put


@task(queue_name="mail")
def acknowledge_inquiry(inquiry_id: int) -> str:
    """E-mails the customer the acknowledgement with the private tracking link, once."""
    with transaction.atomic():
        inquiry = (
            Inquiry.objects.select_for_update(of=("self",))
            .select_related("group")
            .filter(pk=inquiry_id, acknowledged_at__isnull=True)
            .first()
        )
        if inquiry is None:
            return "skipped"
        if inquiry.acknowledgement_withheld:  # the address had its share (submit_inquiry)
            return "withheld"
        link = settings.RENKEI_BASE_URL.rstrip("/") + inquiry.get_tracking_url()
        context = {"inquiry": inquiry, "link": link, "group": inquiry.group}
        # Filed in the same transaction as the mark: the mail is wanted exactly when it is.
        put(
            f"inquiries.ack:{inquiry.pk}",
            "inquiries/email/ack",
            context,
            [inquiry.email],
            inquiry.language,
        )
        inquiry.acknowledged_at = timezone.now()
        inquiry.save(update_fields=["acknowledged_at"])
    return "sent"


@task(queue_name="mail")
def notify_member(referral_id: int) -> str:
    """Mails the member company's people that an inquiry was passed to them, once."""
    from django.urls import reverse

    from renkei.inquiries.models import Referral
    from renkei.inquiries.referrals import recipients
    from renkei.notices.services import quiet_emails

    with transaction.atomic():
        referral = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("inquiry__group", "company")
            .filter(pk=referral_id, notified_at__isnull=True)
            .first()
        )
        if referral is None:
            return "skipped"
        to = recipients(referral)
        if not to:
            # Nobody to tell (no people, no company address): it stays unmarked, and the
            # coordinator's page says so instead of showing it as notified.
            return "no recipients"
        # People who chose the daily summary or no mail hear of it through their notices.
        quiet = quiet_emails(to)
        to = [address for address in to if address not in quiet]
        group = referral.inquiry.group
        path = reverse("inquiries:referral", args=[group.slug, referral.pk])
        context = {
            "referral": referral,
            "inquiry": referral.inquiry,
            "group": group,
            "link": settings.RENKEI_BASE_URL.rstrip("/") + path,
        }
        if to:
            put(f"inquiries.referral:{referral.pk}", "inquiries/email/referral", context, to, "ja")
        referral.notified_at = timezone.now()
        referral.save(update_fields=["notified_at"])
    return "sent" if to else "left to the digest"


@task(queue_name="mail")
def mail_customer(message_id: int) -> str:
    """Mails the customer a coordinator's message with the tracking link, once."""
    from renkei.inquiries.models import Message

    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("inquiry__group")
            .filter(pk=message_id, mailed_at__isnull=True, from_customer=False)
            .first()
        )
        if message is None:
            return "skipped"
        inquiry = message.inquiry
        context = {
            "inquiry": inquiry,
            "group": inquiry.group,
            "message": message,
            "link": settings.RENKEI_BASE_URL.rstrip("/") + inquiry.get_tracking_url(),
        }
        put(
            f"inquiries.message:{message.pk}",
            "inquiries/email/message",
            context,
            [inquiry.email],
            inquiry.language,
        )
        message.mailed_at = timezone.now()
        message.save(update_fields=["mailed_at"])
    return "sent"


@task(queue_name="mail")
def alert_coordinators(inquiry_id: int, kind: str) -> str:
    """Tells the group's coordinators that a reply is nearly due ("alert") or overdue ("breach").

    Enqueued once per inquiry and kind, when the clock check marks it (see inquiries.clock).
    """
    from django.urls import reverse

    from renkei.orgs.choices import PersonRole
    from renkei.orgs.models import GroupRole

    inquiry = Inquiry.objects.select_related("group").filter(pk=inquiry_id).first()
    if inquiry is None or inquiry.first_reply_at is not None:
        return "skipped"
    group = inquiry.group
    grants = GroupRole.objects.filter(group=group, role=PersonRole.COORDINATOR).select_related(
        "user"
    )
    to = sorted({g.user.email for g in grants if g.user.email and g.user.is_active})
    if not to:
        return "no recipients"
    path = reverse("inquiries:detail", args=[group.slug, inquiry.pk])
    context = {
        "inquiry": inquiry,
        "group": group,
        "kind": kind,
        "link": settings.RENKEI_BASE_URL.rstrip("/") + path,
    }
    with transaction.atomic():
        put(f"inquiries.clock:{inquiry.pk}:{kind}", "inquiries/email/clock", context, to, "ja")
    return "sent"


@task(queue_name="mail")
def mail_mention(mention_id: int) -> str:
    """Mails a person that they were mentioned in an inquiry's internal thread, once; people who
    chose the daily summary (or no mail) are only marked: the summary or the notice tells them."""
    from renkei.inquiries.comments import thread_link
    from renkei.inquiries.models import Mention
    from renkei.notices.models import MailChoice
    from renkei.notices.services import mail_choice

    with transaction.atomic():
        mention = (
            Mention.objects.select_for_update(of=("self",))
            .select_related("user", "comment__author", "comment__inquiry__group")
            .filter(pk=mention_id, mailed_at__isnull=True)
            .first()
        )
        if mention is None:
            return "skipped"
        user, comment = mention.user, mention.comment
        inquiry = comment.inquiry
        wanted = mail_choice(user) == MailChoice.IMMEDIATE and user.is_active and user.email
        if wanted:
            context = {
                "user": user,
                "comment": comment,
                "inquiry": inquiry,
                "group": inquiry.group,
                "link": settings.RENKEI_BASE_URL.rstrip("/") + thread_link(inquiry),
            }
            # Filed in the same transaction as the mark, as acknowledge_inquiry does.
            put(
                f"inquiries.mention:{mention.pk}",
                "inquiries/email/mention",
                context,
                [user.email],
                "ja",
            )
        mention.mailed_at = timezone.now()
        mention.save(update_fields=["mailed_at"])
    return "sent" if wanted else "not mailed (preference)"


@task(queue_name="mail")
def tell_coordinators(inquiry_id: int) -> str:
    """Mails the group's coordinators that an inquiry arrived, with the reply deadline, once.
    Those who chose the daily summary or no mail have the notice instead."""
    from django.urls import reverse

    from renkei.notices.services import coordinators_to_mail

    with transaction.atomic():
        inquiry = (
            Inquiry.objects.select_for_update(of=("self",))
            .select_related("group")
            .filter(pk=inquiry_id, coordinators_told_at__isnull=True)
            .first()
        )
        if inquiry is None:
            return "skipped"
        group = inquiry.group
        to = coordinators_to_mail(group.pk)
        if to:
            path = reverse("inquiries:detail", args=[group.slug, inquiry.pk])
            context = {
                "inquiry": inquiry,
                "group": group,
                "link": settings.RENKEI_BASE_URL.rstrip("/") + path,
            }
            put(f"inquiries.new:{inquiry.pk}", "inquiries/email/new_inquiry", context, to, "ja")
        inquiry.coordinators_told_at = timezone.now()
        inquiry.save(update_fields=["coordinators_told_at"])
    return "sent" if to else "nobody to mail"
