"""On arrival an inquiry goes where the group chose: to the coordinator, the matching members or
every manufacturing member."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from renkei.conftest_helpers import PASSWORD, login, run_worker
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import BoundaryRule, Inquiry, Referral
from renkei.inquiries.routing import route_inquiry
from renkei.inquiries.services import submit_inquiry
from renkei.orgs.choices import CompanyKind, InquiryRouting, PersonRole
from renkei.orgs.models import Group
from renkei.orgs.services import create_company, grant_role

HEADER = {
    "customer_company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "title": "ブラケット試作",
    "description": "図面の通り",
}


def routing(group, mode):
    Group.objects.filter(pk=group.pk).update(inquiry_routing=mode)
    group.refresh_from_db()


def send(group, **line):
    inquiry, _ = submit_inquiry(
        group=group, key=uuid.uuid4(), header=HEADER, lines=[{"part_name": "部品", **line}]
    )
    return inquiry


@pytest.fixture
def erin(group, sakura):
    """Member staff of さくら鍍金工業."""
    user = get_user_model().objects.create_user(
        username="erin", password=PASSWORD, email="erin@example.com"
    )
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_STAFF, company=sakura)
    return user


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_with_all_every_members_people_are_mailed_once_even_if_routing_runs_twice(
    group, aoki, sakura, bob, erin, smtp
):
    city = create_company(actor=None, group=group, name="みやこ市", kind=CompanyKind.CITY)
    routing(group, InquiryRouting.ALL)

    inquiry = send(group)
    route_inquiry.enqueue(inquiry.pk)  # a second run of the routing task
    run_worker()
    run_worker()

    to = sorted(rcpt for rcpts, _body in smtp.messages for rcpt in rcpts)
    assert to.count("bob@example.com") == 1 and to.count("erin@example.com") == 1
    referred = set(Referral.objects.filter(inquiry=inquiry).values_list("company_id", flat=True))
    assert referred == {aoki.pk, sakura.pk}  # not the city: it makes nothing
    assert city.pk not in referred
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.REVIEWING
    assert Referral.objects.filter(referred_by__isnull=True).count() == 2  # by the system


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_by_default_the_coordinator_chooses_and_nothing_is_passed(group, aoki, bob, smtp):
    inquiry = send(group)

    run_worker()

    assert not Referral.objects.exists()
    assert [rcpts for rcpts, _ in smtp.messages] == [["taro@rocket.example"]]  # the ack only
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.NEW


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_matched_passes_only_members_that_pass_every_gate_of_every_line(group, aoki, sakura):
    routing(group, InquiryRouting.MATCHED)
    machined = send(group, process_text="5軸", material="A7075")
    plated = send(group, process_text="無電解ニッケル")

    run_worker()

    [to_aoki] = Referral.objects.filter(inquiry=machined)
    assert to_aoki.company == aoki and "5軸・複合 ✓" in to_aoki.reasons
    # さくら's expired certificate does not matter here; its process does
    assert [r.company for r in Referral.objects.filter(inquiry=plated)] == [sakura]


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_matched_passes_nothing_when_no_member_takes_every_line(group, aoki, sakura):
    routing(group, InquiryRouting.MATCHED)
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=HEADER,
        lines=[
            {"part_name": "本体", "process_text": "5軸", "material": "A7075"},
            {"part_name": "めっき", "process_text": "無電解ニッケル"},
        ],
    )

    run_worker()

    assert not Referral.objects.filter(inquiry=inquiry).exists()
    assert Inquiry.objects.get(pk=inquiry.pk).status == InquiryStatus.NEW


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_an_inquiry_outside_the_boundary_is_left_to_the_coordinator(group, aoki, bob, smtp):
    BoundaryRule.objects.create(group=group, kind="max_quantity", value="10")
    routing(group, InquiryRouting.ALL)

    outside = send(group, quantity=5000)
    inside = send(group, quantity=3)
    run_worker()

    assert not Referral.objects.filter(inquiry=outside).exists()
    assert Referral.objects.filter(inquiry=inside, company=aoki).exists()


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_declined_inquiry_is_not_passed_on_when_the_task_runs_late(group, aoki):
    routing(group, InquiryRouting.ALL)
    inquiry = send(group)
    Inquiry.objects.filter(pk=inquiry.pk).update(status=InquiryStatus.DECLINED)

    run_worker()

    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_the_coordinator_sets_routing_on_the_settings_page(client, group, alice, bob):
    url = reverse("orgs:settings", args=["miyako"])
    login(client, alice)
    page = client.get(url).content.decode()
    assert 'name="inquiry_routing"' in page
    data = {
        "name": group.name,
        "slug": group.slug,
        "stage": group.stage,
        "reply_promise_hours": "2",
        "business_day_start": "08:30",
        "business_day_end": "17:30",
        "business_weekdays": "12345",
        "closures": "[]",
        "is_public": "on",
    }

    bad = client.post(url, data | {"inquiry_routing": "everyone"})
    assert bad.status_code == 400
    assert client.post(url, data | {"inquiry_routing": "all"}).status_code == 302

    group.refresh_from_db()
    assert group.inquiry_routing == InquiryRouting.ALL
    login(client, bob)
    assert client.post(url, data | {"inquiry_routing": "coordinator"}).status_code == 404
    group.refresh_from_db()
    assert group.inquiry_routing == InquiryRouting.ALL
