"""The business model canvases of the seed's four regional platforms (図表 4-14 to 4-17,
l.4818–4960), as far as the text states them, with no Django import. The figures themselves are
images; each block here is the text's own words, with its lines."""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    name: str
    figure: str
    lines: str
    blocks: Mapping[str, str]


EXAMPLES: tuple[Example, ...] = (
    Example(
        "モノづくりネット板橋（MNI）",
        "図表 4-14",
        "4818–4847",
        {
            "value_propositions": (
                "会員企業の持つ技術そのものや企業連携によって生まれたアイディア商品"
            ),
            "channels": "ホームページを通じたダイレクト販売（FAX 受注）やイベント",
            "customer_segments": "企業や個人の顧客",
            "key_partners": "支援者・支援機関",
            "key_activities": "アイディア商品開発やイベント参加などの販売促進活動",
            "cost_structure": (
                "地域連携プラットフォームの構築費用、アイディア商品開発費用、販売促進活動費用"
            ),
            "revenue_streams": "加工受託売上やアイディア商品の販売売上（定性効果: 知名度向上）",
        },
    ),
    Example(
        "京都試作ネット",
        "図表 4-15",
        "4851–4888",
        {
            "value_propositions": "試作加工に特化したソリューション",
            "channels": "ホームページ（ネット市場）を通じた依頼、京都試作センター",
            "customer_relationships": "顧客の商品開発初期段階から一緒に参画、加工業者から提案",
            "key_activities": (
                "2 時間以内の即答体制作り、積極的な提案やソリューションが提供できる仕組み作り"
            ),
            "cost_structure": "試作ソリューション向けネットワーク構築費用、提案の仕組み作りの費用",
            "revenue_streams": "試作ソリューション売上（定性効果: 人としての成長の機会）",
        },
    ),
    Example(
        "NIIGATA SKY PROJECT における NSCA",
        "図表 4-16",
        "4892–4927",
        {
            # l.4906–4908
            "value_propositions": (
                "Tier2/Tier3 の求める品質を有した部品の永続的な供給、"
                "および JASPA で製造する小型エンジン用部品"
            ),
            # l.4908–4916: the aircraft industry's customers; for the small engine parts the
            # direct customer is JASPA; Tier1 companies in the near future.
            "customer_segments": (
                "航空機産業の顧客（Tier2/Tier3）、小型エンジンの顧客（直接の顧客は JASPA）、"
                "近未来には Tier1 企業"
            ),
            # l.4910–4912
            "customer_relationships": (
                "既存顧客を大切にし、顧客企業から推薦して頂きながら新規顧客を獲得するアプローチ"
            ),
            # l.4914–4918
            "channels": (
                "小型エンジン用部品は JASPA を通じた供給、"
                "近未来にはとりまとめ企業（新会社）を通じた Tier1 企業へのアプローチ"
            ),
            # l.4918–4921
            "key_activities": (
                "共同工場の建設、航空産業向け完成部品の製造に必要な企業誘致、"
                "会員企業個社ごとの技術の結集、JIS Q 9100 など認証取得を参加企業に求めること"
            ),
            # l.4918–4921
            "key_resources": (
                "会員企業個社ごとの技術、共同工場、JIS Q 9100 など市場参入に欠かせない認証"
            ),
            # l.4908, 4914–4918, 4923: JASPA makes the engine parts, the new company is to
            # reach Tier1, the government builds and runs the joint factory.
            "key_partners": "JASPA、とりまとめ企業（新会社）、行政（共同工場の建設・運営）",
            # l.4923
            "cost_structure": "行政として共同工場建設・運営費、参加企業として設備投資",
            # l.4925–4927
            "revenue_streams": (
                "参加企業としては各種の売上、行政としては航空産業発展による地域活性化"
            ),
        },
    ),
    Example(
        "つながる町工場プロジェクト「ものづくりのワ」",
        "図表 4-17",
        "4931–4960",
        {
            "value_propositions": "付加価値の高い技術提供および企業連携によって生み出される製品",
            "customer_relationships": "発展途上であるため、まだ明確とは言えない",
            "key_activities": "業務プロセスのルール化と人材育成",
            "cost_structure": (
                "企業連携プラットフォームの構築費用、業務プロセスのルール化費用、人材育成費用"
            ),
            "revenue_streams": (
                "企業連携プラットフォームを通じた売上（定性効果: モチベーション向上、知名度向上）"
            ),
        },
    ),
)
