"""越後みがき連合: a polishing syndicate shaped like 磨き屋シンジケート (seed l.503–540, 2985).

Buffing, mirror finishing, electropolishing, barrel and blasting shops around 燕・三条; a lead
company picks the best-suited member for each job. All fictional.
"""

import datetime as dt
from decimal import Decimal

from renkei.demo.data.schema import Cert, GroupSpec, Machine, Member

NAKANOKUCHI = Member(
    houjin_body="110001070101",
    name="株式会社中ノ口研磨",
    kana="なかのくちけんま",
    name_en="Nakanokuchi Polishing Co., Ltd.",
    prefecture="新潟県",
    address="燕市小牧2011-3",
    employees=24,
    capital_yen=10_000_000,
    profile=(
        "ステンレスのバフ研磨・鏡面仕上げの幹事会社。洋食器から半導体装置の外装まで、"
        "案件ごとに最適な会員工場をお選びして品質をとりまとめます。"
    ),
    batch_band="50-500",
    lead_days=7,
    processes=("buffing", "mirror_finishing", "deburring"),
    materials=("SUS304", "SUS430", "SUS316L", "C2801", "A1100"),
    machines=(
        Machine("自動バフ研磨機", "ロータリー6軸", "buffing", 6, 800, 600, 400, None, 2),
        Machine("手バフ研磨台", "", "buffing", None, 1200, 800, None, None, 8),
    ),
    certs=(Cert("ISO 9001", "JQA-QM7711", "日本品質保証機構", "金属製品の研磨", 500, 600),),
    circle="core",
    office="leader",
    joined_on=dt.date(2003, 6, 1),
)

YOSHIDA = Member(
    houjin_body="110002070202",
    name="有限会社吉田バフ工業",
    kana="よしだばふこうぎょう",
    name_en="Yoshida Buff Industry Ltd.",
    prefecture="新潟県",
    address="燕市吉田東栄町14-7",
    employees=7,
    capital_yen=3_000_000,
    profile=(
        "職人による手作業のバフ研磨と鏡面研磨。タンブラーやケトルなど曲面の多い"
        "製品を、一品ずつ#800から鏡面まで仕上げます。"
    ),
    batch_band="0-50",
    lead_days=10,
    processes=("buffing", "mirror_finishing", "deburring"),
    materials=("SUS304", "SUS430", "C2801", "純チタン 2種"),
    machines=(Machine("手バフ研磨台", "両頭", "buffing", None, 800, 600, None, None, 4),),
    certs=(
        Cert("技能士", "G-KNM-1", "新潟県職業能力開発協会", "金属研磨仕上げ技能士 1級", 800, None),
    ),
    circle="core",
    office="secretary",
    joined_on=dt.date(2003, 6, 1),
)

SHINANOGAWA = Member(
    houjin_body="110001070303",
    name="株式会社信濃川電解研磨",
    kana="しなのがわでんかいけんま",
    name_en="Shinanogawa Electropolishing Co., Ltd.",
    prefecture="新潟県",
    address="三条市塚野目2180",
    employees=31,
    capital_yen=20_000_000,
    profile=(
        "SUS316Lの配管・継手・タンク内面の電解研磨。半導体・医薬向けのクリーン仕様で、"
        "表面粗さRa0.1以下、パーティクル対策の洗浄・クリーン包装まで行います。"
    ),
    batch_band="50-500",
    lead_days=8,
    processes=("electropolishing", "buffing", "deburring"),
    materials=("SUS304", "SUS316L", "SUS316", "純チタン 1種"),
    machines=(
        Machine("電解研磨槽", "3m 長尺対応", "electropolishing", None, 3000, 800, 1200, None),
    ),
    certs=(
        Cert("ISO 9001", "MSA-Q2214", "マネジメントシステム評価センター", "電解研磨", 600, 500),
        Cert("ISO 14001", "MSA-E2215", "マネジメントシステム評価センター", "電解研磨", 600, 500),
    ),
    circle="core",
    office="secretary",
    joined_on=dt.date(2004, 4, 1),
)

