"""常陸北部表面処理ネットワーク: a surface-treatment network shaped like NIPcom (seed l.2129–2175).

Plating, hard chrome, anodizing, painting and heat-treatment shops in the north of 茨城県 that
answer as one and hand buyers a catalogue written from the buyer's side. All fictional.
"""

import datetime as dt
from decimal import Decimal

from renkei.demo.data.schema import Cert, GroupSpec, Machine, Member

JUO = Member(
    houjin_body="050001080101",
    name="株式会社十王鍍金工業所",
    kana="じゅうおうめっきこうぎょうしょ",
    name_en="Juo Plating Works Co., Ltd.",
    prefecture="茨城県",
    address="日立市十王町友部東三丁目2-8",
    employees=41,
    capital_yen=25_000_000,
    profile=(
        "亜鉛・ニッケル・銅の電気めっきと無電解ニッケルめっき。SUS304や鉄鋼部品の"
        "防錆・導電用途に。ラック・バレル両方のラインを持ち、試作1個から量産まで。"
    ),
    batch_band="5000+",
    lead_days=5,
    processes=("electroplating", "electroless_nickel", "conversion_coating"),
    materials=("SPCC", "S45C", "SS400", "SUS304", "C2801", "A5052"),
    machines=(
        Machine("ラックめっきライン", "自動", "electroplating", None, 1800, 600, 1200, 2),
        Machine("バレルめっきライン", "", "electroplating", None, 600, 400, 400, 5),
    ),
    certs=(
        Cert("ISO 9001", "JQA-QM6610", "日本品質保証機構", "電気めっき・無電解めっき", 600, 500),
        Cert("ISO 14001", "JQA-EM6611", "日本品質保証機構", "電気めっき・無電解めっき", 600, 500),
    ),
    circle="core",
    office="leader",
    joined_on=dt.date(2005, 4, 1),
)

KITAIBARAKI = Member(
    houjin_body="050001080202",
    name="北茨城ハードクローム株式会社",
    kana="きたいばらきはーどくろーむ",
    name_en="Kita-Ibaraki Hard Chrome Co., Ltd.",
    prefecture="茨城県",
    address="北茨城市中郷町日棚1120",
    employees=18,
    capital_yen=10_000_000,
    profile=(
        "硬質クロムめっきと後加工の円筒研削。油圧シリンダのロッドや製紙ロールなど"
        "長尺物の再生・新作に対応します。"
    ),
    batch_band="0-50",
    lead_days=10,
    processes=("hard_chrome", "cylindrical_grinding", "electroplating"),
    materials=("S45C", "SCM440", "SUJ2", "SKD11", "SUS304"),
    machines=(
        Machine("硬質クロムめっき槽", "長尺 4m", "hard_chrome", None, 4000, 800, 1500, 10),
        Machine("円筒研削盤", "芯間3000", "cylindrical_grinding", 2, 3000, None, 300, 3),
    ),
    certs=(
        Cert("ISO 9001", "JSA-Q3340", "日本規格協会ソリューションズ", "硬質クロムめっき", 400, 650),
    ),
    circle="core",
    office="secretary",
    joined_on=dt.date(2005, 4, 1),
)

TAKAHAGI = Member(
    houjin_body="050001080303",
    name="高萩アルマイト工業株式会社",
    kana="たかはぎあるまいとこうぎょう",
    name_en="Takahagi Anodizing Co., Ltd.",
    prefecture="茨城県",
    address="高萩市上手綱2388-4",
    employees=23,
    capital_yen=12_000_000,
    profile=(
        "白・黒・カラーアルマイト、硬質アルマイト、化成処理。A7075やADC12のダイカスト品、"
        "半導体装置部品の処理実績が豊富です。"
    ),
    batch_band="500-5000",
    lead_days=6,
    processes=("anodizing", "conversion_coating"),
    materials=("A5052", "A6061", "A6063", "A7075", "A2017", "ADC12"),
    machines=(Machine("アルマイト処理槽", "硬質対応", "anodizing", None, 2500, 800, 1500, 5),),
    certs=(
        Cert(
            "ISO 9001", "MSA-Q8830", "マネジメントシステム評価センター", "アルマイト処理", 500, 550
        ),
        Cert("EA21", "EA21-0008831", "地域事務局", "アルマイト処理", 300, 400),
    ),
    joined_on=dt.date(2008, 4, 1),
)

