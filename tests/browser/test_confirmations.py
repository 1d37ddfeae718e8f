"""Irreversible steps on a phone (390×844): the coordinator confirms a quote's summary before it
goes to the customer; a member's 出荷 can be taken back for a minute, with or without
JavaScript."""

import datetime as dt
import re
import uuid

import pytest
from playwright.sync_api import expect

from renkei.conftest_helpers import compose_test_quote
from renkei.inquiries.models import Inquiry, Quote
from renkei.inquiries.services import submit_inquiry
from renkei.projects import claims, services
from renkei.projects.models import PackageEvent, WorkPackage
from renkei.projects.tests.conftest import make_order
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_quote_goes_only_from_its_confirmed_summary(phone, group, alice):
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={
            "customer_company": "株式会社ロケット工房",
            "contact_name": "宇宙 太郎",
            "email": "taro@rocket.example",
            "title": "シャフト試作",
            "description": "図面の通り",
        },
        lines=[{"part_name": "シャフト", "quantity": 4}],
    )
    compose_test_quote(alice, inquiry, [("シャフト", 4, 12000)], lead_days=9)
    log_in(phone, "alice")
    phone.goto(f"/g/miyako/manage/inquiries/{inquiry.pk}/")
    phone.click("#send-quote")  # the inquiry page's button asks first
    summary = phone.locator("#confirm-summary")
    expect(phone.locator("h1")).to_have_text("見積を送りますか？")
    expect(summary).to_contain_text("株式会社ロケット工房")
    expect(summary).to_contain_text("シャフト")
    expect(phone.locator("#confirm-total")).to_have_text("¥58,080")
    expect(phone.locator("#confirm-delivery")).to_contain_text("9 営業日")
    _fits(phone)
    assert Quote.objects.get().sent_at is None

    phone.click("#not-yet")  # changed their mind: nothing went
    assert Quote.objects.get().sent_at is None
    phone.click("#send-quote")
    phone.click("#confirm-send #send-quote")
    expect(phone.locator("#quotes")).to_contain_text("送信済")
    assert Quote.objects.get().sent_at is not None
    assert Inquiry.objects.get().status == "quoted"


@pytest.fixture
def held(group, alice, bob, aoki):
    order = make_order(group, alice)
    project, _ = services.start_order_project(actor=alice, order=order)
    services.publish_packages(actor=alice, project=project)
    package = WorkPackage.objects.get(project=project, position=1)
    return claims.claim_package(actor=bob, package=package, company=aoki)


def test_shipped_is_undone_within_a_minute_on_a_phone(phone, held):
    log_in(phone, "bob")
    phone.goto(f"/g/miyako/packages/{held.pk}/")
    phone.click("#tap-inspected")
    expect(phone.locator("#undo")).to_contain_text("検査合格")  # that tap's page has arrived
    phone.click("#tap-shipped")
    expect(phone.locator("#package-stage")).to_contain_text("出荷")
    undo = phone.locator("#undo")
    expect(undo).to_contain_text("出荷を記録しました")
    expect(phone.locator("#undo-button")).to_have_text(re.compile(r"^取り消す \((60|59) 秒\)$"))
    # counting down while the page is open
    expect(phone.locator("#undo-button")).to_have_text("取り消す (57 秒)", timeout=6000)
    box = phone.locator("#undo-button").bounding_box()
    assert box and box["height"] >= 44  # a thumb-sized target
    _fits(phone)
    phone.click("#undo-button")
    expect(phone.locator(".messages")).to_contain_text("取り消しました")
    expect(phone.locator("#package-stage")).to_contain_text("検査合格")
    assert not PackageEvent.objects.filter(kind="shipped").exists()


def test_the_undo_works_without_javascript(browser, live_server, held):
    context = browser.new_context(
        base_url=live_server.url,
        locale="ja-JP",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    try:
        log_in(phone, "bob")
        phone.goto(f"/g/miyako/packages/{held.pk}/")
        phone.click("#tap-shipped")
        expect(phone.locator("#undo")).to_contain_text("出荷を記録しました")
        phone.click("#undo-button")
        expect(phone.locator(".messages")).to_contain_text("取り消しました")
        assert not PackageEvent.objects.filter(kind="shipped").exists()
        held.refresh_from_db()
        assert held.stage == ""
    finally:
        context.close()


def test_the_undo_runs_out(phone, held):
    log_in(phone, "bob")
    phone.goto(f"/g/miyako/packages/{held.pk}/")
    phone.click("#tap-shipped")
    # The tap's page must have arrived before the next navigation (else reload races it).
    expect(phone.locator("#undo-button")).to_be_visible()
    shipped = PackageEvent.objects.get(kind="shipped")
    for event in PackageEvent.objects.filter(package=held):  # as if tapped 57 seconds ago
        PackageEvent.objects.filter(pk=event.pk).update(
            created_at=event.created_at - dt.timedelta(seconds=57)
        )
    phone.reload()
    button = phone.locator("#undo-button")
    expect(button).to_have_text("取り消せる時間は過ぎました", timeout=8000)
    expect(button).to_be_disabled()
    phone.reload()
    expect(phone.locator("#undo")).to_have_count(0)
    assert PackageEvent.objects.filter(pk=shipped.pk).exists()
