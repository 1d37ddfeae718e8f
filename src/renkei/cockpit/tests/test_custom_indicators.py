"""Indicators of the group's own (seed l.5452–5456) beside the built-in KPIs, and the seed's
outcomes and external effects by name (l.1550–1562): a name, a unit, a target, readings per
month; hostile input refused politely; only the coordinator writes."""

import json

import pytest
from django.utils import timezone

from renkei.api.services import create_api_token
from renkei.cockpit import kpis
from renkei.cockpit.models import CustomIndicator, IndicatorReading
from renkei.cockpit.services.kpi import record_effect
from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.lib import kpi as lib

pytestmark = pytest.mark.django_db

JA = {"HTTP_ACCEPT_LANGUAGE": "ja"}


def bearer(user):
    _token, secret = create_api_token(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def add(client, group, **data):
    return client.post(f"/g/{group.slug}/cockpit/kpis/indicator", data, follow=True, **JA)


def read(client, group, **data):
    return client.post(f"/g/{group.slug}/cockpit/kpis/reading", data, follow=True, **JA)


def this_month():
    return f"{kpis.this_month():%Y-%m}"


def test_the_seeds_external_effects_are_there_by_name():
    labels = {lib.BY_CODE[code].label.split(" / ")[0] for code in lib.EXTERNAL}
    assert {"後継者の発掘", "ブランド資産・地域ブランド", "観光資源化", "社会貢献"} <= labels
    assert {"人材育成", "採用", "交流人口"} <= labels


def test_a_new_external_effect_is_counted_and_shown(client, alice, group):
    record_effect(
        actor=alice, group=group, kind="successors", occurred_on=timezone.localdate(), count=2
    )
    login(client, alice)

    page = client.get(f"/g/{group.slug}/cockpit/kpis/", **JA).content.decode()

    assert {r.code: r.value for r in kpis.readings(group)}["successors"] == 2.0
    assert "後継者の発掘" in page and "観光資源化" in page and "社会貢献" in page
    assert "成果指標" in page and "外部効果" in page


def test_profit_is_an_outcome_for_those_who_keep_the_books(client, alice, bob, group):
    login(client, alice)
    assert (
        'id="money-profit"' in client.get(f"/g/{group.slug}/cockpit/kpis/", **JA).content.decode()
    )
    login(client, bob)
    page = client.get(f"/g/{group.slug}/cockpit/kpis/", **JA).content.decode()
    assert 'id="money-profit"' not in page
    assert "利益などの金額は、グループの会計を担当する方にだけ表示されます。" in page


def test_the_coordinator_adds_an_indicator_and_its_readings(client, alice, bob, group):
    login(client, alice)

    response = add(client, group, name="工場見学の参加者", unit="人", target="120")
    assert "指標を追加しました。" in response.content.decode()
    indicator = CustomIndicator.objects.get(group=group)
    read(client, group, indicator=indicator.pk, month="2026-01", value="40")
    read(client, group, indicator=indicator.pk, month=this_month(), value="90")
    read(client, group, indicator=indicator.pk, month=this_month(), value="130.5")  # replaces

    assert IndicatorReading.objects.filter(indicator=indicator).count() == 2
    assert AuditEntry.objects.filter(action="cockpit.indicator", group=group).count() == 1
    assert AuditEntry.objects.filter(action="cockpit.indicator_reading", group=group).count() == 3

    body = json.loads(client.get(f"/api/v1/groups/{group.slug}/cockpit", **bearer(bob)).content)
    [own] = body["own_indicators"]
    assert (own["name"], own["unit"], own["target"], own["value"]) == (
        "工場見学の参加者",
        "人",
        120.0,
        130.5,
    )
    assert own["status"] == "ok"
    assert own["readings"] == [
        {"month": this_month(), "value": 130.5},
        {"month": "2026-01", "value": 40.0},
    ]

    login(client, bob)  # a member reads it beside the built-in KPIs, without the forms
    page = client.get(f"/g/{group.slug}/cockpit/kpis/", **JA).content.decode()
    assert "グループ独自の指標" in page and "工場見学の参加者" in page and "130.5 人" in page
    assert "kpis/indicator" not in page and "kpis/reading" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "   ", "unit": "件"}, "この項目は必須です。"),
        ({"name": ""}, "指標を保存できませんでした。"),
        ({"name": "表彰", "target": "1e400"}, "指標を保存できませんでした。"),
        ({"name": "表彰", "target": "9" * 40}, "指標を保存できませんでした。"),
        ({"name": "表彰", "target": "たくさん"}, "指標を保存できませんでした。"),
        ({"name": "表彰", "target": "NaN"}, "指標を保存できませんでした。"),
        ({"name": "あ" * 101}, "指標を保存できませんでした。"),
    ],
)
def test_a_hostile_indicator_is_refused_politely(client, alice, group, data, message):
    login(client, alice)

    response = add(client, group, **data)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Traceback" not in page and "Decimal" not in page
    assert not CustomIndicator.objects.exists()


