"""Weights and templates that make the benchmark's fictional companies look like real 町工場.

Pure data. The shapes follow public statistics loosely: manufacturing establishments concentrate in
愛知・大阪・埼玉・東京・静岡 (工業統計), machining and sheet metal are the commonest trades, 5軸 is
rarer than turning, aerospace (JIS Q 9100) certificates are rare and ISO 9001 is common.
"""

# Prefecture → (weight, cities). Weights are roughly proportional to manufacturing establishments.
PREFECTURES: dict[str, tuple[float, tuple[str, ...]]] = {
    "北海道": (3.0, ("札幌市", "苫小牧市")), "青森県": (0.8, ("八戸市", "青森市")),
    "岩手県": (1.2, ("北上市", "花巻市")), "宮城県": (2.0, ("仙台市", "大崎市")),
    "秋田県": (1.0, ("秋田市", "横手市")), "山形県": (2.0, ("山形市", "米沢市")),
    "福島県": (3.0, ("郡山市", "いわき市")), "茨城県": (4.0, ("日立市", "つくば市")),
    "栃木県": (3.0, ("宇都宮市", "小山市")), "群馬県": (4.0, ("太田市", "高崎市")),
    "埼玉県": (9.0, ("川口市", "さいたま市", "八潮市")), "千葉県": (3.0, ("千葉市", "市原市")),
    "東京都": (9.0, ("大田区", "墨田区", "葛飾区", "板橋区")),
    "神奈川県": (7.0, ("横浜市", "川崎市", "相模原市")),
    "新潟県": (5.0, ("燕市", "三条市", "長岡市")), "富山県": (2.0, ("高岡市", "富山市")),
    "石川県": (2.0, ("金沢市", "小松市")), "福井県": (2.0, ("鯖江市", "福井市")),
    "山梨県": (1.5, ("甲府市", "南アルプス市")), "長野県": (5.0, ("諏訪市", "岡谷市", "上田市")),
    "岐阜県": (5.0, ("関市", "大垣市", "各務原市")),
    "静岡県": (8.0, ("浜松市", "静岡市", "富士市")),
    "愛知県": (15.0, ("名古屋市", "豊田市", "刈谷市", "一宮市")),
    "三重県": (3.0, ("四日市市", "鈴鹿市")), "滋賀県": (3.0, ("草津市", "東近江市")),
    "京都府": (4.0, ("京都市", "宇治市")),
    "大阪府": (14.0, ("東大阪市", "大阪市", "八尾市", "堺市")),
    "兵庫県": (7.0, ("神戸市", "尼崎市", "姫路市")), "奈良県": (2.0, ("大和郡山市", "奈良市")),
    "和歌山県": (1.0, ("和歌山市", "海南市")), "鳥取県": (0.6, ("鳥取市", "米子市")),
    "島根県": (0.7, ("松江市", "出雲市")), "岡山県": (3.0, ("岡山市", "倉敷市")),
    "広島県": (4.0, ("広島市", "福山市", "呉市")), "山口県": (1.5, ("下関市", "周南市")),
    "徳島県": (1.0, ("徳島市", "阿南市")), "香川県": (1.5, ("高松市", "丸亀市")),
    "愛媛県": (1.5, ("松山市", "今治市")), "高知県": (0.5, ("高知市", "南国市")),
    "福岡県": (4.0, ("北九州市", "福岡市")), "佐賀県": (1.0, ("佐賀市", "鳥栖市")),
    "長崎県": (1.0, ("長崎市", "佐世保市")), "熊本県": (1.5, ("熊本市", "菊池市")),
    "大分県": (1.0, ("大分市", "中津市")), "宮崎県": (0.7, ("宮崎市", "延岡市")),
    "鹿児島県": (1.0, ("鹿児島市", "霧島市")), "沖縄県": (0.4, ("うるま市", "那覇市")),
}  # fmt: skip

TOWNS = ("工業団地", "本町", "新町", "中央", "東町", "西町", "南町", "北町", "栄町", "緑町", "港町")

