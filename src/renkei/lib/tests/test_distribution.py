"""The year-end distribution: loss first, reserves, capital dividend within the cap, work dividend,
the rounding remainder carried forward — to the yen."""

import random
import time
from decimal import Decimal

import pytest

from renkei.lib.distribution import Distribution, LegalForm, MemberStake, distribute

MEMBERS = [
    MemberStake(1, 6_000_000, 500_000, 10),
    MemberStake(2, 3_000_000, 300_000, 6),
    MemberStake(3, 1_000_001, 200_000, 4),
]


def balanced(d: Distribution) -> bool:
    payouts = sum(p.total for p in d.payouts)
    return payouts + d.reserves + d.carried_forward == d.surplus - d.loss_covered


def test_kigyo_kumiai_covers_the_loss_then_reserves_then_dividends() -> None:
    d = distribute(
        surplus=1_000_000,
        carried_loss=100_000,
        legal_form="企業組合",
        members=MEMBERS,
        capital_dividend_percent=Decimal(25),  # asks for more than the law allows
    )
    assert d.loss_covered == 100_000
    assert d.legal_reserve == 90_000  # 1/10 of 900,000
    assert d.education_reserve == 45_000  # 1/20
    assert d.capital_dividend_percent == Decimal(20)  # 年2割
    assert [p.capital_dividend for p in d.payouts] == [100_000, 60_000, 40_000]
    # 565,000 left, by settled work, each rounded down
    assert [p.work_dividend for p in d.payouts] == [338_999, 169_499, 56_500]
    assert d.rounding_remainder == 2
    assert d.carried_forward == 2
    assert balanced(d)
    assert [line.key for line in d.lines] == [
        "surplus",
        "loss_covered",
        "legal_reserve",
        "education_reserve",
        "distributable",
        "work_dividend",
        "capital_dividend",
        "carried_forward",
    ]
    work = next(line for line in d.lines if line.key == "work_dividend")
    assert work.label_ja == "従事分量配当"
    carried = d.lines[-1]
    assert carried.label_ja == "次期繰越剰余金"
    assert "端数 2円" in carried.basis_ja


def test_jigyo_kyodo_kumiai_caps_the_capital_dividend_at_ten_percent() -> None:
    d = distribute(
        surplus=1_000_000,
        legal_form=LegalForm.JIGYO_KYODO_KUMIAI,
        members=MEMBERS,
        capital_dividend_percent=Decimal(15),
    )
    assert d.capital_dividend_percent == Decimal(10)
    assert d.capital_dividend == 100_000
    work = next(line for line in d.lines if line.key == "work_dividend")
    assert work.label_ja == "利用分量配当"
    assert "上限 年10%" in next(line for line in d.lines if line.key == "capital_dividend").basis_ja
    assert balanced(d)


def test_a_group_may_reserve_more_than_the_law_asks() -> None:
    d = distribute(
        surplus=1_000_001,
        legal_form="企業組合",
        members=MEMBERS,
        legal_reserve_percent=Decimal(20),
        education_reserve_percent=Decimal("7.5"),
        other_reserve=50_000,
    )
    assert d.legal_reserve == 200_001  # 200,000.2 rounded up: "at least"
    assert d.education_reserve == 75_001  # 75,000.075 rounded up
    assert d.other_reserve == 50_000
    assert balanced(d)


def test_reserves_below_the_legal_minimum_are_refused() -> None:
    with pytest.raises(ValueError):
        distribute(
            surplus=1_000, legal_form="企業組合", members=MEMBERS, legal_reserve_percent=Decimal(9)
        )
    with pytest.raises(ValueError):
        distribute(
            surplus=1_000,
            legal_form="企業組合",
            members=MEMBERS,
            education_reserve_percent=Decimal("4.9"),
        )


def test_legal_reserve_stops_at_the_target_of_the_articles() -> None:
    d = distribute(
        surplus=1_000_000,
        legal_form="事業協同組合",
        members=MEMBERS,
        legal_reserve_balance=480_000,
        legal_reserve_target=500_000,
    )
    assert d.legal_reserve == 20_000
    assert "定款で定める額" in d.lines[1].basis_ja
    assert balanced(d)


def test_capital_dividend_is_limited_by_what_is_available() -> None:
    d = distribute(
        surplus=100_000,
        legal_form="企業組合",
        members=[MemberStake(1, 1, 6_000_000, 60), MemberStake(2, 1, 4_000_000, 40)],
        capital_dividend_percent=Decimal(10),
    )
    assert d.capital_dividend == 85_000  # all that is left after 15,000 of reserves
    assert d.capital_dividend_percent == Decimal("0.85")
    assert d.work_dividend == 0
    assert balanced(d)


