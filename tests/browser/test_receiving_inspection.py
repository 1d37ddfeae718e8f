"""The next member's receiving check rejects the machined part with a photo, from a phone; the
machining shop sees the corrective action on its list and its package page, the plating step
waits, and once the coordinator closes the answered action it may start (issue 16, item 3)."""

import io
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renkei.projects import claims, services
from renkei.projects.models import WorkPackage
from renkei.projects.tests.conftest import make_order
from tests.browser.conftest import log_in
from tests.browser.japanese_text import findings

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _png(path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 60, 40)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_a_rejection_on_receipt_reaches_the_first_member(
    page, phone, group, alice, bob, aoki, hana, sakura, tmp_path
):
    order = make_order(group, alice, title="アルミブラケット試作")
    project, _ = services.start_order_project(actor=alice, order=order)
    services.publish_packages(actor=alice, project=project)
    machining = WorkPackage.objects.get(project=project, position=1)
    plating = WorkPackage.objects.get(project=project, position=2)
    claims.claim_package(actor=bob, package=machining, company=aoki)
    claims.claim_package(actor=hana, package=plating, company=sakura)

    log_in(phone, "hana")
    phone.goto(f"/g/miyako/packages/{plating.pk}/")
    expect(phone.locator("#tap-received")).to_be_visible()
    phone.click("#receive-form-details summary")
    form = phone.locator("#receive-form")
    form.locator("label.result-rejected").click()
    form.locator("input[name=quantity_rejected]").fill("2")
    form.locator("select[name=defect_kind]").select_option("dimension")
    form.locator("select[name=disposition]").select_option("rework")
    form.locator("input[name=photos]").set_input_files([_png(tmp_path / "IMG_0101.png")])
    form.locator("textarea[name=note]").fill("穴位置が図面より0.2mmずれています")
    expect(form.locator(".reject-confirm")).to_be_visible()  # shown for a rejection only
    form.locator("input[name=confirm_reject]").check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    box = form.locator("button[type=submit]").bounding_box()
    assert box and box["height"] >= 44
    phone.screenshot(path=SHOTS / "receiving_phone_form.png", full_page=True)
    assert not findings(phone.content(), {"hana", "alice", "bob"}), findings(
        phone.content(), {"hana", "alice", "bob"}
    )
    form.locator("button[type=submit]").click()
    expect(phone.locator("#receiving-checks")).to_contain_text("不合格")
    expect(phone.locator("#receiving-checks img")).to_have_count(1)
    expect(phone.locator("#receiving-wait")).to_be_visible()
    phone.screenshot(path=SHOTS / "receiving_phone_after.png", full_page=True)

    # The plating step waits: 着手 is refused with the reason.
    phone.click("#tap-started")
    expect(phone.locator(".messages")).to_contain_text("まだ着手できません")

    log_in(page, "bob")
    page.goto("/g/miyako/quality/corrective-actions/")
    expect(page.locator("#corrective-actions")).to_contain_text(machining.name)
    assert not findings(page.content(), {"bob", "alice", "hana"}), findings(
        page.content(), {"bob", "alice", "hana"}
    )
    page.screenshot(path=SHOTS / "receiving_actions_1280.png", full_page=True)
    page.goto(f"/g/miyako/packages/{machining.pk}/")
    expect(page.locator("#package-actions")).to_contain_text("未回答")
    page.click("#package-actions a")
    expect(page.locator("#action-check")).to_contain_text("寸法")
    page.fill("textarea[name=cause]", "治具の摩耗で位置決めがずれた")
    page.fill("textarea[name=countermeasure]", "治具を交換し、初品を全数測定する")
    page.screenshot(path=SHOTS / "receiving_action_1280.png", full_page=True)
    page.click("#answer-button")
    expect(page.locator("#action-status")).to_contain_text("回答済み")

    page.context.clear_cookies()
    log_in(page, "alice")
    page.goto("/g/miyako/quality/corrective-actions/")
    page.click("#corrective-actions a")
    page.click("#close-button")
    expect(page.locator("#action-status")).to_contain_text("完了")

    phone.goto(f"/g/miyako/packages/{plating.pk}/")
    expect(phone.locator("#receiving-wait")).to_have_count(0)
    phone.click("#tap-started")
    expect(phone.locator("#package-stage")).to_contain_text("着手")
