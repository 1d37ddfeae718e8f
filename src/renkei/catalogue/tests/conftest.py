import pytest

from renkei.orgs.services import create_company


@pytest.fixture
def kita(other_group):
    """A member of the other group only: never in みやこ's catalogue."""
    return create_company(actor=None, group=other_group, name="北光化成", kana="ほっこうかせい")


@pytest.fixture
def base_url(settings):
    settings.RENKEI_BASE_URL = "https://renkei.example.jp"
    return "https://renkei.example.jp"
