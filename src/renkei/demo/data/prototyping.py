"""洛南試作ネットワーク: a metal prototyping network shaped like 京都試作ネット (seed l.4339–4440).

One window for many trades, an answer within two business hours, members in the south of Kyoto
and around it. Every company here is fictional; 法人番号 bodies are made up and get a valid check
digit when loaded.
"""

import datetime as dt
from decimal import Decimal

from renkei.demo.data.schema import Cert, GroupSpec, Machine, Member

FUSHIMI = Member(
    houjin_body="130001090101",
    name="株式会社伏見精機製作所",
    kana="ふしみせいきせいさくしょ",
    name_en="Fushimi Seiki Works Co., Ltd.",
    prefecture="京都府",
    address="京都市伏見区竹田向代町12-3",
    employees=48,
    capital_yen=30_000_000,
    profile=(
        "航空機・医療機器向けの5軸加工を得意とする試作工場です。A7075やチタン合金の薄肉形状、"
        "図面化から三次元測定まで一貫して対応します。試作1個から、納期相談歓迎。"
    ),
    batch_band="0-50",
    lead_days=7,
    url="https://fushimi-seiki.example",
    processes=("five_axis", "machining_center", "turning", "design_dfm", "cmm_inspection"),
    materials=("A7075", "A5052", "A6061", "SUS304", "Ti-6Al-4V", "Inconel 718"),
    machines=(
        Machine("5軸マシニングセンタ", "立形・傾斜ロータリ", "five_axis", 5, 650, 550, 500, 3),
        Machine("立形マシニングセンタ", "BT40", "machining_center", 3, 1020, 520, 510, 5, 2),
        Machine("三次元測定機", "ブリッジ形", "cmm_inspection", None, 700, 1000, 600, 1.8),
    ),
    certs=(
        Cert("JIS Q 9100", "JQ-2231", "日本品質保証協会", "航空機部品の切削加工", 500, 600),
        Cert("ISO 9001", "JQ-0912", "日本品質保証協会", "精密機械部品の設計・製造", 900, 300),
    ),
    circle="core",
    office="leader",
    joined_on=dt.date(2001, 7, 1),
)

KATSURAGAWA = Member(
    houjin_body="130001090202",
    name="桂川精工株式会社",
    kana="かつらがわせいこう",
    name_en="Katsuragawa Seiko Co., Ltd.",
    prefecture="京都府",
    address="京都市右京区西京極豆田町5-18",
    employees=22,
    capital_yen=10_000_000,
    profile=(
        "マシニングセンタと5軸加工機によるアルミ・樹脂部品の試作。装置部品や治具を短納期で。"
        "A7075の精密ブロック、POMの絶縁部品など多品種少量が得意です。"
    ),
    batch_band="0-50",
    lead_days=5,
    url="https://katsuragawa-seiko.example",
    processes=("machining_center", "five_axis", "milling", "drilling", "jig_fixture"),
    materials=("A7075", "A6061", "A5052", "S45C", "SUS304", "POM", "PEEK"),
    machines=(
        Machine("立形マシニングセンタ", "BT30 高速", "machining_center", 3, 800, 450, 400, 5),
        Machine("5軸マシニングセンタ", "トラニオン形", "five_axis", 5, 500, 400, 350, 4),
    ),
    certs=(
        Cert(
            "ISO 9001",
            "JSA-Q7781",
            "日本規格協会ソリューションズ",
            "金属・樹脂部品の切削",
            400,
            700,
        ),
    ),
    circle="core",
    office="secretary",
    joined_on=dt.date(2003, 4, 1),
)

TOBA = Member(
    houjin_body="130002090303",
    name="有限会社鳥羽旋盤工業",
    kana="とばせんばんこうぎょう",
    name_en="Toba Lathe Industry Ltd.",
    prefecture="京都府",
    address="京都市南区上鳥羽塔ノ森8-2",
    employees=9,
    capital_yen=3_000_000,
    profile=(
        "CNC旋盤と自動盤による丸物加工。真鍮C3604の精密ピン、SUS303のシャフトなど"
        "試作から数千個のロットまで対応。深穴加工もご相談ください。"
    ),
    batch_band="500-5000",
    lead_days=10,
    processes=("turning", "swiss_turning", "drilling"),
    materials=("C3604", "SUS303", "SUS304", "S45C", "SUM24L", "A2011"),
    machines=(
        Machine("CNC旋盤", "8インチチャック", "turning", 2, 210, None, 520, 5, 3),
        Machine("スイス型自動盤", "φ20", "swiss_turning", 5, 20, None, 320, 3, 2),
    ),
    # The one certificate the demo keeps expired: the directory must show it and not count it.
    certs=(Cert("ISO 9001", "BV-55102", "ビューローベリタス", "旋削部品", 1500, -45),),
    joined_on=dt.date(2006, 10, 1),
)

