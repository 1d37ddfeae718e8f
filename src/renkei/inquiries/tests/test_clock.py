"""The reply clock: one alert at 75 % of the promise, one recorded breach, then silence."""

import datetime as dt
import uuid

import pytest
from django.core.management import call_command

from renkei.conftest_helpers import run_worker
from renkei.core.models import AuditEntry
from renkei.inquiries.clock import check_reply_clocks
from renkei.inquiries.models import Inquiry
from renkei.inquiries.replies import post_message
from renkei.inquiries.services import reply_due, submit_inquiry
from renkei.lib.workclock import TOKYO

HEADER = {
    "customer_company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "title": "急ぎの試作",
    "description": "図面の通り",
}
WEDNESDAY_10 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=TOKYO)


def received_at(group, moment):
    inquiry, _ = submit_inquiry(group=group, key=uuid.uuid4(), header=HEADER, lines=[])
    Inquiry.objects.filter(pk=inquiry.pk).update(
        received_at=moment, reply_due_at=reply_due(group, moment)
    )
    return Inquiry.objects.get(pk=inquiry.pk)


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_one_alert_then_one_breach_mailed_to_the_coordinators(group, alice, smtp):
    inquiry = received_at(group, WEDNESDAY_10)
    run_worker()  # the customer's acknowledgement
    smtp.messages.clear()
    assert check_reply_clocks(WEDNESDAY_10 + dt.timedelta(minutes=80)) == {
        "alerted": 0,
        "breached": 0,
    }
    assert check_reply_clocks(WEDNESDAY_10 + dt.timedelta(minutes=91))["alerted"] == 1
    assert check_reply_clocks(WEDNESDAY_10 + dt.timedelta(minutes=100))["alerted"] == 0
    assert check_reply_clocks(WEDNESDAY_10 + dt.timedelta(minutes=121))["breached"] == 1
    assert check_reply_clocks(WEDNESDAY_10 + dt.timedelta(minutes=200))["breached"] == 0
    run_worker()
    assert [to for to, _body in smtp.messages] == [["alice@example.com"], ["alice@example.com"]]
    inquiry.refresh_from_db()
    assert inquiry.reply_breached_at is not None
    assert AuditEntry.objects.filter(action="inquiry.reply_breach").count() == 1


@pytest.mark.django_db
def test_a_first_reply_stops_the_clock(group, alice):
    inquiry = received_at(group, WEDNESDAY_10)
    post_message(actor=alice, inquiry=inquiry, body="確認します")
    assert check_reply_clocks(WEDNESDAY_10 + dt.timedelta(hours=5)) == {
        "alerted": 0,
        "breached": 0,
    }


@pytest.mark.django_db
def test_the_clock_counts_business_time_only(group, alice):
    friday_1630 = dt.datetime(2026, 11, 27, 16, 30, tzinfo=TOKYO)
    received_at(group, friday_1630)
    saturday_noon = dt.datetime(2026, 11, 28, 12, 0, tzinfo=TOKYO)
    # One of the two business hours is used by Saturday noon: no alert, no breach.
    assert check_reply_clocks(saturday_noon) == {"alerted": 0, "breached": 0}
    monday_0915 = dt.datetime(2026, 11, 30, 9, 15, tzinfo=TOKYO)
    assert check_reply_clocks(monday_0915) == {"alerted": 1, "breached": 0}


@pytest.mark.django_db
def test_the_tick_command_runs_the_checks_once(group, capsys):
    call_command("tick", "--once")
    assert "check_reply_clocks" in capsys.readouterr().out
