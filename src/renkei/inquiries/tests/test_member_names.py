"""Member names on the customer's tracking page: hidden unless the group chose to show them, and
then only the members that make the quoted work."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from renkei.conftest_helpers import CUSTOMER, login
from renkei.core.models import AuditEntry
from renkei.inquiries import referrals, replies
from renkei.inquiries.models import Referral
from renkei.inquiries.services import submit_inquiry
from renkei.orgs.choices import PersonRole
from renkei.orgs.services import grant_role

pytestmark = pytest.mark.django_db

HEADER = CUSTOMER
SETTINGS = {
    "name": "みやこ試作ネット",
    "stage": "building",
    "reply_promise_hours": "2",
    "business_day_start": "08:30",
    "business_day_end": "17:30",
    "business_weekdays": "12345",
    "closures": "[]",
}


@pytest.fixture
def answered(group, alice, bob, aoki, sakura):
    """Passed to aoki (can do it) and sakura (cannot)."""
    inquiry, _ = submit_inquiry(
        group=group, key=uuid.uuid4(), header=HEADER, lines=[{"part_name": "シャフト"}]
    )
    referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki, sakura], reasons={})
    by_company = {r.company_id: r for r in Referral.objects.filter(inquiry=inquiry)}
    referrals.answer(
        actor=bob, referral=by_company[aoki.pk], kind="can", price_yen=40000, lead_days=9
    )
    erin = get_user_model().objects.create_user(username="erin", email="erin@example.com")
    grant_role(actor=None, user=erin, group=group, role=PersonRole.MEMBER_ADMIN, company=sakura)
    referrals.answer(
        actor=erin, referral=by_company[sakura.pk], kind="cannot", notes="めっき槽が足りません"
    )
    return inquiry


def quote_sent(inquiry, alice):
    quote = replies.compose_quote(
        actor=alice,
        inquiry=inquiry,
        lines=[("シャフト", 1, 44000)],
        fee_percent=Decimal(10),
        valid_until=dt.date(2030, 1, 31),
    )
    return replies.send_quote(actor=alice, quote=quote)


def tracking_page(client, inquiry):
    client.logout()
    response = client.get(inquiry.get_tracking_url())
    assert response.status_code == 200
    return response.content.decode()


def test_member_names_are_hidden_from_the_customer_by_default(client, alice, answered):
    quote_sent(answered, alice)

    page = tracking_page(client, answered)

    assert not answered.group.show_member_names
    assert "株式会社青木精工" not in page and "さくら鍍金工業" not in page
    assert 'id="makers"' not in page


def test_a_group_that_allows_it_names_the_members_making_the_quoted_work(
    client, group, alice, answered
):
    group.show_member_names = True
    group.save()
    before_quote = tracking_page(client, answered)
    quote_sent(answered, alice)

    page = tracking_page(client, answered)

    assert "株式会社青木精工" not in before_quote  # nothing is quoted yet
    assert "Member companies doing the work: 株式会社青木精工" in page
    assert "さくら鍍金工業" not in page  # it answered that it cannot


def test_the_tracking_page_says_担当会員_in_japanese(client, group, alice, answered):
    group.show_member_names = True
    group.save()
    quote_sent(answered, alice)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"

    page = tracking_page(client, answered)

    assert "担当会員: 株式会社青木精工" in page


def test_the_coordinator_turns_member_names_on_and_off_in_the_group_settings(
    client, group, alice, answered
):
    quote_sent(answered, alice)
    login(client, alice)
    url = reverse("orgs:settings", args=["miyako"])
    assert 'name="show_member_names"' in client.get(url).content.decode()

    assert client.post(url, SETTINGS | {"show_member_names": "on"}).status_code == 302
    group.refresh_from_db()
    assert group.show_member_names
    assert AuditEntry.objects.filter(action="group.update").exists()
    assert "株式会社青木精工" in tracking_page(client, answered)

    login(client, alice)
    # An unticked box is not sent, as from a form that predates the setting: names hidden.
    assert client.post(url, SETTINGS).status_code == 302
    group.refresh_from_db()
    assert not group.show_member_names
    assert "株式会社青木精工" not in tracking_page(client, answered)


def test_only_the_groups_coordinator_can_change_the_setting(client, group, bob, dave):
    url = reverse("orgs:settings", args=["miyako"])
    for user in (bob, dave):
        login(client, user)
        response = client.post(url, SETTINGS | {"show_member_names": "on"})
        assert response.status_code in (403, 404)
    group.refresh_from_db()
    assert not group.show_member_names
