"""The foundation's main flows in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_searches_members_by_process_and_material_then_opens_a_profile(
    page, alice, aoki, sakura
):
    log_in(page, "alice")
    page.goto("/g/miyako/members/")
    expect(page.locator("#result-count")).to_contain_text("2")
    page.fill("input[name=q]", "5軸 A7075")
    page.press("input[name=q]", "Enter")
    expect(page.locator("#result-count")).to_contain_text("1")
    expect(page.locator(".company-hit")).to_have_count(1)
    # The filters were recounted over the result: only machining is left.
    expect(page.locator("#facets")).not_to_contain_text("表面処理")
    page.click("text=株式会社青木精工")
    expect(page.locator("h1")).to_contain_text("株式会社青木精工")
    expect(page.locator("#certifications")).to_contain_text("JIS Q 9100")
    expect(page.locator("#equipment")).to_contain_text("650")


def test_filter_by_prefecture_updates_results_without_a_full_reload(page, aoki, sakura):
    page.goto("/g/miyako/members/")
    page.check("input[name=prefecture][value=滋賀県]")
    expect(page.locator(".company-hit")).to_have_count(1)
    expect(page.locator(".company-hit")).to_contain_text("さくら鍍金工業")
    assert "prefecture=" in page.url


def test_member_edits_its_own_profile_on_a_phone(phone, bob, aoki):
    log_in(phone, "bob")
    phone.goto("/me/company/")
    expect(phone.locator("h1")).to_contain_text("株式会社青木精工")
    phone.fill("#id_basic-employees", "31")
    phone.fill("#id_basic-profile", "医療機器部品の5軸加工が得意です。")
    phone.click("#basic button[type=submit]")
    expect(phone.locator(".messages")).to_be_visible()
    phone.locator("#capabilities summary", has_text="特殊加工").click()
    phone.locator("#capabilities label", has_text="ワイヤ放電").locator("input").check()
    phone.click("#capabilities button[type=submit]")
    expect(phone.locator(".messages")).to_be_visible()
    phone.goto(f"/companies/{aoki.pk}/")
    expect(phone.locator("main")).to_contain_text("医療機器部品")
    expect(phone.locator("main")).to_contain_text("31")
    expect(phone.locator("#processes")).to_contain_text("ワイヤ放電")
    phone.screenshot(path="test-results/phone-profile.png", full_page=True)
    # Nothing on the page is wider than the phone.
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_member_sees_a_clear_message_for_a_bad_corporate_number(page, bob, aoki):
    log_in(page, "bob")
    page.goto(f"/companies/{aoki.pk}/edit/")
    page.fill("#id_basic-corporate_number", "1234567890123")
    page.click("#basic button[type=submit]")
    expect(page.locator("#basic .errorlist")).to_contain_text("法人番号")
