"""The incorporation advisor's checks, computed from the group's own figures with exact
fractions and no Django import: the founders' minimum of each legal form, a 企業組合's
membership and work ratios, the capital limit per member of a 組合, what an NPO法人 needs of
its purpose, and the seven criteria of a social company where they are numbers.

Each check says passed, failed, or ask (a figure it needs is missing), with the numbers it
compared; the rule's wording and seed lines come with it (the lines for code comments and the
API, never for a page)."""

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from renkei.lib.legal_forms import REQUIREMENTS


class Status(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    ASK = "ask"  # a figure the check needs has not been given
    UNCONFIRMED = "unconfirmed"  # a judgement the coordinator has not confirmed
    NOT_APPLICABLE = "not_applicable"


# The forms that share out profit (営利法人); the social-company criteria ③ and ④ hold for
# them only (seed l.2931–2933). 企業組合 stands between (l.3060) and may pay 出資配当
# (l.3225–3227), so it is treated as one here.
NON_PROFIT = frozenset({"一般社団法人", "NPO法人"})
COOPERATIVES = ("企業組合", "事業協同組合")


@dataclass(frozen=True)
class Figures:
    """What the advisor knows of the group: counted from its memberships, or entered."""

    individuals: int = 0  # members holding a membership in their own name (個人会員)
    businesses: int = 0  # member companies that run a business (manufacturers and others)
    institutions: int = 0  # cities, chambers, banks, universities among the members
    founders: int | None = None  # those ready to found; None: all who could
    working_members: int | None = None  # 組合員 who work in the cooperative's business
    workers: int | None = None  # everyone who works in it, 組合員 and employees alike
    capital: Sequence[int] = ()  # each member's capital, in yen
    capital_exception: bool = False  # the excess comes from a member leaving (or a merger)
    planned_form: str = ""
    npo_fields: Collection[int] = ()
    confirmed: Collection[str] = ()  # social criteria the coordinator confirmed (c1–c3)
    profit_yen: int | None = None
    dividends_yen: int | None = None
    revenue_yen: int | None = None
    business_revenue_yen: int | None = None
    insurance_revenue_yen: int | None = None
    contract_revenue_yen: int | None = None

    def __post_init__(self) -> None:
        counts = (self.individuals, self.businesses, self.institutions, self.founders,
                  self.working_members, self.workers)  # fmt: skip
        if any(value is not None and value < 0 for value in counts):
            raise ValueError("counts cannot be negative")
        if any(value < 0 for value in self.capital):
            raise ValueError("capital cannot be negative")

    @property
    def members(self) -> int:
        return self.individuals + self.businesses + self.institutions

    @property
    def cooperative_members(self) -> int:
        """Who could be a 企業組合's 組合員: individuals, and companies within limits (l.3427);
        cities, banks and universities support rather than join."""
        return self.individuals + self.businesses


@dataclass(frozen=True)
class Check:
    code: str
    form: str
    status: Status
    text: str  # the rule in the seed's words
    lines: str
    have: int | None = None  # the numerator or the count
    of: int | None = None  # the denominator of a ratio; None for a count
    need: str = ""  # the bound: a count ("4") or a fraction ("1/2")
    at_least: bool = True  # the bound is a floor (≥); else a ceiling (≤)
    percent: str = ""  # have / of in percent, one decimal, a half rounded up
    asks: tuple[str, ...] = field(default_factory=tuple)  # the figures still missing


def _percent(part: int, whole: int) -> str:
    value = Decimal(part * 100) / Decimal(whole)
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _fraction_text(bound: Fraction) -> str:
    return f"{bound.numerator}/{bound.denominator}"


def _ratio(
    code: str,
    form: str,
    text: str,
    lines: str,
    part: int | None,
    whole: int | None,
    bound: Fraction,
    *,
    at_least: bool,
    asks: tuple[str, ...],
    empty_passes: bool = False,
    need_text: str = "",
) -> Check:
    need = need_text or _fraction_text(bound)
    if part is None or whole is None:
        missing = tuple(
            name for name, value in zip(asks, (part, whole), strict=True) if value is None
        )
        return Check(code, form, Status.ASK, text, lines, need=need, at_least=at_least,
                     asks=tuple(dict.fromkeys(missing)))  # fmt: skip
    if whole <= 0:
        # Nothing to divide by: a ceiling over nothing holds when nothing is above it.
        status = Status.PASSED if empty_passes and part <= 0 else Status.ASK
        return Check(code, form, status, text, lines, part, whole, need=need, at_least=at_least,
                     asks=() if status == Status.PASSED else asks[1:])  # fmt: skip
    share = Fraction(part, whole)
    ok = share >= bound if at_least else share <= bound
    return Check(
        code,
        form,
        Status.PASSED if ok else Status.FAILED,
        text,
        lines,
        part,
        whole,
        need=need,
        at_least=at_least,
        percent=_percent(part, whole),
    )


def founders_minimums(figures: Figures) -> list[Check]:
    """The least number of founders or members of each form (seed l.3131–3135, 3223, 3258,
    3270, 3420–3424, 3436), counted the way the form counts them."""
    checks = []
    for form, need in REQUIREMENTS.items():
        if form == "事業協同組合":
            # 4人以上の事業者 (l.3421): companies that run a business; an individual member
            # counts only as a sole proprietor, which renkei does not know.
            have = figures.businesses
        elif form in NON_PROFIT:
            have = figures.members  # 社員: any person or body may be one
        elif form == "企業組合":
            have = figures.cooperative_members if figures.founders is None else figures.founders
        else:
            have = figures.members if figures.founders is None else figures.founders
        checks.append(
            Check(
                f"founders:{form}",
                form,
                Status.PASSED if have >= need.minimum else Status.FAILED,
                need.text,
                need.lines,
                have=have,
                need=str(need.minimum),
            )
        )
    return checks


def cooperative_ratios(figures: Figures) -> list[Check]:
    """A 企業組合's two ratios (図表 3-3, l.3442–3446): 組合員比率 — of all who work in the
    business (全従業員), a third or more are 組合員; 従事比率 — of all 組合員, a half or more
    work in the business. The 組合員 are the founders given, else every member who could be
    one."""
    members = figures.cooperative_members if figures.founders is None else figures.founders
    return [
        _ratio(
            "ratio:members",
            "企業組合",
            "組合員比率 全従業員の1/3以上",
            "3442–3444",
            figures.working_members,
            figures.workers,
            Fraction(1, 3),
            at_least=True,
            asks=("working_members", "workers"),
        ),
        _ratio(
            "ratio:work",
            "企業組合",
            "従事比率 全組合員の1/2 以上",
            "3446",
            figures.working_members,
            members,
            Fraction(1, 2),
            at_least=True,
            asks=("working_members", "founders"),
        ),
    ]


def capital_limits(figures: Figures) -> list[Check]:
    """One member's capital against the whole (図表 3-3 1組合員の出資限度, l.3448–3450):
    at most 25/100, or 35/100 where a member's leaving (企業組合) or a merger or leaving
    (事業協同組合) brings it there; a 株式会社 needs a capital of 1 yen or more (l.3424)."""
    shares = [value for value in figures.capital if value > 0]
    total = sum(shares)
    largest = max(shares, default=0)
    bound = Fraction(35, 100) if figures.capital_exception else Fraction(25, 100)
    texts = {
        "企業組合": "100分の25(脱退の場合 100分の35)",
        "事業協同組合": "100分の25(合併・脱退の場合100分の35)",
    }
    checks = [
        _ratio(
            f"capital:{form}",
            form,
            texts[form],
            "3448–3450",
            largest if shares else None,
            total if shares else None,
            bound,
            at_least=False,
            asks=("capital", "capital"),
            need_text="35/100" if figures.capital_exception else "25/100",  # as the seed writes it
        )
        for form in COOPERATIVES
    ]
    checks.append(
        Check(
            "capital:株式会社",
            "株式会社",
            (Status.PASSED if total >= 1 else Status.FAILED) if shares else Status.ASK,
            "資本金は1円以上",
            "3424",
            have=total if shares else None,
            need="1",
            asks=() if shares else ("capital",),
        )
    )
    return checks


# The twenty fields of 特定非営利活動 (seed l.3155–3196).
NPO_FIELDS: tuple[str, ...] = (
    "保健、医療又は福祉の増進を図る活動",
    "社会教育の推進を図る活動",
    "まちづくりの推進を図る活動",
    "観光の振興を図る活動",
    "農山漁村又は中山間地域の振興を図る活動",
    "学術、文化、芸術又はスポーツの振興を図る活動",
    "環境の保全を図る活動",
    "災害救援活動",
    "地域安全活動",
    "人権の擁護又は平和の推進を図る活動",
    "国際協力の活動",
    "男女共同参画社会の形成の促進を図る活動",
    "子どもの健全育成を図る活動",
    "情報化社会の発展を図る活動",
    "科学技術の振興を図る活動",
    "経済活動の活性化を図る活動",
    "職業能力の開発又は雇用機会の拡充を支援する活動",
    "消費者の保護を図る活動",
    "前各号に掲げる活動を行う団体の運営又は活動に関する連絡、助言又は援助の活動",
    "前各号に掲げる活動に準ずる活動として都道府県又は指定都市の条例で定める活動",
)
MANUFACTURING_FIELD = 16  # ものづくり事業は No.16 に該当すると言えそう (l.3198)


def npo_purpose(figures: Figures) -> Check:
    """An NPO法人 must have 特定非営利活動 as its main purpose (l.3260–3262): one of the twenty
    fields at least."""
    chosen = [number for number in figures.npo_fields if 1 <= number <= len(NPO_FIELDS)]
    return Check(
        "npo:fields",
        "NPO法人",
        Status.PASSED if chosen else Status.ASK,
        "特定非営利活動を行うことを主たる目的とすること",
        "3260–3262",
        have=len(chosen),
        need="1",
        asks=() if chosen else ("npo_fields",),
    )


def social_criteria(figures: Figures, titles: dict[str, tuple[str, str]]) -> list[Check]:
    """The seven criteria of a social company (seed l.2921–2941): ①–③ are judgements the
    coordinator confirms; ④–⑦ are shares of money, computed from the figures given.
    ``titles`` maps c1…c7 to (wording, seed lines)."""
    for_profit_only = {"c3", "c4"}
    planned_non_profit = figures.planned_form in NON_PROFIT
    checks: list[Check] = []
    for code in ("c1", "c2", "c3"):
        text, lines = titles[code]
        if code in for_profit_only and planned_non_profit:
            status = Status.NOT_APPLICABLE
        else:
            status = Status.PASSED if code in figures.confirmed else Status.UNCONFIRMED
        checks.append(Check(code, "", status, text, lines))
    half = Fraction(1, 2)
    f = figures
    business, revenue = "business_revenue_yen", "revenue_yen"
    insurance, contract = "insurance_revenue_yen", "contract_revenue_yen"
    numeric = (
        ("c4", f.dividends_yen, f.profit_yen, False, ("dividends_yen", "profit_yen")),
        ("c5", f.business_revenue_yen, f.revenue_yen, True, (business, revenue)),
        ("c6", f.insurance_revenue_yen, f.business_revenue_yen, False, (insurance, business)),
        ("c7", f.contract_revenue_yen, f.business_revenue_yen, False, (contract, business)),
    )  # fmt: skip
    for code, part, whole, at_least, asks in numeric:
        text, lines = titles[code]
        if code in for_profit_only and planned_non_profit:
            checks.append(Check(code, "", Status.NOT_APPLICABLE, text, lines, need="1/2"))
            continue
        checks.append(
            _ratio(
                code,
                "",
                text,
                lines,
                part,
                whole,
                half,
                at_least=at_least,
                asks=asks,
                empty_passes=not at_least,
            )
        )
    return checks


def all_checks(figures: Figures, titles: dict[str, tuple[str, str]]) -> dict[str, list[Check]]:
    return {
        "founders": founders_minimums(figures),
        "ratios": cooperative_ratios(figures),
        "capital": capital_limits(figures),
        "npo": [npo_purpose(figures)],
        "social": social_criteria(figures, titles),
    }
