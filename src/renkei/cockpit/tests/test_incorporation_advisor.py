"""The incorporation advisor's checks from the group's figures, its case library, and the
cockpit API's circles and checks (seed l.3078–3202, 3420–3450, 2921–2941, 3788–3925)."""

import datetime as dt
import json
import re

import pytest

from renkei.api.services import create_api_token
from renkei.cockpit.models import IncorporationPlan
from renkei.cockpit.services.circles import add_person, record_opinion
from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.orgs.choices import CompanyKind
from renkei.orgs.services import create_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def craftspeople(group):
    """Two members who hold a membership in their own name."""
    return [
        create_company(actor=None, group=group, name=name, kana=kana, kind=CompanyKind.INDIVIDUAL)
        for name, kana in (("山田 一郎", "やまだいちろう"), ("鈴木 花子", "すずきはなこ"))
    ]


def _advisor(client, group):
    return client.get(f"/g/{group.slug}/cockpit/incorporation/").content.decode()


def _figures(client, group, **fields):
    return client.post(
        f"/g/{group.slug}/cockpit/incorporation/", {"action": "figures", **fields}, follow=True
    )


def _row(page, code):
    start = page.index(f'id="check-{code}"')
    return page[start : page.index("</tr>", start)]


def test_the_cooperative_ratios_pass_at_their_bounds_and_fail_just_beyond(
    client, alice, group, aoki, sakura, craftspeople
):
    login(client, alice)
    # Four who could be 組合員 (two companies, two individuals); 2 of them work in it: exactly
    # 1/2 (従事比率, l.3446); 2 among 6 workers: exactly 1/3 (組合員比率, l.3442–3444).
    _figures(client, group, working_members="2", workers="6")
    page = _advisor(client, group)
    assert "2 / 4 = 50.0% (≥ 1/2)" in _row(page, "ratio-work") and "passed" in _row(
        page, "ratio-work"
    )
    assert "2 / 6 = 33.3% (≥ 1/3)" in _row(page, "ratio-members")
    assert "passed" in _row(page, "ratio-members")

    _figures(client, group, working_members="2", workers="7")
    page = _advisor(client, group)
    assert "2 / 7 = 28.6%" in _row(page, "ratio-members") and "not met" in _row(
        page, "ratio-members"
    )
    assert "individuals 2 · companies 2" in page
    assert AuditEntry.objects.filter(action="cockpit.incorporation_figures").count() == 2


def test_one_member_holds_at_most_a_quarter_of_the_capital(
    client, alice, group, aoki, sakura, craftspeople
):
    login(client, alice)
    members = [aoki, sakura, *craftspeople]
    even = {f"capital_{c.pk}": "250,000" for c in members}  # 100分の25 exactly (l.3448)
    _figures(client, group, **even)
    page = _advisor(client, group)
    assert "250,000 / 1,000,000 yen = 25.0% (≤ 25/100)" in _row(page, "capital-企業組合")
    assert "passed" in _row(page, "capital-事業協同組合")
    assert f'name="capital_{aoki.pk}" value="250000"' in page  # what was saved stays shown

    _figures(client, group, **even | {f"capital_{aoki.pk}": "２５００００１"})  # full width
    page = _advisor(client, group)
    assert "not met" in _row(page, "capital-企業組合")
    assert "2,500,001 / 3,250,001 yen = 76.9%" in _row(page, "capital-企業組合")

    # (脱退の場合 100分の35) (l.3450): 350 of 1,000 with the exception ticked.
    shares = dict(zip(members, ("350000", "250000", "200000", "200000"), strict=True))
    _figures(
        client, group, capital_exception="on", **{f"capital_{c.pk}": v for c, v in shares.items()}
    )
    page = _advisor(client, group)
    assert "35.0% (≤ 35/100)" in _row(page, "capital-企業組合")
    assert "passed" in _row(page, "capital-企業組合")