HITACHIOTA = Member(
    houjin_body="050002080404",
    name="株式会社常陸太田塗装",
    kana="ひたちおおたとそう",
    name_en="Hitachi-Ota Coating Co., Ltd.",
    prefecture="茨城県",
    address="常陸太田市山下町1190-2",
    employees=16,
    capital_yen=10_000_000,
    profile=(
        "溶剤塗装・粉体塗装・カチオン電着塗装と前処理のブラスト。装置の外装板金や"
        "架台を色見本どおりに仕上げます。"
    ),
    batch_band="50-500",
    lead_days=7,
    processes=("painting", "blasting", "conversion_coating"),
    materials=("SS400", "SPCC", "SECC", "A5052", "SUS304"),
    machines=(
        Machine("塗装ブース", "乾燥炉付き", "painting", None, 4000, 3000, 2500, None),
        Machine("ショットブラスト機", "", "blasting", None, 1500, 1500, 1200, None),
    ),
    certs=(Cert("EA21", "EA21-0009120", "地域事務局", "金属塗装", 600, 200),),
    joined_on=dt.date(2010, 4, 1),
)

TAGA = Member(
    houjin_body="050001080505",
    name="多賀熱処理工業株式会社",
    kana="たがねつしょりこうぎょう",
    name_en="Taga Heat Treatment Co., Ltd.",
    prefecture="茨城県",
    address="日立市大みか町六丁目5-3",
    employees=37,
    capital_yen=30_000_000,
    profile=(
        "真空熱処理・浸炭・窒化・高周波焼入れ。航空機部品の熱処理でJIS Q 9100を取得。"
        "SKD11の焼入れ焼戻しから硬度測定・成績書発行まで。"
    ),
    batch_band="500-5000",
    lead_days=5,
    processes=(
        "quench_temper",
        "vacuum_heat_treatment",
        "carburizing",
        "nitriding",
        "induction_hardening",
    ),
    materials=("S45C", "SCM415", "SCM440", "SKD11", "SKD61", "SUJ2", "SUS440C"),
    machines=(
        Machine("真空熱処理炉", "横型 2bar", "vacuum_heat_treatment", None, 900, 600, 600, None),
        Machine("ガス浸炭炉", "", "carburizing", None, 1200, 760, 760, None),
    ),
    certs=(
        Cert("JIS Q 9100", "JQA-AS0207", "日本品質保証機構", "航空機部品の熱処理", 250, 850),
        Cert("ISO 9001", "JQA-QM0207", "日本品質保証機構", "金属熱処理", 900, 250),
    ),
    circle="core",
    office="secretary",
    joined_on=dt.date(2005, 4, 1),
)

NAKA = Member(
    houjin_body="050001080606",
    name="株式会社那珂ケミカルコート",
    kana="なかけみかるこーと",
    name_en="Naka Chemical Coat Inc.",
    prefecture="茨城県",
    address="那珂市向山1303",
    employees=12,
    capital_yen=8_000_000,
    profile=(
        "無電解ニッケルめっきとDLCコーティング。金型・摺動部品の耐摩耗、"
        "精密部品の均一膜厚に。膜厚測定・成績書に対応します。"
    ),
    batch_band="50-500",
    lead_days=8,
    processes=("electroless_nickel", "pvd_cvd_dlc"),
    materials=("SUS304", "SKD11", "A5052", "C1100", "S45C"),
    machines=(
        Machine("無電解ニッケルめっき槽", "", "electroless_nickel", None, 1200, 600, 800, 2),
        Machine("DLCコーティング装置", "PVD", "pvd_cvd_dlc", None, 600, 600, 700, 1),
    ),
    certs=(Cert("ISO 9001", "LRQA-1020", "ロイドレジスター", "表面処理", 350, 700),),
    joined_on=dt.date(2012, 4, 1),
)

