"""The stage guidance quotes the seed's words and marks every number as renkei's own reading
(seed l.2512–2528, 2663–2671: figures 2-10 and 2-13 are images, the text is qualitative); the
group fee and the claim hold are product defaults, attributed to the seed nowhere."""

import pytest
from django.utils import translation

from renkei.conftest_helpers import login
from renkei.lib import stages
from renkei.orgs.models import Group

pytestmark = pytest.mark.django_db


@pytest.fixture
def japanese(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        yield client


def test_the_stage_page_quotes_the_seed_and_marks_the_numbers_as_renkeis(japanese, alice, group):
    login(japanese, alice)

    page = japanese.get(f"/g/{group.slug}/cockpit/stage/").content.decode()

    # The seed's own words for a group in formation (l.2514–2517, 2663–2665).
    assert "その集団を活性化することがプログラムコーディネータの仕事です" in page
    assert "コミュニティ内部とのコミュニケーションが中心です" in page
    # The weights and the shares are shown, each marked as renkei's reading.
    assert page.count("renkeiの目安（報告書の数値ではありません）") == 2
    assert "コミュニティ内部が約 80 %、外部環境が約 20 %" in page


def test_each_stage_shows_its_own_words(japanese, alice, group):
    Group.objects.filter(pk=group.pk).update(stage="product")
    login(japanese, alice)

    page = japanese.get(f"/g/{group.slug}/cockpit/").content.decode()

    assert "ビジネス企画とビジネスモデル構築の支援が仕事の中心になります" in page
    assert "より外部環境とのコミュニケーションの重要性が増します" in page
    assert "renkeiの目安（報告書の数値ではありません）" in page


def test_every_stage_has_the_seeds_words():
    assert set(stages.CAPABILITY_WORDS) == set(stages.STAGES)
    assert set(stages.COMMUNICATION_WORDS) == set(stages.STAGES)


@pytest.mark.parametrize(
    "path",
    ["/g/{slug}/money/terms/", "/g/{slug}/board/", "/g/{slug}/cockpit/stage/"],
)
def test_no_page_attributes_the_fee_or_the_claim_hold_to_the_seed(japanese, alice, group, path):
    login(japanese, alice)

    response = japanese.get(path.format(slug=group.slug))

    assert response.status_code == 200
    page = response.content.decode()
    for word in ("報告書によれば", "報告書の手数料", "報告書の期限", "seed"):
        assert word not in page
