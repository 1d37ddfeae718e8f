"""A group beyond manufacturing in a real browser: its window and the directory by sector."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renkei.capabilities.models import Certification, Process
from renkei.capabilities.services import save_certification, set_processes
from renkei.orgs.models import Group
from renkei.orgs.services import add_member, create_company
from tests.browser.japanese_text import findings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def standard_words() -> set[str]:
    """The certification standards' names (HACCP, JGAP, Nadcap …) are the codes people search
    by, as ISO and JIS are: content of the taxonomy, not the interface's words."""
    import re

    from renkei.capabilities.models import CertificationStandard

    words: set[str] = set()
    for name in CertificationStandard.objects.values_list("name_ja", flat=True):
        words |= set(re.findall(r"[A-Za-z][A-Za-z-]*", name))
    return words


SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never into the repository
SIZES = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def food_group(region, aoki):
    """A food-processing group of two food makers and a farm; aoki (a machining shop) joins it
    too, so the window must put food first by the members' count, not list only one sector."""
    food = Group.objects.create(region=region, name="丹波 食の加工ネット", slug="tamba")
    retort = create_company(actor=None, group=food, name="丹波レトルト食品", kana="たんば")
    set_processes(
        actor=None,
        company=retort,
        processes=Process.objects.filter(code__in=["retort_sterilization", "filling_packaging"]),
    )
    save_certification(
        actor=None, certification=Certification(company=retort, standard="HACCP", number="H-1")
    )
    dried = create_company(actor=None, group=food, name="京丹波フリーズドライ", kana="きょう")
    set_processes(actor=None, company=dried, processes=Process.objects.filter(code="drying"))
    farm = create_company(actor=None, group=food, name="みやま野菜の里", kana="みやま")
    set_processes(actor=None, company=farm, processes=Process.objects.filter(code="grading"))
    add_member(actor=None, group=food, company=aoki)
    return food


@pytest.mark.parametrize("size", ["wide", "phone"])
def test_a_food_groups_window_and_directory_speak_its_sector(
    browser, live_server, food_group, size
):
    context = browser.new_context(
        base_url=live_server.url, locale="ja-JP", viewport=SIZES[size], is_mobile=size == "phone"
    )
    page = context.new_page()
    try:
        page.goto("/g/tamba/inquiry/")
        process = page.locator("#id_lines-0-process_text")
        expect(process).to_have_attribute("placeholder", "例: 殺菌・レトルト → 冷凍")
        # The food processes (two members) come first among the names the field offers.
        names = page.locator("#process-names option").evaluate_all("o => o.map(x => x.value)")
        assert names.index("殺菌・レトルト") < names.index("砂型鋳造")
        expect(page.locator("main")).to_contain_text("HACCP")
        page.screenshot(path=str(SHOTS / f"sectors-window-{size}.png"), full_page=True)
        assert findings(page.content(), standard_words()) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]

        page.goto("/g/tamba/members/")
        facets = page.locator("#facets")
        for sector in ("ものづくり（製造業）", "食品加工", "農業"):
            expect(facets).to_contain_text(sector)
        page.locator("input[name=category][value=food_preservation]").check()
        expect(page.locator(".company-hit")).to_have_count(2)  # the retort and the dryer
        expect(page.locator("#results")).not_to_contain_text("青木精工")
        page.screenshot(path=str(SHOTS / f"sectors-directory-{size}.png"), full_page=True)
        assert findings(page.content(), standard_words()) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    finally:
        context.close()
