"""A referral still inside its answer window is not a non-answer; the coordinator is told which
companies really are mailed."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import CUSTOMER, login
from renkei.inquiries import track_record
from renkei.inquiries.models import Inquiry, Referral
from renkei.inquiries.referrals import refer
from renkei.inquiries.services import submit_inquiry


def new_inquiry(group):
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=CUSTOMER,
        lines=[{"part_name": "シャフト", "quantity": 3, "process_text": "旋削"}],
    )
    return inquiry


@pytest.mark.django_db
def test_members_asked_a_moment_ago_have_no_answer_rate(group, aoki, sakura):
    refer(actor=None, inquiry=new_inquiry(group), companies=[aoki, sakura], reasons={})
    record = track_record.records()[aoki.pk]
    assert record.referred == 0 and record.load == 1
    assert not any("answers" in text for text, _ in record.reasons())


@pytest.mark.django_db
def test_an_unanswered_referral_counts_once_its_window_has_closed(group, aoki):
    inquiry = new_inquiry(group)
    refer(actor=None, inquiry=inquiry, companies=[aoki], reasons={})
    long_ago = timezone.now() - dt.timedelta(days=3)
    Referral.objects.update(created_at=long_ago)
    Inquiry.objects.filter(pk=inquiry.pk).update(reply_due_at=long_ago + dt.timedelta(hours=8))
    record = track_record.records()[aoki.pk]
    assert record.referred == 1 and record.answered == 0
    assert ("answers 0%", False) in record.reasons()


@pytest.mark.django_db
def test_the_banner_counts_only_companies_really_mailed(client, group, alice, bob, aoki, sakura):
    login(client, alice)
    inquiry = new_inquiry(group)
    url = reverse("inquiries:refer", args=["miyako", inquiry.pk])
    response = client.post(url, {"company": [aoki.pk, sakura.pk]}, follow=True)
    html = response.content.decode()
    assert "Passed to 2 member companies; 1 of them are being mailed." in html
    assert "No contact address: さくら鍍金工業. Please tell them another way." in html
