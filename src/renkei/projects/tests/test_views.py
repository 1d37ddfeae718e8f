"""The customer's progress, the timeline, the calendar feed, the allocation page, the digest."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import login, run_worker
from renkei.projects import claims, progress, services
from renkei.projects.choices import PackageState
from renkei.projects.digest import queue_coordinator_digests
from renkei.projects.models import CompanyFeed, DigestRun, WorkPackage
from renkei.projects.tests.conftest import earlier_mail

pytestmark = pytest.mark.django_db


def test_the_customer_sees_progress_without_member_names_or_notes(client, alice, bob, held):
    WorkPackage.objects.filter(pk=held.pk).update(notes="社内メモ: 青木さんに急ぎで")
    progress.post_event(actor=bob, package=held, kind="step_done", note="内部の備考")
    inquiry = held.project.order.inquiry

    page = client.get(inquiry.get_tracking_url()).content.decode()

    assert 'id="order-progress"' in page
    assert re.search(r'id="progress-percent">33%', page)
    assert "めっき" in page or "plating" in page.lower()
    assert "青木" not in page and "社内メモ" not in page and "内部の備考" not in page
    assert held.project.delivery_on.isoformat() in page


def test_the_tracking_page_has_no_progress_before_a_project(client, order):
    page = client.get(order.inquiry.get_tracking_url()).content.decode()
    assert 'id="order-progress"' not in page


def test_the_timeline_marks_late_packages_and_the_critical_path(client, alice, bob, published):
    first = published.packages.get(position=1)
    WorkPackage.objects.filter(pk=first.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=2)
    )
    services.add_package(actor=alice, project=published, name="取説", work_days=1)
    login(client, alice)

    page = client.get(published.get_absolute_url()).content.decode()

    late_row = re.search(rf'<li class="late[^"]*" id="gantt-{first.pk}"', page)
    assert late_row
    path = re.search(r'id="critical-path">(.*?)</p>', page, re.S).group(1)
    assert path.count("→") == 2 and "取説" not in path


def test_the_calendar_feed_lists_the_companys_due_dates(client, bob, aoki, held):
    login(client, bob)
    board = client.get(reverse("projects:board", args=["miyako"])).content.decode()
    feed = CompanyFeed.objects.get(company=aoki)
    assert feed.token in board
    client.logout()

    response = client.get(reverse("projects:ics", args=[feed.token]))

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert f"UID:package-{held.pk}@" in text
    assert f"DTSTART;VALUE=DATE:{held.due_on:%Y%m%d}" in text
    assert text.count("BEGIN:VEVENT") == 1  # only aoki's
    assert client.get(reverse("projects:ics", args=["wrong"])).status_code == 404


def test_the_allocation_proposal_explains_and_offers_on_acceptance(
    client, alice, bob, hana, aoki, sakura, published
):
    login(client, alice)
    url = reverse("projects:allocate", args=["miyako"])
    assert client.get(url).status_code == 200

    proposal = client.post(url, {"action": "propose"}).content.decode()

    packages = list(published.packages.order_by("position"))
    assert all(f'id="line-{p.pk}"' in proposal for p in packages)
    machining, plating, _inspection = packages
    chosen = re.search(rf'name="pkg-{machining.pk}".*?</select>', proposal, re.S).group(0)
    assert re.search(rf'value="{aoki.pk}" selected', chosen)  # the five-axis shop
    chosen = re.search(rf'name="pkg-{plating.pk}".*?</select>', proposal, re.S).group(0)
    assert re.search(rf'value="{sakura.pk}" selected', chosen)  # the plating shop
    assert "No member offers this process" in proposal  # nobody does CMM inspection

    # The coordinator keeps the machining line, clears plating, and sends the offers.
    client.post(url, {"action": "accept", f"pkg-{machining.pk}": aoki.pk, f"pkg-{plating.pk}": ""})
    machining.refresh_from_db()
    plating.refresh_from_db()
    assert machining.state == PackageState.TENTATIVE and machining.company == aoki
    assert plating.state == PackageState.OPEN


def test_members_cannot_allocate(client, bob, published):
    login(client, bob)
    assert (
        client.post(
            reverse("projects:allocate", args=["miyako"]), {"action": "propose"}
        ).status_code
        == 404
    )


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_the_coordinators_daily_digest_is_queued_and_sent_once(alice, emi, sakura, published, smtp):
    machining = published.packages.get(position=1)
    claims.claim_package(actor=emi, package=machining, company=sakura)
    early = dt.datetime(2026, 11, 25, 7, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert queue_coordinator_digests(early) == {"queued": 0}
    morning = early.replace(hour=9)

    assert queue_coordinator_digests(morning) == {"queued": 1}
    assert queue_coordinator_digests(morning) == {"queued": 0}
    run_worker()
    run_worker()

    to_alice = [
        body for to, body in smtp.messages if to == ["alice@example.com"] and not earlier_mail(body)
    ]
    assert len(to_alice) == 1
    assert "さくら鍍金工業" in to_alice[0]
    assert DigestRun.objects.get().sent_at is not None


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_do_not_query_per_package(client, alice, bob, aoki, published):
    login(client, bob)
    detail, board = published.get_absolute_url(), reverse("projects:board", args=["miyako"])
    client.get(board)  # makes the company's calendar address once
    before = (_count_queries(client, detail), _count_queries(client, board))
    for n in range(8):
        package = services.add_package(actor=alice, project=published, name=f"追加{n}", work_days=2)
        if n % 2:
            services.publish_packages(actor=alice, project=published)
            claims.claim_package(actor=bob, package=package, company=aoki)
    services.publish_packages(actor=alice, project=published)
    assert (_count_queries(client, detail), _count_queries(client, board)) == before


def test_a_company_that_left_loses_its_feed(client, bob, aoki, held):
    from renkei.orgs.models import Membership

    feed = services.feed_for(actor=bob, group=held.group, company=aoki)
    Membership.objects.filter(company=aoki).update(left_on=timezone.localdate())
    assert client.get(reverse("projects:ics", args=[feed.token])).status_code == 404
