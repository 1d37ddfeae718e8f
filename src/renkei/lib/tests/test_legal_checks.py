"""The advisor's checks with the seed's numbers (図表 3-3, l.3420–3450; l.2921–2941), at their
boundaries: exactly the bound passes, one step beyond fails (no database)."""

import pytest

from renkei.lib.incorporation import SOCIAL_CRITERIA
from renkei.lib.legal_checks import (
    NPO_FIELDS,
    Figures,
    Status,
    capital_limits,
    cooperative_ratios,
    founders_minimums,
    npo_purpose,
    social_criteria,
)

TITLES = {entry.code: (entry.title, entry.lines) for entry in SOCIAL_CRITERIA}


def _by_code(checks):
    return {check.code: check for check in checks}


def test_work_ratio_passes_at_exactly_one_half_of_the_members_and_fails_just_below():
    # 従事比率 全組合員の1/2 以上 (l.3446): 4 of 8 members work in the business.
    half = _by_code(cooperative_ratios(Figures(individuals=8, working_members=4, workers=4)))
    below = _by_code(cooperative_ratios(Figures(individuals=9, working_members=4, workers=4)))

    assert half["ratio:work"].status == Status.PASSED
    assert (half["ratio:work"].have, half["ratio:work"].of) == (4, 8)
    assert half["ratio:work"].percent == "50.0" and half["ratio:work"].need == "1/2"
    assert below["ratio:work"].status == Status.FAILED and below["ratio:work"].percent == "44.4"


def test_member_ratio_passes_at_exactly_one_third_of_the_workers_and_fails_just_below():
    # 組合員比率 全従業員の1/3以上 (l.3442–3444): 4 members among 12 who work in the business.
    third = _by_code(cooperative_ratios(Figures(individuals=4, working_members=4, workers=12)))
    below = _by_code(cooperative_ratios(Figures(individuals=4, working_members=4, workers=13)))

    assert third["ratio:members"].status == Status.PASSED
    assert third["ratio:members"].percent == "33.3" and third["ratio:members"].need == "1/3"
    assert below["ratio:members"].status == Status.FAILED
    assert (below["ratio:members"].have, below["ratio:members"].of) == (4, 13)


def test_the_ratios_ask_for_the_figures_they_lack():
    checks = _by_code(cooperative_ratios(Figures(individuals=5)))

    assert checks["ratio:members"].status == Status.ASK
    assert checks["ratio:members"].asks == ("working_members", "workers")
    assert checks["ratio:work"].asks == ("working_members",)


def test_founders_given_are_the_members_the_work_ratio_counts():
    checks = _by_code(
        cooperative_ratios(Figures(individuals=10, founders=6, working_members=3, workers=3))
    )
    assert (checks["ratio:work"].of, checks["ratio:work"].status) == (6, Status.PASSED)


def test_one_member_may_hold_a_quarter_of_the_capital_and_not_a_yen_more():
    # 1組合員の出資限度 100分の25 (l.3448): 250,000 of 1,000,000 yen.
    exactly = _by_code(capital_limits(Figures(capital=[250_000, 250_000, 250_000, 250_000])))
    above = _by_code(capital_limits(Figures(capital=[250_001, 249_999, 250_000, 250_000])))

    for form in ("企業組合", "事業協同組合"):
        assert exactly[f"capital:{form}"].status == Status.PASSED
        assert exactly[f"capital:{form}"].percent == "25.0"
        assert above[f"capital:{form}"].status == Status.FAILED
        assert (above[f"capital:{form}"].have, above[f"capital:{form}"].of) == (250_001, 1_000_000)
    assert exactly["capital:株式会社"].status == Status.PASSED


def test_a_members_leaving_allows_thirty_five_hundredths():
    # (脱退の場合 100分の35) (l.3450): 350 of 1,000 passes with the exception, 351 does not.
    shares = [350, 325, 325]
    assert _by_code(capital_limits(Figures(capital=shares)))["capital:企業組合"].status == (
        Status.FAILED
    )
    allowed = _by_code(capital_limits(Figures(capital=shares, capital_exception=True)))
    assert allowed["capital:企業組合"].status == Status.PASSED
    assert allowed["capital:企業組合"].need == "35/100"
    beyond = _by_code(capital_limits(Figures(capital=[351, 324, 325], capital_exception=True)))
    assert beyond["capital:事業協同組合"].status == Status.FAILED


def test_without_capital_figures_the_limit_is_asked():
    checks = _by_code(capital_limits(Figures(individuals=4)))
    assert {check.status for check in checks.values()} == {Status.ASK}


@pytest.mark.parametrize(
    ("form", "figures", "have", "passes"),
    [
        ("企業組合", Figures(individuals=2, businesses=2), 4, True),  # 4人以上 (l.3436)
        ("企業組合", Figures(individuals=3, institutions=1), 3, False),  # a city is no 組合員
        ("事業協同組合", Figures(businesses=4, individuals=3), 4, True),  # 4人以上の事業者
        ("事業協同組合", Figures(businesses=3, individuals=3), 3, False),
        ("NPO法人", Figures(businesses=6, individuals=3, institutions=1), 10, True),  # 社員10人
        ("NPO法人", Figures(businesses=9), 9, False),
        ("一般社団法人", Figures(businesses=1, institutions=1), 2, True),  # 最低社員２名
        ("一般社団法人", Figures(individuals=1), 1, False),
        ("株式会社", Figures(businesses=5, founders=1), 1, True),  # 発起人数 1人以上
        ("株式会社", Figures(businesses=5, founders=0), 0, False),
    ],
)
def test_the_founders_minimum_of_each_form(form, figures, have, passes):
    check = _by_code(founders_minimums(figures))[f"founders:{form}"]
    assert check.have == have
    assert check.status == (Status.PASSED if passes else Status.FAILED)


def test_the_npo_needs_one_of_its_twenty_fields():
    assert len(NPO_FIELDS) == 20 and NPO_FIELDS[15] == "経済活動の活性化を図る活動"
    assert npo_purpose(Figures()).status == Status.ASK
    assert npo_purpose(Figures(npo_fields=[16])).status == Status.PASSED


def test_the_social_criteria_are_computed_where_they_are_money():
    figures = Figures(
        confirmed=["c1", "c2"],
        profit_yen=1_000_000,
        dividends_yen=500_000,  # ④ 50％以下: exactly half passes
        revenue_yen=10_000_000,
        business_revenue_yen=4_999_999,  # ⑤ 50％以上: just below fails
        insurance_revenue_yen=0,
        contract_revenue_yen=2_500_000,  # ⑦ 50％以下 of 4,999,999: just above half fails
    )
    checks = _by_code(social_criteria(figures, TITLES))

    assert [checks[c].status for c in ("c1", "c2", "c3")] == [
        Status.PASSED,
        Status.PASSED,
        Status.UNCONFIRMED,
    ]
    assert checks["c4"].status == Status.PASSED and checks["c4"].percent == "50.0"
    assert checks["c5"].status == Status.FAILED
    assert checks["c6"].status == Status.PASSED
    assert checks["c7"].status == Status.FAILED


def test_the_for_profit_criteria_do_not_apply_to_an_association():
    checks = _by_code(social_criteria(Figures(planned_form="一般社団法人"), TITLES))
    assert checks["c3"].status == checks["c4"].status == Status.NOT_APPLICABLE
    assert checks["c5"].status == Status.ASK and checks["c5"].asks == (
        "business_revenue_yen",
        "revenue_yen",
    )


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        Figures(working_members=-1)
    with pytest.raises(ValueError):
        Figures(capital=[-5])