KUMIYAMA = Member(
    houjin_body="130001090404",
    name="株式会社久御山板金",
    kana="くみやまばんきん",
    name_en="Kumiyama Sheet Metal Co., Ltd.",
    prefecture="京都府",
    address="久世郡久御山町佐山新開地70-1",
    employees=35,
    capital_yen=20_000_000,
    profile=(
        "ファイバーレーザとベンダーによる精密板金。装置カバー、筐体、SUS製缶品まで。"
        "3次元CADで展開図を起こし、1台から製作します。"
    ),
    batch_band="50-500",
    lead_days=8,
    processes=(
        "laser_cutting",
        "turret_punching",
        "press_brake_bending",
        "can_fabrication",
        "tig_welding",
    ),
    materials=("SPCC", "SECC", "SS400", "SUS304", "SUS430", "A5052"),
    machines=(
        Machine("ファイバーレーザ加工機", "4kW", "laser_cutting", 2, 3070, 1550, None, 100),
        Machine("プレスブレーキ", "130t 3m", "press_brake_bending", None, 3100, None, None, 200),
    ),
    certs=(
        Cert("ISO 9001", "JQA-QMA1204", "日本品質保証機構", "板金加工品の製造", 800, 500),
        Cert("ISO 14001", "JQA-EM3391", "日本品質保証機構", "板金加工品の製造", 800, 500),
    ),
    circle="core",
    office="secretary",
    joined_on=dt.date(2001, 7, 1),
)

UJI = Member(
    houjin_body="130001090505",
    name="宇治溶接工業株式会社",
    kana="うじようせつこうぎょう",
    name_en="Uji Welding Industry Co., Ltd.",
    prefecture="京都府",
    address="宇治市槇島町目川14",
    employees=17,
    capital_yen=10_000_000,
    profile=(
        "ステンレスとアルミのTIG溶接、レーザ溶接。SUS316Lの配管・タンク、真空チャンバの"
        "溶接構造物を得意とします。ひずみ取りから仕上げまで。"
    ),
    batch_band="0-50",
    lead_days=12,
    processes=("tig_welding", "laser_welding", "mig_mag_welding", "can_fabrication"),
    materials=("SUS304", "SUS316L", "SS400", "A5052", "A6063"),
    machines=(
        Machine("TIG溶接機", "300A 交直両用", "tig_welding", None, 2000, 1200, None, 500, 4),
        Machine("ファイバーレーザ溶接機", "ロボット", "laser_welding", 6, 1500, 800, 600, 100),
    ),
    certs=(
        Cert(
            "技能士",
            "WES-TN-P2",
            "日本溶接協会",
            "ステンレス鋼溶接技能者 (JIS Z 3821)",
            300,
            700,
        ),
        Cert("ISO 9001", "MSA-Q5520", "マネジメントシステム評価センター", "溶接構造物", 600, 450),
    ),
    joined_on=dt.date(2009, 4, 1),
)

RAKUSAI = Member(
    houjin_body="130001090606",
    name="株式会社洛西放電加工",
    kana="らくさいほうでんかこう",
    name_en="Rakusai EDM Co., Ltd.",
    prefecture="京都府",
    address="京都市西京区大枝西長町3-70",
    employees=14,
    capital_yen=10_000_000,
    profile=(
        "ワイヤ放電と形彫り放電による金型部品・精密部品。SKD11の焼入れ材や超硬の"
        "微細形状を±0.002mmで仕上げます。細穴放電でのスタート穴加工も。"
    ),
    batch_band="0-50",
    lead_days=6,
    processes=("wire_edm", "sinker_edm", "small_hole_edm", "surface_grinding"),
    materials=("SKD11", "SKD61", "超硬", "SUS440C", "C1100"),
    machines=(
        Machine("ワイヤ放電加工機", "φ0.1〜0.3", "wire_edm", 5, 600, 400, 350, 2, 3),
        Machine("形彫り放電加工機", "", "sinker_edm", 3, 450, 350, 300, 3),
    ),
    certs=(Cert("ISO 9001", "JQ-1876", "日本品質保証協会", "放電加工部品", 200, 900),),
    circle="core",
    office="member",
    joined_on=dt.date(2004, 4, 1),
)