SANJO_BARREL = Member(
    houjin_body="110001070404",
    name="三条バレル工業株式会社",
    kana="さんじょうばれるこうぎょう",
    name_en="Sanjo Barrel Industry Co., Ltd.",
    prefecture="新潟県",
    address="三条市福島新田丁608",
    employees=15,
    capital_yen=10_000_000,
    profile=(
        "回転・振動・遠心バレルによる小物部品のバリ取りと光沢仕上げ。プレス品・切削品の"
        "エッジ処理を数万個単位で。"
    ),
    batch_band="5000+",
    lead_days=5,
    processes=("barrel_finishing", "deburring"),
    materials=("SS400", "SPCC", "SUS304", "C3604", "A2017"),
    machines=(
        Machine("遠心バレル機", "", "barrel_finishing", None, 400, 400, 400, None, 3),
        Machine("振動バレル機", "", "barrel_finishing", None, 1000, 1000, 600, None, 2),
    ),
    certs=(Cert("ISO 9001", "JICQA-7716", "日本検査キューエイ", "バレル研磨", 700, 380),),
    joined_on=dt.date(2006, 4, 1),
)

YAHIKO = Member(
    houjin_body="110002070505",
    name="株式会社弥彦ブラスト",
    kana="やひこぶらすと",
    name_en="Yahiko Blast Co., Ltd.",
    prefecture="新潟県",
    address="西蒲原郡弥彦村大字矢作1045",
    employees=9,
    capital_yen=5_000_000,
    profile=(
        "ガラスビーズ・アルミナ・ショットによるブラスト加工。梨地のサンプル作り、"
        "チタンやアルミの意匠仕上げ、塗装前処理に。"
    ),
    batch_band="50-500",
    lead_days=4,
    processes=("blasting", "deburring"),
    materials=("SUS304", "SS400", "A5052", "純チタン 2種", "Ti-6Al-4V"),
    machines=(Machine("ブラスト装置", "直圧式", "blasting", None, 1500, 1500, 1500, None),),
    certs=(Cert("EA21", "EA21-0011045", "地域事務局", "ブラスト加工", 400, 300),),
    joined_on=dt.date(2010, 10, 1),
)

BUNSUI = Member(
    houjin_body="110001070606",
    name="分水鏡面工房株式会社",
    kana="ぶんすいきょうめんこうぼう",
    name_en="Bunsui Mirror Works Co., Ltd.",
    prefecture="新潟県",
    address="燕市分水桜町二丁目3-21",
    employees=12,
    capital_yen=10_000_000,
    profile=(
        "金型・光学部品・真空部品の鏡面研磨とラッピング。SUS316LやC1100を"
        "面粗さRa0.01µmまで仕上げ、形状精度を崩さない研磨が得意です。"
    ),
    batch_band="0-50",
    lead_days=9,
    processes=("mirror_finishing", "lapping", "buffing"),
    materials=("SUS304", "SUS316L", "C1100", "A5052", "SKD11"),
    machines=(Machine("片面ラップ盤", "φ900", "lapping", None, 900, 900, None, 0.5),),
    certs=(Cert("ISO 9001", "JQ-9061", "日本品質保証協会", "鏡面研磨・ラッピング", 400, 700),),
    joined_on=dt.date(2008, 4, 1),
)

KAMO = Member(
    houjin_body="110001070707",
    name="株式会社加茂研磨製作所",
    kana="かもけんませいさくしょ",
    name_en="Kamo Polishing Works Co., Ltd.",
    prefecture="新潟県",
    address="加茂市大字下条甲2021",
    employees=20,
    capital_yen=10_000_000,
    profile=(
        "刃物・工具の研削と研磨。SK85やSUS420J2の刃付け、バフ仕上げ、平面研削まで"
        "一貫して対応します。"
    ),
    batch_band="500-5000",
    lead_days=10,
    processes=("buffing", "surface_grinding", "barrel_finishing", "deburring"),
    materials=("SK85", "SUS420J2", "SUS440C", "SUS430"),
    machines=(
        Machine("平面研削盤", "", "surface_grinding", 3, 500, 200, 300, 3),
        Machine("自動バフ研磨機", "刃物用", "buffing", 4, 600, 300, 200, None),
    ),
    certs=(Cert("ISO 9001", "JQA-QM3324", "日本品質保証機構", "刃物の研削・研磨", 500, 500),),
    joined_on=dt.date(2007, 4, 1),
)

