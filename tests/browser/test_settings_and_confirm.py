"""On a phone the coordinator ticks the group's business days, sets the reply promise in hours
and adds and removes closures with date pickers; deleting a webhook endpoint asks first, says
what goes with it, and deletes only once confirmed. No page asks for JSON or digit strings, and
the browser refuses nothing under the Content-Security-Policy."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renkei.orgs.models import Group
from renkei.webhooks.choices import DeliveryStatus
from renkei.webhooks.models import Delivery, Endpoint
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]

# Set RENKEI_SCREENSHOTS to a directory to keep screenshots of the pages.
SCREENSHOTS = os.environ.get("RENKEI_SCREENSHOTS", "")


def _screenshot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def _refused(page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if "Content Security" in m.text else None)
    return found


def test_the_calendar_on_a_phone_with_weekday_boxes_and_closure_dates(phone, group, alice):
    Group.objects.filter(pk=group.pk).update(
        closures=[{"name": "年末年始", "start": "12-29", "end": "01-03"}]
    )
    refused = _refused(phone)
    log_in(phone, "alice")

    phone.goto("/g/miyako/manage/settings/")
    boxes = phone.locator("input[name=business_weekdays]")
    expect(boxes).to_have_count(7)
    expect(phone.get_by_label("土", exact=True)).not_to_be_checked()
    expect(phone.locator("input[name=reply_promise_hours]")).to_have_value("2")
    _screenshot(phone, "settings-phone.png")
    wide = phone.evaluate("""[...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > 391)
        .map(e => e.tagName + '#' + e.id + '.' + e.className + ':' + e.getBoundingClientRect().right)
        .slice(0, 15)""")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, wide

    phone.get_by_label("土", exact=True).check()
    phone.get_by_label("月", exact=True).uncheck()
    phone.fill("input[name=reply_promise_hours]", "1.5")
    phone.locator("input[name=closure_remove_0]").check()
    phone.fill("input[name=closure_name_1]", "お盆")
    phone.fill("input[name=closure_start_1]", "2026-08-13")
    phone.fill("input[name=closure_end_1]", "2026-08-16")
    phone.locator("main button[type=submit]").last.click()
    phone.wait_for_load_state("networkidle")

    group.refresh_from_db()
    assert group.business_weekdays == "23456"
    assert str(group.reply_promise_hours) == "1.50"
    assert group.closures == [{"name": "お盆", "start": "08-13", "end": "08-16"}]
    phone.goto("/g/miyako/manage/settings/")
    expect(phone.locator("input[name=closure_name_0]")).to_have_value("お盆")
    expect(phone.get_by_label("月", exact=True)).not_to_be_checked()
    assert refused == []


def test_deleting_a_webhook_asks_first_and_says_what_goes(page, phone, group, alice):
    endpoint = Endpoint.objects.create(
        group=group, url="https://hook.example.jp/renkei", events=["inquiry.created"]
    )
    Delivery.objects.create(
        endpoint=endpoint,
        event="ping",
        status=DeliveryStatus.FAILED,
        attempts=6,
        last_error="URLError: [Errno -2] Name or service not known",
    )
    refused = _refused(page)
    log_in(page, "alice")

    page.goto("/g/miyako/manage/webhooks/")
    expect(page.locator("#deliveries")).to_contain_text("名前解決できません")
    _screenshot(page, "webhooks-desktop.png")
    page.locator(f"#delete-{endpoint.pk}").click()

    expect(page.locator("h1")).to_have_text("この送り先を削除しますか？")
    expect(page.locator("#delete-summary")).to_contain_text("https://hook.example.jp/renkei")
    expect(page.locator("#delete-summary")).to_contain_text("1 件")
    _screenshot(page, "webhook-delete-desktop.png")
    page.get_by_role("link", name="やめる").click()
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()

    page.locator(f"#delete-{endpoint.pk}").click()
    page.locator("#confirm-delete").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#endpoints")).not_to_contain_text("hook.example.jp")
    assert not Endpoint.objects.exists() and not Delivery.objects.exists()
    assert refused == []

    log_in(phone, "alice")
    kept = Endpoint.objects.create(group=group, url="https://hook.example.jp/b", events=["ping"])
    phone.goto(f"/g/miyako/manage/webhooks/{kept.pk}/delete/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _screenshot(phone, "webhook-delete-phone.png")
