"""京丹波 食の加工ネット: a food-processing group, beyond manufacturing (第6次産業, seed
l.5254–5256).

Retort, freeze-drying and pickle makers of the 丹波 highlands with a farm that grows their raw
vegetables, answering food companies' OEM inquiries through one window. All fictional.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from renkei.demo.data.schema import Cert, GroupSpec, Machine, Member

RETORT = Member(
    houjin_body="130001096101",
    name="株式会社丹波レトルト食品",
    kana="たんばれとるとしょくひん",
    name_en="Tamba Retort Foods Co., Ltd.",
    prefecture="京都府",
    address="船井郡京丹波町須知ホ110",
    employees=38,
    capital_yen=20_000_000,
    profile=(
        "カレー・スープ・惣菜のレトルトパウチ製造。小ロットのOEM試作から月産数万食まで、"
        "調理から殺菌・充填包装まで一貫して受託します。"
    ),
    batch_band="500-5000",
    lead_days=20,
    processes=("prepared_foods", "retort_sterilization", "filling_packaging"),
    machines=(
        Machine("レトルト殺菌機", "熱水シャワー式", "retort_sterilization", count=2),
        Machine("自動充填包装機", "スタンドパウチ対応", "filling_packaging"),
    ),
    certs=(Cert("HACCP", "KYT-HACCP-2211", "京都府食品衛生協会", "レトルト食品の製造", 500, 600),),
    circle="core",
    office="leader",
    joined_on=dt.date(2019, 4, 1),
)

FREEZEDRY = Member(
    houjin_body="130001096202",
    name="京丹波フリーズドライ株式会社",
    kana="きょうたんばふりーずどらい",
    name_en="Kyotamba Freeze-Dry Co., Ltd.",
    prefecture="京都府",
    address="船井郡京丹波町豊田中屋敷12",
    employees=22,
    capital_yen=10_000_000,
    profile=(
        "野菜・果物・黒豆のフリーズドライと急速冷凍。規格外の農産物を一次加工し、"
        "小袋の充填包装まで行います。"
    ),
    batch_band="50-500",
    lead_days=14,
    processes=("drying", "freezing", "filling_packaging"),
    machines=(Machine("真空凍結乾燥機", "棚面積 20㎡", "drying"),),
    certs=(Cert("FSSC 22000", "JQA-FS0412", "日本品質保証機構", "乾燥食品・冷凍食品", 400, 700),),
    circle="core",
    office="secretary",
    joined_on=dt.date(2019, 4, 1),
)

PICKLES = Member(
    houjin_body="130002096303",
    name="有限会社南丹漬物本舗",
    kana="なんたんつけものほんぽ",
    name_en="Nantan Tsukemono Honpo",
    prefecture="京都府",
    address="南丹市園部町上本町20",
    employees=15,
    profile="京漬物と発酵調味料の製造。地元の野菜を使った季節の漬物をOEMでもお作りします。",
    batch_band="50-500",
    lead_days=10,
    processes=("pickling_fermentation", "labeling", "filling_packaging"),
    machines=(Machine("漬け込みタンク", "2t", "pickling_fermentation", count=12),),
    certs=(Cert("HACCP", "KYT-HACCP-1870", "京都府食品衛生協会", "漬物の製造", 700, 300),),
    joined_on=dt.date(2020, 4, 1),
)

FARM = Member(
    houjin_body="130005096404",
    name="農事組合法人みやま野菜の里",
    kana="みやまやさいのさと",
    name_en="Miyama Vegetable Farmers' Association",
    prefecture="京都府",
    address="南丹市美山町安掛10",
    employees=11,
    profile=(
        "九条ねぎ・万願寺とうがらし・黒豆を契約栽培し、選果して加工用原料として会員企業へ"
        "出荷しています。収穫体験の受け入れも行っています。"
    ),
    processes=("vegetable_growing", "harvesting", "grading", "raw_material_supply"),
    machines=(Machine("光選別機", "ねぎ・豆対応", "grading"),),
    certs=(Cert("JGAP", "JGAP-26-0931", "日本GAP協会", "野菜", 300, 500),),
    joined_on=dt.date(2021, 4, 1),
)

TAMBA_FOOD = GroupSpec(
    slug="tamba-shoku",
    name="京丹波 食の加工ネット",
    name_en="Kyotamba Food Processing Network",
    tagline="丹波の素材で、試作からOEMまで。",
    description=(
        "京丹波・南丹の食品加工3社と農業法人による、食品OEMの共同受注グループです。"
        "原料の栽培から調理・殺菌・乾燥・包装までを一つの窓口でお引き受けします。"
    ),
    stage="building",
    contact_email="office@tamba-shoku.example",
    founded_on=dt.date(2019, 4, 1),
    reply_promise_hours=Decimal("8.00"),
    closures=({"name": "年末年始", "start": "12-29", "end": "01-04"},),
    members=(RETORT, FREEZEDRY, PICKLES, FARM),
)

# The customers' inquiries of the demo (header and lines), each sent once (keyed by its title).
INQUIRIES: tuple[dict[str, Any], ...] = (
    {
        "header": {
            "customer_company": "株式会社みやこデリカ",
            "contact_name": "柴田 美咲",
            "email": "shibata@miyako-delica.example",
            "title": "丹波黒豆カレー レトルトOEM 試作",
            "description": (
                "自社ブランドのレトルトカレー。まず試作100食、量産は月3,000食の予定です。"
            ),
        },
        "lines": [
            {
                "part_name": "黒豆カレー 180グラム パウチ",
                "quantity": 3000,
                "process_text": "惣菜・調理加工 → 殺菌・レトルト → 充填・包装",
                "certifications": ["HACCP"],
            }
        ],
    },
    {
        "header": {
            "customer_company": "嵐山みやげ株式会社",
            "contact_name": "中川 悠",
            "email": "nakagawa@arashiyama-miyage.example",
            "title": "九条ねぎのフリーズドライ 小袋",
            "description": "お土産用のスープの具に。1袋5グラム、2,000袋。",
        },
        "lines": [
            {
                "part_name": "九条ねぎ フリーズドライ 5グラム",
                "quantity": 2000,
                "process_text": "乾燥 → 充填・包装",
            }
        ],
    },
)
