"""Once in: the onboarding gate, the probation, the annual fees, and leaving."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from renkei.conftest_helpers import CUSTOMER, login
from renkei.core.models import AuditEntry
from renkei.inquiries.matching import match_inquiry
from renkei.inquiries.models import Referral
from renkei.inquiries.referrals import answer
from renkei.inquiries.services import submit_inquiry
from renkei.joining import members, services
from renkei.joining.eligibility import blocked_companies
from renkei.joining.models import AnnualFee, Leaving
from renkei.orgs.models import GroupRole
from renkei.projects.choices import PackageState
from renkei.projects.claims import claim_package
from renkei.projects.models import WorkPackage
from renkei.projects.services import add_package, create_development_project, publish_packages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _japanese(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        yield


def turning_inquiry(group, budget=""):
    made, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={**CUSTOMER, "budget": budget},
        lines=[{"part_name": "シャフト", "quantity": 3, "process_text": "旋削"}],
    )
    return made


def refer(client, inquiry, company):
    client.post(reverse("inquiries:refer", args=["miyako", inquiry.pk]), {"company": [company.pk]})
    return Referral.objects.filter(inquiry=inquiry, company=company).exists()


def acknowledge_all(client, user, documents, company):
    login(client, user)
    for document in documents:
        url = reverse("joining:acknowledge", args=["miyako", document.pk])
        client.post(url, {"company": company.pk})


def test_a_new_member_is_passed_no_inquiry_until_it_acknowledged_the_documents(
    client, group, alice, aoki, documents, newcomer
):
    company, ichiro = newcomer
    inquiry = turning_inquiry(group)
    [match] = match_inquiry(inquiry)
    mine = next(c for c in match.candidates if c.company == company)
    assert not mine.passes
    assert "新規会員：ミッション、ビジョン、会員規約の確認がまだ" in mine.summary
    login(client, alice)
    assert not refer(client, inquiry, company)
    assert AuditEntry.objects.filter(action="joining.referral_held").exists()

    login(client, ichiro)
    page = client.get(reverse("joining:documents", args=["miyako"])).content.decode()
    assert "地域のものづくりで試作の窓口になる。" in page and "読んで確認しました" in page
    acknowledge_all(client, ichiro, documents, company)
    page = client.get(reverse("joining:documents", args=["miyako"])).content.decode()
    assert "貴社に引き合いをお渡しできます" in page

    assert blocked_companies(group) == {}
    login(client, alice)
    assert refer(client, inquiry, company)


def test_a_staff_member_cannot_acknowledge_for_the_company(client, group, emi, sakura, documents):
    login(client, emi)
    url = reverse("joining:acknowledge", args=["miyako", documents[0].pk])
    assert client.post(url, {"company": sakura.pk}).status_code == 403


def test_an_older_member_is_not_held_back(group, aoki, documents):
    assert blocked_companies(group) == {}


def test_probation_passes_one_job_at_a_time_and_none_above_the_amount(
    client, group, alice, aoki, documents, newcomer
):
    company, ichiro = newcomer
    acknowledge_all(client, ichiro, documents, company)
    services.save_settings(actor=alice, group=group, probation_jobs=2, probation_max_yen=500_000)
    login(client, alice)

    first = turning_inquiry(group, budget="30万円")
    assert refer(client, first, company)
    second = turning_inquiry(group)
    assert not refer(client, second, company)
    [match] = match_inquiry(second)
    mine = next(c for c in match.candidates if c.company == company)
    assert "試用期間中（最初の2件のうち0件完了）：一度に1件まで" in mine.summary

    # The first is declined: nothing in hand, but a big job is still refused.
    answer(
        actor=ichiro,
        referral=Referral.objects.get(inquiry=first, company=company),
        kind="cannot",
        notes="設備が空いていません",
    )
    big = turning_inquiry(group, budget="予算は120万円程度")
    assert not refer(client, big, company)
    assert (
        "¥500,000までの仕事に限ります（お客様の予算は¥1,200,000）"
        in (blocked_companies(group, big)[company.pk])
    )
    assert refer(client, second, company)


def test_annual_fees_are_recorded_once_a_year_in_yen(client, group, alice, aoki):
    login(client, alice)
    url = reverse("joining:fees", args=["miyako"])
    year = timezone.localdate().year - 1

    client.post(url, {"company": aoki.pk, "year": year, "amount_yen": "30000"})
    client.post(
        url, {"company": aoki.pk, "year": year, "amount_yen": "36000", "paid_on": f"{year}-05-31"}
    )

    fee = AnnualFee.objects.get()
    assert (fee.amount_yen, str(fee.paid_on)) == (36000, f"{year}-05-31")
    page = client.get(url).content.decode()
    assert "¥36,000" in page and "株式会社青木精工" in page


def test_a_fee_for_another_groups_company_is_refused(client, group, other_group, alice):
    from renkei.orgs.services import create_company

    outsider = create_company(actor=None, group=other_group, name="北の工業", kana="きた")
    login(client, alice)
    response = client.post(
        reverse("joining:fees", args=["miyako"]),
        {"company": outsider.pk, "year": 2025, "amount_yen": "1000"},
    )
    assert response.status_code == 404 and not AnnualFee.objects.exists()


def _held_package(group, alice, user, company):
    project = create_development_project(actor=alice, group=group, title="治具開発", goal="試作")
    package = add_package(actor=alice, project=project, name="旋削部品")
    publish_packages(actor=alice, project=project)
    return claim_package(actor=user, package=package, company=company)


def test_leaving_hands_packages_back_ends_access_and_keeps_the_record(
    client, group, alice, bob, aoki
):
    package = _held_package(group, alice, bob, aoki)
    assert package.state == PackageState.ASSIGNED
    membership = aoki.memberships.get(group=group)
    login(client, alice)

    response = client.post(
        reverse("joining:leave", args=["miyako", membership.pk]),
        {"left_on": timezone.localdate().isoformat(), "reason": "事業を縮小するため"},
    )

    assert response.status_code == 302
    package.refresh_from_db()
    assert package.state == PackageState.OPEN and package.company is None
    assert not GroupRole.objects.filter(user=bob, group=group).exists()
    membership.refresh_from_db()
    assert membership.left_on == timezone.localdate()
    leaving = Leaving.objects.get(membership=membership)
    assert (leaving.packages_returned, leaving.roles_ended) == (1, 1)
    assert AuditEntry.objects.filter(action="joining.leave").exists()
    login(client, bob)
    assert client.get(reverse("joining:documents", args=["miyako"])).status_code == 404
    assert client.get(reverse("projects:board", args=["miyako"])).status_code == 404


def test_a_member_admin_records_its_own_leaving_only(client, group, bob, hana, aoki, sakura):
    login(client, bob)
    other = sakura.memberships.get(group=group)
    url = reverse("joining:leave", args=["miyako", other.pk])
    assert client.post(url, {"left_on": "2026-01-01", "reason": "x"}).status_code == 403

    own = aoki.memberships.get(group=group)
    client.post(
        reverse("joining:leave", args=["miyako", own.pk]),
        {"left_on": timezone.localdate().isoformat(), "reason": "本業に専念するため"},
    )
    own.refresh_from_db()
    assert own.left_on is not None
    other.refresh_from_db()
    assert other.left_on is None


def test_leaving_twice_or_in_the_future_is_refused(group, alice, aoki):
    membership = aoki.memberships.get(group=group)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(Exception, match="当日以降"):
        members.record_leaving(actor=alice, membership=membership, left_on=tomorrow, reason="x")
    members.record_leaving(
        actor=alice, membership=membership, left_on=timezone.localdate(), reason="x"
    )
    with pytest.raises(Exception, match="すでに退会"):
        members.record_leaving(
            actor=alice, membership=membership, left_on=timezone.localdate(), reason="x"
        )
    assert WorkPackage.objects.count() == 0
