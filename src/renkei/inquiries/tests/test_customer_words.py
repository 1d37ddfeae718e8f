"""The tracking page speaks to the customer: their words for the status, a quote table with
headers and without the group's fee unless the group shows it, the order as an event, and a
confirmation before the order is placed."""

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from renkei.conftest_helpers import CUSTOMER, compose_test_quote
from renkei.inquiries import referrals, replies
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.customer_quote import share_out
from renkei.inquiries.models import Message, Order
from renkei.inquiries.services import submit_inquiry


@pytest.fixture
def quoted(group, alice, bob, aoki):
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=CUSTOMER,
        lines=[
            {"part_name": "シャフト", "drawing_number": "S-1", "quantity": 4},
            {"part_name": "カラー", "quantity": 3},
        ],
    )
    referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    quote = compose_test_quote(
        alice, inquiry, [("シャフト S-1", 4, 12000), ("カラー", 3, 1001)], lead_days=9
    )
    replies.send_quote(actor=alice, quote=quote)
    return inquiry, quote


def page(client, inquiry, **query):
    return client.get(inquiry.get_tracking_url(), query).content.decode()


@pytest.mark.django_db
def test_the_status_is_in_the_customers_words(client, quoted):
    inquiry, _ = quoted
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        html = page(client, inquiry)
    assert '<strong id="status">お見積りをお送りしました</strong>' in html
    assert "見積提出" not in html and "新着" not in html


@pytest.mark.django_db
def test_every_status_has_customer_words(client, quoted):
    inquiry, _ = quoted
    seen = set()
    for status in InquiryStatus.values:
        inquiry.__class__.objects.filter(pk=inquiry.pk).update(status=status)
        html = page(client, inquiry)
        shown = html.split('<strong id="status">')[1].split("</strong>")[0]
        assert "(" not in shown  # not the board's "新着 (new)"
        seen.add(shown)
    assert len(seen) == len(InquiryStatus.values)


@pytest.mark.django_db
def test_the_quote_has_headers_and_no_fee_by_default(client, quoted):
    inquiry, quote = quoted
    html = page(client, inquiry)
    table = html.split('<table class="quote-table">')[1].split("</table>")[0]
    assert "<thead>" in table and "unit price (yen)" in table and "amount (yen)" in table
    assert "coordination fee" not in html
    # 48,000 + 3,003 = 51,003 plus the 5,100 fee folded in; the total is the quote's own.
    assert quote.fee == 5100 and quote.total == 61713
    assert "¥52,800" in table and "¥3,303" in table and "¥61,713" in table
    assert "¥48,000" not in table  # the members' prices without the fee are not shown


@pytest.mark.django_db
def test_a_group_may_show_its_fee(client, quoted, group):
    group.show_fee_to_customers = True
    group.save()
    inquiry, _ = quoted
    html = page(client, inquiry)
    assert "coordination fee (10%)" in html and "¥5,100" in html and "¥48,000" in html


def test_the_fee_is_shared_out_to_the_yen():
    assert share_out([48000, 3003], 5100) == [4800, 300]
    assert share_out([1, 1, 1], 2) == [1, 1, 0]
    assert sum(share_out([7, 13, 29], 101)) == 101


@pytest.mark.django_db
def test_the_coordinators_group_settings_offer_the_fee_choice(client, alice, group):
    from renkei.conftest_helpers import login

    login(client, alice)
    html = client.get(reverse("orgs:settings", args=[group.slug])).content.decode()
    assert 'name="show_fee_to_customers"' in html
    assert 'name="show_fee_to_customers" checked' not in html  # off by default


@pytest.mark.django_db
def test_accept_and_order_first_shows_a_summary_and_orders_nothing(client, quoted):
    inquiry, quote = quoted
    html = page(client, inquiry)
    assert 'name="order" value="1"' in html  # the button only leads to the summary
    summary = page(client, inquiry, order="1")
    assert Order.objects.count() == 0
    assert "Confirm your order" in summary and "シャフト S-1" in summary
    assert '<strong id="confirm-total">¥61,713</strong>' in summary
    delivery = quote.delivery_if_ordered_today.isoformat()
    assert f'<strong id="confirm-delivery">{delivery}</strong>' in summary
    assert 'value="accept" id="place-order"' in summary


@pytest.mark.django_db
def test_the_order_shows_as_an_event_not_as_a_message_from_the_customer(client, quoted):
    inquiry, _ = quoted
    decide = reverse("inquiries:decide", args=[inquiry.tracking_token])
    client.post(decide, {"revision": "1", "decision": "accept"})
    assert Order.objects.count() == 1
    assert not Message.objects.filter(inquiry=inquiry, from_customer=True).exists()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        html = page(client, inquiry)
    assert 'id="event-order"' in html and "ご注文いただきました" in html
    assert '<strong id="status">ご注文を承りました</strong>' in html
    # The summary of a quote no longer open is not offered.
    assert "place-order" not in page(client, inquiry, order="1")


def _pdf_text(client, inquiry, quote):
    import io

    from pypdf import PdfReader

    pdf = client.get(f"/t/{inquiry.tracking_token}/quote-{quote.revision}.pdf")
    assert pdf.status_code == 200
    return PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


@pytest.mark.django_db
def test_the_quote_pdf_folds_the_fee_like_the_page(client, quoted, group):
    inquiry, quote = quoted
    text = _pdf_text(client, inquiry, quote)
    assert "取りまとめ手数料" not in text
    assert "52,800" in text and "3,303" in text and "61,713" in text
    assert "48,000" not in text
    group.show_fee_to_customers = True
    group.save()
    shown = _pdf_text(client, inquiry, quote)
    assert "取りまとめ手数料" in shown and "5,100" in shown and "61,713" in shown
