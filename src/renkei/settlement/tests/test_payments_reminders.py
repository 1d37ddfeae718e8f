"""Overdue invoices and their reminder mail: to the customer, in its language, through the real
outbox and worker, at most one per invoice per 7 days."""

import dataclasses
import datetime as dt
import email
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from renkei.conftest_helpers import login, run_worker
from renkei.lib.documents import from_dict
from renkei.settlement.models import Reminder
from renkei.settlement.services import payments as service
from renkei.settlement.services.invoices import issue_invoice
from renkei.settlement.services.issue import issue_document

pytestmark = pytest.mark.django_db(databases="__all__", transaction=True)


@pytest.fixture
def late_invoice(alice, group, accepted_settlement):
    """An invoice of the order whose due date passed ten days ago."""
    [first] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    document = dataclasses.replace(
        from_dict(first.data), due_on=timezone.localdate() - dt.timedelta(days=10)
    )
    return issue_document(
        actor=alice,
        group=group,
        document=document,
        customer_email=first.customer_email,
        orders=[accepted_settlement],
    )


@pytest.fixture
def inbox(smtp, late_invoice):
    """The SMTP server once the mail of the inquiry and its quote has gone."""
    run_worker()
    smtp.messages.clear()
    return smtp


def _mails(inbox):
    found = []
    for to, raw in inbox.messages:
        message = email.message_from_string(raw)
        body = str(message.get_payload())  # 8bit UTF-8, already text
        found.append((to, str(make_header(decode_header(message["Subject"]))), body))
    return found


def test_the_overdue_list_and_a_reminder_mail_once_a_week(
    client, group, alice, late_invoice, inbox
):
    login(client, alice)
    page = client.get(f"/g/{group.slug}/money/overdue/")
    assert late_invoice.number in page.content.decode()
    url = f"/g/{group.slug}/money/overdue/{late_invoice.pk}/remind/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "taro@rocket.example" in confirm.content.decode()
    assert not Reminder.objects.exists()  # the confirmation step sends nothing

    client.post(url)
    run_worker()

    [(to, subject, body)] = _mails(inbox)
    assert to == ["taro@rocket.example"]
    assert late_invoice.number in subject and "お支払いのお願い" in subject
    assert "宇宙 太郎" in body and "¥90,750" in body
    assert "/t/" in body or "track" in body  # the order's tracking page

    again = client.post(url)  # a second press within 7 days
    run_worker()
    assert again.status_code == 400 and "7日" in again.content.decode()
    assert Reminder.objects.count() == 1 and len(inbox.messages) == 1


def test_a_reminder_is_possible_again_after_7_days(alice, late_invoice, inbox):
    first = service.send_reminder(actor=alice, invoice=late_invoice)
    with pytest.raises(service.ReminderRefused):
        service.send_reminder(actor=alice, invoice=late_invoice)
    Reminder.objects.filter(pk=first.pk).update(sent_at=first.sent_at - dt.timedelta(days=7))

    service.send_reminder(actor=alice, invoice=late_invoice)
    run_worker()

    assert Reminder.objects.count() == 2 and len(inbox.messages) == 2


def test_an_english_customer_gets_the_reminder_in_english(
    alice, late_invoice, accepted_settlement, inbox
):
    inquiry = accepted_settlement.order.inquiry
    inquiry.language = "en"
    inquiry.save(update_fields=["language"])

    service.send_reminder(actor=alice, invoice=late_invoice)
    run_worker()

    [(_to, subject, body)] = _mails(inbox)
    assert subject.endswith(f"Reminder: invoice {late_invoice.number} is overdue")
    assert "Dear 宇宙 太郎" in body


def test_an_invoice_not_due_or_paid_gets_no_reminder(alice, group, late_invoice, inbox):
    service.record_payment(
        actor=alice,
        group=group,
        received_on=timezone.localdate(),
        amount_yen=90750,
        payer_name="ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ",
        allocations=[(late_invoice, 90750)],
    )
    with pytest.raises(service.ReminderRefused):
        service.send_reminder(actor=alice, invoice=late_invoice)
    assert service.overdue(group) == []
    run_worker()
    assert not inbox.messages
