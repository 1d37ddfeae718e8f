"""The header: each person sees the ways in their roles open, and badges that count what
「今日」 lists — cheaply, and nothing at all for anonymous visitors."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import login
from renkei.inquiries.notices import notify_customer_message
from renkei.inquiries.referrals import refer
from renkei.orgs.models import Membership
from renkei.orgs.tests.test_today import new_inquiry
from renkei.projects.services import start_order_project
from renkei.projects.tests.conftest import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _japanese(client):
    client.cookies["django_language"] = "ja"


def header(client, url=None):
    """The main links' ids, the person menu's ids, and the badges by link id."""
    page = client.get(url or reverse("orgs:regions")).content.decode()
    top = page.split('<header class="topbar">')[1].split("</header>")[0]
    nav = top.split("<nav>")[1].split("</nav>")[0]
    menu = (
        top.split('<div class="menu">')[1].split("</div>")[0] if '<div class="menu">' in top else ""
    )
    badges = {}
    for link in nav.split("<a ")[1:]:
        found = re.search(r'id="([\w-]+)".*?class="count-badge[^"]*"[^>]*>(\d+)<', link, re.S)
        if found:
            badges[found[1]] = found[2]
    return re.findall(r'id="([\w-]+)"', nav), re.findall(r'<a [^>]*id="([\w-]+)"', menu), badges


def section_counts(client, desk):
    """The count badge of each section of ``desk`` on 「今日」, by title."""
    page = client.get(reverse("orgs:today")).content.decode()
    part = page.split(f'id="{desk}"')[1].split("</section>")[0]
    found = re.findall(
        r"<h3><a [^>]*>([^<]+)</a>(?: <span class=\"count-badge\">(\d+)</span>)?", part
    )
    return {title: int(n or 0) for title, n in found}


def test_the_coordinators_badge_counts_what_today_lists_about_inquiries(client, group, alice, aoki):
    new_inquiry(group, "遅れた引き合い", days_ago=30)
    fresh = new_inquiry(group, "新しい引き合い")
    notify_customer_message(fresh, "図面を差し替えました")
    refer(actor=alice, inquiry=fresh, companies=[aoki], reasons={})
    login(client, alice)

    links, menu, badges = header(client)

    listed = section_counts(client, "coordinating-miyako")
    waiting = ("返信の期限", "お客さまからの新しいメッセージ", "まだ回答のない打診")
    assert [listed[title] for title in waiting] == [2, 1, 1]
    assert badges["nav-inquiries"] == str(sum(listed[title] for title in waiting)) == "4"
    assert links[:3] == ["nav-today", "nav-inquiries", "nav-projects"]
    assert "nav-cockpit" in links and "nav-notices" in links
    assert "menu-api-tokens" in menu and "menu-api-tokens" not in links
    assert "menu-company" not in menu  # alice acts for no company
    board = reverse("inquiries:board", args=[group.slug])
    assert f'href="{board}" id="nav-inquiries"' in client.get(reverse("home")).content.decode()


def test_a_member_sees_the_inquiries_waiting_for_its_answer(client, group, alice, bob, aoki):
    asked = new_inquiry(group)
    refer(actor=alice, inquiry=asked, companies=[aoki], reasons={})
    login(client, bob)

    links, menu, badges = header(client)

    assert badges["nav-inquiries"] == "1"
    assert section_counts(client, "working-miyako")["回答待ちの引き合い"] == 1
    page = client.get(reverse("orgs:regions")).content.decode()
    assert f'href="{reverse("inquiries:work", args=[group.slug])}" id="nav-inquiries"' in page
    assert {"nav-projects", "nav-knowledge", "nav-cockpit", "nav-notices"} <= set(links)
    assert {"menu-company", "menu-api-tokens", "nav-two-factor"} <= set(menu)
    assert "menu-admin" not in menu


def test_a_company_that_left_the_group_is_not_asked_there(client, group, alice, bob, aoki):
    asked = new_inquiry(group)
    refer(actor=alice, inquiry=asked, companies=[aoki], reasons={})
    Membership.objects.filter(group=group, company=aoki).update(left_on=timezone.localdate())
    login(client, bob)

    links, _menu, badges = header(client)

    assert "nav-inquiries" not in links and "nav-inquiries" not in badges


def test_a_supporter_has_no_inquiries_link(client, group, carol):
    login(client, carol)

    links, menu, _badges = header(client)

    assert "nav-inquiries" not in links
    assert {"nav-today", "nav-projects", "nav-knowledge", "nav-cockpit", "nav-notices"} <= set(
        links
    )
    assert "menu-company" not in menu and "menu-api-tokens" in menu


def test_someone_in_no_group_sees_neither_projects_nor_the_cockpit(client, django_user_model):
    from renkei.conftest_helpers import PASSWORD

    loner = django_user_model.objects.create_user(username="loner", password=PASSWORD)
    login(client, loner)

    links, _menu, _badges = header(client)

    assert links == ["nav-today", "nav-knowledge", "nav-notices"]


def test_anonymous_visitors_get_the_regions_knowledge_and_log_in_for_no_query(client, group):
    with CaptureQueriesContext(connection) as captured:
        links, menu, badges = header(client)

    assert links == ["nav-regions", "nav-knowledge", "nav-portal", "nav-login"]
    assert not menu and not badges
    assert not [q for q in captured if "orgs_grouprole" in q["sql"]]


def test_the_badges_cost_the_same_few_queries_however_much_waits(client, group, alice, aoki):
    login(client, alice)
    url = reverse("orgs:regions")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        made = new_inquiry(group, f"引き合い{n}", days_ago=n)
        notify_customer_message(made, "よろしくお願いします")
        refer(actor=alice, inquiry=made, companies=[aoki], reasons={})
    with CaptureQueriesContext(connection) as many:
        _links, _menu, badges = header(client, url)

    assert badges["nav-inquiries"] == "15"
    assert len(many) == len(few)


def test_a_fragment_without_the_header_counts_nothing(client, group, alice, aoki):
    inquiry = new_inquiry(group)
    refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    login(client, alice)
    client.get(reverse("orgs:regions"))  # the session and the person are read once
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("knowledge:preview"), {"body": "**太字**"})

    assert response.status_code == 200 and "<strong>太字</strong>" in response.content.decode()
    assert not [q for q in captured if "inquiries_" in q["sql"]]


def test_a_won_inquiry_links_to_its_project(client, group, alice):
    order = make_order(group, alice)
    login(client, alice)
    url = reverse("inquiries:detail", args=[group.slug, order.inquiry_id])

    before = client.get(url).content.decode()
    project, _created = start_order_project(actor=alice, order=order)
    after = client.get(url).content.decode()

    assert 'id="start-project"' in before and 'id="to-project"' not in before
    assert f'href="{reverse("projects:detail", args=[group.slug, project.pk])}"' in after
    assert 'id="to-project"' in after and "この引き合いは受注しました" in after


def test_an_inquiry_not_won_shows_no_project(client, group, alice):
    inquiry = new_inquiry(group)
    login(client, alice)

    page = client.get(reverse("inquiries:detail", args=[group.slug, inquiry.pk])).content.decode()

    assert 'id="order"' not in page


def test_the_current_section_is_marked(client, group, alice):
    login(client, alice)

    page = client.get(reverse("projects:list", args=[group.slug])).content.decode()

    assert 'id="nav-projects" aria-current="page"' in page
    assert 'id="nav-today" aria-current' not in page