# The trade a company is known for (its main process category) and how common it is.
CATEGORY_WEIGHTS = {
    "machining": 34.0, "sheet_metal": 12.0, "surface_treatment": 9.0, "joining": 7.0,
    "grinding": 6.0, "forming": 6.0, "polishing": 5.0, "nontraditional": 5.0, "polymer_am": 5.0,
    "tooling_assembly_qa": 5.0, "heat_treatment": 3.5, "casting": 2.5,
}  # fmt: skip

# Popularity of a process within its category; unlisted processes weigh 1.
PROCESS_WEIGHTS = {
    "turning": 10.0, "machining_center": 10.0, "milling": 6.0, "drilling": 4.0,
    "swiss_turning": 3.0, "five_axis": 2.0, "gear_cutting": 1.0, "micro_machining": 0.7,
    "laser_cutting": 6.0, "press_brake_bending": 6.0, "turret_punching": 3.0, "shearing": 3.0,
    "can_fabrication": 3.0, "waterjet_cutting": 0.6, "electroplating": 6.0, "anodizing": 4.0,
    "painting": 5.0, "electroless_nickel": 3.0, "hard_chrome": 1.5, "conversion_coating": 2.0,
    "thermal_spray": 0.6, "pvd_cvd_dlc": 0.6, "tig_welding": 8.0, "mig_mag_welding": 6.0,
    "laser_welding": 1.5, "resistance_welding": 2.0, "brazing": 1.0, "soldering": 1.5,
    "friction_stir_welding": 0.3, "surface_grinding": 6.0, "cylindrical_grinding": 4.0,
    "centerless_grinding": 2.0, "lapping": 1.5, "honing": 0.8, "superfinishing": 0.5,
    "press_stamping": 8.0, "deep_drawing": 2.0, "forging": 2.0, "metal_spinning": 1.0,
    "thread_rolling": 1.0, "buffing": 6.0, "barrel_finishing": 3.0, "deburring": 5.0,
    "blasting": 3.0, "mirror_finishing": 1.5, "electropolishing": 1.0, "wire_edm": 5.0,
    "sinker_edm": 3.0, "small_hole_edm": 1.0, "laser_machining": 2.0, "chemical_etching": 0.8,
    "injection_molding": 6.0, "vacuum_casting": 1.0, "fdm": 1.5, "sla": 1.0, "sls": 0.4,
    "metal_am": 0.3, "frp_cfrp": 0.8, "jig_fixture": 4.0, "mechanical_assembly": 4.0,
    "press_die": 2.0, "injection_mold": 2.0, "design_dfm": 2.0, "cmm_inspection": 1.5,
    "pcb_assembly": 2.0, "ndt": 0.5, "quench_temper": 5.0, "induction_hardening": 2.0,
    "carburizing": 2.0, "nitriding": 2.0, "annealing": 1.5, "vacuum_heat_treatment": 1.0,
    "aging": 0.5, "die_casting": 3.0, "sand_casting": 3.0, "investment_casting": 1.0,
    "permanent_mold_casting": 1.0, "powder_metallurgy": 0.5,
}  # fmt: skip

