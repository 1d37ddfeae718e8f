"""A group's year-end surplus (剰余金処分), with no Django import.

For a 組合 (中小企業等協同組合法 §58–§59 and the model 定款; REFERENCE.md § Settlement):
the year's surplus first covers the loss carried from earlier years; of what is left
(the model 定款's 当期純利益金額, 前期繰越損失をてん補した後の金額) at least 1/10 goes to the
利益準備金 and at least 1/20 is carried as 教育情報費用繰越金; only then may dividends be
paid — by the members' use of the 組合's business (利用分量配当, 事業協同組合) or the work
they did in it (従事分量配当, 企業組合; the principle, seed l.3225–3227), and on paid-in
capital (出資配当) within 年1割 (事業協同組合) or 年2割 (企業組合) (seed l.3463–3470).
The 新潟情報通信企業組合 example shares out work and pays on capital (seed l.3862–3922).

Order of the computation: loss coverage, reserves (rounded UP to the yen, so "at least 1/10"
holds), 出資配当 at the requested annual rate (capped by law, and by what is available),
then 従事/利用分量配当 from what is left (all of it unless the 総会 keeps a part back), every
member's dividend rounded DOWN; the yen left by rounding are named and carried forward
(次期繰越). Always:
``payouts + reserves + carried_forward == surplus − loss_covered`` (when the surplus is positive).

A 株式会社 group has no such rules here: only the dividend ratio (配当性向) of a dividend total
the shareholders decided is shown.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import NamedTuple


class LegalForm(StrEnum):
    KIGYO_KUMIAI = "企業組合"
    JIGYO_KYODO_KUMIAI = "事業協同組合"
    KABUSHIKI_KAISHA = "株式会社"


# 中小企業等協同組合法 §59②③: the annual cap on 出資配当, in percent of paid-in capital.
CAPITAL_DIVIDEND_CAP = {
    LegalForm.JIGYO_KYODO_KUMIAI: Decimal(10),
    LegalForm.KIGYO_KUMIAI: Decimal(20),
}
LEGAL_RESERVE_MIN = Decimal(10)  # §58①: 利益準備金 ≥ 1/10
EDUCATION_RESERVE_MIN = Decimal(5)  # §58④: 教育情報費用繰越金 ≥ 1/20


class MemberStake(NamedTuple):
    """A member's year: what it did (or bought) through the group, and its capital."""

    company_id: int
    settled_work_yen: int  # settled work (企業組合) or use of the business (事業協同組合)
    paid_in_capital_yen: int
    units: int  # 口数 (株数 for a 株式会社)


@dataclass(frozen=True)
class DistributionLine:
    key: str
    label_ja: str
    label_en: str
    amount: int
    basis_ja: str = ""
    basis_en: str = ""


@dataclass(frozen=True)
class MemberPayout:
    company_id: int
    work_dividend: int  # 従事分量配当 / 利用分量配当
    capital_dividend: int  # 出資配当

    @property
    def total(self) -> int:
        return self.work_dividend + self.capital_dividend


@dataclass(frozen=True)
class Distribution:
    legal_form: LegalForm
    surplus: int
    loss_covered: int
    loss_carried: int  # 次期繰越損失 (what is still uncovered)
    legal_reserve: int
    education_reserve: int
    other_reserve: int
    capital_dividend: int
    capital_dividend_percent: Decimal  # the rate applied, after the caps
    work_dividend: int
    rounding_remainder: int  # included in carried_forward
    carried_forward: int  # 次期繰越剰余金
    lines: tuple[DistributionLine, ...]
    payouts: tuple[MemberPayout, ...]
    payout_ratio_percent: Decimal | None = None  # 配当性向, a 株式会社 only

    @property
    def reserves(self) -> int:
        return self.legal_reserve + self.education_reserve + self.other_reserve

    @property
    def paid_out(self) -> int:
        return self.capital_dividend + self.work_dividend


