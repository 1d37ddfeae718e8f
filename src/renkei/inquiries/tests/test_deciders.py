"""Who decides who takes a job, by the group's setting (Group.job_decision): the coordinator
always; the lead company of a field for that field's inquiries; members by raised hands; the
core members at their meeting. A member's people may do none of it otherwise (403); another
group's people see nothing (404)."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from renkei.capabilities.models import ProcessCategory
from renkei.conftest_helpers import login
from renkei.inquiries import deciding
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Hand, LeadCompany, Meeting, MeetingDecision, Referral
from renkei.inquiries.services import submit_inquiry
from renkei.orgs.choices import Circle, InquiryRouting, JobDecision
from renkei.orgs.models import Group, Membership

HEADER = {
    "customer_company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "phone": "075-000-1234",
    "title": "ブラケット試作",
    "description": "図面の通り",
}


def mode(group, decision, **more):
    Group.objects.filter(pk=group.pk).update(job_decision=decision, **more)
    group.refresh_from_db()


def send(group, process_text):
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=HEADER,
        lines=[{"part_name": "部品", "process_text": process_text}],
    )
    return inquiry


def refer_url(inquiry, slug="miyako"):
    return reverse("inquiries:refer", args=[slug, inquiry.pk])


@pytest.fixture
def plating_led(group, sakura, aoki):
    """The group routes by lead company; さくら鍍金工業 leads surface treatment."""
    mode(group, JobDecision.LEAD_COMPANY)
    LeadCompany.objects.create(
        group=group, category=ProcessCategory.objects.get(code="surface_treatment"), company=sakura
    )
    return group


@pytest.mark.django_db
def test_a_plain_members_admin_cannot_pass_an_inquiry_on(client, group, aoki, bob, carol):
    inquiry = send(group, "電気めっき")
    for user in (bob, carol):
        login(client, user)
        assert client.post(refer_url(inquiry), {"company": aoki.pk}).status_code == 403
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_the_lead_company_passes_on_the_inquiries_of_its_field_only(
    client, plating_led, aoki, sakura, hana, bob
):
    plating = send(plating_led, "電気めっき")
    turning = send(plating_led, "旋削")
    login(client, hana)
    assert client.get(reverse("inquiries:lead_desk", args=["miyako"])).status_code == 200
    page = client.get(reverse("inquiries:lead_inquiry", args=["miyako", plating.pk]))
    assert page.status_code == 200
    assert "taro@rocket.example" not in page.content.decode()  # never the customer's contact
    # Outside its field: refused, and nothing passed.
    assert client.post(refer_url(turning), {"company": aoki.pk}).status_code == 403
    lead_page = reverse("inquiries:lead_inquiry", args=["miyako", turning.pk])
    assert client.get(lead_page).status_code == 403
    # In its field: to another member and to itself.
    answer = client.post(refer_url(plating), {"company": [aoki.pk, sakura.pk]})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("inquiries:lead_inquiry", args=["miyako", plating.pk])
    assert set(Referral.objects.filter(inquiry=plating).values_list("company", flat=True)) == {
        aoki.pk,
        sakura.pk,
    }
    assert not Referral.objects.filter(inquiry=turning).exists()
    # The referred member sees it among its inquiries.
    login(client, bob)
    assert plating.reference in client.get(reverse("inquiries:work", args=["miyako"])).text
    # bob's company leads nothing: its admin may not open the desk.
    assert client.get(reverse("inquiries:lead_desk", args=["miyako"])).status_code == 403


@pytest.mark.django_db
def test_a_lead_company_is_only_a_lead_while_the_group_routes_by_lead_company(
    client, plating_led, aoki, hana
):
    plating = send(plating_led, "電気めっき")
    mode(plating_led, JobDecision.COORDINATOR)
    login(client, hana)
    assert client.post(refer_url(plating), {"company": aoki.pk}).status_code == 403
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_the_lead_company_composes_the_quote_of_its_field(client, plating_led, sakura, hana):
    plating = send(plating_led, "電気めっき")
    turning = send(plating_led, "旋削")
    login(client, hana)
    assert client.get(reverse("inquiries:quote", args=["miyako", plating.pk])).status_code == 200
    assert client.get(reverse("inquiries:quote", args=["miyako", turning.pk])).status_code == 404
    # The customer's thread stays the coordinator's.
    message = reverse("inquiries:message", args=["miyako", plating.pk])
    assert client.post(message, {"body": "x"}).status_code == 404


@pytest.mark.django_db
def test_the_coordinator_can_still_pass_on_in_every_mode(client, group, alice, aoki):
    for decision in JobDecision.values:
        mode(group, decision)
        inquiry = send(group, "旋削")
        login(client, alice)
        assert client.post(refer_url(inquiry), {"company": aoki.pk}).status_code == 302
        assert Referral.objects.filter(inquiry=inquiry, company=aoki).exists()


@pytest.mark.django_db
def test_another_groups_coordinator_gets_404(client, plating_led, aoki, dave):
    inquiry = send(plating_led, "電気めっき")
    login(client, dave)
    assert client.post(refer_url(inquiry), {"company": aoki.pk}).status_code == 404
    for name in ("lead_desk", "hands", "meeting"):
        assert client.get(reverse(f"inquiries:{name}", args=["miyako"])).status_code == 404


@pytest.mark.django_db
def test_hands_only_in_hands_mode(client, group, bob):
    inquiry = send(group, "旋削")
    login(client, bob)
    assert client.get(reverse("inquiries:hands", args=["miyako"])).status_code == 403
    url = reverse("inquiries:hand", args=["miyako", inquiry.pk])
    assert client.post(url, {"note": "x", "confirmed": "on"}).status_code == 403
    assert not Hand.objects.exists()


@pytest.mark.django_db
def test_members_raise_hands_and_the_coordinator_gives_one_the_job(
    client, group, aoki, sakura, bob, hana, alice
):
    mode(group, JobDecision.HANDS)
    inquiry = send(group, "旋削")
    url = reverse("inquiries:hand", args=["miyako", inquiry.pk])
    login(client, bob)
    listing = client.get(reverse("inquiries:hands", args=["miyako"])).text
    assert inquiry.reference in listing
    page = client.get(url).text
    assert "部品" in page and "taro@rocket.example" not in page and "075-000-1234" not in page
    sent = {"note": "5軸で対応できます", "price_idea_yen": "48000", "confirmed": "on"}
    assert client.post(url, sent).status_code == 302
    assert client.post(url, sent).status_code == 302  # twice: still one hand
    login(client, hana)
    assert client.post(url, {"note": "興味あり"}).status_code == 302
    assert Hand.objects.filter(inquiry=inquiry).count() == 2
    # Without first_hand_takes nobody has the job yet; the hand cannot take it itself.
    assert not Referral.objects.exists()
    aoki_hand = Hand.objects.get(company=aoki)
    take = reverse("inquiries:take_hand", args=["miyako", inquiry.pk, aoki_hand.pk])
    assert client.post(take).status_code == 404
    login(client, alice)
    assert client.post(take).status_code == 302
    referral = Referral.objects.get(inquiry=inquiry)
    assert referral.company == aoki and "5軸で対応できます" in referral.reasons
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.REVIEWING
    # Closed now: a late hand changes nothing.
    login(client, hana)
    client.post(url, {"note": "遅れて", "confirmed": "on"})
    assert Referral.objects.filter(inquiry=inquiry).count() == 1
    assert inquiry.reference not in client.get(reverse("inquiries:hands", args=["miyako"])).text


@pytest.mark.django_db
def test_the_first_confirmed_hand_takes_the_job_when_the_group_says_so(
    client, group, aoki, sakura, bob, hana
):
    mode(group, JobDecision.HANDS, first_hand_takes=True)
    inquiry = send(group, "旋削")
    url = reverse("inquiries:hand", args=["miyako", inquiry.pk])
    login(client, hana)
    client.post(url, {"note": "検討中"})  # interested only: takes nothing
    assert not Referral.objects.exists()
    login(client, bob)
    client.post(url, {"confirmed": "on"})
    login(client, hana)
    client.post(url, {"confirmed": "on"})  # second: too late
    assert list(Referral.objects.values_list("company", flat=True)) == [aoki.pk]
    assert Hand.objects.get(company=aoki).taken_at is not None


@pytest.mark.django_db
def test_auto_routing_waits_for_the_deciders(group, aoki):
    Group.objects.filter(pk=group.pk).update(
        inquiry_routing=InquiryRouting.ALL, job_decision=JobDecision.HANDS
    )
    group.refresh_from_db()
    from renkei.inquiries.routing import route

    assert route(send(group, "旋削")) == []


@pytest.mark.django_db
def test_the_meeting_page_is_for_the_coordinator_and_core_members_only(
    client, group, aoki, bob, hana, alice
):
    url = reverse("inquiries:meeting", args=["miyako"])
    login(client, alice)
    assert client.get(url).status_code == 403  # not the group's way of deciding
    mode(group, JobDecision.MEETING)
    assert client.get(url).status_code == 200
    login(client, bob)
    assert client.get(url).status_code == 403  # aoki is not in the core circle
    Membership.objects.filter(group=group, company=aoki).update(circle=Circle.CORE)
    assert client.get(url).status_code == 200
    login(client, hana)
    assert client.post(url, {"held_on": "2026-12-01"}).status_code == 403


@pytest.mark.django_db
def test_meeting_decisions_become_referrals(client, group, aoki, sakura, alice, bob):
    mode(group, JobDecision.MEETING)
    Membership.objects.filter(group=group, company=aoki).update(circle=Circle.CORE)
    taken, declined, later = send(group, "旋削"), send(group, "鋳造"), send(group, "旋削")
    url = reverse("inquiries:meeting", args=["miyako"])
    login(client, bob)
    page = client.get(url).text
    assert all(i.reference in page for i in (taken, declined, later))
    data = {
        "held_on": "2026-11-30",
        "attendees": [aoki.pk],
        "attendee_note": "事務局 山田",
        f"decide_{taken.pk}": str(aoki.pk),
        f"note_{taken.pk}": "青木さんの5軸で",
        f"decide_{declined.pk}": "decline",
        f"note_{declined.pk}": "鋳造は対象外",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code in (200, 400)  # twice: decided already
    meeting = Meeting.objects.get()
    assert meeting.held_on == dt.date(2026, 11, 30)
    assert list(meeting.attendees.all()) == [aoki]
    referral = Referral.objects.get()
    assert referral.inquiry == taken and referral.company == aoki
    assert "2026-11-30" in referral.reasons
    refused = MeetingDecision.objects.get(inquiry=declined)
    assert refused.company is None and refused.note == "鋳造は対象外"
    page = client.get(url).text
    assert f'id="pending-{later.pk}"' in page
    assert f'id="pending-{taken.pk}"' not in page and f'id="pending-{declined.pk}"' not in page


@pytest.mark.django_db
def test_a_meeting_without_a_decision_is_refused_politely(client, group, alice):
    mode(group, JobDecision.MEETING)
    send(group, "旋削")
    login(client, alice)
    answer = client.post(reverse("inquiries:meeting", args=["miyako"]), {"held_on": "2026-11-30"})
    assert answer.status_code == 400
    assert "Decide at least one inquiry." in answer.text
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_the_coordinator_names_lead_companies_and_sets_the_mode(client, group, sakura, alice, bob):
    url = reverse("inquiries:lead_companies", args=["miyako"])
    category = ProcessCategory.objects.get(code="polishing")
    login(client, bob)
    assert client.get(url).status_code == 404
    assert client.post(url, {"category": category.pk, "company": sakura.pk}).status_code == 404
    login(client, alice)
    assert client.post(url, {"category": category.pk, "company": sakura.pk}).status_code == 302
    lead = LeadCompany.objects.get(group=group)
    assert lead.company == sakura and lead.category == category
    assert client.post(url, {"remove": lead.pk}).status_code == 302
    assert not LeadCompany.objects.exists()
    settings_page = client.get(reverse("orgs:settings", args=["miyako"])).text
    assert 'name="job_decision"' in settings_page


@pytest.mark.django_db
def test_naming_a_company_outside_the_group_is_refused(group, other_group, alice):
    from renkei.orgs.services import create_company

    stranger = create_company(actor=None, group=other_group, name="よその会社")
    with pytest.raises(deciding.ValidationError):
        deciding.name_lead_company(
            actor=alice,
            group=group,
            category=ProcessCategory.objects.get(code="polishing"),
            company=stranger,
        )


@pytest.mark.django_db
def test_the_deciding_pages_speak_japanese(client, group, aoki, sakura, alice, bob):
    from tests.browser.japanese_text import findings

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    inquiry = send(group, "旋削")
    Membership.objects.filter(group=group, company=aoki).update(circle=Circle.CORE)
    login(client, alice)
    pages = {reverse("inquiries:lead_companies", args=["miyako"]): JobDecision.LEAD_COMPANY}
    pages[reverse("inquiries:lead_inquiry", args=["miyako", inquiry.pk])] = JobDecision.LEAD_COMPANY
    pages[reverse("inquiries:hands", args=["miyako"])] = JobDecision.HANDS
    pages[reverse("inquiries:hand", args=["miyako", inquiry.pk])] = JobDecision.HANDS
    pages[reverse("inquiries:meeting", args=["miyako"])] = JobDecision.MEETING
    pages[reverse("inquiries:board", args=["miyako"])] = JobDecision.MEETING
    pages[reverse("orgs:settings", args=["miyako"])] = JobDecision.MEETING
    for url, decision in pages.items():
        mode(group, decision)
        with translation.override("ja"):
            html = client.get(url).content.decode()
        assert not findings(html, {"alice"}), (url, findings(html, {"alice"}))
    mode(group, JobDecision.HANDS)
    login(client, bob)
    with translation.override("ja"):
        html = client.get(reverse("inquiries:hand", args=["miyako", inquiry.pk])).content.decode()
    assert "挙手する" in html
    assert not findings(html, {"bob"}), findings(html, {"bob"})