MUKO = Member(
    houjin_body="130001090707",
    name="向日研削株式会社",
    kana="むこうけんさく",
    name_en="Muko Grinding Co., Ltd.",
    prefecture="京都府",
    address="向日市鶏冠井町山畑21",
    employees=26,
    capital_yen=20_000_000,
    profile=(
        "平面研削・円筒研削・ラッピングで±0.001mmの精度を出す研削専門工場。"
        "航空機用シャフトや金型プレートの仕上げに実績があります。"
    ),
    batch_band="0-50",
    lead_days=7,
    processes=("surface_grinding", "cylindrical_grinding", "centerless_grinding", "lapping"),
    materials=("SKD11", "SUJ2", "SCM435", "S45C", "SUS440C", "超硬"),
    machines=(
        Machine("平面研削盤", "600×300", "surface_grinding", 3, 600, 300, 350, 1),
        Machine("円筒研削盤", "芯間1000", "cylindrical_grinding", 2, 1000, None, 160, 1),
        Machine("ラップ盤", "両面", "lapping", None, 610, 610, None, 0.5),
    ),
    certs=(
        Cert("JIS Q 9100", "JQ-AS0411", "日本品質保証協会", "航空機部品の研削加工", 300, 800),
        Cert("ISO 9001", "JQ-0411", "日本品質保証協会", "精密研削加工", 1000, 200),
    ),
    circle="core",
    office="secretary",
    joined_on=dt.date(2001, 7, 1),
)

NAGAOKAKYO = Member(
    houjin_body="130001090808",
    name="株式会社長岡京計測センター",
    kana="ながおかきょうけいそくせんたー",
    name_en="Nagaokakyo Metrology Center Inc.",
    prefecture="京都府",
    address="長岡京市神足二丁目4-9",
    employees=11,
    capital_yen=5_000_000,
    profile=(
        "三次元測定機と非破壊検査による受託測定。検査成績書・初品検査報告書の作成、"
        "CADデータとの比較測定に対応します。"
    ),
    batch_band="0-50",
    lead_days=3,
    processes=("cmm_inspection", "ndt", "design_dfm"),
    materials=("A7075", "SUS304", "Ti-6Al-4V", "FC250"),
    machines=(
        Machine("三次元測定機", "1200×1000×800", "cmm_inspection", None, 1200, 1000, 800, 1.5),
        Machine("X線CT装置", "", "ndt", None, 300, 300, 400, 10),
    ),
    certs=(Cert("ISO 9001", "JSA-Q8812", "日本規格協会ソリューションズ", "受託測定", 500, 600),),
    joined_on=dt.date(2015, 4, 1),
)

DESIGNLAB = Member(
    houjin_body="130003090909",
    name="合同会社デザインラボ京都南",
    kana="でざいんらぼきょうとみなみ",
    name_en="Design Lab Kyoto-Minami LLC",
    prefecture="大阪府",
    address="枚方市津田北町二丁目25-1",
    employees=6,
    capital_yen=3_000_000,
    profile=(
        "設計・図面化と光造形・真空注型による樹脂試作。構想スケッチから量産設計への"
        "橋渡し、DFMレビューを行います。"
    ),
    batch_band="0-50",
    lead_days=4,
    processes=("design_dfm", "sla", "fdm", "vacuum_casting"),
    materials=("ABS", "PC", "PMMA", "PP"),
    machines=(
        Machine("光造形機", "", "sla", None, 300, 335, 200, 50),
        Machine("真空注型機", "", "vacuum_casting", None, 900, 700, 700, 100),
    ),
    certs=(Cert("EA21", "EA21-0004412", "地域事務局", "樹脂試作・設計", 200, 500),),
    joined_on=dt.date(2019, 4, 1),
)

