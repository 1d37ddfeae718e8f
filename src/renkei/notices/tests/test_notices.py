"""In-app notices (a referral, a mention), the unread count in the navigation, and the daily
summary for people who do not want a mail for each one."""

import datetime as dt
import io
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renkei.conftest_helpers import CUSTOMER, PASSWORD, login, run_worker
from renkei.inquiries.comments import post_comment
from renkei.inquiries.models import Referral
from renkei.inquiries.referrals import refer
from renkei.inquiries.services import submit_inquiry
from renkei.lib.workclock import TOKYO
from renkei.notices.digest import queue_daily_digests
from renkei.notices.models import Notice, NoticeKind, NoticePreference
from renkei.notices.tasks import mail_digest
from renkei.orgs.choices import PersonRole
from renkei.orgs.services import grant_role

HEADER = CUSTOMER


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def frank(group, aoki):
    """Member staff of aoki, like bob told of what is passed to aoki."""
    user = get_user_model().objects.create_user(
        username="frank", password=PASSWORD, email="frank@example.com"
    )
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_STAFF, company=aoki)
    return user


def new_inquiry(group, title="シャフト試作"):
    made, _ = submit_inquiry(
        group=group, key=uuid.uuid4(), header={**HEADER, "title": title}, lines=[]
    )
    return made


def set_mail(client, user, choice):
    login(client, user)
    return client.post(reverse("notices:list"), {"mail": choice})


@pytest.mark.django_db
def test_each_person_of_the_referred_company_gets_a_notice(client, alice, bob, frank, aoki, group):
    inquiry = new_inquiry(group)
    refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    referral = Referral.objects.get()
    link = reverse("inquiries:referral", args=["miyako", referral.pk])
    for user in (bob, frank):
        notice = Notice.objects.get(user=user)
        assert (notice.kind, notice.link, notice.group) == (NoticeKind.REFERRAL, link, group)
        assert inquiry.reference in notice.text and "シャフト試作" in notice.text
    # The coordinator was told the inquiry arrived, not that she passed it on.
    assert list(Notice.objects.filter(user=alice).values_list("kind", flat=True)) == [
        NoticeKind.INQUIRY_NEW
    ]
    refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})  # passed again: no new
    assert Notice.objects.filter(kind=NoticeKind.REFERRAL).count() == 2


@pytest.mark.django_db
def test_the_list_shows_newest_first_opening_one_marks_it_read(client, alice, bob, aoki, group):
    first, second = new_inquiry(group, "最初の引き合い"), new_inquiry(group, "次の引き合い")
    refer(actor=alice, inquiry=first, companies=[aoki], reasons={})
    refer(actor=alice, inquiry=second, companies=[aoki], reasons={})
    login(client, bob)
    page = client.get(reverse("notices:list")).content.decode()
    assert page.index("次の引き合い") < page.index("最初の引き合い")
    assert 'class="count-badge"' in page and ">2</span>" in page

    newest = Notice.objects.filter(user=bob).first()
    opened = client.get(reverse("notices:open", args=[newest.pk]))
    assert opened.status_code == 302 and opened["Location"] == newest.link
    newest.refresh_from_db()
    assert newest.read_at is not None
    assert ">1</span>" in client.get(reverse("notices:list")).content.decode()

    done = client.post(reverse("notices:read_all"))
    assert done.status_code == 302
    assert not Notice.objects.filter(user=bob, read_at__isnull=True).exists()
    assert 'class="count-badge"' not in client.get(reverse("notices:list")).content.decode()


@pytest.mark.django_db
def test_a_person_never_sees_or_marks_anothers_notices(
    client, alice, bob, carol, dave, aoki, group
):
    refer(actor=alice, inquiry=new_inquiry(group, "青木さん宛て"), companies=[aoki], reasons={})
    notice = Notice.objects.get(user=bob)
    for user in (alice, carol, dave):
        login(client, user)
        assert client.get(reverse("notices:open", args=[notice.pk])).status_code == 404
        listed = client.get(reverse("notices:list")).content.decode()
        # alice sees the inquiry's own arrival notice, never bob's referral notice
        assert f'href="{reverse("notices:open", args=[notice.pk])}"' not in listed
        assert ("青木さん宛て" in listed) == (user == alice)
        client.post(reverse("notices:read_all"))
    notice.refresh_from_db()
    assert notice.read_at is None
    client.logout()
    assert client.get(reverse("notices:list")).status_code == 302  # to the login page


