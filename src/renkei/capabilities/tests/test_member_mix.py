"""The member mix in the cockpit: companies, individuals and organisations per circle and by
month, with a 企業組合's 組合員 and 特定組合員 — on the page and in the API."""

import datetime as dt
import json

import pytest

from renkei.api.services import create_api_token
from renkei.capabilities import people
from renkei.capabilities.choices import Standing
from renkei.capabilities.mix import member_mix
from renkei.conftest_helpers import login
from renkei.orgs.choices import CompanyKind
from renkei.orgs.models import Membership
from renkei.orgs.services import create_company, end_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative(group, aoki, sakura):
    """Two member companies (one a 特定組合員), two people (組合員), the city as a supporter, and
    a person who left."""
    today = dt.date(2026, 6, 15)
    for name, circle in (("山科 一郎", "core"), ("伏見 彩", "active")):
        membership = people.add_individual_member(
            actor=None, group=group, name=name, circle=circle, union_member=True
        )
        Membership.objects.filter(pk=membership.pk).update(joined_on=dt.date(2026, 3, 10))
    gone = people.add_individual_member(actor=None, group=group, name="退会 太郎")
    Membership.objects.filter(pk=gone.pk).update(joined_on=dt.date(2025, 1, 1))
    gone.refresh_from_db()
    end_membership(actor=None, membership=gone, left_on=dt.date(2026, 4, 30))
    Membership.objects.filter(company__in=[aoki, sakura]).update(
        joined_on=dt.date(2025, 1, 1), circle="core"
    )
    people.set_standing(actor=None, membership=aoki.memberships.get(), standing=Standing.SPECIFIED)
    city = create_company(actor=None, group=group, kind=CompanyKind.CITY, name="京都市")
    Membership.objects.filter(company=city).update(
        circle="supporter", joined_on=dt.date(2025, 1, 1)
    )
    return today


def test_the_mix_per_circle_and_over_time(group, cooperative):
    mix = member_mix(group, cooperative)

    total = mix.total.as_dict()
    assert total == {
        "companies": 2,
        "individuals": 2,
        "organisations": 1,
        "union_members": 2,
        "specified_members": 1,
        "total": 5,
    }
    circles = {c.circle: c.as_dict() for c in mix.circles}
    assert (circles["core"]["companies"], circles["core"]["individuals"]) == (2, 1)
    assert circles["core"]["specified_members"] == 1
    assert (circles["active"]["individuals"], circles["supporter"]["organisations"]) == (1, 1)
    assert circles["observer"]["total"] == 0
    months = {m.month: m for m in mix.months}
    assert (mix.months[0].month, mix.months[-1].month) == ("2025-07", "2026-06")
    # February: the two companies, the city and the person who left later.
    assert (months["2026-02"].companies, months["2026-02"].individuals) == (2, 1)
    # April: both new people joined in March, the third leaves on the 30th (counted gone).
    assert months["2026-03"].individuals == 3
    assert months["2026-04"].individuals == 2
    assert months["2026-06"].total == 5


def test_the_mix_page_for_the_groups_people(client, carol, group, cooperative):
    login(client, carol)
    html = client.get("/g/miyako/cockpit/mix/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "会員構成" in html
    assert "特定組合員" in html
    assert 'id="mix-total"' in html
    home = client.get("/g/miyako/cockpit/").content.decode()
    assert "/g/miyako/cockpit/mix/" in home


def test_the_mix_page_is_404_for_another_group(client, dave, group, other_group):
    login(client, dave)
    assert client.get("/g/miyako/cockpit/mix/").status_code == 404
    assert client.get("/g/hokko/cockpit/mix/").status_code == 200  # his own group's


def test_the_cockpit_api_carries_the_member_mix(client, alice, group, cooperative):
    _token, secret = create_api_token(actor=alice, name="test")
    response = client.get(
        f"/api/v1/groups/{group.slug}/cockpit", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 200
    mix = json.loads(response.content)["member_mix"]
    assert (mix["companies"], mix["individuals"], mix["specified_members"]) == (2, 2, 1)
    assert {c["circle"] for c in mix["circles"]} == {"core", "active", "supporter", "observer"}
    assert len(mix["months"]) == 12
