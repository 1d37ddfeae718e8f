"""The growth stages of a manufacturing group and the coordinator's framework for each, with no
Django import: the seed's activity list, the build-stage tasks, the levers of control to have in
place, what the seed says of the coordinator's three capabilities and of internal vs external
communication (with renkei's own rule-of-thumb reading of it, marked as such), and a short stage
assessment.

Every entry from the seed carries the seed lines it comes from (seed/000_08941a68172b38cc.txt).
"""

from collections.abc import Mapping
from dataclasses import dataclass

STAGES: tuple[str, ...] = ("formation", "building", "development", "product", "business")
LEVERS: tuple[str, ...] = ("interactive", "boundary", "belief", "diagnostic")


@dataclass(frozen=True)
class Item:
    """One activity of the seed's checklist for a stage."""

    code: str
    stage: str
    text: str
    lines: str


# The activity list 1–11 (l.1662–1666, 1729–1733, 1841–1845, 2126, 2309) and the five tasks of
# the building stage ①–⑤ (l.1764–1772).
CHECKLIST: tuple[Item, ...] = (
    Item("a1", "formation", "１．ユニークな目標を掲げる", "1662"),
    Item("a2", "formation", "２．経験者とネットワークを作る", "1664"),
    Item("a3", "formation", "３．会の運営ルールを決める", "1666"),
    Item("a4", "building", "４．身の丈にあった目標を設定する", "1729"),
    Item("a5", "building", "５．プロジェクト開発計画を早期に作る", "1731"),
    Item("a6", "building", "６．計画を公表して、賛同者を募る", "1733"),
    Item("b1", "building", "① 身の丈にあった目標を設定する。", "1764"),
    Item("b2", "building", "② 先行事例、類似プロジェクトを調査する。", "1766"),
    Item("b3", "building", "③ 目標の達成に必要なひと・もの・かね・情報の収集を行う。", "1768"),
    Item(
        "b4",
        "building",
        "④ プロジェクトの企画とプロジェクトリーダなどの開発体制を整備する。",
        "1770",
    ),
    Item("b5", "building", "⑤ 最初の開発に必要な資金の目処を付ける。", "1772"),
    Item("a7", "development", "７．必要な人材を集めて、目標を共有する", "1841"),
    Item("a8", "development", "８．マネジメント体制を作る", "1843"),
    Item("a9", "development", "９．応援チームとブランドを作る", "1845"),
    Item("a10", "product", "１０．継続できるビジネスモデルを作る", "2126"),
    Item("a11", "business", "１１．顧客創造のための成長戦略を作る。", "2309"),
)
ITEM_CODES = frozenset(item.code for item in CHECKLIST)

# What each stage is about (l.885–910).
GUIDANCE: Mapping[str, tuple[str, str]] = {
    "formation": (
        "創成期は何かを始めるために集まって、お互いの交流と何を目標に設定するかを模索する時期です。"
        "外部環境と集団の持っている資源をすり合わせるという集団としての合意形成の段階です。",
        "885–889",
    ),
    "building": (
        "構築期は、目標をもって活動するための組織の運営方針を決める段階です。集団として不足して"
        "いる経営資源（人、もの、金、情報）をどのように補充できるかについて目途を立てる段階です。"
        "そのためには、集団の信条システムと境界システムを集団の中心メンバで固めることが大事です。",
        "893–898",
    ),
    "development": (
        "開発期は新たなものを開発するというプロジェクト体制として運営し、プロジェクトに必要な"
        "支援や障害の除去が行うことと活動しているメンバを応援するファンをつくることも必要です。",
        "900–902",
    ),
    "product": (
        "製品化期は生み出された成果を商品として取り扱えるように、顧客への価値提供の明確化と"
        "販売チャネルの整備が必要です。",
        "904–906",
    ),
    "business": (
        "事業化期は商品の提供による関連ビジネスや顧客からのフィードバックの取り込みによる市場の"
        "深耕をできる事業戦略を立て、戦略実行が行えるように仕掛ける。",
        "908–910",
    ),
}

# The order in which a manufacturing group introduces the levers (図表 2-9, l.1454–1474, and
# l.2539–2552): interactive control from 創成期, boundary and belief systems in 構築期, the belief
# system's justification from 開発期, diagnostic control from 製品化期 (PDCA in 事業化期).
LEVER_FROM: Mapping[str, str] = {
    "interactive": "formation",
    "boundary": "building",
    "belief": "building",
    "diagnostic": "product",
}
LEVER_LINES = "1454–1474, 2539–2552"

# What the seed says about the coordinator's work at each stage (l.2512–2528), in its own words
# (shortened). 図表 2-10, which weighs community / program / business management, is an image:
# the text is qualitative and gives no weights.
CAPABILITY_WORDS: Mapping[str, str] = {
    "formation": (
        "創成期から開発期は、ものづくり集団を立ち上げ、組織化を行い、"
        "その集団を活性化することがプログラムコーディネータの仕事です。"
    ),  # l.2514–2517
    "building": (
        "創成期から開発期は、ものづくり集団を立ち上げ、組織化を行い、"
        "その集団を活性化することがプログラムコーディネータの仕事です。"
    ),  # l.2514–2517
    "development": (
        "創成期から開発期は、ものづくり集団を立ち上げ、組織化を行い、"
        "その集団を活性化することがプログラムコーディネータの仕事です。"
    ),  # l.2514–2517
    "product": (
        "製品化期では、コミュニティは開発期までに得られた成果を実ビジネスに繋げる集団に進化し、"
        "プログラムコーディネータはビジネス企画とビジネスモデル構築の支援が仕事の中心になります。"
    ),  # l.2517–2522
    "business": (
        "事業化期では、製品化期の成果を社会実装することに向かうので、プログラムコーディネータは"
        "ビジネスの継続性と市場からのフィードバックに適した組織体制と方針目標管理を行うことが"
        "主たる仕事になります。"
    ),  # l.2522–2528
}
CAPABILITY_LINES = "2512–2528"