def _ceil(x: Fraction) -> int:
    return -(-x.numerator // x.denominator)


def _floor(x: Fraction) -> int:
    return x.numerator // x.denominator


def _yen(n: int) -> str:
    return f"{n:,}"


def distribute(
    *,
    surplus: int,
    legal_form: LegalForm | str,
    members: Sequence[MemberStake | tuple[int, int, int, int]],
    carried_loss: int = 0,
    legal_reserve_percent: Decimal = LEGAL_RESERVE_MIN,
    education_reserve_percent: Decimal = EDUCATION_RESERVE_MIN,
    other_reserve: int = 0,
    capital_dividend_percent: Decimal = Decimal(0),
    work_dividend_percent: Decimal = Decimal(100),
    months: int = 12,
    legal_reserve_balance: int = 0,
    legal_reserve_target: int | None = None,
    dividend_total: int = 0,
) -> Distribution:
    """The year-end distribution of ``surplus`` yen (the year's 当期剰余金, may be ≤ 0).

    ``legal_reserve_percent``, ``education_reserve_percent``: the group's rates, at least
    the legal minimums. ``other_reserve``: yen set aside besides (特別積立金).
    ``capital_dividend_percent``: the annual 出資配当 rate requested; capped at the legal
    rate, prorated to ``months`` (a short first year), and at what is available.
    ``work_dividend_percent``: the part of what is left then that goes out as
    従事/利用分量配当 (the rest is carried forward). ``legal_reserve_target``: the 定款's
    ceiling (e.g. 出資総額の1/2); once ``legal_reserve_balance`` reaches it, no more is
    required. ``dividend_total``: for a 株式会社 only, the dividend its shareholders decided.
    """
    form = LegalForm(legal_form)
    stakes = [MemberStake(*m) for m in members]
    if form == LegalForm.KABUSHIKI_KAISHA:
        return _company(surplus, dividend_total, stakes)
    if carried_loss < 0 or other_reserve < 0:
        raise ValueError("carried loss and other reserve must not be negative")
    if legal_reserve_percent < LEGAL_RESERVE_MIN:
        raise ValueError("the legal reserve must be at least 1/10 of the surplus")
    if education_reserve_percent < EDUCATION_RESERVE_MIN:
        raise ValueError("the education reserve must be at least 1/20 of the surplus")
    if not Decimal(0) <= work_dividend_percent <= 100:
        raise ValueError("the work dividend share is 0–100 %")
    if capital_dividend_percent < 0:
        raise ValueError("the capital dividend rate must not be negative")
    if not 1 <= months <= 12:
        raise ValueError("a fiscal year is 1–12 months")
    for m in stakes:
        if m.settled_work_yen < 0 or m.paid_in_capital_yen < 0 or m.units < 0:
            raise ValueError("member figures must not be negative")

    lines = [
        DistributionLine("surplus", "当期剰余金", "Surplus for the year", surplus),
    ]
    if surplus <= carried_loss:
        # Nothing to distribute: a loss (or a surplus that does not cover the old loss) is
        # carried to the next year.
        covered = max(surplus, 0)
        left_loss = carried_loss - surplus
        if covered:
            lines.append(_loss_line(covered, carried_loss))
        lines.append(
            DistributionLine(
                "loss_carried",
                "次期繰越損失金",
                "Loss carried forward",
                left_loss,
                "剰余金がないため配当はありません",
                "No surplus, so nothing is distributed",
            )
        )
        return Distribution(
            legal_form=form,
            surplus=surplus,
            loss_covered=covered,
            loss_carried=left_loss,
            legal_reserve=0,
            education_reserve=0,
            other_reserve=0,
            capital_dividend=0,
            capital_dividend_percent=Decimal(0),
            work_dividend=0,
            rounding_remainder=0,
            carried_forward=0,
            lines=tuple(lines),
            payouts=tuple(MemberPayout(m.company_id, 0, 0) for m in stakes),
        )

    covered = carried_loss
    if covered:
        lines.append(_loss_line(covered, carried_loss))
    base = surplus - covered

    legal = _ceil(Fraction(base) * Fraction(legal_reserve_percent) / 100)
    legal_ja = f"{_yen(base)}円 × {legal_reserve_percent}%(法定 10%以上)"
    legal_en = f"{_yen(base)} yen × {legal_reserve_percent}% (by law at least 10%)"
    if legal_reserve_target is not None and legal > legal_reserve_target - legal_reserve_balance:
        legal = max(legal_reserve_target - legal_reserve_balance, 0)
        legal_ja = f"定款で定める額 {_yen(legal_reserve_target)}円に達するまで"
        legal_en = f"Up to the {_yen(legal_reserve_target)} yen the articles set"
    education = _ceil(Fraction(base) * Fraction(education_reserve_percent) / 100)
    if legal + education + other_reserve > base:
        raise ValueError("the reserves exceed the surplus")
    lines.append(
        DistributionLine(
            "legal_reserve",
            "利益準備金",
            "Legal reserve",
            legal,
            legal_ja,
            legal_en,
        )
    )
    lines.append(
        DistributionLine(
            "education_reserve",
            "教育情報費用繰越金",
            "Education and information reserve",
            education,
            f"{_yen(base)}円 × {education_reserve_percent}%(法定 5%以上)",
            f"{_yen(base)} yen × {education_reserve_percent}% (by law at least 5%)",
        )
    )
    if other_reserve:
        lines.append(
            DistributionLine("other_reserve", "特別積立金", "Other reserve", other_reserve)
        )
    available = base - legal - education - other_reserve
    lines.append(
        DistributionLine("distributable", "配当可能額", "Available for dividends", available)
    )

    # 出資配当: the requested annual rate, capped by law (prorated for a short year), then by
    # what is available — every member gets paid-in × rate, rounded down.
    annual = min(capital_dividend_percent, CAPITAL_DIVIDEND_CAP[form])
    rate = Fraction(annual) / 100 * months / 12
    total_capital = sum(m.paid_in_capital_yen for m in stakes)
    if total_capital and rate * total_capital > available:
        rate = Fraction(available, total_capital)
    capital_each = [_floor(m.paid_in_capital_yen * rate) for m in stakes]
    capital_paid = sum(capital_each)
    # The annual rate actually applied, shown to the cent and never above what was paid.
    applied = rate * 100 * 12 / months
    applied_percent = Decimal(_floor(applied * 100)) / 100
    # The work pool is taken from what the capital dividend leaves at its exact total, so the
    # yen its per-member rounding leaves are named as remainder, not shared out again.
    capital_planned = _floor(rate * total_capital)
    after_capital = available - capital_planned

    # 従事/利用分量配当: a pool from what is left, shared by settled work, each rounded down.
    pool = _floor(Fraction(after_capital) * Fraction(work_dividend_percent) / 100)
    total_work = sum(m.settled_work_yen for m in stakes)
    if total_work == 0:
        pool = 0
    work_each = [pool * m.settled_work_yen // total_work if total_work else 0 for m in stakes]
    work_paid = sum(work_each)

    # The yen the per-member rounding left over, named on the carried-forward line.
    remainder = (pool - work_paid) + (capital_planned - capital_paid)
    carried = available - capital_paid - work_paid

    work_label = (
        ("従事分量配当", "Dividend by work done")
        if form == LegalForm.KIGYO_KUMIAI
        else ("利用分量配当", "Dividend by use of the business")
    )
    lines.append(
        DistributionLine(
            "work_dividend",
            work_label[0],
            work_label[1],
            work_paid,
            f"{_yen(pool)}円を組合員の精算済み取引高 {_yen(total_work)}円に応じて配分",
            f"{_yen(pool)} yen shared by the members' settled work of {_yen(total_work)} yen",
        )
    )
    lines.append(
        DistributionLine(
            "capital_dividend",
            "出資配当",
            "Dividend on paid-in capital",
            capital_paid,
            f"払込済出資金 {_yen(total_capital)}円 × 年{applied_percent}%"
            f"(上限 年{CAPITAL_DIVIDEND_CAP[form]}%)",
            f"Paid-in capital {_yen(total_capital)} yen × {applied_percent}% a year"
            f" (cap {CAPITAL_DIVIDEND_CAP[form]}% a year)",
        )
    )
    lines.append(
        DistributionLine(
            "carried_forward",
            "次期繰越剰余金",
            "Surplus carried forward",
            carried,
            f"うち配当の端数 {_yen(remainder)}円",
            f"of which {_yen(remainder)} yen left by rounding the dividends",
        )
    )
    payouts = tuple(
        MemberPayout(m.company_id, w, c)
        for m, w, c in zip(stakes, work_each, capital_each, strict=True)
    )
    return Distribution(
        legal_form=form,
        surplus=surplus,
        loss_covered=covered,
        loss_carried=0,
        legal_reserve=legal,
        education_reserve=education,
        other_reserve=other_reserve,
        capital_dividend=capital_paid,
        capital_dividend_percent=applied_percent,
        work_dividend=work_paid,
        rounding_remainder=remainder,
        carried_forward=carried,
        lines=tuple(lines),
        payouts=payouts,
    )


def _loss_line(covered: int, carried_loss: int) -> DistributionLine:
    return DistributionLine(
        "loss_covered",
        "前期繰越損失のてん補",
        "Loss carried from earlier years, covered",
        covered,
        f"前期繰越損失 {_yen(carried_loss)}円",
        f"Loss carried in: {_yen(carried_loss)} yen",
    )


def _company(surplus: int, dividend_total: int, stakes: list[MemberStake]) -> Distribution:
    """A 株式会社: the dividend ratio only (配当性向 = dividends ÷ net income)."""
    if dividend_total < 0:
        raise ValueError("the dividend must not be negative")
    if dividend_total and dividend_total > max(surplus, 0):
        raise ValueError("the dividend exceeds the net income")
    ratio = (
        (Decimal(dividend_total) * 100 / Decimal(surplus)).quantize(Decimal("0.1"))
        if surplus > 0
        else None
    )
    lines = (
        DistributionLine("surplus", "当期純利益", "Net income for the year", surplus),
        DistributionLine("dividend_total", "配当金総額", "Dividends", dividend_total),
        DistributionLine(
            "payout_ratio",
            "配当性向",
            "Dividend payout ratio",
            0,
            f"{ratio}%" if ratio is not None else "当期純利益がないため算出できません",
            f"{ratio}%" if ratio is not None else "No net income, so no ratio",
        ),
    )
    return Distribution(
        legal_form=LegalForm.KABUSHIKI_KAISHA,
        surplus=surplus,
        loss_covered=0,
        loss_carried=0,
        legal_reserve=0,
        education_reserve=0,
        other_reserve=0,
        capital_dividend=dividend_total,
        capital_dividend_percent=Decimal(0),
        work_dividend=0,
        rounding_remainder=0,
        carried_forward=surplus - dividend_total if surplus > 0 else 0,
        lines=lines,
        payouts=(),
        payout_ratio_percent=ratio,
    )