@pytest.mark.django_db
def test_the_unread_count_costs_one_query(client, alice, bob, aoki, group):
    refer(actor=alice, inquiry=new_inquiry(group), companies=[aoki], reasons={})
    login(client, bob)
    with CaptureQueriesContext(connection) as captured:
        # The region page: the start page (「今日」) lists the notices themselves.
        page = client.get(reverse("orgs:regions")).content.decode()
    about_notices = [q["sql"] for q in captured if "notices_notice" in q["sql"]]
    assert len(about_notices) == 1 and "COUNT" in about_notices[0].upper()
    assert 'id="nav-notices"' in page and ">1</span>" in page
    client.logout()
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("home")).content.decode()
    assert not [q for q in captured if "notices_notice" in q["sql"]]
    assert 'id="nav-notices"' not in page


@pytest.mark.django_db
def test_a_bad_mail_choice_is_refused_and_nothing_changes(client, bob):
    assert set_mail(client, bob, "daily").status_code == 302
    response = set_mail(client, bob, "hourly")
    assert response.status_code == 400
    assert "Please choose one of the options." in response.content.decode()
    assert NoticePreference.objects.get(user=bob).mail == "daily"


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_daily_people_get_one_summary_a_day_instead_of_each_mail(
    client, alice, bob, frank, aoki, group, smtp
):
    set_mail(client, bob, "daily")
    inquiry = new_inquiry(group)
    refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    post_comment(
        actor=alice, inquiry=inquiry, body="@bob @frank 図面を見てください", key=uuid.uuid4()
    )
    run_worker()
    to = [rcpt for rcpt, _ in smtp.messages]
    assert ["bob@example.com"] not in to  # neither the referral nor the mention, one by one
    assert to.count(["frank@example.com"]) == 2  # frank keeps "immediate": both
    assert Referral.objects.get().notified_at is not None
    smtp.messages.clear()

    today = dt.datetime.now(TOKYO).date()
    early = dt.datetime.combine(today, dt.time(7, 59), tzinfo=TOKYO)
    at_eight = dt.datetime.combine(today, dt.time(8, 5), tzinfo=TOKYO)
    assert queue_daily_digests(early) == {"queued": 0}
    assert queue_daily_digests(at_eight) == {"queued": 1}
    assert queue_daily_digests(at_eight) == {"queued": 0}  # the next tick: already queued
    run_worker()
    assert len(smtp.messages) == 1
    rcpt, mail = smtp.messages[0]
    assert rcpt == ["bob@example.com"]
    referral_link = reverse("inquiries:referral", args=["miyako", Referral.objects.get().pk])
    assert (
        referral_link in mail and reverse("inquiries:comments", args=["miyako", inquiry.pk]) in mail
    )

    preference = NoticePreference.objects.get(user=bob)
    mail_digest.enqueue(preference.pk, today.isoformat())  # a worker that runs it twice
    run_worker()
    assert len(smtp.messages) == 1

    tomorrow = at_eight + dt.timedelta(days=1)
    assert queue_daily_digests(tomorrow) == {"queued": 1}
    run_worker()
    assert len(smtp.messages) == 1  # nothing new since the last summary: no mail


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_off_means_only_the_notice(client, alice, bob, aoki, group, smtp):
    set_mail(client, bob, "off")
    inquiry = new_inquiry(group)
    refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    post_comment(actor=alice, inquiry=inquiry, body="@bob よろしく", key=uuid.uuid4())
    run_worker()
    assert queue_daily_digests(dt.datetime.now(TOKYO).replace(hour=9)) == {"queued": 0}
    run_worker()
    assert not [m for m in smtp.messages if m[0] == ["bob@example.com"]]
    assert Notice.objects.filter(user=bob).count() == 2


@pytest.mark.django_db
def test_the_tick_command_runs_the_daily_summary_check():
    out = io.StringIO()
    call_command("tick", "--once", stdout=out, stderr=io.StringIO())
    assert "renkei.notices.digest.queue_daily_digests: {'queued': 0}" in out.getvalue()


@pytest.mark.django_db
def test_hostile_text_in_a_notice_is_shown_inert(client, alice, bob, aoki, group):
    hostile = '<script>alert("x")</script>'
    refer(actor=alice, inquiry=new_inquiry(group, hostile), companies=[aoki], reasons={})
    login(client, bob)
    page = client.get(reverse("notices:list")).content.decode()
    assert hostile not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