# Materials a trade typically works, with weights; symbols are the taxonomy's.
MATERIALS_BY_CATEGORY: dict[str, dict[str, float]] = {
    "machining": {
        "SUS304": 9, "A5052": 8, "S45C": 8, "SS400": 6, "A6061": 5, "SUS303": 5, "C3604": 5,
        "A7075": 4, "A2017": 4, "SCM440": 3, "SUS316": 3, "SKD11": 3, "POM": 3, "MCナイロン": 2,
        "C1100": 2, "SUS316L": 2, "PEEK": 1, "Ti-6Al-4V": 0.8, "Inconel 718": 0.4, "超硬": 0.5,
    },
    "sheet_metal": {
        "SPCC": 9, "SUS304": 9, "SS400": 8, "A5052": 6, "SECC": 5, "SPHC": 4, "SUS430": 4,
        "SUS316L": 2, "A1100": 2, "C1100": 1,
    },
    "surface_treatment": {
        "SUS304": 6, "SPCC": 6, "A5052": 6, "S45C": 5, "SS400": 5, "A6061": 4, "ADC12": 3,
        "C2801": 3, "A7075": 2, "C1100": 2, "SKD11": 1,
    },
    "joining": {
        "SS400": 9, "SUS304": 9, "SPCC": 5, "A5052": 5, "SUS316L": 3, "A6063": 2, "C1100": 1,
    },
    "grinding": {
        "SKD11": 8, "S45C": 7, "SUJ2": 6, "SCM435": 4, "SUS440C": 3, "SUS304": 4, "超硬": 2,
        "SKD61": 2,
    },
    "forming": {
        "SPCC": 8, "SUS304": 6, "SPHC": 5, "S45C": 3, "SUS430": 3, "C2801": 3, "A1100": 3,
        "C5191": 2, "SCM435": 2,
    },
    "polishing": {
        "SUS304": 10, "SUS430": 5, "SUS316L": 4, "C2801": 3, "A1100": 3, "A5052": 3,
        "純チタン 2種": 1,
    },
    "nontraditional": {
        "SKD11": 9, "SKD61": 5, "SUS304": 4, "超硬": 4, "S45C": 3, "C1100": 2, "SUS440C": 2,
    },
    "polymer_am": {
        "ABS": 6, "PP": 5, "PC": 4, "POM": 4, "PA66": 3, "PMMA": 3, "PEEK": 1, "PPS": 1, "CFRP": 1,
    },
    "tooling_assembly_qa": {
        "S45C": 6, "SS400": 5, "SKD11": 5, "A5052": 5, "SUS304": 5, "SKD61": 3, "FR-4": 2,
    },
    "heat_treatment": {
        "S45C": 8, "SCM440": 6, "SCM415": 5, "SKD11": 5, "SUJ2": 4, "SKD61": 3, "SUS440C": 2,
        "SK85": 2,
    },
    "casting": {"FC250": 6, "FCD450": 5, "ADC12": 5, "AC4C": 4, "CAC406": 2},
}  # fmt: skip

