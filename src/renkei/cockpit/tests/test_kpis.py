"""KPIs come from the group's own inquiries and answers, and move as they are added."""

import datetime as dt

import pytest
from django.utils import timezone

from renkei.cockpit import kpis
from renkei.cockpit.alerts import check_kpis
from renkei.cockpit.models import KpiAlert, KpiTarget
from renkei.cockpit.services.kpi import record_effect, set_target
from renkei.cockpit.tests.conftest import make_inquiry
from renkei.conftest_helpers import login, run_worker
from renkei.inquiries.referrals import answer, refer
from renkei.notices.models import Notice

pytestmark = pytest.mark.django_db


def values(group):
    return {r.code: r.value for r in kpis.readings(group)}


def test_inquiries_and_reply_rate_move_as_inquiries_arrive(group):
    assert values(group)["inquiries"] == 0
    assert values(group)["reply_rate"] is None  # nothing to measure is not 0 %

    make_inquiry(group, replied_after_hours=1)
    assert values(group)["inquiries"] == 1
    assert values(group)["reply_rate"] == 100.0

    make_inquiry(group, replied_after_hours=3)  # after the promise
    make_inquiry(group)  # the clock still runs: not counted yet
    now = values(group)
    assert now["inquiries"] == 3
    assert now["reply_rate"] == 50.0


def test_participation_is_the_share_of_members_that_answered(group, aoki, sakura, alice, bob):
    inquiry = make_inquiry(group)
    assert values(group)["participation"] == 0.0
    [referral] = refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})

    answer(actor=bob, referral=referral, kind="can", price_yen=50000, lead_days=10)

    assert values(group)["participation"] == 50.0  # aoki of aoki and sakura


def test_external_effects_are_summed_for_the_month(group, alice):
    record_effect(actor=alice, group=group, kind="media", occurred_on=timezone.localdate(), count=2)
    record_effect(actor=alice, group=group, kind="media", occurred_on=timezone.localdate(), count=1)
    record_effect(
        actor=alice,
        group=group,
        kind="media",
        occurred_on=timezone.localdate() - dt.timedelta(days=70),
        count=5,
    )

    assert values(group)["media"] == 3.0


def test_a_source_app_that_is_missing_is_reported_not_faked(group, aoki, monkeypatch):
    from renkei.cockpit import kpi_sources

    monkeypatch.setattr(kpi_sources, "_has", lambda module: False)

    readings = {r.code: r for r in kpis.readings(group)}
    for code in ("on_time", "knowledge"):
        assert readings[code].value is None and not readings[code].available
    assert readings["participation"].value == 0.0  # answers still count


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_deviation_alert_fires_once_when_the_reply_rate_falls_below_target(group, alice, smtp):
    set_target(actor=alice, group=group, kpi="reply_rate", target=90, tolerance=5)
    make_inquiry(group, replied_after_hours=1)
    assert check_kpis()["alerted"] == 0  # 100 % meets the target

    make_inquiry(group, replied_after_hours=5)  # 50 %
    run_worker()  # the customers' acknowledgements
    smtp.messages.clear()
    assert check_kpis()["alerted"] == 1
    assert check_kpis()["alerted"] == 0  # once per KPI per month

    alert = KpiAlert.objects.get(group=group, kpi="reply_rate")
    assert alert.value == 50.0 and alert.target == 90
    notice = Notice.objects.get(user=alice, kind="cockpit.kpi_alert")
    assert "/cockpit/kpis/" in notice.link
    run_worker()
    run_worker()  # a second run sends nothing more
    [(to, _body)] = smtp.messages
    assert to == ["alice@example.com"]
    alert.refresh_from_db()
    assert alert.mailed_at is not None


def test_within_tolerance_does_not_alert(group, alice):
    set_target(actor=alice, group=group, kpi="reply_rate", target=55, tolerance=10)
    make_inquiry(group, replied_after_hours=1)
    make_inquiry(group, replied_after_hours=3)  # after the promise: 50 %

    assert check_kpis()["alerted"] == 0
    assert {r.code: r.status for r in kpis.readings(group)}["reply_rate"] == "warn"


def test_coordinator_sets_targets_and_bad_ones_are_refused(client, alice, group):
    login(client, alice)

    client.post(
        f"/g/{group.slug}/cockpit/kpis/target",
        {"kpi": "reply_rate", "target": "95", "tolerance": "5"},
    )
    client.post(
        f"/g/{group.slug}/cockpit/kpis/target",
        {"kpi": "reply_rate", "target": "150", "tolerance": "0"},
    )
    client.post(
        f"/g/{group.slug}/cockpit/kpis/target",
        {"kpi": "quote_rate", "target": "-1", "tolerance": "0"},
    )
    client.post(
        f"/g/{group.slug}/cockpit/kpis/target", {"kpi": "nope", "target": "1", "tolerance": "0"}
    )

    assert list(KpiTarget.objects.values_list("kpi", "target", "tolerance")) == [
        ("reply_rate", 95.0, 5.0)
    ]


def test_kpi_page_draws_twelve_month_trends_in_svg(client, alice, group):
    make_inquiry(group, replied_after_hours=1)
    set_target(actor=alice, group=group, kpi="inquiries", target=5, tolerance=1)
    login(client, alice)

    page = client.get(f"/g/{group.slug}/cockpit/kpis/").content.decode()

    assert page.count("<svg") >= 8
    assert 'id="trend-inquiries"' in page and "stroke-dasharray" in page
    assert 'id="kpi-inquiries" data-status="alert"' in page


def test_supporter_cannot_set_targets_or_record_effects(client, carol, group):
    login(client, carol)

    assert (
        client.post(
            f"/g/{group.slug}/cockpit/kpis/target",
            {"kpi": "sales", "target": "1", "tolerance": "0"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/g/{group.slug}/cockpit/kpis/effect",
            {"kind": "media", "occurred_on": "2026-01-01", "count": "1"},
        ).status_code
        == 403
    )
    assert client.get(f"/g/{group.slug}/cockpit/kpis/").status_code == 200
    assert not KpiTarget.objects.exists()


def test_a_monthly_count_is_judged_only_once_its_month_is_over(group, alice):
    set_target(actor=alice, group=group, kpi="inquiries", target=10, tolerance=2)
    make_inquiry(group)

    assert check_kpis()["alerted"] == 1  # last month had no inquiries at all
    alert = KpiAlert.objects.get(kpi="inquiries")
    assert alert.month == kpis.lib.add_months(kpis.this_month(), -1) and alert.value == 0
    assert check_kpis()["alerted"] == 0