TOKAI = Member(
    houjin_body="050001080707",
    name="東海溶射テクノ株式会社",
    kana="とうかいようしゃてくの",
    name_en="Tokai Thermal Spray Techno Co., Ltd.",
    prefecture="茨城県",
    address="那珂郡東海村村松宇留野2004",
    employees=21,
    capital_yen=15_000_000,
    profile=(
        "プラズマ溶射・HVOF溶射によるセラミックス・超硬皮膜。アルミナ、ジルコニアの"
        "絶縁・遮熱コーティング、インコネル部品の補修に。"
    ),
    batch_band="0-50",
    lead_days=12,
    processes=("thermal_spray", "blasting"),
    materials=("SS400", "SUS316", "Inconel 718", "alumina", "zirconia"),
    machines=(
        Machine("プラズマ溶射装置", "ロボット", "thermal_spray", 6, 2000, 1500, 1500, 20),
        Machine("サンドブラスト装置", "", "blasting", None, 2000, 1500, 1500, None),
    ),
    certs=(Cert("ISO 9001", "JICQA-4410", "日本検査キューエイ", "溶射皮膜の形成", 400, 600),),
    joined_on=dt.date(2014, 4, 1),
)

KUJIGAWA = Member(
    houjin_body="050003080808",
    name="株式会社久慈川電研",
    kana="くじがわでんけん",
    name_en="Kujigawa Denken Co., Ltd.",
    prefecture="茨城県",
    address="常陸大宮市工業団地1-4",
    employees=29,
    capital_yen=20_000_000,
    profile=(
        "電子部品向けの金・銀・錫めっき。C5191やC1020の端子・バスバーの部分めっき、"
        "はんだ付け性の評価まで対応します。"
    ),
    batch_band="5000+",
    lead_days=7,
    processes=("electroplating", "soldering"),
    materials=("C1020", "C1100", "C5191", "C2801", "A1050"),
    machines=(
        Machine("フープめっきライン", "部分めっき", "electroplating", None, 300, 100, None, 3),
    ),
    certs=(
        Cert("ISO 9001", "JSA-Q1215", "日本規格協会ソリューションズ", "貴金属めっき", 500, 500),
        Cert("ISO 14001", "JSA-E1216", "日本規格協会ソリューションズ", "貴金属めっき", 500, 500),
    ),
    joined_on=dt.date(2016, 4, 1),
)

HITACHI_NORTH = GroupSpec(
    slug="hitachi-hyomen",
    name="常陸北部表面処理ネットワーク",
    name_en="North Hitachi Surface Treatment Network",
    tagline="めっき・アルマイト・塗装・熱処理を、ひとつの窓口で。",
    description=(
        "茨城県北部の表面処理・熱処理の8社が、発注者の目線でまとめた技術カタログを手に"
        "共同で受注しています。前処理から後加工までを会員間でつなぎ、一括でお引き受けします。"
    ),
    stage="business",
    contact_email="info@hitachi-hyomen.example",
    website="https://hitachi-hyomen.example",
    founded_on=dt.date(2005, 4, 1),
    reply_promise_hours=Decimal("4.00"),
    closures=(
        {"name": "お盆", "start": "08-13", "end": "08-15"},
        {"name": "年末年始", "start": "12-29", "end": "01-04"},
    ),
    members=(JUO, KITAIBARAKI, TAKAHAGI, HITACHIOTA, TAGA, NAKA, TOKAI, KUJIGAWA),
)