TSUKIGATA = Member(
    houjin_body="150001070808",
    name="株式会社月潟ポリッシュ",
    kana="つきがたぽりっしゅ",
    name_en="Tsukigata Polish Co., Ltd.",
    prefecture="新潟県",
    address="新潟市南区月潟2750-1",
    employees=8,
    capital_yen=3_000_000,
    profile=(
        "電解研磨とバフ研磨の組み合わせで、ステンレス容器の内外面を仕上げます。"
        "エッチングによる銘板・目盛りの加工も。"
    ),
    batch_band="0-50",
    lead_days=8,
    processes=("electropolishing", "buffing", "chemical_etching"),
    materials=("SUS304", "SUS316L", "A1050"),
    machines=(Machine("電解研磨槽", "", "electropolishing", None, 1200, 600, 900, None),),
    joined_on=dt.date(2015, 4, 1),
)

SAKAEMACHI = Member(
    houjin_body="110001070909",
    name="栄町メタルフィニッシュ株式会社",
    kana="さかえまちめたるふぃにっしゅ",
    name_en="Sakaemachi Metal Finish Co., Ltd.",
    prefecture="新潟県",
    address="三条市大面120-6",
    employees=14,
    capital_yen=10_000_000,
    profile=(
        "バリ取り・バレル研磨・電解研磨を自動化ラインで。医療器具のエッジ処理、"
        "アルミ部品の光沢仕上げに実績があります。"
    ),
    batch_band="500-5000",
    lead_days=6,
    processes=("deburring", "barrel_finishing", "electropolishing"),
    materials=("SUS304", "SUS316", "A5052", "A6061"),
    machines=(Machine("自動バリ取り機", "ブラシ式", "deburring", 3, 800, 600, 200, None),),
    certs=(Cert("ISO 13485", "BSI-MD6520", "BSIグループジャパン", "医療器具部品の研磨", 300, 800),),
    joined_on=dt.date(2012, 4, 1),
)

KOIKE = Member(
    houjin_body="110002071010",
    name="有限会社小池ヘラ絞り研磨",
    kana="こいけへらしぼりけんま",
    name_en="Koike Spinning & Polishing Ltd.",
    prefecture="新潟県",
    address="燕市小池3540",
    employees=5,
    capital_yen=3_000_000,
    profile=(
        "へら絞りで成形したステンレス・銅の容器や照明カバーを、自社でバフ研磨まで仕上げます。"
        "1個からの試作に対応。"
    ),
    batch_band="0-50",
    lead_days=12,
    processes=("metal_spinning", "buffing", "mirror_finishing"),
    materials=("SUS304", "C1100", "A1100", "C2801"),
    machines=(Machine("へら絞り旋盤", "NCスピニング", "metal_spinning", 2, 600, None, 400, 100),),
    joined_on=dt.date(2018, 4, 1),
)

ECHIGO_MIGAKI = GroupSpec(
    slug="echigo-migaki",
    name="越後みがき連合",
    name_en="Echigo Polishing Syndicate",
    tagline="燕・三条の磨きの技を、ひとつの窓口から。",
    description=(
        "燕・三条を中心とする研磨・仕上げの10社の連合です。幹事会社が引き合いを受け、"
        "製品と仕上げに最も適した会員工場を選んで品質をとりまとめます。自社製品の"
        "ネット販売も行っています。"
    ),
    stage="development",
    contact_email="migaki@echigo-migaki.example",
    website="https://echigo-migaki.example",
    founded_on=dt.date(2003, 6, 1),
    reply_promise_hours=Decimal("8.00"),
    closures=(
        {"name": "お盆", "start": "08-13", "end": "08-16"},
        {"name": "年末年始", "start": "12-30", "end": "01-04"},
    ),
    members=(
        NAKANOKUCHI,
        YOSHIDA,
        SHINANOGAWA,
        SANJO_BARREL,
        YAHIKO,
        BUNSUI,
        KAMO,
        TSUKIGATA,
        SAKAEMACHI,
        KOIKE,
    ),
)
