"""All-or-nothing crowdfunding (seed l.1969–1975: below the target not one yen comes in;
カーティベータ asked ¥1,800,000 for the battery and ¥2,600,000 was pledged) and 応援預金 as a
funding kind (l.1786–1788)."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.projects import services
from renkei.projects.models import FundingSource

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _japanese(client, _english):
    """Japanese pages and messages (the projects tests default to English)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        yield


@pytest.fixture
def development(alice, group):
    return services.create_development_project(
        actor=alice, group=group, title="空飛ぶクルマ 1/1 モデル", goal="人が乗れる試作機"
    )


def add_url(project):
    return reverse("projects:add_funding", args=[project.group.slug, project.pk])


def status_url(funding):
    project = funding.project
    return reverse("projects:funding_status", args=[project.group.slug, project.pk, funding.pk])


def crowdfunding(alice, project, *, pledged=0, deadline_in=30, status="open"):
    return services.add_funding(
        actor=alice,
        project=project,
        kind="crowdfunding",
        name="ゼンモノ",
        target_yen=1_800_000,
        pledged_yen=pledged,
        deadline=TODAY() + dt.timedelta(days=deadline_in),
        status=status,
    )


def page_of(client, project):
    return client.get(project.get_absolute_url()).content.decode()


def test_the_seeds_campaign_reaches_its_goal_is_received_and_counts_in_the_total(
    client, alice, development
):
    login(client, alice)
    response = client.post(
        add_url(development),
        {
            "kind": "crowdfunding",
            "name": "ゼンモノ（バッテリー費用）",
            "target_yen": "1,800,000",  # as people type it
            "pledged_yen": "",
            "deadline": (TODAY() + dt.timedelta(days=10)).isoformat(),
            "status": "open",
        },
    )
    assert response.status_code == 302
    funding = FundingSource.objects.get()
    assert (funding.target_yen, funding.pledged_yen) == (1_800_000, 0)

    client.post(status_url(funding), {"status": "received", "pledged_yen": "2600000"})

    funding.refresh_from_db()
    assert (funding.status, funding.pledged_yen) == ("received", 2_600_000)
    page = page_of(client, development)
    row = page.split(f'id="funding-{funding.pk}"')[1].split("</li>")[0]
    assert "支援額 ¥2,600,000 ／ 目標 ¥1,800,000" in row and "144.4 %" in row
    assert "入金済の合計: ¥2,600,000" in page
    assert AuditEntry.objects.filter(action="project.funding_status").exists()


def test_below_the_target_it_cannot_be_received_and_nothing_changes(client, alice, development):
    funding = crowdfunding(alice, development, pledged=1_500_000)
    login(client, alice)

    response = client.post(status_url(funding), {"status": "received", "pledged_yen": "1799999"})

    funding.refresh_from_db()
    assert (funding.status, funding.pledged_yen) == ("open", 1_500_000)  # nothing saved
    follow = client.get(response["Location"])
    [message] = [str(m) for m in get_messages(follow.wsgi_request)]
    assert "目標金額に達した場合だけ入金されます" in message
    assert "¥1,799,999" in message and "¥1,800,000" in message
    page = page_of(client, development)
    assert "入金済の合計: ¥0" in page and "83.3 %" in page  # 1,500,000 / 1,800,000


def test_past_the_deadline_with_the_goal_missed_it_is_not_funded_and_brings_nothing(
    client, alice, carol, development
):
    funding = crowdfunding(alice, development, pledged=900_000, deadline_in=-1)
    services.add_funding(
        actor=alice, project=development, kind="own", name="持ち寄り", amount_yen=500_000,
        status="received",
    )  # fmt: skip
    login(client, carol)  # a supporter reads the project

    page = page_of(client, development)

    row = page.split(f'id="funding-{funding.pk}"')[1].split("</li>")[0]
    assert 'data-status="not_funded"' in page and "不成立" in row and "50.0 %" in row
    assert "入金済の合計: ¥500,000" in page  # the members' own money only


def test_not_funded_is_refused_before_the_deadline_and_once_the_goal_is_reached(
    client, alice, development
):
    running = crowdfunding(alice, development, pledged=100, deadline_in=0)  # the last day
    reached = crowdfunding(alice, development, pledged=1_800_000, deadline_in=-5)
    login(client, alice)

    client.post(status_url(running), {"status": "not_funded"})
    client.post(status_url(reached), {"status": "not_funded"})

    running.refresh_from_db()
    reached.refresh_from_db()
    assert running.status == "open" and reached.status == "open"
    assert running.shown_status == "open"  # the deadline day itself still counts
    assert reached.shown_status == "open"  # reached: funded, waiting for the payout


def test_bad_amounts_get_polite_japanese_messages_and_save_nothing(client, alice, development):
    login(client, alice)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    base = {"kind": "crowdfunding", "name": "ゼンモノ", "status": "open", "deadline": "2030-01-31"}
    cases = {
        "-5": "0円以上",
        "1000000000000000000000000": "1,000億円以下",
        "たくさん": "円単位の数字",
        "0": "目標金額は1円以上",
        "": "目標金額を入力してください",
    }
    for value, expected in cases.items():
        with translation.override("ja"):
            response = client.post(add_url(development), base | {"target_yen": value})
        assert response.status_code == 400, value
        assert expected in response.content.decode(), value
    with translation.override("ja"):
        no_deadline = client.post(add_url(development), base | {"target_yen": "1800000"} | {
            "deadline": ""
        })  # fmt: skip
        subsidy = client.post(
            add_url(development),
            {"kind": "subsidy", "name": "補助金", "target_yen": "5", "status": "open"},
        )
    assert "募集期限を入力してください" in no_deadline.content.decode()
    assert "目標金額と支援額はクラウドファンディングだけの項目です" in subsidy.content.decode()
    assert (
        "「募集中」と「不成立」はクラウドファンディングだけの状態です" in subsidy.content.decode()
    )
    assert not FundingSource.objects.exists()

    funding = crowdfunding(alice, development, pledged=10)
    with translation.override("ja"):
        response = client.post(status_url(funding), {"status": "open", "pledged_yen": "-1"})
        follow = client.get(response["Location"])
    assert [str(m) for m in get_messages(follow.wsgi_request)] == [
        "金額は0円以上で入力してください。"
    ]
    funding.refresh_from_db()
    assert funding.pledged_yen == 10


def test_a_support_deposit_is_a_funding_kind_counted_once_received(client, alice, development):
    login(client, alice)
    client.post(
        add_url(development),
        {"kind": "support_deposit", "name": "信用金庫の応援預金", "amount_yen": "300000",
         "status": "planned"},
    )  # fmt: skip
    funding = FundingSource.objects.get()
    assert funding.kind == "support_deposit"
    assert "入金済の合計: ¥0" in page_of(client, development)

    client.post(status_url(funding), {"status": "received"})

    page = page_of(client, development)
    assert "応援預金" in page and "入金済の合計: ¥300,000" in page


def test_only_the_coordinator_changes_funding(client, bob, alice, development):
    funding = crowdfunding(alice, development, pledged=2_600_000)
    login(client, bob)

    response = client.post(status_url(funding), {"status": "received"})

    assert response.status_code == 404
    funding.refresh_from_db()
    assert funding.status == "open"
