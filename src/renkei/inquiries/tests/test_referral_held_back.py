"""A ticked member that cannot be asked now (a new member that has not acknowledged the mission,
vision and 会員規約 — renkei.joining.eligibility) is passed nothing, and the coordinator is told
which one and why, never "passed to 0 companies"; the API says the same."""

import json
import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from renkei.api.services import create_api_token
from renkei.conftest_helpers import CUSTOMER, login
from renkei.core.models import AuditEntry
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Referral
from renkei.inquiries.services import submit_inquiry
from renkei.joining.tests.conftest import applied, documents, newcomer  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    """Overrides the package's English: the coordinator reads these messages in Japanese."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        yield


@pytest.fixture
def new_member(request):
    """株式会社みなみ精密, admitted through an application, that has not yet acknowledged the
    group's documents (the joining tests' fixtures)."""
    company, _admin = request.getfixturevalue("newcomer")
    return company


@pytest.fixture
def inquiry(group):
    made, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=CUSTOMER,
        lines=[{"part_name": "シャフト", "quantity": 3, "process_text": "旋削"}],
    )
    return made


def refer(client, inquiry, *companies):
    url = reverse("inquiries:refer", args=["miyako", inquiry.pk])
    response = client.post(url, {"company": [c.pk for c in companies]})
    assert response.status_code == 302
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def post_api(client, user, inquiry, *companies):
    _token, secret = create_api_token(actor=user, name="test")
    return client.post(
        f"/api/v1/groups/miyako/inquiries/{inquiry.pk}/referrals",
        json.dumps({"company_ids": [c.pk for c in companies]}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )


def test_ticking_only_a_member_that_cannot_be_asked_passes_nothing_and_says_why(
    client, alice, inquiry, new_member
):
    company = new_member
    login(client, alice)
    said = refer(client, inquiry, company)
    assert not Referral.objects.filter(inquiry=inquiry).exists()
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.NEW
    assert not AuditEntry.objects.filter(action="inquiry.refer").exists()
    assert AuditEntry.objects.filter(action="joining.referral_held").exists()
    [(level, text)] = said
    assert level == "error"
    assert text.startswith("引き合いはどの会員企業にも回していません。")
    assert "株式会社みなみ精密：新規会員：" in text and "確認がまだ" in text
    assert "0 社" not in text


def test_one_blocked_one_fine_passes_to_the_fine_one_and_names_the_other(
    client, alice, aoki, inquiry, new_member
):
    company = new_member
    login(client, alice)
    said = refer(client, inquiry, aoki, company)
    assert list(Referral.objects.filter(inquiry=inquiry).values_list("company", flat=True)) == [
        aoki.pk
    ]
    [done] = [text for level, text in said if level == "success"]
    assert done.startswith("1 社の会員企業に回しました。")
    [held] = [text for _level, text in said if "お願いできない" in text]
    assert held.startswith("次の会員企業には、いまはお願いできないため回していません。")
    assert "株式会社みなみ精密：新規会員：" in held and "株式会社青木精工" not in held


def test_ticking_only_members_that_have_it_already_does_not_say_passed_to_0(
    client, alice, aoki, inquiry
):
    login(client, alice)
    refer(client, inquiry, aoki)
    client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk]))  # read the first banner
    said = refer(client, inquiry, aoki)
    assert not [text for level, text in said if "回しました" in text]
    [text] = [text for level, text in said if level == "info"]
    assert "すでに回しています" in text
    assert Referral.objects.filter(inquiry=inquiry).count() == 1


def test_a_member_that_left_after_the_page_was_shown_is_named(client, alice, aoki, inquiry):

    from renkei.orgs.models import Membership
    from renkei.orgs.services import end_membership

    membership = Membership.objects.for_group(inquiry.group).current().get(company=aoki)
    end_membership(actor=alice, membership=membership, left_on=timezone.localdate())
    login(client, alice)
    [(level, text)] = refer(client, inquiry, aoki)
    assert level == "error" and "株式会社青木精工：すでにグループを退会しています。" in text
    assert not Referral.objects.exists()


def test_the_api_refuses_with_the_reason_when_none_can_be_asked(client, alice, inquiry, new_member):
    company = new_member
    response = post_api(client, alice, inquiry, company)
    assert response.status_code == 400
    body = json.loads(response.content)
    assert set(body) == {"detail", "errors"}
    [text] = body["errors"]["company_ids"]
    assert text.startswith("引き合いはどの会員企業にも回していません。")
    assert "株式会社みなみ精密：新規会員：" in text
    assert not Referral.objects.exists()
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.NEW


def test_the_api_passes_to_the_fine_one_and_lists_the_one_left_out(
    client, alice, aoki, inquiry, new_member
):
    company = new_member
    response = post_api(client, alice, inquiry, aoki, company)
    assert response.status_code == 200
    assert [r["company"]["name"] for r in json.loads(response.content)] == ["株式会社青木精工"]
    assert response["Renkei-Not-Passed"].isascii()
    [left_out] = json.loads(response["Renkei-Not-Passed"])
    assert left_out["company_id"] == company.pk and left_out["name"] == "株式会社みなみ精密"
    assert "確認がまだ" in left_out["reason"]
    again = post_api(client, alice, inquiry, aoki)
    assert again.status_code == 200 and "Renkei-Not-Passed" not in again


def test_a_raised_hand_of_a_member_that_cannot_be_asked_is_not_taken_and_says_why(
    client, group, alice, inquiry, new_member
):
    from renkei.inquiries.models import Hand
    from renkei.orgs.choices import JobDecision
    from renkei.orgs.models import Group

    Group.objects.filter(pk=group.pk).update(job_decision=JobDecision.HANDS)
    hand = Hand.objects.create(inquiry=inquiry, company=new_member, note="できます")
    login(client, alice)
    take = reverse("inquiries:take_hand", args=["miyako", inquiry.pk, hand.pk])
    response = client.post(take)
    assert response.status_code == 302  # never a server error
    [(level, text)] = [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]
    assert level == "error" and "株式会社みなみ精密：新規会員：" in text
    assert not Referral.objects.filter(inquiry=inquiry).exists()
    hand.refresh_from_db()
    assert hand.taken_at is None


def test_a_meeting_deciding_for_a_member_that_cannot_be_asked_keeps_the_form_and_says_why(
    client, group, alice, aoki, inquiry, new_member
):
    from renkei.inquiries.models import Meeting
    from renkei.orgs.choices import Circle, JobDecision
    from renkei.orgs.models import Group, Membership

    Group.objects.filter(pk=group.pk).update(job_decision=JobDecision.MEETING)
    Membership.objects.filter(group=group, company=aoki).update(circle=Circle.CORE)
    login(client, alice)
    url = reverse("inquiries:meeting", args=["miyako"])
    data = {
        "held_on": "2026-11-30",
        "attendees": [aoki.pk],
        "attendee_note": "",
        f"decide_{inquiry.pk}": str(new_member.pk),
        f"note_{inquiry.pk}": "みなみ精密に",
    }
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    page = response.text
    assert "株式会社みなみ精密：新規会員：" in page and "みなみ精密に" in page
    assert not Meeting.objects.exists() and not Referral.objects.exists()