def test_missing_figures_are_asked_for_on_the_page(client, alice, group, aoki):
    login(client, alice)
    page = _advisor(client, group)
    assert "figures needed" in _row(page, "ratio-members")
    assert "enter: members who work in the business, everyone who works in the business" in (
        _row(page, "ratio-members").replace("、", ", ")
    )
    assert 'name="working_members"' in page and f'name="capital_{aoki.pk}"' in page


def test_bad_figures_get_a_message_and_keep_what_was_saved(client, alice, group, aoki):
    login(client, alice)
    _figures(client, group, working_members="3", workers="5", npo_fields=["16"])

    too_many = _figures(client, group, working_members="6", workers="5")
    assert "includes the members who work in it" in too_many.content.decode()
    words = _figures(client, group, working_members="many")
    assert "Enter whole numbers only" in words.content.decode()
    unknown = _figures(client, group, planned_form="合名会社")
    assert "Choose one of the listed legal forms." in unknown.content.decode()

    plan = IncorporationPlan.objects.get(group=group)
    assert (plan.working_members, plan.workers, plan.npo_fields) == (3, 5, [16])


def test_the_capital_ledger_replaces_the_planned_capital(client, alice, group, aoki, sakura):
    from renkei.settlement.models import CapitalEntry

    login(client, alice)
    _figures(client, group, **{f"capital_{aoki.pk}": "100", f"capital_{sakura.pk}": "100"})
    for company, yen in ((aoki, 300_000), (sakura, 100_000)):
        CapitalEntry.objects.create(
            group=group, company=company, on=dt.date(2026, 4, 1), units=1, paid_in_yen=yen
        )

    page = _advisor(client, group)
    assert "capital ledger." in page
    assert "300,000 / 400,000 yen = 75.0%" in _row(page, "capital-企業組合")
    assert f'name="capital_{aoki.pk}"' not in page


def test_the_founders_minimums_count_individuals_and_companies_apart(
    client, alice, group, aoki, sakura, craftspeople
):
    login(client, alice)
    page = _advisor(client, group)
    assert "４名以上の組合員による発起が必要 (4/4)" in page  # 企業組合: 2 companies + 2 people
    assert "4人以上の事業者が参加すること (2/4)" in page  # 事業協同組合: the companies only
    assert "社員10人以上（常時）であること (4/10)" in page


def test_the_npo_fields_and_the_advice_per_form_are_on_the_page(client, alice, group):
    login(client, alice)
    _figures(client, group, npo_fields=["16"])
    refused = _figures(client, group, npo_fields=["16", "99"])
    assert "Choose from the listed items." in refused.content.decode()

    page = _advisor(client, group)
    assert page.count('name="npo_fields"') == 20
    assert 'value="16" checked' in page and "経済活動の活性化を図る活動" in page
    assert "1 field chosen" in page
    assert "自律性を確保しつつ幅広い投資・支援を受けられる" in page  # 株式会社, l.3078–3081
    assert "清算手続きや清算人の選定は必要ありません" in page  # 企業組合, l.3912–3914
    assert "(事業協同小組合)" in page  # 図表 3-3's missing line (l.3393)
    assert re.search(r"\bl\.\s?\d+", page) is None  # seed lines stay in the code


def test_the_social_criteria_are_computed_from_money_and_asked_otherwise(client, alice, group):
    login(client, alice)
    client.post(f"/g/{group.slug}/cockpit/incorporation/", {"criteria": ["c1", "c2"]})
    _figures(
        client,
        group,
        revenue_yen="10,000,000",
        business_revenue_yen="5,000,000",  # ⑤ exactly 50%
        insurance_revenue_yen="0",
        contract_revenue_yen="2,500,001",  # ⑦ just above half
        profit_yen="-200000",
        dividends_yen="0",
    )
    page = _advisor(client, group)

    def social(code):
        start = page.index(f'id="social-{code}"')
        return page[start : page.index("</tr>", start)]

    assert 'id="social-c1"' not in page  # ①–③ are confirmed with the checkboxes
    assert "passed" in social("c5") and "5,000,000 / 10,000,000 yen = 50.0%" in social("c5")
    assert "not met" in social("c7")
    assert page.count('name="criteria"') == 3  # ①–③ are asked; ④–⑦ computed


