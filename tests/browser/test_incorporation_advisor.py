"""On a phone the coordinator enters the group's figures on the incorporation advisor and sees
the 企業組合's ratios and the capital limit passed or failed with the numbers (seed
l.3420–3450); at 1280 wide a member reads the checks and opens a case of the case library.
The pages are in Japanese only."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.japanese_text import findings

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def test_coordinator_enters_figures_and_a_member_reads_the_checks_and_a_case(
    phone, page, group, alice, bob, aoki, sakura
):
    # Login names, and the group NSCA by its own name (the crawl finds it in the canvases).
    allowed = {"alice", "bob", "NSCA"}
    log_in(phone, "alice")
    phone.goto("/g/miyako/cockpit/incorporation/#figures")
    form = phone.locator("#figures-form")
    form.locator("select[name=planned_form]").select_option("企業組合")
    form.locator("input[name=working_members]").fill("1")
    form.locator("input[name=workers]").fill("3")
    form.locator(f"input[name=capital_{aoki.pk}]").fill("300000")
    form.locator(f"input[name=capital_{sakura.pk}]").fill("100000")
    form.locator("input[name=npo_fields][value='16']").check()
    form.locator("button[type=submit]").click()
    # 1 of 2 members work in it: exactly 1/2; 1 among 3 workers: exactly 1/3; 300,000 of
    # 400,000 yen is 75%: above 25/100.
    expect(phone.locator("#check-ratio-work")).to_contain_text("1 / 2 = 50.0%")
    expect(phone.locator("#check-ratio-work")).to_contain_text("満たしている")
    expect(phone.locator("#check-ratio-members")).to_contain_text("1 / 3 = 33.3%")
    expect(phone.locator("[id='check-capital-企業組合']")).to_contain_text("満たしていない")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert findings(phone.content(), allowed) == []
    phone.screenshot(path=SHOTS / "renkei-incorporation-advisor-phone.png", full_page=True)

    log_in(page, "bob")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/g/miyako/cockpit/incorporation/")
    expect(page.locator("#checks")).to_contain_text("75.0%")
    expect(page.locator("#figures-form")).to_have_count(0)
    assert findings(page.content(), allowed) == []
    page.screenshot(path=SHOTS / "renkei-incorporation-advisor-1280.png", full_page=True)
    page.locator("#cases a", has_text="新潟情報通信企業組合").click()
    expect(page.locator("h1")).to_contain_text("新潟情報通信企業組合")
    expect(page.locator("#facts")).to_contain_text("2017年4月1日")
    assert findings(page.content(), allowed) == []
    page.screenshot(path=SHOTS / "renkei-incorporation-case-1280.png", full_page=True)