# A machine per process: kind, maker/model, axes, X, Y, Z travel ranges (mm) and the best
# tolerance range (µm); None where the figure does not apply. Kinds are unique per template.
Range = tuple[float, float] | None
MachineTemplate = tuple[str, str, int | None, Range, Range, Range, Range]
MACHINES: dict[str, MachineTemplate] = {
    "turning": ("CNC旋盤", "8インチ", 2, (150, 450), None, (300, 1500), (3, 20)),
    "swiss_turning": ("スイス型自動盤", "φ20", 5, (12, 38), None, (150, 320), (2, 10)),
    "milling": ("フライス盤", "", 3, (500, 1200), (250, 500), (300, 500), (10, 30)),
    "machining_center": (
        "立形マシニングセンタ", "BT40", 3, (500, 2000), (400, 800), (400, 700), (3, 15),
    ),
    "five_axis": ("5軸マシニングセンタ", "", 5, (300, 1200), (300, 900), (300, 700), (2, 10)),
    "drilling": ("深穴ボール盤", "", 3, (300, 1000), (300, 600), (500, 1500), (20, 50)),
    "gear_cutting": ("ホブ盤", "", 4, (150, 600), None, (200, 500), (5, 15)),
    "micro_machining": ("微細加工機", "", 3, (100, 300), (100, 300), (100, 200), (0.5, 3)),
    "surface_grinding": ("平面研削盤", "", 3, (400, 1500), (200, 600), (300, 500), (1, 5)),
    "cylindrical_grinding": ("円筒研削盤", "", 2, (300, 2000), None, (100, 350), (1, 5)),
    "centerless_grinding": ("心無し研削盤", "", 2, (100, 300), None, (50, 200), (1, 3)),
    "lapping": ("ラップ盤", "", None, (300, 1000), (300, 1000), None, (0.3, 2)),
    "wire_edm": ("ワイヤ放電加工機", "", 5, (300, 800), (250, 600), (200, 400), (1, 5)),
    "sinker_edm": ("形彫り放電加工機", "", 3, (300, 800), (250, 500), (250, 400), (2, 8)),
    "small_hole_edm": ("細穴放電加工機", "", 3, (300, 500), (200, 400), (200, 400), (5, 20)),
    "laser_machining": ("レーザマーカ", "", 2, (100, 300), (100, 300), None, (10, 50)),
    "laser_cutting": ("ファイバーレーザ加工機", "", 2, (2500, 4000), (1250, 2000), None, (50, 150)),
    "turret_punching": ("タレットパンチプレス", "", 2, (1250, 2500), (1250, 1500), None, (50, 150)),
    "press_brake_bending": ("プレスブレーキ", "", None, (1000, 4000), None, None, (100, 300)),
    "shearing": ("シャーリング", "", None, (1250, 4000), None, None, (100, 300)),
    "can_fabrication": ("製缶定盤", "", None, (2000, 6000), (1500, 3000), None, (500, 1000)),
    "tig_welding": ("TIG溶接機", "300A", None, (1000, 3000), (800, 1500), None, (200, 500)),
    "mig_mag_welding": ("半自動溶接機", "350A", None, (1000, 4000), (800, 2000), None, (300, 800)),
    "laser_welding": ("レーザ溶接機", "", 6, (800, 2000), (500, 1200), (400, 800), (50, 150)),
    "press_stamping": ("プレス機", "", None, (800, 2500), (500, 1200), None, (10, 50)),
    "deep_drawing": ("油圧プレス", "", None, (800, 2000), (600, 1200), (300, 800), (20, 80)),
    "forging": ("鍛造プレス", "", None, (600, 1500), (500, 1000), None, (200, 500)),
    "injection_molding": ("射出成形機", "", None, (300, 1200), (300, 1000), (200, 600), (20, 100)),
    "sla": ("光造形機", "", None, (200, 800), (200, 700), (200, 500), (50, 150)),
    "fdm": ("3Dプリンタ", "", None, (200, 500), (200, 500), (200, 500), (100, 300)),
    "cmm_inspection": ("三次元測定機", "", None, (500, 1500), (500, 2000), (400, 1000), (1, 3)),
    "electroplating": ("めっき槽", "", None, (800, 3000), (400, 800), (600, 1500), None),
    "anodizing": ("アルマイト処理槽", "", None, (1000, 3000), (500, 1000), (800, 1500), None),
    "painting": ("塗装ブース", "", None, (2000, 5000), (2000, 4000), (2000, 3000), None),
    "quench_temper": ("熱処理炉", "", None, (600, 1500), (400, 1000), (400, 1000), None),
    "buffing": ("バフ研磨機", "", None, (400, 1200), (300, 800), None, None),
    "barrel_finishing": ("バレル研磨機", "", None, (300, 1000), (300, 1000), (300, 600), None),
    "blasting": ("ブラスト装置", "", None, (800, 2000), (800, 2000), (800, 2000), None),
    "die_casting": ("ダイカストマシン", "", None, (500, 1200), (500, 1200), None, (100, 300)),
    "mechanical_assembly": ("組立定盤", "", None, (1000, 3000), (1000, 2000), None, None),
}  # fmt: skip

