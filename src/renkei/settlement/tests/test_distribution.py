"""The year-end distribution: settled work from the year's orders and trades, reserves first,
the capital dividend within its cap, the rounding remainder carried; adoption through a cockpit
proposal; the capital ledger; a stock company's dividend ratio."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from renkei.cockpit.services.decisions import cast_vote
from renkei.conftest_helpers import login
from renkei.lib.workclock import TOKYO
from renkei.settlement.choices import OrderState, PurchaseOrderState, ShareState
from renkei.settlement.models import Distribution, GroupSettlement, MemberShare, MemberTrade
from renkei.settlement.services import distribution as service
from renkei.settlement.tests.invoice_factory import accepted

pytestmark = pytest.mark.django_db

IN_FY2025 = dt.datetime(2025, 9, 1, 10, tzinfo=TOKYO)  # fiscal 2025 runs 2025-04 to 2026-03
IN_FY2026 = dt.datetime(2026, 4, 1, 0, 30, tzinfo=TOKYO)


@pytest.fixture
def year(group, alice, aoki, sakura, terms, billing):
    """Fiscal 2025: aoki ¥70,000 and sakura ¥30,000 of settled work (one of sakura's orders in
    a trade between members), capital 10 units each; outside the year and moved shares too."""
    accepted(group, alice, [("切削", 1, 60000, aoki), ("めっき", 1, 20000, sakura)],
             accepted_on=IN_FY2025)  # fmt: skip
    later = accepted(group, alice, [("切削", 1, 99999, aoki)], accepted_on=IN_FY2026)
    moved = accepted(group, alice, [("研磨", 1, 10000, aoki)], accepted_on=IN_FY2025)
    MemberShare.objects.filter(settlement=moved).update(state=ShareState.MOVED)
    MemberShare.objects.create(
        settlement=moved, company=aoki, description="研磨", member_price_yen=10000
    )
    cancelled = accepted(group, alice, [("切削", 1, 50000, sakura)], accepted_on=IN_FY2025)
    cancelled.state = OrderState.CANCELLED
    cancelled.save(update_fields=["state"])
    MemberTrade.objects.create(
        group=group, buyer=aoki, seller=sakura, description="めっき", amount_yen=10000,
        state=PurchaseOrderState.ACCEPTED, delivered_on=dt.date(2025, 12, 1),
    )  # fmt: skip
    for company in (aoki, sakura):
        service.record_capital(
            actor=alice, group=group, company=company, on=dt.date(2025, 4, 1), units=10,
            paid_in_yen=100000,
        )  # fmt: skip
    return later


def test_settled_work_counts_the_years_orders_and_trades(group, aoki, sakura, year):
    start, end = service.fiscal_year_bounds(group, 2025)
    assert (start, end) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert service.settled_work(group, start, end) == {aoki.pk: 70000, sakura.pk: 30000}


def test_reserves_first_then_work_then_capital_within_the_cap(group, aoki, sakura, year):
    computed = service.compute_distribution(group, 2025, 1_000_003, capital_dividend_percent="50")
    r = computed.result
    # 企業組合: 利益準備金 ≥ 1/10 and 教育情報費用繰越金 ≥ 1/20, rounded up.
    assert r.legal_reserve == 100_001 and r.education_reserve == 50_001
    # 出資配当 asked at 50 % is capped at 年2割 of ¥200,000 paid in.
    assert r.capital_dividend_percent == Decimal(20) and r.capital_dividend == 40_000
    keys = [line.key for line in r.lines]
    assert (
        keys.index("legal_reserve") < keys.index("work_dividend") < keys.index("capital_dividend")
    )
    rows = {m.company_id: m for m in computed.members}
    pool = 1_000_003 - 100_001 - 50_001 - 40_000
    assert rows[aoki.pk].work_dividend == pool * 7 // 10
    assert rows[sakura.pk].work_dividend == pool * 3 // 10
    # The yen the rounding leaves are carried forward and named.
    paid = sum(m.total for m in computed.members)
    assert (
        r.rounding_remainder == pool - rows[aoki.pk].work_dividend - rows[sakura.pk].work_dividend
    )
    assert paid + r.reserves + r.carried_forward == 1_000_003
    assert not Distribution.objects.exists()  # computing writes nothing


def test_a_jigyo_kumiai_caps_capital_at_ten_percent(group, year):
    GroupSettlement.objects.filter(group=group).update(entity_form="jigyo_kumiai")
    computed = service.compute_distribution(group, 2025, 1_000_000, capital_dividend_percent=15)
    assert computed.result.capital_dividend_percent == Decimal(10)
    assert any(line.label_ja == "利用分量配当" for line in computed.result.lines)


def test_a_specified_member_gets_no_dividend_by_work(group, alice, sakura, year):
    service.record_capital(actor=alice, group=group, company=sakura, on=dt.date(2025, 5, 1),
                           units=0, paid_in_yen=1, specified=True)  # fmt: skip
    computed = service.compute_distribution(group, 2025, 500_000)
    row = next(m for m in computed.members if m.company_id == sakura.pk)
    assert row.specified and row.work_dividend == 0


def test_the_page_computes_keeps_and_exports(client, group, alice, aoki, year):
    login(client, alice)
    url = reverse("settlement:distribution", args=[group.slug])
    form = {"fiscal_year": "2025", "surplus": "1,000,000", "carried_loss": "0",
            "other_reserve": "0", "capital_dividend_percent": "10",
            "work_dividend_percent": "100"}  # fmt: skip
    shown = client.post(url, form, HTTP_ACCEPT_LANGUAGE="ja")
    assert shown.status_code == 200
    assert "従事分量配当" in shown.content.decode() and "利益準備金" in shown.content.decode()
    assert not Distribution.objects.exists()
    kept = client.post(url, {**form, "save": "1"})
    assert kept.status_code == 302
    saved = Distribution.objects.get()
    assert saved.result["legal_form"] == "企業組合" and saved.surplus_yen == 1_000_000
    csv_response = client.get(reverse("settlement:distribution_csv", args=[group.slug, saved.pk]))
    text = csv_response.content.decode("utf-8-sig")
    assert "出資配当" in text and aoki.name in text


def test_bad_figures_get_a_japanese_message(client, group, alice, year):
    login(client, alice)
    url = reverse("settlement:distribution", args=[group.slug])
    for surplus, other in (("たくさん", "0"), ("100000", "90000")):
        response = client.post(url, {"fiscal_year": "2025", "surplus": surplus,
                                      "other_reserve": other}, HTTP_ACCEPT_LANGUAGE="ja")  # fmt: skip
        assert response.status_code == 400
        assert "distribution-errors" in response.content.decode()
    assert not Distribution.objects.exists()


def test_adoption_through_a_cockpit_proposal(client, group, alice, bob, aoki, year):
    computed = service.compute_distribution(group, 2025, 1_000_000)
    saved = service.save_distribution(actor=alice, computed=computed)
    login(client, alice)
    detail = reverse("settlement:distribution_detail", args=[group.slug, saved.pk])
    deadline = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("settlement:distribution_propose", args=[group.slug, saved.pk]),
                {"deadline": deadline, "method": "vote"})  # fmt: skip
    saved.refresh_from_db()
    proposal = saved.proposal
    assert proposal is not None and "2025" in proposal.title
    # Before the members decide, the adoption cannot be recorded.
    client.post(reverse("settlement:distribution_adopt", args=[group.slug, saved.pk]))
    saved.refresh_from_db()
    assert saved.adopted_at is None
    assert 'id="distribution-adopt" disabled' in client.get(detail).content.decode()
    # Every member company votes for: the proposal is decided adopted.
    from renkei.cockpit.services.decisions import voters
    from renkei.orgs.choices import PersonRole
    from renkei.orgs.models import Company
    from renkei.orgs.services import grant_role
    from renkei.settlement.tests.conftest import _user

    for company in Company.objects.filter(pk__in=voters(group)):
        admin = _user(f"admin{company.pk}")
        grant_role(actor=None, user=admin, group=group, role=PersonRole.MEMBER_ADMIN,
                   company=company)  # fmt: skip
        cast_vote(actor=admin, proposal=proposal, company=company, choice="for")
    proposal.refresh_from_db()
    assert proposal.outcome == "adopted"
    client.post(reverse("settlement:distribution_adopt", args=[group.slug, saved.pk]))
    saved.refresh_from_db()
    assert saved.adopted_at is not None
    # An adopted year is not recomputed over.
    with pytest.raises(ValidationError):
        service.save_distribution(actor=alice, computed=computed)


def test_capital_ledger_totals_and_refuses_returning_more(client, group, alice, aoki, year):
    login(client, alice)
    url = reverse("settlement:capital", args=[group.slug])
    response = client.post(url, {"what": "capital", "company": aoki.pk, "on": "2025-06-01",
                                 "units": "-20", "paid_in_yen": "-200000"},
                           HTTP_ACCEPT_LANGUAGE="ja")  # fmt: skip
    assert response.status_code == 400
    assert service.capital_by_member(group)[aoki.pk].paid_in_yen == 100000
    client.post(url, {"what": "capital", "company": aoki.pk, "on": "2025-06-01", "units": "5",
                      "paid_in_yen": "50000"})  # fmt: skip
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ja")
    assert page.context["total_paid"] == 250000
    rows = {r.company_id: r for r in page.context["rows"]}
    assert rows[aoki.pk].units == 15


def test_a_stock_company_records_shareholders_and_shows_the_ratio(client, group, alice, year):
    GroupSettlement.objects.filter(group=group).update(entity_form="kabushiki")
    login(client, alice)
    client.post(reverse("settlement:capital", args=[group.slug]),
                {"what": "shareholder", "name": "株式会社青木精工", "shares": "60"})  # fmt: skip
    assert [h.name for h in service.shareholders(group)] == ["株式会社青木精工"]
    computed = service.compute_distribution(group, 2025, 2_000_000, dividend_total=500_000)
    assert computed.result.payout_ratio_percent == Decimal("25.0")
    assert computed.result.payouts == ()


def test_the_computation_is_a_few_queries(group, year, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        service.compute_distribution(group, 2025, 1_000_000)


def test_distribution_is_the_books_only(client, group, bob, dave):
    for person in (bob, dave):
        login(client, person)
        assert client.get(reverse("settlement:distribution", args=[group.slug])).status_code == 404
