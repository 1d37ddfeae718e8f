"""A person as a member: the coordinator adds a retired 技能士, the person keeps their skills on a
phone, and a visitor reads their page at 390×844 — in Japanese, without company fields or the
person's address. Screenshots to look at."""

import re
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from renkei.capabilities.models import Process, SkillProfile
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company
from renkei.orgs.services import grant_role
from tests.browser.conftest import log_in
from tests.browser.japanese_text import findings

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _taxonomy_words() -> set[str]:
    """Codes the taxonomy's process names hold (TIG, DLC …): content, not the UI's words."""
    names = " ".join(Process.objects.values_list("name_ja", flat=True))
    return set(re.findall(r"[A-Za-z]+", names))


def test_a_person_joins_keeps_their_skills_and_is_shown_on_a_phone(
    page, phone, browser, live_server, group, alice
):
    log_in(page, "alice")
    page.goto(f"/g/{group.slug}/manage/members/")
    page.click("text=個人会員を追加")
    page.fill("input[name=name]", "山科 一郎")
    page.select_option("select[name=prefecture]", "京都府")
    page.fill("input[name=email]", "ob@example.com")
    page.uncheck("input[name=invite]")
    assert findings(page.content(), {"alice"}) == []
    page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("山科 一郎")
    person = Company.objects.get(name="山科 一郎")

    user = get_user_model().objects.create_user(
        username="ichiro", password="correct-horse-42", email="ob@example.com"
    )
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_ADMIN, company=person)
    log_in(phone, "ichiro")
    phone.goto(f"/companies/{person.pk}/skills/")
    phone.fill("input[name=skills-years_experience]", "42")
    hours = phone.locator("input[name=skills-hours_per_month]")
    hours.fill("-5")  # the browser itself refuses it (min 0); the server's message is tested too
    assert hours.evaluate("input => input.validity.valid") is False
    phone.fill("input[name=skills-hours_per_month]", "40")
    phone.check("input[name=skills-retired]")
    phone.fill("textarea[name=skills-bio]", "工作機械メーカーで42年、主軸部品の旋削と研削。")
    phone.locator("#profile summary", has_text="切削").click()
    phone.check("#profile label:has-text('旋削') input")
    phone.click("#profile button[type=submit]")
    expect(phone.locator(".messages, main").first).to_contain_text("保存しました")
    phone.fill("input[name=grade-trade]", "機械加工（普通旋盤作業）")
    phone.select_option("select[name=grade-grade]", "1")
    phone.fill("input[name=grade-passed_in]", "1988")
    phone.click("#grades button[type=submit] >> text=等級を追加")
    expect(phone.locator("#grades")).to_contain_text("1級 機械加工（普通旋盤作業）技能士")
    assert findings(phone.content(), {"ichiro", *_taxonomy_words()}) == []
    phone.screenshot(path=str(SHOTS / "individual-skills-390.png"), full_page=True)
    assert SkillProfile.objects.get(company=person).hours_per_month == 40

    visitor = browser.new_context(
        base_url=live_server.url,
        locale="ja-JP",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    ).new_page()
    visitor.goto(f"/companies/{person.pk}/")
    main = visitor.locator("main")
    expect(main).to_contain_text("個人会員")
    expect(main).to_contain_text("1級 機械加工（普通旋盤作業）技能士")
    expect(main).to_contain_text("旋削")
    expect(main).not_to_contain_text("ob@example.com")
    expect(main).not_to_contain_text("法人番号")
    assert visitor.locator("#equipment").count() == 0
    assert findings(visitor.content(), set()) == []
    width = visitor.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    visitor.screenshot(path=str(SHOTS / "individual-profile-390.png"), full_page=True)
    visitor.goto(f"/g/{group.slug}/members/")
    expect(visitor.locator("main")).to_contain_text("個人会員")
    visitor.screenshot(path=str(SHOTS / "individual-directory-390.png"), full_page=True)
    visitor.context.close()
