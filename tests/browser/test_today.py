"""A coordinator logs in on a phone and lands on 「今日」: the late reply and the customer's
message are there, one tap from the inquiry, and nothing scrolls sideways."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renkei.conftest_helpers import CUSTOMER
from renkei.inquiries.models import Inquiry
from renkei.inquiries.notices import notify_customer_message
from renkei.inquiries.services import submit_inquiry
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def test_a_coordinator_lands_on_today_on_a_phone(phone, group, alice):
    late, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={
            **CUSTOMER,
            "title": "とても長い名前の引き合いアルミ合金製シャフトの試作と表面処理一式",
        },
        lines=[],
    )
    back = timezone.now() - dt.timedelta(days=10)
    Inquiry.objects.filter(pk=late.pk).update(received_at=back, reply_due_at=back)
    notify_customer_message(late, "納期を1週間早められますか?")

    log_in(phone, "alice")

    assert phone.url.endswith("/today/")
    expect(phone.locator("h1")).to_have_text("今日")
    desk = phone.locator("#coordinating-miyako")
    expect(desk).to_contain_text("遅れ")
    expect(desk).to_contain_text("納期を1週間早められますか?")
    # Against 390, not innerWidth: a mobile viewport widens its layout to fit what overflows.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    desk.locator("li.urgent a", has_text="納期を1週間").click()
    expect(phone.locator("h1")).to_contain_text("とても長い名前の引き合い")
    expect(phone.locator("body")).to_contain_text(late.reference)
