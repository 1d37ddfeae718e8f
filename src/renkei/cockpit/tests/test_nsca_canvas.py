"""NSCA's canvas (図表 4-16) block by block as the seed's text states it (l.4906–4927)."""

import pytest

from renkei.conftest_helpers import login
from renkei.lib.canvases import EXAMPLES

pytestmark = pytest.mark.django_db

NSCA = {
    "value_propositions": (
        "Tier2/Tier3 の求める品質を有した部品の永続的な供給、"
        "および JASPA で製造する小型エンジン用部品"
    ),
    "customer_segments": (
        "航空機産業の顧客（Tier2/Tier3）、小型エンジンの顧客（直接の顧客は JASPA）、"
        "近未来には Tier1 企業"
    ),
    "customer_relationships": (
        "既存顧客を大切にし、顧客企業から推薦して頂きながら新規顧客を獲得するアプローチ"
    ),
    "channels": (
        "小型エンジン用部品は JASPA を通じた供給、"
        "近未来にはとりまとめ企業（新会社）を通じた Tier1 企業へのアプローチ"
    ),
    "key_activities": (
        "共同工場の建設、航空産業向け完成部品の製造に必要な企業誘致、"
        "会員企業個社ごとの技術の結集、JIS Q 9100 など認証取得を参加企業に求めること"
    ),
    "key_resources": "会員企業個社ごとの技術、共同工場、JIS Q 9100 など市場参入に欠かせない認証",
    "key_partners": "JASPA、とりまとめ企業（新会社）、行政（共同工場の建設・運営）",
    "cost_structure": "行政として共同工場建設・運営費、参加企業として設備投資",
    "revenue_streams": "参加企業としては各種の売上、行政としては航空産業発展による地域活性化",
}


def test_the_nsca_canvas_blocks_equal_the_seeds():
    nsca = next(e for e in EXAMPLES if "NSCA" in e.name)

    assert dict(nsca.blocks) == NSCA
    assert nsca.figure == "図表 4-16"


def test_the_canvas_page_shows_every_nsca_block(client, alice, group):
    login(client, alice)

    page = client.get(f"/g/{group.slug}/cockpit/canvas/").content.decode()

    for text in NSCA.values():
        assert text in page