def test_a_short_first_year_prorates_the_cap() -> None:
    d = distribute(
        surplus=10_000_000,
        legal_form="企業組合",
        members=MEMBERS,
        capital_dividend_percent=Decimal(20),
        months=6,
    )
    assert d.capital_dividend == 100_000  # 20 % a year for half a year
    assert d.capital_dividend_percent == Decimal(20)


def test_part_of_the_work_dividend_pool_may_be_kept() -> None:
    d = distribute(
        surplus=1_000_000,
        legal_form="企業組合",
        members=MEMBERS,
        work_dividend_percent=Decimal(50),
    )
    assert d.work_dividend <= 850_000 // 2
    assert d.carried_forward >= 425_000
    assert balanced(d)


def test_without_settled_work_the_pool_is_carried_forward() -> None:
    d = distribute(surplus=200_000, legal_form="企業組合", members=[MemberStake(1, 0, 100_000, 1)])
    assert d.work_dividend == 0
    assert d.carried_forward == 170_000
    assert d.rounding_remainder == 0
    assert balanced(d)


@pytest.mark.parametrize("surplus", [0, -250_000])
def test_no_surplus_distributes_nothing_and_carries_the_loss(surplus: int) -> None:
    d = distribute(surplus=surplus, carried_loss=50_000, legal_form="企業組合", members=MEMBERS)
    assert d.loss_carried == 50_000 - surplus
    assert d.loss_covered == 0
    assert all(p.total == 0 for p in d.payouts)
    assert d.reserves == 0
    assert d.lines[-1].key == "loss_carried"
    assert d.lines[-1].amount == 50_000 - surplus


def test_a_surplus_below_the_old_loss_only_covers_part_of_it() -> None:
    d = distribute(surplus=30_000, carried_loss=50_000, legal_form="企業組合", members=MEMBERS)
    assert (d.loss_covered, d.loss_carried) == (30_000, 20_000)
    assert d.paid_out == 0
    assert balanced(d)


def test_kabushiki_kaisha_shows_only_the_dividend_ratio() -> None:
    d = distribute(
        surplus=10_000_000, legal_form="株式会社", members=MEMBERS, dividend_total=3_000_000
    )
    assert d.payout_ratio_percent == Decimal("30.0")
    assert d.payouts == ()
    assert d.legal_reserve == 0
    ratio = next(line for line in d.lines if line.key == "payout_ratio")
    assert ratio.label_ja == "配当性向"
    assert ratio.basis_ja == "30.0%"


def test_kabushiki_kaisha_without_income_has_no_ratio() -> None:
    d = distribute(surplus=-5, legal_form="株式会社", members=[])
    assert d.payout_ratio_percent is None
    with pytest.raises(ValueError):
        distribute(surplus=100, legal_form="株式会社", members=[], dividend_total=101)


def test_unknown_legal_form_and_negative_figures_are_refused() -> None:
    with pytest.raises(ValueError):
        distribute(surplus=100, legal_form="合同会社", members=[])
    with pytest.raises(ValueError):
        distribute(surplus=100, legal_form="企業組合", members=[(1, -1, 0, 0)])


def test_random_distributions_are_exact_and_within_the_caps() -> None:
    rng = random.Random(59)
    for _ in range(300):
        form = rng.choice([LegalForm.KIGYO_KUMIAI, LegalForm.JIGYO_KYODO_KUMIAI])
        members = [
            (i, rng.randint(0, 50_000_000), rng.randint(0, 2_000_000), rng.randint(0, 50))
            for i in range(rng.randint(1, 30))
        ]
        d = distribute(
            surplus=rng.randint(-1_000_000, 30_000_000),
            carried_loss=rng.randint(0, 2_000_000),
            legal_form=form,
            members=members,
            capital_dividend_percent=Decimal(rng.randint(0, 30)),
            work_dividend_percent=Decimal(rng.randint(0, 100)),
        )
        if d.surplus > 0:
            assert balanced(d)
        assert all(p.work_dividend >= 0 and p.capital_dividend >= 0 for p in d.payouts)
        cap = Decimal(20 if form == LegalForm.KIGYO_KUMIAI else 10)
        for (_, _, capital, _), p in zip(members, d.payouts, strict=True):
            assert p.capital_dividend <= capital * cap / 100
        assert 0 <= d.rounding_remainder <= d.carried_forward
        assert d.rounding_remainder < 2 * len(members) or d.rounding_remainder == 0


def test_two_hundred_members_take_milliseconds() -> None:
    rng = random.Random(200)
    members = [
        (i, rng.randint(0, 90_000_000), rng.randint(10_000, 5_000_000), 10) for i in range(200)
    ]
    started = time.perf_counter()
    d = distribute(
        surplus=123_456_789,
        legal_form="企業組合",
        members=members,
        capital_dividend_percent=Decimal(8),
    )
    assert time.perf_counter() - started < 0.1
    assert balanced(d)
    assert len(d.payouts) == 200
