"""On a phone the coordinator's inquiry board is a list of cards, each one tap on its inquiry;
the package page opens on one big button for the next stage, with its undo."""

import datetime as dt
import tempfile
import uuid
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renkei.conftest_helpers import CUSTOMER
from renkei.inquiries import referrals
from renkei.inquiries.models import Inquiry
from renkei.inquiries.notices import notify_customer_message
from renkei.inquiries.services import submit_inquiry
from renkei.projects import claims, services
from renkei.projects.models import WorkPackage
from renkei.projects.tests.conftest import make_order
from tests.browser.conftest import log_in

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _inquiry(group, **header):
    inquiry, _ = submit_inquiry(
        group=group, key=uuid.uuid4(), header={**CUSTOMER, **header}, lines=[]
    )
    return inquiry


def test_the_board_on_a_phone_is_cards_that_open_their_inquiry(phone, group, alice, aoki):
    late = _inquiry(
        group,
        customer_company="株式会社ロケット工房 RocketKoubouAerospaceInternationalLaboratories",
        title="チタン製シャフトの試作 Ti6Al4V-ELI-SHAFT-PROTOTYPE-REV-C",
    )
    back = timezone.now() - dt.timedelta(days=10)
    Inquiry.objects.filter(pk=late.pk).update(received_at=back, reply_due_at=back)
    notify_customer_message(late, "納期を早められますか?")
    referred = _inquiry(group, title="アルミブラケット")
    referrals.refer(actor=alice, inquiry=referred, companies=[aoki], reasons={})

    log_in(phone, "alice")
    phone.goto(f"/g/{group.slug}/manage/inquiries/")

    expect(phone.locator("#inquiries thead")).to_be_hidden()
    card = phone.locator(f"#inquiry-{late.pk}")
    expect(card).to_contain_text(late.reference)
    expect(card).to_contain_text("RocketKoubouAerospaceInternationalLaboratories")
    expect(card).to_contain_text("Ti6Al4V-ELI-SHAFT-PROTOTYPE-REV-C")
    expect(card).to_contain_text("新着")
    expect(card).to_contain_text("期限超過")
    expect(card.locator(".unread-message")).to_have_text("お客様から新着メッセージ")
    expect(card.locator(".next-action")).to_have_text("お客様のメッセージを読む")
    other = phone.locator(f"#inquiry-{referred.pk}")
    expect(other).to_contain_text("確認中")
    expect(other).to_contain_text("残り")
    expect(other.locator(".next-action")).to_have_text("会員企業の回答待ち")
    # A card, not a squeezed table row: as wide as the page, its parts one under another.
    box = card.bounding_box()
    assert box and box["width"] > 300 and box["x"] + box["width"] <= 390
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=SHOTS / "renkei-board-cards-phone.png", full_page=True)

    # Anywhere on the card opens the inquiry: a thumb on its subject line.
    subject = card.locator(".subject").bounding_box()
    assert subject
    phone.touchscreen.tap(subject["x"] + subject["width"] / 2, subject["y"] + subject["height"] / 2)
    expect(phone).to_have_url(
        f"{phone.url.split('/g/')[0]}/g/{group.slug}/manage/inquiries/{late.pk}/"
    )
    expect(phone.locator("h1")).to_contain_text("Ti6Al4V-ELI-SHAFT-PROTOTYPE-REV-C")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_board_on_a_wide_screen_keeps_its_table(page, group, alice):
    inquiry = _inquiry(group, title="アルミブラケット")

    log_in(page, "alice")
    page.goto(f"/g/{group.slug}/manage/inquiries/")

    expect(page.locator("#inquiries thead")).to_be_visible()
    expect(page.locator("#inquiries thead")).to_contain_text("次の対応")
    expect(page.locator(f"#inquiry-{inquiry.pk} td.next")).to_have_text("会員企業に回す")
    page.screenshot(path=SHOTS / "renkei-board-cards-desktop.png", full_page=True)


def test_the_package_page_opens_on_one_big_next_step_button(phone, group, alice, bob, aoki):
    order = make_order(group, alice, title="アルミブラケット試作")
    project, _created = services.start_order_project(actor=alice, order=order)
    services.publish_packages(actor=alice, project=project)
    package = WorkPackage.objects.get(project=project, position=1)
    claims.claim_package(actor=bob, package=package, company=aoki)

    log_in(phone, "bob")
    phone.goto(f"/g/{group.slug}/packages/{package.pk}/")

    button = phone.locator("#next-step-button")
    expect(button).to_contain_text("着手")
    box = button.bounding_box()
    grid = phone.locator("#progress").bounding_box()
    assert box and grid
    assert box["width"] >= 340 and box["height"] >= 60  # the width of the page, thumb-sized
    assert box["y"] < grid["y"]  # above every other action
    assert box["y"] + box["height"] <= 844  # seen without scrolling
    phone.screenshot(path=SHOTS / "renkei-next-step-before.png", full_page=True)

    button.click()
    expect(phone.locator("#package-stage")).to_have_text("着手")
    expect(phone.locator("#undo-recorded")).to_contain_text("着手")
    expect(button).to_contain_text("工程完了")
    phone.screenshot(path=SHOTS / "renkei-next-step-after.png", full_page=True)

    button.click()
    expect(phone.locator("#package-stage")).to_have_text("工程完了")
    phone.click("#undo-button")
    expect(phone.locator("#package-stage")).to_have_text("着手")
    expect(button).to_contain_text("工程完了")
    assert package.events.filter(kind="step_done").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_shipped_package_offers_no_next_step(phone, group, alice, bob, aoki):
    order = make_order(group, alice)
    project, _created = services.start_order_project(actor=alice, order=order)
    services.publish_packages(actor=alice, project=project)
    package = WorkPackage.objects.get(project=project, position=1)
    claims.claim_package(actor=bob, package=package, company=aoki)

    log_in(phone, "bob")
    phone.goto(f"/g/{group.slug}/packages/{package.pk}/")
    phone.click("#tap-shipped")

    expect(phone.locator("#package-stage")).to_have_text("出荷")
    expect(phone.locator("#next-step")).to_have_count(0)
    expect(phone.locator("#undo-button")).to_be_visible()
