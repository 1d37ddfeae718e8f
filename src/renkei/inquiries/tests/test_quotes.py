"""One quote from the members' answers plus the fee: PDF, sent, accepted or declined by the
customer on the tracking page; messages stop the reply clock."""

import io
import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from renkei.conftest_helpers import CUSTOMER, login, run_worker
from renkei.inquiries import referrals
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Inquiry, Order, Quote, Referral
from renkei.inquiries.services import submit_inquiry

HEADER = CUSTOMER


@pytest.fixture
def answered(group, alice, bob, aoki):
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=HEADER,
        lines=[{"part_name": "シャフト", "drawing_number": "S-1", "quantity": 4}],
    )
    referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    referral = Referral.objects.get()
    referrals.answer(actor=bob, referral=referral, kind="can", price_yen=40000, lead_days=9)
    return inquiry


def compose(client, inquiry, **extra):
    url = reverse("inquiries:quote", args=["miyako", inquiry.pk])
    line = inquiry.lines.get()
    data = {f"price_{line.pk}": "12000", "fee_percent": "10", "valid_until": "2027-01-31"}
    return client.post(url, data | extra)


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_quote_is_composed_sent_as_pdf_and_accepted(client, alice, answered, smtp):
    login(client, alice)
    form = client.get(reverse("inquiries:quote", args=["miyako", answered.pk])).content.decode()
    assert 'value="10000"' in form  # 40,000 yen for 4 pieces, from aoki's answer
    assert 'value="9"' in form
    compose(client, answered)
    quote = Quote.objects.get()
    assert (quote.subtotal, quote.fee, quote.tax, quote.total) == (48000, 4800, 5280, 58080)
    pdf = client.get(reverse("inquiries:quote_pdf", args=["miyako", answered.pk, 1]))
    page = PdfReader(io.BytesIO(pdf.content)).pages[0]
    text = page.extract_text()
    assert "御見積書" in text and "株式会社ロケット工房 御中" in text and "58,080" in text
    # The font travels with the file (a TrueType /FontFile2), not left to the viewer.
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    assert fonts and all("/FontFile2" in font["/FontDescriptor"] for font in fonts)

    tracking = answered.get_tracking_url()
    assert "quote-1" not in client.get(tracking).content.decode()  # not sent yet
    client.post(
        reverse("inquiries:send_quote", args=["miyako", answered.pk, 1]), {"confirm": "send"}
    )
    answered.refresh_from_db()
    assert answered.status == InquiryStatus.QUOTED
    assert answered.first_reply_at is not None  # the reply clock stopped
    run_worker()
    mails = [body for to, body in smtp.messages if to == ["taro@rocket.example"]]
    assert any(answered.tracking_token in re.sub(r"=\r?\n", "", body) for body in mails)

    client.logout()
    page = client.get(tracking).content.decode()
    assert "¥58,080" in page
    assert client.get(f"/t/{answered.tracking_token}/quote-1.pdf").status_code == 200
    decide = reverse("inquiries:decide", args=[answered.tracking_token])
    client.post(decide, {"revision": "1", "decision": "accept"})
    client.post(decide, {"revision": "1", "decision": "accept"})  # double click
    answered.refresh_from_db()
    assert answered.status == InquiryStatus.WON
    assert Order.objects.get().total_yen == 58080
    response = client.post(decide, {"revision": "1", "decision": "decline"}, follow=True)
    assert "can no longer be declined" in response.content.decode()


@pytest.mark.django_db
def test_the_customer_declines_with_a_reason(client, alice, answered):
    login(client, alice)
    compose(client, answered)
    client.post(
        reverse("inquiries:send_quote", args=["miyako", answered.pk, 1]), {"confirm": "send"}
    )
    client.logout()
    decide = reverse("inquiries:decide", args=[answered.tracking_token])
    client.post(decide, {"revision": "1", "decision": "decline", "reason": "予算超過"})
    answered.refresh_from_db()
    assert answered.status == InquiryStatus.LOST
    assert Quote.objects.get().decline_reason == "予算超過"
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_messages_both_ways_and_the_clock_stops_at_the_first_to_the_customer(
    client, alice, answered
):
    assert answered.first_reply_at is None
    client.post(
        reverse("inquiries:customer_message", args=[answered.tracking_token]),
        {"body": "<b>急ぎ</b>でお願いします"},
    )
    answered.refresh_from_db()
    assert answered.first_reply_at is None  # the customer's own message does not count
    login(client, alice)
    detail = client.get(reverse("inquiries:detail", args=["miyako", answered.pk])).content.decode()
    assert "&lt;b&gt;急ぎ&lt;/b&gt;" in detail
    client.post(
        reverse("inquiries:message", args=["miyako", answered.pk]), {"body": "承知しました"}
    )
    answered.refresh_from_db()
    assert answered.first_reply_at is not None


@pytest.mark.django_db
def test_unsent_quotes_and_other_tokens_show_nothing(client, alice, answered, group):
    login(client, alice)
    compose(client, answered)
    other, _ = submit_inquiry(group=group, key=uuid.uuid4(), header=HEADER, lines=[])
    assert client.get(f"/t/{answered.tracking_token}/quote-1.pdf").status_code == 404
    client.post(
        reverse("inquiries:send_quote", args=["miyako", answered.pk, 1]), {"confirm": "send"}
    )
    # The quote belongs to the first inquiry: the second one's token cannot reach it.
    assert client.get(f"/t/{other.tracking_token}/quote-1.pdf").status_code == 404
    decide = reverse("inquiries:decide", args=[other.tracking_token])
    assert client.post(decide, {"revision": "1", "decision": "accept"}).status_code == 404
    assert Inquiry.objects.get(pk=answered.pk).status == InquiryStatus.QUOTED


@pytest.mark.django_db
def test_deciding_needs_the_csrf_token(alice, answered):
    staff = Client()
    login(staff, alice)
    compose(staff, answered)
    staff.post(
        reverse("inquiries:send_quote", args=["miyako", answered.pk, 1]), {"confirm": "send"}
    )
    customer = Client(enforce_csrf_checks=True)
    decide = reverse("inquiries:decide", args=[answered.tracking_token])
    assert customer.post(decide, {"revision": "1", "decision": "accept"}).status_code == 403
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_members_and_other_groups_cannot_compose(client, bob, dave, answered):
    for user in (bob, dave):
        login(client, user)
        assert compose(client, answered).status_code == 404
    assert not Quote.objects.exists()
