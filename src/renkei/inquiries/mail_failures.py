"""A mail to a customer that could not be delivered is a job for the coordinators: the customer
waits for an answer they will never get by mail (a mistyped address, a full mailbox), and only
a person can reach them another way (the telephone, the company's other address)."""

from typing import Any

from renkei.outbox.models import OutgoingMail
from renkei.outbox.signals import mail_given_up

# The outbox keys of the mails that go to the customer (inquiries.tasks).
CUSTOMER_MAIL_KEYS = ("inquiries.ack:", "inquiries.message:")


def tell_coordinators(sender: Any, mail: OutgoingMail, **kwargs: Any) -> None:
    from renkei.inquiries.models import Inquiry, Message
    from renkei.inquiries.notices import notify_coordinators
    from renkei.notices.models import NoticeKind

    prefix, _sep, pk = mail.key.partition(":")
    if f"{prefix}:" not in CUSTOMER_MAIL_KEYS or not pk.isdigit():
        return
    if prefix == "inquiries.ack":
        inquiry = Inquiry.objects.select_related("group").filter(pk=int(pk)).first()
    else:
        message = Message.objects.select_related("inquiry__group").filter(pk=int(pk)).first()
        inquiry = message.inquiry if message else None
    if inquiry is not None:
        # The address only: the mail server's own words are English and for operators (admin).
        notify_coordinators(inquiry, NoticeKind.CUSTOMER_MAIL_FAILED, detail=", ".join(mail.to))


def connect() -> None:
    mail_given_up.connect(tell_coordinators, dispatch_uid="inquiries.customer_mail_failed")
