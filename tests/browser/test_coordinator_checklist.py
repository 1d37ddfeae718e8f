"""On a phone the coordinator ticks one of its roles (seed l.1489–1513) with a note and adds an
indicator of the group's own with a reading (l.5452–5456); a member reads both. The pages are in
Japanese only."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.browser.japanese_text import findings

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def test_coordinator_ticks_a_role_and_adds_an_indicator_on_a_phone(phone, page, group, alice, bob):
    log_in(phone, "alice")
    phone.goto("/g/miyako/cockpit/coordinator/")
    expect(phone.locator("h1")).to_contain_text("コーディネータの役割と実現すること")
    row = phone.locator("#item-t1")
    row.locator("input[name=done]").check()
    row.locator("textarea[name=how]").fill("月例の交流会で会員同士が工場を見学し合う")
    row.locator("button[type=submit]").click()
    expect(phone.locator("#item-t1 input[name=done]")).to_be_checked()
    expect(phone.locator("#coordinator-progress")).to_contain_text("11項目中1項目")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert findings(phone.content(), {"alice"}) == []
    phone.screenshot(path=SHOTS / "renkei-coordinator-checklist-phone.png", full_page=True)

    phone.goto("/g/miyako/cockpit/kpis/#own-indicators")
    form = phone.locator("#own-indicators form[action$='kpis/indicator']")
    form.locator("input[name=name]").fill("工場見学の参加者")
    form.locator("input[name=unit]").fill("人")
    form.locator("input[name=target]").fill("150")
    form.locator("button[type=submit]").click()
    reading = phone.locator("#own-indicators form.own-indicator[id^=reading-]").first
    reading.locator("input[name=value]").fill("160")
    reading.locator("button[type=submit]").click()
    expect(phone.locator("#own-indicators tbody")).to_contain_text("160 人")
    expect(phone.locator("#own-indicators tbody tr").first).to_have_attribute("data-status", "ok")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert findings(phone.content(), {"alice"}) == []
    phone.screenshot(path=SHOTS / "renkei-own-indicators-phone.png", full_page=True)

    log_in(page, "bob")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/g/miyako/cockpit/coordinator/")
    expect(page.locator("#item-t1")).to_contain_text("月例の交流会")
    expect(page.locator("textarea")).to_have_count(0)
    assert findings(page.content(), {"bob"}) == []
    page.screenshot(path=SHOTS / "renkei-coordinator-checklist-1280.png", full_page=True)
    page.goto("/g/miyako/cockpit/kpis/")
    expect(page.locator("#own-indicators")).to_contain_text("工場見学の参加者")
    expect(page.locator("#external-readings")).to_contain_text("後継者の発掘")
    assert findings(page.content(), {"bob"}) == []
    page.screenshot(path=SHOTS / "renkei-kpis-1280.png", full_page=True)
