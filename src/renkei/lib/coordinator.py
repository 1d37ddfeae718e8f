"""The program coordinator's roles and tasks (seed l.1487–1513), with no Django import: the
four roles (1)–(4) and the seven things to bring about (ア)–(キ), in the seed's own words, as a
checklist the coordinator ticks in the cockpit.

Each text is "日本語 / English" like renkei.lib.kpi's labels: the Japanese is the seed's, the
English renkei's rendering of it.
"""

from dataclasses import dataclass

ROLE, TASK = "role", "task"


@dataclass(frozen=True)
class Item:
    code: str
    kind: str  # ROLE or TASK
    mark: str  # the seed's own numbering: (1) … (4), (ア) … (キ)
    text: str
    line: int  # the seed line it comes from


ITEMS: tuple[Item, ...] = (
    Item(
        "r1",
        ROLE,
        "(1)",
        "メタ組織のデザイナーである / the designer of the meta-organization",
        1489,
    ),
    Item(
        "r2",
        ROLE,
        "(2)",
        "ミッションビジョンを具現化する / gives the mission and vision form",
        1491,
    ),
    Item("r3", ROLE, "(3)", "知識市場を形成する / forms the knowledge market", 1493),
    Item(
        "r4",
        ROLE,
        "(4)",
        "共通言語（基盤）を創る：創造的な摩擦や融合 / creates a common language (a base): "
        "creative friction and fusion",
        1495,
    ),
    Item("t1", TASK, "(ア)", "メンバ間の壁を低くする / lower the walls between members", 1501),
    Item("t2", TASK, "(イ)", "実験場の設営 / set up a place to experiment", 1503),
    Item("t3", TASK, "(ウ)", "有識者・支援者の招聘 / invite experts and supporters", 1505),
    Item(
        "t4",
        TASK,
        "(エ)",
        "適用場の設営（βテストユーザ、初期利用者の開拓） / set up a place to apply it "
        "(beta testers, first users)",
        1507,
    ),
    Item("t5", TASK, "(オ)", "広報活動 / public relations", 1509),
    Item("t6", TASK, "(カ)", "営業活動 / sales", 1511),
    Item(
        "t7", TASK, "(キ)", "資金調達：事業計画のＰＤＣＡ / funding: the business plan's PDCA", 1513
    ),
)
BY_CODE = {item.code: item for item in ITEMS}
ROLES = tuple(item for item in ITEMS if item.kind == ROLE)
TASKS = tuple(item for item in ITEMS if item.kind == TASK)


def text_in(item: Item, english: bool) -> str:
    """The item's wording: the seed's Japanese, or renkei's English rendering."""
    japanese, _, rendering = item.text.partition(" / ")
    return rendering if english and rendering else japanese
