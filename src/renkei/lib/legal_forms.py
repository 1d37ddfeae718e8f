"""The legal forms a manufacturing group may incorporate as, compared exactly as the seed's tables
do (図表 3-2, l.3203–3364, and 図表 3-3, l.3369–3472), with no Django import; and what the group's
own figures say about which forms it could found today.

Each cell's text is the seed's, with the PDF's line breaks removed. Where the PDF interleaved two
cells' lines, ``fragments`` lists the pieces as they stand in the seed, in order. The figures are
the seed's (a 2019 report); an operator can record a later as-of date per form in the database.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

SEED_AS_OF = dt.date(2019, 3, 31)  # the report is of 平成30年度 (PRODUCT.md: 2019)

FORMS: tuple[str, ...] = (
    "株式会社",
    "合同会社",
    "一般社団法人",
    "NPO法人",
    "企業組合",
    "事業協同組合",
)


@dataclass(frozen=True)
class Cell:
    value: str
    fragments: tuple[str, ...] = ()

    @property
    def pieces(self) -> tuple[str, ...]:
        return self.fragments or (self.value,)


@dataclass(frozen=True)
class Row:
    label: str
    lines: tuple[int, int]  # first and last seed line of the row
    cells: tuple[Cell, ...]
    label_fragments: tuple[str, ...] = ()
    ordered: bool = True  # the cells stand in the seed in column order

    @property
    def label_pieces(self) -> tuple[str, ...]:
        return self.label_fragments or ((self.label,) if self.label else ())


@dataclass(frozen=True)
class Table:
    code: str
    title: str
    lines: tuple[int, int]
    forms: tuple[str, ...]
    rows: tuple[Row, ...] = field(default_factory=tuple)
    # What the seed says beside the table, in its words: (text, first–last seed line).
    notes: tuple[tuple[str, str], ...] = ()

    def column(self, form: str) -> dict[str, str]:
        position = self.forms.index(form)
        return {row.label: row.cells[position].value for row in self.rows}


def _same(value: str, count: int) -> tuple[Cell, ...]:
    return tuple(Cell(value) for _ in range(count))


def _cells(*values: str) -> tuple[Cell, ...]:
    return tuple(Cell(value) for value in values)


TABLE_3_2 = Table(
    code="3-2",
    title="図表 3-2 営利法人と非営利法人の比較（内閣府ホームページの情報を著者が編集）",
    lines=(3203, 3364),
    forms=("株式会社", "合同会社", "一般社団法人", "NPO法人"),
    rows=(
        Row(
            "",
            (3235, 3235),
            _cells("（営利団体）", "（営利団体）", "（非営利団体）", "（非営利団体）"),
        ),
        Row(
            "目的事業",
            (3237, 3252),
            _cells(
                "定款に掲げる事業による営利の追求",
                "定款に掲げる事業による営利の追求",
                "目的や事業に制約はない（公益･共益･収益事業も可）",
                "特定非営利活動(20分野)",
            ),
        ),
        Row("法人等の登記", (3254, 3254), _same("必要（登記して設立）", 4)),
        Row(
            "議決権",
            (3256, 3256),
            _cells("出資比率による", "1人1票", "原則、1社員1票", "原則、1社員1票"),
        ),
        Row(
            "主な設立要件",
            (3258, 3272),
            _cells(
                "資本の提供",
                "資本の提供",
                "社員2人以上",
                "・特定非営利活動を行うことを主たる目的とすること ・営利を目的としないもので"
                "あること ・社員の資格の得喪に不当な条件を付けないこと ・社員10人以上（常時）で"
                "あること",
            ),
        ),
        Row(
            "設立方法",
            (3274, 3294),
            _cells(
                "公証人役場での定款認証後に登記して設立（準則主義）",
                "定款作成後、登記して設立（準則主義）",
                "公証人役場での定款認証後に登記して設立（準則主義）",
                "所轄庁の認証後に登記して設立",
            ),
        ),
        Row(
            "設立に要する費用（主なもの）",
            (3296, 3320),
            _cells(
                "・定款認証の手数料5万円（電子認証の場合） ・登録免許税（資本金額の0.7％）",
                "登録免許税（資本金額の0.7％）（定款作成は必要、認証は不要）",
                "・定款認証の手数料5万円（電子認証の場合） ・登録免許税6万円",
                "不要",
            ),
        ),
        Row("剰余金の分配", (3322, 3322), _cells("できる", "できる", "できない", "できない")),
        Row(
            "課税",
            (3324, 3324),
            _cells("全所得", "全所得", "全所得", "収益事業にかかる所得のみ"),
        ),
        Row(
            "作成義務のある主な書類",
            (3326, 3364),
            _cells(
                "・定款 ・事業報告書 ・損益計算書 ・貸借対照表 ・株主資本等変動計算書 "
                "・個別注記表 ・付属明細書",
                "・定款 ・損益計算書 ・貸借対照表 ・社員等変動計算書 ・個別注記表",
                "・定款 ・事業報告書 ・損益計算書 ・貸借対照表 ・付属明細書",
                "・事業報告書 ・活動計算書 ・貸借対照表 ・財産目録・年間役員名簿 "
                "・前事業年度の末日における社員のうち10人以上の者の氏名等を記載した書面 "
                "・最新の役員名簿（備置き） ・定款等（備置き）",
            ),
        ),
    ),
    notes=(
        ("出典：内閣府ホームページの情報を著者が編集", "3203"),
        (
            "一般社団法人を設立するには、最低社員２名、その中から理事１名を選出する必要があります。"
            "意思決定機関は社員総会と呼ばれ、実施が必要です。",
            "3131–3135",
        ),
        ("一般社団法人は事業目的に制限はなく、また監督官庁もありません。", "3137"),
        (
            "特定非営利活動は20分野が規定されています。ものづくり事業については、No.16"
            "（経済活動の活性化を図る活動）に該当すると言えそうです。",
            "3155–3198",
        ),
        (
            "民法上の組合は契約によって作られたもので法人格を有しません。有限責任事業組合も"
            "法人格を持ちません。",
            "3211–3217",
        ),
    ),
)

TABLE_3_3 = Table(
    code="3-3",
    title="図表 3-3 企業組合と株式会社の比較（長野県中小企業団体中央会のホームページより）",
    lines=(3369, 3472),
    forms=("企業組合", "事業協同組合", "株式会社"),
    rows=(
        # The header's second line: the 事業協同組合 column covers 事業協同小組合 too.
        Row("組合の内容", (3393, 3393), _cells("", "(事業協同小組合)", ""), ordered=False),
        Row(
            "目的",
            (3395, 3403),
            _cells(
                "働く場の確保、経営の合理化",
                "組合員の経営の近代化・合理化・経済活動の機会の確保",
                "利益追求",
            ),
        ),
        Row("性格", (3405, 3405), _cells("人的結合体", "人的結合体", "物的結合体")),
        Row(
            "事業",
            (3407, 3418),
            _cells(
                "商業、工業、 鉱業、運送業、 サービス業等の事業経営",
                "組合員の事業を支援する共同事業",
                "定款に掲げる事業",
            ),
        ),
        Row(
            "設立要件",
            (3420, 3424),
            _cells("4人以上が参加する こと", "4人以上の事業者が参加すること", "資本金は1円以上"),
        ),
        Row(
            "組合員資格",
            (3426, 3432),
            (
                Cell("個人(制限内で法人の参加可能）"),
                Cell(
                    "地区内の小規模事業者（概ね中小企業者）",
                    ("地区内の小規模事業者", "（概ね中小企業者）"),
                ),
                Cell("無制限"),
            ),
            label_fragments=("組合員", "資格"),
        ),
        Row("責任", (3434, 3434), _same("有限責任", 3)),
        Row("発起人数", (3436, 3436), _cells("4人以上", "4人以上", "1人以上")),
        Row("加入", (3438, 3438), _cells("自由", "自由", "株式の譲受・増資割当による")),
        Row("任意脱退", (3440, 3440), _cells("自由", "自由", "株式の譲渡による")),
        Row(
            "組合員比率",
            (3442, 3444),
            _cells("全従業員の1/3以上", "ない", "ない"),
            label_fragments=("組合員", "比率"),
        ),
        Row("従事比率", (3446, 3446), _cells("全組合員の1/2 以上", "ない", "ない")),
        Row(
            "1組合員の出資限度",
            (3448, 3450),
            (
                Cell("100分の25(脱退の場合 100分の35)", ("100分の25", "(脱退の場合 100分の35)")),
                Cell(
                    "100分の25(合併・脱退の場合100分の35)",
                    ("100分の25", "(合併・脱退の場合100分の35)"),
                ),
                Cell("ない"),
            ),
        ),
        Row(
            "議決権",
            (3452, 3454),
            (
                Cell("平等(1人1票)", ("平等", "(1人1票)")),
                Cell("平等(1人1票)", ("平等", "(1人1票)")),
                Cell("出資別(1株1票)", ("出資別", "(1株1票)")),
            ),
        ),
        Row(
            "員外利用限度",
            (3456, 3460),
            _cells("ない", "原則として組合員の利用分量の20/100まで（特例あり）", "ない"),
        ),
        Row(
            "配当",
            (3462, 3470),
            _cells(
                "従事分量配当及び2割までの出資配当",
                "利用分量配当及び1割までの出資配当",
                "出資配当",
            ),
        ),
        # The seed prints 会社法 first on this line although 株式会社 is the last column.
        Row(
            "根拠法",
            (3472, 3472),
            _cells(
                "中小企業等協同組合法（制定：昭和24年）",
                "中小企業等協同組合法（制定：昭和24年）",
                "会社法（制定：平成18年）",
            ),
            ordered=False,
        ),
    ),
    notes=(
        ("出典：長野県中小企業団体中央会のホームページより", "3369–3371"),
        (
            "企業組合は、４名以上の組合員による発起が必要で、議決権は１人１票です。配当は従事分量配当"
            "が原則で、出資配当も２割までは認められています。",
            "3223–3227",
        ),
        (
            "企業組合は個人が主体で、組合の事業活動に必要な施設・物資・技術・人材等の提供を行う法人等"
            "も特定組合員として参加できます。",
            "3884–3886",
        ),
        (
            "企業組合は事業拡大等の必要があれば株式会社に鞍替えすることができ、清算手続きや清算人の"
            "選定は必要ありません。",
            "3912–3914",
        ),
    ),
)

TABLES: tuple[Table, ...] = (TABLE_3_2, TABLE_3_3)

# Advice per legal form in the seed's words: (text, first–last seed line).
ADVICE: Mapping[str, tuple[tuple[str, str], ...]] = {
    "株式会社": (
        (
            "活動を支援する大企業・自治体・金融機関等に出資をしてもらい、ものづくり中小企業側が"
            "経営権を持つことで、自律性を確保しつつ幅広い投資・支援を受けられるという意味で適合性"
            "の高いものと言えます。",
            "3078–3081",
        ),
        (
            "しかしながら、出資者間の意見の調整に手間取ったり、経営方針に対して出資者の意向を反映"
            "せざるを得ないなどの、リスクを抱えています。",
            "3082–3084",
        ),
        (
            "そのため、ものづくり連携活動全体ではなく、運営の支援や営業活動などの部分的な機能に"
            "絞って株式会社化することで、自律性と幅広い支援の両立化を目指す例もあります。",
            "3084–3088",
        ),
    ),
    "合同会社": (
        (
            "合同会社は、株式会社と比べ設立が容易で、運営上も株主総会に相当するものも不要であり、"
            "また登記費用も安いため、スタートアップで比較的多くとられている法人形態です。",
            "3106–3108",
        ),
        (
            "一方、社会的認知度が株式会社よりも若干劣る傾向にあること、出資者などを追加するごとに"
            "定款を修正し登記を変更する必要があることなどから、ものづくり企業連携活動で採用された"
            "事例は少ないようです。",
            "3108–3112",
        ),
    ),
    "一般社団法人": (
        (
            "一般社団法人は、利益を上げてもお金を儲けても一向に構わないのですが、利益を分配しては"
            "ならない法人組織です。生じた利益は、次の事業への再投資へ回すことになります。",
            "3125–3129",
        ),
        (
            "一般社団法人は事業目的に制限はなく、また監督官庁もありません。その意味では、設立は"
            "容易ですが、責任の主体としての訴求力は比較的低いと言えます。",
            "3137–3139",
        ),
    ),
    "NPO法人": (
        (
            "ものづくり事業については、上記のNo.16（経済活動の活性化を図る活動）に該当すると"
            "言えそうです。",
            "3198",
        ),
        (
            "NPO法人は、設立の要件が一般社団法人と比べ厳格であり、所轄行政庁（原則都道府県知事）"
            "による検査指導が規定されていることから、責任の主体としての訴求力は一般社団法人よりも"
            "高いと言えます。",
            "3198–3202",
        ),
    ),
    "企業組合": (
        (
            "企業組合は、４名以上の組合員による発起が必要で、議決権は１人１票と、株式会社の出資"
            "比率による議決権とは異なっています。また、配当も可能で、従事分量配当が原則で、株式"
            "会社のような出資配当も２割までは認められています。",
            "3223–3227",
        ),
        (
            "企業組合が会員からの出資金を集め、常勤職員を置き、事業活動を行えます。出資した組合員"
            "が顧客対応について自分の仕事を獲得して、仕事を行うことが可能です。",
            "3888–3892",
        ),
        (
            "事業拡大等の必要があれば、株式会社に鞍替えすることができますので、清算手続きや清算人"
            "の選定は必要ありません。",
            "3912–3914",
        ),
    ),
    "事業協同組合": (
        (
            "目的は組合員の経営の近代化・合理化・経済活動の機会の確保で、組合員の事業を支援する"
            "共同事業を行います。",
            "3400–3417",
        ),
        (
            "組合員以外の利用は、原則として組合員の利用分量の20/100までです（特例あり）。配当は"
            "利用分量配当及び1割までの出資配当です。",
            "3456–3469",
        ),
    ),
}


@dataclass(frozen=True)
class Requirement:
    """The least number of people a form needs at founding, as the seed states it."""

    minimum: int
    counts: str  # what is counted
    text: str
    lines: str


# From the tables and l.3223: NPO法人 社員10人以上 (l.3270), 一般社団法人 社員2人以上 (l.3258),
# 企業組合 4名以上の組合員による発起 (l.3223, 3436), 事業協同組合 4人以上の事業者 (l.3421),
# 株式会社 発起人1人以上 (l.3436), 合同会社 資本の提供 (l.3258: one member who contributes).
REQUIREMENTS: Mapping[str, Requirement] = {
    "株式会社": Requirement(1, "founders", "発起人数 1人以上", "3436"),
    "合同会社": Requirement(1, "founders", "資本の提供", "3258"),
    "一般社団法人": Requirement(2, "members", "社員2人以上", "3258"),
    "NPO法人": Requirement(10, "members", "社員10人以上（常時）であること", "3270"),
    "企業組合": Requirement(4, "founders", "４名以上の組合員による発起が必要", "3223"),
    "事業協同組合": Requirement(4, "members", "4人以上の事業者が参加すること", "3421"),
}

# Incorporate from 製品化期 on (l.3493–3503).
INCORPORATE_FROM_STAGE = "product"


@dataclass(frozen=True)
class Eligibility:
    form: str
    eligible: bool
    have: int
    need: int
    reason: str


def eligibility(member_companies: int, founders: int | None = None) -> list[Eligibility]:
    """Which forms the group's own numbers allow. ``member_companies`` counts current member
    companies (candidate 社員 / 組合員); ``founders`` those ready to found (defaults to all)."""
    if member_companies < 0 or (founders is not None and founders < 0):
        raise ValueError("counts cannot be negative")
    ready = member_companies if founders is None else founders
    result = []
    for form in FORMS:
        need = REQUIREMENTS[form]
        have = ready if need.counts == "founders" else member_companies
        result.append(
            Eligibility(
                form=form,
                eligible=have >= need.minimum,
                have=have,
                need=need.minimum,
                reason=need.text,
            )
        )
    return result


def forms_by_table() -> dict[str, list[tuple[str, str]]]:
    """For each form, its rows as (label, value) from every table it appears in."""
    result: dict[str, list[tuple[str, str]]] = {form: [] for form in FORMS}
    for table in TABLES:
        for form in table.forms:
            result[form].extend(
                (label or "区分", value) for label, value in table.column(form).items()
            )
    return result
