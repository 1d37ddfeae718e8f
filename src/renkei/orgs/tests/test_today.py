"""「今日」: each person lands on what waits for them, in their own groups only."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from renkei.cockpit.services.decisions import create_proposal
from renkei.cockpit.services.levers import publish_document
from renkei.conftest_helpers import CUSTOMER, PASSWORD, login
from renkei.inquiries.models import Inquiry
from renkei.inquiries.notices import notify_customer_message
from renkei.inquiries.referrals import refer
from renkei.inquiries.services import submit_inquiry
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group, Membership
from renkei.orgs.services import add_member, grant_role
from renkei.projects.choices import PackageState
from renkei.projects.models import WorkPackage
from renkei.projects.services import add_package, create_development_project, publish_packages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _japanese(client):
    client.cookies["django_language"] = "ja"


def new_inquiry(group, title="シャフト試作", days_ago=0):
    made, _ = submit_inquiry(
        group=group, key=uuid.uuid4(), header={**CUSTOMER, "title": title}, lines=[]
    )
    if days_ago:
        # Received long ago: the promised reply is many business hours late.
        back = timezone.now() - dt.timedelta(days=days_ago)
        Inquiry.objects.filter(pk=made.pk).update(received_at=back, reply_due_at=back)
        made.refresh_from_db()
    return made


def package(group, actor, name, *, due_in=2, company=None, state=None):
    project = create_development_project(actor=actor, group=group, title=f"{name}案件", goal="試作")
    made = add_package(
        actor=actor,
        project=project,
        name=name,
        work_days=3,
        due_on=timezone.localdate() + dt.timedelta(days=due_in),
    )
    publish_packages(actor=actor, project=project)
    if company is not None:
        WorkPackage.objects.filter(pk=made.pk).update(
            company=company, state=state or PackageState.ASSIGNED
        )
    return made


def today(client):
    response = client.get(reverse("orgs:today"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_coordinator_sees_late_replies_customer_messages_referrals_and_packages(
    client, group, alice, aoki
):
    late = new_inquiry(group, "遅れた引き合い", days_ago=30)
    fresh = new_inquiry(group, "新しい引き合い")
    notify_customer_message(fresh, "図面を差し替えました")
    refer(actor=alice, inquiry=fresh, companies=[aoki], reasons={})
    open_package = package(group, alice, "フライス加工")
    create_proposal(
        actor=alice,
        group=group,
        title="年会費の改定",
        method="consent",
        quorum=1,
        deadline=timezone.now() + dt.timedelta(days=7),
    )
    publish_document(actor=alice, group=group, kind="mission", title="私たちの使命", body="地域")
    login(client, alice)

    page = today(client)

    assert "今日" in page
    assert "遅れた引き合い" in page and "遅れ" in page
    assert "新しい引き合い" in page and "残り" in page
    assert "図面を差し替えました" in page
    assert reverse("inquiries:detail", args=[group.slug, late.pk]) in page
    assert "株式会社青木精工" in page  # the referral not answered yet
    assert reverse("projects:package", args=[group.slug, open_package.pk]) in page
    assert "年会費の改定" in page and "私たちの使命" in page


def test_a_member_sees_its_referrals_packages_due_this_week_and_notices(
    client, group, alice, bob, aoki, sakura
):
    mine = new_inquiry(group, "青木向け")
    theirs = new_inquiry(group, "さくら向け")
    refer(actor=alice, inquiry=mine, companies=[aoki], reasons={})
    refer(actor=alice, inquiry=theirs, companies=[sakura], reasons={})
    soon = package(group, alice, "旋盤加工", due_in=3, company=aoki)
    later = package(group, alice, "研磨", due_in=30, company=aoki)
    other = package(group, alice, "めっき", due_in=2, company=sakura)
    login(client, bob)

    page = today(client)

    assert "青木向け" in page and "さくら向け" not in page.split('id="notices"')[0]
    assert reverse("projects:package", args=[group.slug, soon.pk]) in page
    assert reverse("projects:package", args=[group.slug, later.pk]) not in page
    assert reverse("projects:package", args=[group.slug, other.pk]) not in page
    assert 'id="notices"' in page  # the referral's notice, unread
    assert "coordinating-" not in page


def test_a_supporter_gets_its_groups_dashboard(client, group, carol):
    login(client, carol)

    page = today(client)

    assert reverse("cockpit:supporters", args=[group.slug]) in page


def test_nothing_of_another_group_shows(client, group, other_group, alice, dave):
    new_inquiry(group, "みやこの秘密", days_ago=3)
    login(client, dave)

    page = today(client)

    assert "みやこの秘密" not in page and "みやこ試作ネット" not in page
    assert "北光めっきネット" in page


def test_a_company_that_left_the_group_sees_nothing_of_it(client, group, alice, bob, aoki):
    refer(actor=alice, inquiry=new_inquiry(group, "退会前の引き合い"), companies=[aoki], reasons={})
    package(group, alice, "旋盤加工", due_in=1, company=aoki)
    Membership.objects.filter(group=group, company=aoki).update(left_on=timezone.localdate())
    login(client, bob)

    page = today(client)

    assert "退会前の引き合い" not in page.split('id="notices"')[0]
    assert "旋盤加工" not in page
    assert "working-" not in page


def test_counts_show_as_badges(client, group, alice):
    for n in range(3):
        new_inquiry(group, f"引き合い{n}", days_ago=5)
    login(client, alice)

    page = today(client)

    section = page.split('id="coordinating-miyako"')[1]
    assert '<span class="count-badge">3</span>' in section


def test_queries_do_not_grow_with_groups_and_items(client, region, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    from renkei.orgs.services import create_company

    boss = get_user_model().objects.create_user("boss", password=PASSWORD)
    for g in range(4):
        group = Group.objects.create(region=region, name=f"ネット{g}", slug=f"net{g}")
        grant_role(actor=None, user=boss, group=group, role=PersonRole.COORDINATOR)
        company = create_company(actor=None, name=f"工業{g}", kana="こうぎょう")
        add_member(actor=None, group=group, company=company)
        grant_role(
            actor=None, user=boss, group=group, role=PersonRole.MEMBER_ADMIN, company=company
        )
        for i in range(3):
            inquiry = new_inquiry(group, f"引き合い{g}-{i}", days_ago=i)
            notify_customer_message(inquiry, "質問があります")
            refer(actor=boss, inquiry=inquiry, companies=[company], reasons={})
            package(group, boss, f"工程{g}-{i}", due_in=i, company=company)
            package(group, boss, f"募集{g}-{i}", due_in=i + 5)
        publish_document(actor=boss, group=group, kind="mission", title="使命", body="地域")
    login(client, boss)

    with django_assert_max_num_queries(30):
        page = today(client)

    assert page.count("質問があります") == 12


def test_login_lands_on_today(client, alice):
    response = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("orgs:today")
    assert "今日" in response.content.decode()


def test_the_start_page_is_today_for_people_signed_in(client, group, alice):
    login(client, alice)

    page = client.get(reverse("home")).content.decode()

    assert 'id="coordinating-miyako"' in page
    assert 'id="nav-today"' in page.split("<nav>")[1].split("</a>")[0]


def test_anonymous_visitors_still_get_the_region_page(client, group):
    page = client.get(reverse("home")).content.decode()

    assert "みやこ試作ネット" in page and reverse("directory:members", args=["miyako"]) in page
    assert 'id="nav-today"' not in page
