"""Member scorecards: exact figures from known jobs, no score below 10 jobs, who may see them,
and their modest part in the matching with the reason shown to the coordinator."""

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from renkei.capabilities.models import Process
from renkei.capabilities.services import set_processes
from renkei.conftest_helpers import CUSTOMER, PASSWORD, login
from renkei.inquiries import referrals
from renkei.inquiries.matching import match_inquiry
from renkei.inquiries.models import Answer, Inquiry, Referral
from renkei.inquiries.services import submit_inquiry
from renkei.orgs.choices import PersonRole
from renkei.orgs.services import create_company, grant_role
from renkei.projects import claims, progress, services
from renkei.quality import scorecards

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _japanese(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        yield


def approver_of(group, company, name):
    user = get_user_model().objects.create_user(username=name, password=PASSWORD)
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_ADMIN, company=company)
    return user


@dataclass
class Desk:
    """The coordinator's desk of a test: one development project whose packages go to
    members, through the same services as the board."""

    coordinator: Any
    project: Any

    def package(self, company, approver, *, due_on, after=None):
        """A package offered by the coordinator to ``company``, confirmed by its approver."""
        package = services.add_package(
            actor=self.coordinator, project=self.project, name="部品", due_on=due_on, after=after
        )
        claims.offer_package(actor=self.coordinator, package=package, company=company)
        return claims.confirm_claim(actor=approver, package=package)

    def jobs(self, company, approver, *, on_time, late):
        """``on_time`` packages shipped today and due tomorrow, then ``late`` ones shipped
        today and due two days ago."""
        made = []
        for n in range(on_time + late):
            due = TODAY + dt.timedelta(days=1) if n < on_time else TODAY - dt.timedelta(days=2)
            package = self.package(company, approver, due_on=due)
            progress.post_event(actor=self.coordinator, package=package, kind="shipped")
            made.append(package)
        return made

    def reject(self, package):
        """The coordinator's receiving check at the end of the chain rejects the package (one
        part of it, to be reworked), through the receiving-inspection service."""
        from renkei.quality.services.inspection import CheckInput, record_check

        check, _new = record_check(
            actor=self.coordinator,
            package=package,
            receiving=None,
            data=CheckInput(
                result="rejected",
                quantity_received=package.quantity,
                quantity_rejected=1,
                defect_kind="dimension",
                disposition="rework",
            ),
        )
        return check


@pytest.fixture
def desk(group, alice):
    project = services.create_development_project(
        actor=alice, group=group, title="治具開発", goal="量産治具"
    )
    return Desk(alice, project)


def card_of(group, company):
    return scorecards.scorecards(group, [company.pk])[company.pk]


def test_twelve_jobs_give_exact_on_time_and_quality_figures(group, desk, aoki, bob):
    packages = desk.jobs(aoki, bob, on_time=9, late=3)

    card = card_of(group, aoki)
    assert (card.jobs, card.on_time, card.on_time_percent) == (12, 9, 75)
    assert card.rejections == 0 and card.shown

    desk.reject(packages[0])
    desk.reject(packages[0])  # rejected again after rework: still one nonconforming package
    card = card_of(group, aoki)
    assert card.rejections == 1 and card.rejections_per_package == pytest.approx(1 / 12)


def test_below_ten_jobs_there_is_no_score_and_the_page_says_how_many(
    client, group, desk, aoki, bob
):
    desk.jobs(aoki, bob, on_time=9, late=0)

    card = card_of(group, aoki)
    assert card.jobs == 9 and not card.shown and card.match_term == 0.0
    login(client, bob)
    html = client.get(reverse("quality:scorecard", args=[group.slug, aoki.pk])).content.decode()
    assert "実績が10件に満たないため" in html and "9件" in html
    assert "納期遵守率" not in html and "figure-on-time" not in html


def test_a_step_handed_on_counts_when_done_the_last_step_only_when_shipped(group, desk, aoki, bob):
    # Ten steps that hand on to a next step: 工程完了 is their delivery.
    for _n in range(10):
        step = desk.package(aoki, bob, due_on=TODAY)
        progress.post_event(actor=desk.coordinator, package=step, kind="step_done")
        services.add_package(actor=desk.coordinator, project=desk.project, name="次", after=step)
    # A last step only reported done is not delivered, and not due yet: not judged.
    final = desk.package(aoki, bob, due_on=TODAY + dt.timedelta(days=3))
    progress.post_event(actor=desk.coordinator, package=final, kind="step_done")
    # A last step overdue and not shipped is a late job.
    overdue = desk.package(aoki, bob, due_on=TODAY - dt.timedelta(days=1))
    progress.post_event(actor=desk.coordinator, package=overdue, kind="step_done")

    card = card_of(group, aoki)
    assert (card.jobs, card.on_time) == (11, 10)