# renkei's own reading of those words as dots out of three, to be shown as such and never as
# the seed's figures (図表 2-10 is an image; the seed states no weights).
CAPABILITY_WEIGHTS: Mapping[str, Mapping[str, int]] = {
    "formation": {"community": 3, "program": 1, "business": 1},
    "building": {"community": 3, "program": 2, "business": 1},
    "development": {"community": 2, "program": 3, "business": 1},
    "product": {"community": 1, "program": 2, "business": 3},
    "business": {"community": 1, "program": 2, "business": 3},
}

# What the seed says about communication inside and outside the community (l.2663–2671; 図表
# 2-13 is an image and the text gives no shares).
COMMUNICATION_WORDS: Mapping[str, str] = {
    "formation": (
        "創成期から構築期は、コミュニティの場を活性化するために"
        "コミュニティ内部とのコミュニケーションが中心です。"
    ),  # l.2663–2665
    "building": (
        "創成期から構築期は、コミュニティの場を活性化するために"
        "コミュニティ内部とのコミュニケーションが中心です。"
    ),  # l.2663–2665
    "development": (
        "開発期からは、外部環境との対話により情報を得てコミュニティの具体的な戦略を支援する"
        "活動が多くなり、外部環境とのコミュニケーションの比重が多くなります。"
    ),  # l.2665–2671
    "product": "製品化期から事業化期は、より外部環境とのコミュニケーションの重要性が増します。",
    "business": "製品化期から事業化期は、より外部環境とのコミュニケーションの重要性が増します。",
}  # product, business: l.2671
COMMUNICATION_LINES = "2663–2671"

# renkei's own reading of those words as a share of outside communication, in percent: a rule
# of thumb of this product, not a figure of the seed.
COMMUNICATION_EXTERNAL_PERCENT: Mapping[str, int] = {
    "formation": 20,
    "building": 30,
    "development": 50,
    "product": 70,
    "business": 80,
}


def index(stage: str) -> int:
    if stage not in STAGES:
        raise ValueError(f"unknown stage: {stage}")
    return STAGES.index(stage)


def next_stage(stage: str) -> str | None:
    position = index(stage)
    return STAGES[position + 1] if position + 1 < len(STAGES) else None


def items_for(stage: str) -> list[Item]:
    return [item for item in CHECKLIST if item.stage == stage]


def items_up_to(stage: str) -> list[Item]:
    """Every activity of this stage and the ones before it: what a group there should have done."""
    limit = index(stage)
    return [item for item in CHECKLIST if index(item.stage) <= limit]


def levers_recommended(stage: str) -> list[str]:
    """The levers the seed says a group at this stage should have in place."""
    limit = index(stage)
    return [lever for lever in LEVERS if index(LEVER_FROM[lever]) <= limit]


@dataclass(frozen=True)
class Assessment:
    """What the answers suggest: the stage reached and what is missing to move on."""

    suggested: str
    score: Mapping[str, int]  # per stage: percent of its activities done
    missing_for_next: tuple[Item, ...]


def assess(done: frozenset[str] | set[str], current: str, threshold: int = 80) -> Assessment:
    """A stage counts as reached when at least ``threshold`` percent of its activities, and of
    every earlier stage's, are done; the suggestion is the stage after the last one complete,
    capped at the last stage. The missing items are those of the current stage and earlier."""
    unknown = set(done) - ITEM_CODES
    if unknown:
        raise ValueError(f"unknown items: {sorted(unknown)}")
    score: dict[str, int] = {}
    for stage in STAGES:
        items = items_for(stage)
        score[stage] = round(100 * sum(item.code in done for item in items) / len(items))
    suggested = STAGES[0]
    for stage in STAGES:
        if score[stage] < threshold:
            break
        following = next_stage(stage)
        suggested = following or stage
    missing = tuple(item for item in items_up_to(current) if item.code not in done)
    return Assessment(suggested=suggested, score=score, missing_for_next=missing)


# What the coordinator must keep in view (l.2677–2703).
POINTS_TO_GRASP: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "1. 進化するコミュニティを意識した企画立案と場の構築（信条システムの確立）",
        (
            "(ア) コミュニティのフォーマル組織のリーダーシップの把握への関与",
            "(イ) インフォーマル組織の把握と積極的な関与",
        ),
    ),
    (
        "2. 進化するコミュニティと企業組織の境界領域の管理（境界システムの分析）",
        (
            "(ア) ものづくりグループの共有した知識と参加企業との境界",
            "(イ) ものづくり集団の事業領域と市場環境との境界",
        ),
    ),
    (
        "3. コミュニティの経験知の熟成を施すコミュニティ内のコミュニケーション",
        ("(ア) グループワークの体験（暗黙知の共有）の活性化", "(イ) 参加企業の持つ形式知の共有"),
    ),
)
POINTS_LINES = "2687–2702"