def test_the_same_name_twice_is_one_indicator(client, alice, group):
    login(client, alice)
    add(client, group, name="表彰", unit="件")

    response = add(client, group, name=" 表彰 ", unit="件")

    assert "同じ名前の指標がすでにあります。" in response.content.decode()
    assert CustomIndicator.objects.filter(group=group).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"month": "2026-01", "value": "十"},
        {"month": "2026-01", "value": "1" * 20},
        {"month": "2026-01", "value": "Infinity"},
        {"month": "2026-01", "value": ""},
        {"month": "来月", "value": "3"},
        {"month": "2999-01", "value": "3"},
    ],
)
def test_a_hostile_reading_is_refused_politely(client, alice, group, data):
    login(client, alice)
    add(client, group, name="表彰", unit="件")
    indicator = CustomIndicator.objects.get()

    response = read(client, group, indicator=indicator.pk, **data)

    assert response.status_code == 200
    assert "値を保存できませんでした。" in response.content.decode()
    assert not IndicatorReading.objects.exists()


def test_another_groups_indicator_cannot_be_written(client, alice, dave, group, other_group):
    theirs = CustomIndicator.objects.create(group=other_group, name="他所の指標")
    login(client, alice)

    response = read(client, group, indicator=theirs.pk, month="2026-01", value="1")

    assert "グループの指標を選んでください。" in response.content.decode()
    assert not IndicatorReading.objects.exists()


def test_only_the_coordinator_adds_indicators_and_readings(client, bob, carol, dave, group):
    mine = CustomIndicator.objects.create(group=group, name="表彰")
    for user, status in ((bob, 403), (carol, 403), (dave, 404)):
        login(client, user)
        assert (
            client.post(f"/g/{group.slug}/cockpit/kpis/indicator", {"name": "x"}).status_code
            == status
        )
        response = client.post(
            f"/g/{group.slug}/cockpit/kpis/reading",
            {"indicator": mine.pk, "month": "2026-01", "value": "1"},
        )
        assert response.status_code == status
    assert CustomIndicator.objects.count() == 1
    assert not IndicatorReading.objects.exists()


def test_the_report_for_supporters_carries_every_effect_and_stays_on_the_paper(
    client, alice, group
):
    import io

    from pypdf import PdfReader

    for count, code in enumerate(lib.EXTERNAL, start=1):
        record_effect(
            actor=alice, group=group, kind=code, occurred_on=timezone.localdate(), count=count
        )
    login(client, alice)

    response = client.get(f"/g/{group.slug}/cockpit/supporters/report.pdf")

    reader = PdfReader(io.BytesIO(response.content))
    # The chart of eleven effects no longer fits under the tables: it has a page of its own.
    assert len(reader.pages) == 2
    assert "社会貢献" in reader.pages[0].extract_text()
    assert "外部効果のグラフ" in reader.pages[1].extract_text()
    assert "観光資源化" in reader.pages[1].extract_text()