def test_answer_rate_speed_and_declines(group, desk, aoki, bob):
    told = timezone.now() - dt.timedelta(days=3)
    answers = [("can", 2), ("can", 4), ("cannot", 10), (None, None)]
    for n, (kind, hours) in enumerate(answers, start=1):
        inquiry, _ = submit_inquiry(
            group=group, key=uuid.uuid4(), header=CUSTOMER, lines=[{"part_name": f"部品{n}"}]
        )
        referrals.refer(actor=desk.coordinator, inquiry=inquiry, companies=[aoki], reasons={})
        referral = Referral.objects.get(inquiry=inquiry, company=aoki)
        Referral.objects.filter(pk=referral.pk).update(created_at=told, notified_at=told)
        Inquiry.objects.filter(pk=inquiry.pk).update(reply_due_at=told + dt.timedelta(days=1))
        if kind is None:
            continue  # never answered, and its answer window has closed
        extra = {"price_yen": 1000, "lead_days": 5} if kind == "can" else {"notes": "設備なし"}
        answer = referrals.answer(actor=bob, referral=referral, kind=kind, **extra)
        Answer.objects.filter(pk=answer.pk).update(created_at=told + dt.timedelta(hours=hours))

    card = card_of(group, aoki)
    assert (card.referred, card.answered, card.answer_percent) == (4, 3, 75)
    assert card.median_answer_hours == pytest.approx(4.0)
    assert card.declines == 1 and card.decline_percent == 33


def test_the_company_and_the_coordinators_see_the_card_nobody_else(
    client, group, desk, alice, aoki, bob, sakura, hana, carol, dave
):
    desk.jobs(aoki, bob, on_time=10, late=0)
    url = reverse("quality:scorecard", args=[group.slug, aoki.pk])
    listing = reverse("quality:scorecards", args=[group.slug])

    for user in (bob, alice):
        client.logout()
        login(client, user)
        html = client.get(url).content.decode()
        assert "納期遵守" in html and "100%" in html and "10件中 10件" in html
        assert "株式会社青木精工" in client.get(listing).content.decode()
    for user in (hana, carol, dave):
        client.logout()
        login(client, user)
        assert client.get(url).status_code == 404
    # hana sees her own company's card, never aoki's.
    client.logout()
    login(client, hana)
    html = client.get(listing).content.decode()
    assert "さくら鍍金工業" in html and "株式会社青木精工" not in html
    for user in (carol, dave):
        client.logout()
        login(client, user)
        assert client.get(listing).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


@pytest.fixture
def twins(group):
    """Two turning shops equal in everything the gates and the rest of the score read."""
    made = []
    for name, kana in (("旋盤工業あ", "せんばんあ"), ("旋盤工業い", "せんばんい")):
        company = create_company(actor=None, group=group, name=name, kana=kana)
        set_processes(actor=None, company=company, processes=Process.objects.filter(code="turning"))
        made.append(company)
    return made


def turning_inquiry(group):
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=CUSTOMER,
        lines=[{"part_name": "軸", "process_text": "旋削"}],
    )
    return inquiry


def test_the_matching_ranks_the_better_scorecard_first_and_shows_why(
    client, group, desk, alice, twins
):
    first, second = twins  # among equals, first comes first by its reading
    desk.jobs(first, approver_of(group, first, "a_admin"), on_time=6, late=4)
    packages = desk.jobs(second, approver_of(group, second, "i_admin"), on_time=10, late=0)
    desk.reject(packages[0])
    inquiry = turning_inquiry(group)

    [match] = match_inquiry(inquiry)
    best, runner_up = match.candidates[:2]
    assert best.company == second and runner_up.company == first
    assert "納期遵守 100% ✓" in best.summary and "不適合 1件 ✗" in best.summary
    assert "納期遵守 60% ✗" in runner_up.summary and "不適合 0件 ✓" in runner_up.summary
    login(client, alice)
    html = client.get(reverse("inquiries:detail", args=[group.slug, inquiry.pk])).content.decode()
    assert "納期遵守 100%" in html and "不適合 1件" in html


def test_members_without_enough_jobs_are_neither_rewarded_nor_punished(group, desk, twins):
    first, second = twins
    desk.jobs(second, approver_of(group, second, "i_admin"), on_time=9, late=0)

    [match] = match_inquiry(turning_inquiry(group))
    assert [c.company for c in match.candidates[:2]] == [first, second]
    assert match.candidates[0].score == match.candidates[1].score
    assert all("納期遵守" not in c.summary for c in match.candidates)
