"""Sending a quote cannot be taken back: it goes only from a summary the coordinator confirms
(customer, lines, total with tax, delivery)."""

import uuid

import pytest
from django.urls import reverse

from renkei.conftest_helpers import CUSTOMER, login
from renkei.inquiries import referrals
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Inquiry, Message, Quote, Referral
from renkei.inquiries.services import submit_inquiry


@pytest.fixture
def composed(client, group, alice, bob, aoki):
    """An inquiry answered by aoki and a quote composed for it (not sent), alice logged in."""
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=CUSTOMER,
        lines=[{"part_name": "シャフト", "drawing_number": "S-1", "quantity": 4}],
    )
    referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    referrals.answer(
        actor=bob, referral=Referral.objects.get(), kind="can", price_yen=40000, lead_days=9
    )
    login(client, alice)
    line = inquiry.lines.get()
    response = client.post(
        reverse("inquiries:quote", args=["miyako", inquiry.pk]),
        {f"price_{line.pk}": "12000", "fee_percent": "10", "valid_until": "2027-01-31"},
    )
    return inquiry, response


def _send_url(inquiry):
    return reverse("inquiries:send_quote", args=["miyako", inquiry.pk, 1])


@pytest.mark.django_db
def test_the_send_button_shows_a_summary_and_sends_nothing(client, composed):
    inquiry, _ = composed
    messages_before = Message.objects.count()
    response = client.post(_send_url(inquiry))  # the detail page's button, as it always was
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="confirm-summary"' in page
    assert "株式会社ロケット工房" in page and "宇宙 太郎" in page and "taro@rocket.example" in page
    # The line as the customer reads it: 4 × 12,000 with the group's 10 % fee folded in.
    assert "シャフト" in page and "13,200" in page and "52,800" in page
    assert "¥58,080" in page  # 48,000 + 10 % fee + 10 % tax
    quote = Quote.objects.get()
    assert quote.delivery_if_ordered_today.isoformat() in page
    assert quote.sent_at is None
    assert Inquiry.objects.get(pk=inquiry.pk).status != InquiryStatus.QUOTED
    assert Message.objects.count() == messages_before  # the customer was told nothing
    assert "quote-1" not in client.get(inquiry.get_tracking_url()).content.decode()


@pytest.mark.django_db
def test_composing_leads_to_the_summary_and_confirming_sends_once(client, composed):
    inquiry, response = composed
    assert response.status_code == 302 and response["Location"] == _send_url(inquiry)
    assert "¥58,080" in client.get(_send_url(inquiry)).content.decode()
    sent = client.post(_send_url(inquiry), {"confirm": "send"})
    assert sent.status_code == 302
    assert Quote.objects.get().sent_at is not None
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.QUOTED
    first = Message.objects.count()
    client.post(_send_url(inquiry), {"confirm": "send"})  # a second click
    assert Message.objects.count() == first
    # Sent, the summary is gone: back to the inquiry.
    assert client.get(_send_url(inquiry)).status_code == 302


@pytest.mark.django_db
def test_the_summary_is_in_japanese(client, composed):
    inquiry, _ = composed
    page = client.get(_send_url(inquiry), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "見積を送りますか" in page
    assert "合計（税込）" in page and "納期" in page
    assert "Send the quote" not in page and "business days" not in page


@pytest.mark.django_db
def test_members_and_other_coordinators_see_no_summary(client, composed, bob, dave):
    inquiry, _ = composed
    for user in (bob, dave):
        login(client, user)
        assert client.get(_send_url(inquiry)).status_code == 404
        assert client.post(_send_url(inquiry), {"confirm": "send"}).status_code == 404
    assert Quote.objects.get().sent_at is None


def _confirm_table(page):
    start = page.index('id="confirm-summary"')
    return page[start : page.index("</section>", start)]


@pytest.mark.django_db
def test_the_summary_folds_the_fee_as_the_customers_quote_does(client, composed):
    inquiry, _ = composed  # the group keeps its fee to itself (the default)
    summary = _confirm_table(
        client.get(_send_url(inquiry), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    )
    assert 'id="confirm-fee"' not in summary  # no fee line: the customer sees none
    assert "52,800" in summary and "48,000" not in summary  # the fee is in the line's price
    assert "¥4,800" in summary  # and the coordinator is told how much of it is the fee
    assert "¥58,080" in summary


@pytest.mark.django_db
def test_the_summary_shows_the_fee_line_when_the_customer_sees_it(client, composed, group):
    group.show_fee_to_customers = True
    group.save()
    inquiry, _ = composed
    summary = _confirm_table(
        client.get(_send_url(inquiry), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    )
    assert 'id="confirm-fee">¥4,800<' in summary
    assert "48,000" in summary and "52,800" not in summary
    assert "¥58,080" in summary
