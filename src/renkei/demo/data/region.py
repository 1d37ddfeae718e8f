"""The demo region, its supporting organisations and the demo logins."""

import datetime as dt

from renkei.demo.data.schema import Member, Person

REGION = {
    "slug": "kinki",
    "name": "京都・近畿ものづくり連携プラットフォーム",
    "description": (
        "京都府を拠点に、地域の中小製造業の連携グループが共同受注・共同開発を行うための"
        "プラットフォームです。近畿の試作ネットワークに加え、茨城県北の表面処理、"
        "新潟県燕・三条の研磨の連携グループとも相互に案件を紹介しあっています。"
    ),
}

# Supporters (seed l.697–787): a city, a chamber of commerce, banks and universities sit in the
# supporters' circle of a group; they read its dashboards and join development projects.
SUPPORTERS: tuple[tuple[str, Member], ...] = (
    (
        "rakunan-shisaku",
        Member(
            houjin_body="000020269901",
            kind="city",
            name="洛南市",
            kana="らくなんし",
            name_en="Rakunan City",
            prefecture="京都府",
            address="洛南市中央一丁目1-1 産業観光局ものづくり振興課",
            employees=1850,
            profile="市内製造業の連携活動を、試作補助金と展示会への共同出展で支援しています。",
            circle="supporter",
            office="supporting",
            joined_on=dt.date(2001, 7, 1),
        ),
    ),
    (
        "rakunan-shisaku",
        Member(
            houjin_body="130005099001",
            kind="chamber",
            name="洛南商工会議所",
            kana="らくなんしょうこうかいぎしょ",
            name_en="Rakunan Chamber of Commerce and Industry",
            prefecture="京都府",
            address="洛南市中央二丁目8-4",
            employees=42,
            profile="会員企業の経営相談と、試作ネットワークの広報・商談会の運営を担っています。",
            circle="supporter",
            office="supporting",
            joined_on=dt.date(2001, 7, 1),
        ),
    ),
    (
        "rakunan-shisaku",
        Member(
            houjin_body="130005099002",
            kind="bank",
            name="洛南信用金庫",
            kana="らくなんしんようきんこ",
            name_en="Rakunan Shinkin Bank",
            prefecture="京都府",
            address="洛南市本町三丁目2-10",
            employees=640,
            capital_yen=5_000_000_000,
            profile="設備資金・共同開発資金の融資と、取引先の紹介で連携活動を支えています。",
            circle="supporter",
            office="supporting",
            joined_on=dt.date(2008, 4, 1),
        ),
    ),
    (
        "rakunan-shisaku",
        Member(
            houjin_body="130005099003",
            kind="university",
            name="平安工科大学 産学連携センター",
            kana="へいあんこうかだいがく",
            name_en="Heian Institute of Technology, Industry Liaison Center",
            prefecture="京都府",
            address="京都市左京区北白川東町1",
            employees=520,
            profile="精密加工と計測の研究室が、会員企業との共同開発と人材育成に参加しています。",
            circle="supporter",
            office="supporting",
            joined_on=dt.date(2010, 4, 1),
        ),
    ),
    (
        "hitachi-hyomen",
        Member(
            houjin_body="050005099004",
            kind="bank",
            name="常陸北部信用金庫",
            kana="ひたちほくぶしんようきんこ",
            name_en="Hitachi-Hokubu Shinkin Bank",
            prefecture="茨城県",
            address="日立市幸町二丁目3-1",
            employees=380,
            capital_yen=2_000_000_000,
            profile="表面処理設備の更新資金と、県外の発注企業との商談機会を提供しています。",
            circle="supporter",
            office="supporting",
            joined_on=dt.date(2006, 4, 1),
        ),
    ),
    (
        "hitachi-hyomen",
        Member(
            houjin_body="050005099005",
            kind="university",
            name="常陸工業大学 表面技術研究室",
            kana="ひたちこうぎょうだいがく",
            name_en="Hitachi Institute of Technology, Surface Engineering Lab",
            prefecture="茨城県",
            address="日立市中成沢町四丁目12-1",
            employees=310,
            profile="めっき皮膜の評価と、環境対応プロセスの共同研究に取り組んでいます。",
            circle="supporter",
            office="supporting",
            joined_on=dt.date(2009, 4, 1),
        ),
    ),
    (
        "echigo-migaki",
        Member(
            houjin_body="110005099006",
            kind="chamber",
            name="越後県央商工会議所",
            kana="えちごけんおうしょうこうかいぎしょ",
            name_en="Echigo Kenou Chamber of Commerce and Industry",
            prefecture="新潟県",
            address="三条市須頃一丁目20",
            employees=35,
            profile="磨き屋の技術を発信する展示会と、後継者育成の研磨塾を運営しています。",
            circle="supporter",
            office="supporting",
            joined_on=dt.date(2003, 6, 1),
        ),
    ),
)

# Printed by load_demo and written in the README: a demo password, not a secret.
PASSWORD = "renkei-demo"  # noqa: S105

PEOPLE: tuple[Person, ...] = (
    Person(
        username="coordinator",
        last_name="西村",
        first_name="理恵",
        email="coordinator@rakunan-shisaku.example",
        what="洛南試作ネットワークの事務局",
        group="rakunan-shisaku",
        role="coordinator",
    ),
    Person(
        username="member",
        last_name="桂川",
        first_name="大輔",
        email="member@katsuragawa-seiko.example",
        what="桂川精工株式会社の会員管理者 (洛南試作ネットワーク)",
        group="rakunan-shisaku",
        role="member_admin",
        company="130001090202",
    ),
    Person(
        username="supporter",
        last_name="森田",
        first_name="健",
        email="supporter@rakunan.example",
        what="洛南試作ネットワークの支援機関 (洛南市、閲覧のみ)",
        group="rakunan-shisaku",
        role="supporter",
        company="000020269901",
    ),
    Person(
        username="migaki",
        last_name="小林",
        first_name="真由美",
        email="migaki@echigo-migaki.example",
        what="越後みがき連合の事務局",
        group="echigo-migaki",
        role="coordinator",
    ),
    Person(
        username="admin",
        last_name="運営",
        first_name="担当",
        email="admin@renkei.example",
        what="プラットフォーム運営者 (スーパーユーザー)",
        is_staff=True,
        is_superuser=True,
    ),
)