# Name parts: (kanji, kana). Trade words follow the company's main category.
# Common surnames only: brand-like words (富士, 東洋 …) would too easily name a real company.
SURNAMES = (
    ("山田", "やまだ"), ("田中", "たなか"), ("佐藤", "さとう"), ("鈴木", "すずき"),
    ("高橋", "たかはし"), ("伊藤", "いとう"), ("渡辺", "わたなべ"), ("中村", "なかむら"),
    ("小林", "こばやし"), ("加藤", "かとう"), ("吉田", "よしだ"), ("山本", "やまもと"),
    ("松本", "まつもと"), ("井上", "いのうえ"), ("木村", "きむら"), ("林", "はやし"),
    ("清水", "しみず"), ("野口", "のぐち"), ("菅原", "すがわら"), ("池田", "いけだ"),
    ("橋本", "はしもと"), ("石川", "いしかわ"), ("前田", "まえだ"), ("藤田", "ふじた"),
    ("岡田", "おかだ"), ("後藤", "ごとう"), ("長谷川", "はせがわ"), ("村上", "むらかみ"),
    ("近藤", "こんどう"), ("坂本", "さかもと"), ("遠藤", "えんどう"), ("青木", "あおき"),
    ("藤井", "ふじい"), ("西村", "にしむら"), ("福田", "ふくだ"), ("太田", "おおた"),
    ("三浦", "みうら"), ("岡本", "おかもと"), ("松田", "まつだ"), ("中川", "なかがわ"),
    ("石井", "いしい"), ("小川", "おがわ"), ("山口", "やまぐち"), ("中島", "なかじま"),
    ("阿部", "あべ"), ("宮崎", "みやざき"), ("酒井", "さかい"), ("工藤", "くどう"),
    ("横山", "よこやま"), ("宮本", "みやもと"), ("内田", "うちだ"), ("高木", "たかぎ"),
    ("安藤", "あんどう"), ("島田", "しまだ"), ("谷口", "たにぐち"), ("大野", "おおの"),
    ("丸山", "まるやま"), ("今井", "いまい"), ("河野", "こうの"), ("杉山", "すぎやま"),
)  # fmt: skip
TRADES = {
    "machining": (
        ("精工", "せいこう"), ("精機", "せいき"), ("製作所", "せいさくしょ"),
        ("工作所", "こうさくしょ"), ("精密", "せいみつ"), ("機工", "きこう"),
    ),
    "sheet_metal": (("板金", "ばんきん"), ("板金工業", "ばんきんこうぎょう"), ("製缶", "せいかん")),
    "surface_treatment": (
        ("鍍金工業", "めっきこうぎょう"), ("化工", "かこう"), ("表面処理", "ひょうめんしょり"),
        ("塗装", "とそう"),
    ),
    "joining": (("溶接", "ようせつ"), ("溶工", "ようこう"), ("鉄工所", "てっこうしょ")),
    "grinding": (("研削", "けんさく"), ("研削工業", "けんさくこうぎょう")),
    "forming": (
        ("プレス工業", "ぷれすこうぎょう"), ("鍛工", "たんこう"),
        ("金属工業", "きんぞくこうぎょう"),
    ),
    "polishing": (("研磨", "けんま"), ("研磨工業", "けんまこうぎょう"), ("バフ", "ばふ")),
    "nontraditional": (
        ("放電", "ほうでん"), ("放電加工", "ほうでんかこう"), ("ワイヤーカット", "わいやーかっと"),
    ),
    "polymer_am": (
        ("化成", "かせい"), ("樹脂工業", "じゅしこうぎょう"), ("モールド", "もーるど"),
    ),
    "tooling_assembly_qa": (
        ("技研", "ぎけん"), ("金型", "かながた"), ("エンジニアリング", "えんじにありんぐ"),
    ),
    "heat_treatment": (("熱処理", "ねつしょり"), ("熱錬", "ねつれん")),
    "casting": (("鋳造", "ちゅうぞう"), ("鋳工所", "ちゅうこうしょ"), ("ダイカスト", "だいかすと")),
}  # fmt: skip
LEGAL_FORMS = (
    ("株式会社{}", 45.0),
    ("{}株式会社", 35.0),
    ("有限会社{}", 15.0),
    ("合同会社{}", 5.0),
)

CAPITAL_STEPS = (3_000_000, 5_000_000, 10_000_000, 20_000_000, 30_000_000, 50_000_000, 100_000_000)
BATCH_BANDS = (("0-50", 40.0), ("50-500", 30.0), ("500-5000", 20.0), ("5000+", 10.0))

# Certificates: standard → base probability of holding it, tuned per company by the generator.
CERT_BASE = {
    "ISO 9001": 0.30, "ISO 14001": 0.08, "EA21": 0.05, "IATF 16949": 0.02, "JIS Q 9100": 0.005,
    "ISO 13485": 0.01, "技能士": 0.05,
}  # fmt: skip
ISSUERS = (
    "日本品質保証機構", "日本規格協会ソリューションズ", "日本検査キューエイ", "ビューローベリタス",
)  # fmt: skip