KAMEOKA = Member(
    houjin_body="130001091010",
    name="株式会社亀岡プレス工業",
    kana="かめおかぷれすこうぎょう",
    name_en="Kameoka Press Industry Co., Ltd.",
    prefecture="京都府",
    address="亀岡市大井町南金岐西浦20",
    employees=63,
    capital_yen=48_000_000,
    profile=(
        "自動車・家電向けのプレス打抜き、順送、深絞り。プレス金型を自社で設計製作し、"
        "試作型から量産まで一貫して対応します。"
    ),
    batch_band="5000+",
    lead_days=20,
    processes=("press_stamping", "deep_drawing", "press_die"),
    materials=("SPCC", "SPHC", "SUS430", "SUS304", "C2801", "A1100"),
    machines=(
        Machine("サーボプレス", "200t", "press_stamping", None, 1500, 800, None, 20, 2),
        Machine("順送プレス", "110t", "press_stamping", None, 1200, 700, None, 20, 3),
    ),
    certs=(
        Cert("IATF 16949", "BV-IATF-0331", "ビューローベリタス", "プレス部品の製造", 400, 700),
        Cert("ISO 14001", "BV-E-2200", "ビューローベリタス", "プレス部品の製造", 400, 700),
    ),
    joined_on=dt.date(2011, 4, 1),
)

OTSU = Member(
    houjin_body="160001091111",
    name="株式会社大津マイクロ精工",
    kana="おおつまいくろせいこう",
    name_en="Otsu Micro Seiko Co., Ltd.",
    prefecture="滋賀県",
    address="大津市月輪一丁目11-6",
    employees=19,
    capital_yen=10_000_000,
    profile=(
        "医療機器・光学部品向けの微細加工。φ0.1mmの穴あけ、PEEKやSUS303の"
        "小物部品を自動盤とマイクロマシニングで。"
    ),
    batch_band="50-500",
    lead_days=9,
    processes=("micro_machining", "swiss_turning", "machining_center", "drilling"),
    materials=("SUS303", "SUS316", "C3604", "A2017", "PEEK", "純チタン 2種"),
    machines=(
        Machine("微細加工機", "高速主軸 60000min-1", "micro_machining", 3, 200, 200, 100, 1),
        Machine("スイス型自動盤", "φ12", "swiss_turning", 5, 12, None, 200, 2),
    ),
    certs=(Cert("ISO 13485", "SGS-MD1180", "SGSジャパン", "医療機器部品の製造", 300, 800),),
    joined_on=dt.date(2017, 10, 1),
)

YAMASHINA = Member(
    houjin_body="130002091212",
    name="株式会社山科ギヤー",
    kana="やましなぎやー",
    name_en="Yamashina Gear Co., Ltd.",
    prefecture="京都府",
    address="京都市山科区東野北井ノ上町6-12",
    employees=15,
    capital_yen=10_000_000,
    profile=(
        "歯切りと旋削による歯車の試作・小ロット生産。平歯車、はすば歯車、ウォームまで。"
        "焼入れ後の研削は会員企業と連携します。"
    ),
    batch_band="50-500",
    lead_days=14,
    processes=("gear_cutting", "turning", "milling"),
    materials=("S45C", "SCM415", "SCM440", "C3604", "POM"),
    machines=(
        Machine("ホブ盤", "モジュール0.5〜4", "gear_cutting", 4, 300, None, 250, 5),
        Machine("NC旋盤", "", "turning", 2, 260, None, 600, 8),
    ),
    certs=(Cert("ISO 9001", "JQA-QM9922", "日本品質保証機構", "歯車の製造", 700, 350),),
    joined_on=dt.date(2013, 4, 1),
)

RAKUNAN = GroupSpec(
    slug="rakunan-shisaku",
    name="洛南試作ネットワーク",
    name_en="Rakunan Prototyping Network",
    tagline="試作のご相談に、2時間以内にお返事します。",
    description=(
        "京都南部の中小製造業12社による試作の共同受注グループです。切削・板金・溶接・放電・"
        "研削・測定・設計の各社が一つの窓口で引き合いを受け、最適な組み合わせで試作品を"
        "お届けします。2001年の発足以来、事務局が案件の振り分けと進捗をとりまとめています。"
    ),
    stage="product",
    contact_email="office@rakunan-shisaku.example",
    website="https://rakunan-shisaku.example",
    founded_on=dt.date(2001, 7, 1),
    reply_promise_hours=Decimal("2.00"),
    closures=(
        {"name": "お盆", "start": "08-13", "end": "08-16"},
        {"name": "年末年始", "start": "12-29", "end": "01-03"},
    ),
    members=(
        FUSHIMI,
        KATSURAGAWA,
        TOBA,
        KUMIYAMA,
        UJI,
        RAKUSAI,
        MUKO,
        NAGAOKAKYO,
        DESIGNLAB,
        KAMEOKA,
        OTSU,
        YAMASHINA,
    ),
)