def test_a_supporter_reads_the_advisor_but_cannot_change_the_figures(client, carol, group):
    login(client, carol)
    page = _advisor(client, group)
    assert 'id="checks"' in page and 'id="figures-form"' not in page
    assert _figures(client, group, workers="3").status_code == 403
    assert not IncorporationPlan.objects.filter(group=group).exists()


def test_each_case_has_its_page_with_the_seeds_facts(client, bob, group):
    login(client, bob)
    library = client.get(f"/g/{group.slug}/cockpit/incorporation/cases/").content.decode()
    assert library.count('class="card"') == 3

    kyoto = client.get(f"/g/{group.slug}/cockpit/incorporation/cases/kyoto-shisaku-center/")
    assert "2006年" in kyoto.content.decode() and "28社" in kyoto.content.decode()
    aero = client.get(f"/g/{group.slug}/cockpit/incorporation/cases/niigata-aerospace/")
    assert "2019年1月" in aero.content.decode() and "商社機能" in aero.content.decode()
    itcoop = client.get(f"/g/{group.slug}/cockpit/incorporation/cases/niigata-itcoop/")
    text = itcoop.content.decode()
    assert "2017年4月1日" in text and "特定組合員" in text and "企業組合" in text
    assert client.get(f"/g/{group.slug}/cockpit/incorporation/cases/nowhere/").status_code == 404


def test_another_groups_coordinator_sees_no_case_page(client, dave, group):
    login(client, dave)
    assert client.get(f"/g/{group.slug}/cockpit/incorporation/cases/").status_code == 404
    url = f"/g/{group.slug}/cockpit/incorporation/cases/niigata-itcoop/"
    assert client.get(url).status_code == 404


def _api(client, user, group):
    _token, secret = create_api_token(actor=user, name="test")
    response = client.get(
        f"/api/v1/groups/{group.slug}/cockpit", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    return response.status_code, json.loads(response.content)


def test_the_cockpit_api_carries_circles_opinions_and_the_advisors_checks(
    client, alice, carol, dave, group, aoki, craftspeople
):
    outsider = add_person(actor=alice, group=group, circle="observer", name="異業種 太郎")
    record_opinion(actor=alice, person=outsider, text="展示会の見せ方を変えては")
    record_opinion(actor=alice, person=outsider, text="若手の勉強会を")
    add_person(actor=alice, group=group, circle="core", user_id=carol.pk)
    IncorporationPlan.objects.create(group=group, working_members=1, workers=4)

    status, body = _api(client, carol, group)  # a supporter reads the cockpit

    assert status == 200
    circles = {row["circle"]: row for row in body["circles"]}
    assert list(circles) == ["core", "active", "supporter", "observer"]
    assert {c["name"] for c in circles["active"]["companies"]} == {
        "株式会社青木精工",
        "山田 一郎",
        "鈴木 花子",
    }
    assert circles["core"]["people"][0]["account"] == "carol"
    assert circles["observer"]["people"][0]["opinions"] == 2
    assert body["outsider_opinions"] == 2
    advisor = body["incorporation"]
    assert (advisor["individuals"], advisor["businesses"]) == (2, 1)
    checks = {check["code"]: check for check in advisor["checks"]}
    assert (checks["ratio:members"]["status"], checks["ratio:members"]["percent"]) == (
        "failed",
        "25.0",
    )
    assert checks["ratio:work"]["of"] == 3 and checks["ratio:work"]["status"] == "failed"
    assert checks["founders:NPO法人"]["need"] == "10"
    assert checks["capital:企業組合"]["status"] == "ask"
    assert checks["c5"]["asks"] == ["business_revenue_yen", "revenue_yen"]

    assert _api(client, dave, group)[0] == 404
