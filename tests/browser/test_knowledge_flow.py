"""The knowledge market in a real browser: a manual with a photo, found by a 2-character word."""

import io

import pytest
from django.contrib.auth import get_user_model
from PIL import Image
from playwright.sync_api import expect

from renkei.orgs.choices import PersonRole
from renkei.orgs.services import grant_role
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 120, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def erin(group, sakura):
    """Staff of another member company of the same group."""
    user = get_user_model().objects.create_user(username="erin", password="correct-horse-42")
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_STAFF, company=sakura)
    return user


def test_a_member_writes_a_manual_with_a_photo_and_another_finds_it_by_two_characters(
    phone, page, bob, erin, group
):
    log_in(phone, "bob")
    phone.goto("/g/miyako/knowledge/")
    phone.locator(".write-links a", has_text="作業マニュアル").click()
    phone.fill("#id_title", "バフ研磨の作業手順")
    phone.fill("#id_body", "1. 番手#400から始める\n2. 青棒で仕上げる\n3. 脱脂して検査")
    expect(phone.locator("#preview")).to_contain_text("青棒で仕上げる")
    phone.set_input_files(
        "#id_photo", {"name": "step1.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
    )
    phone.fill("#id_photo_caption", "番手#400で荒磨き")
    phone.click("#article-form button[type=submit]")

    expect(phone.locator("h1")).to_contain_text("バフ研磨の作業手順")
    photo = phone.locator("#photos img")
    expect(photo).to_have_count(1)
    expect(phone.locator("#photos figcaption")).to_contain_text("荒磨き")
    photo.scroll_into_view_if_needed()
    phone.wait_for_function("document.querySelector('#photos img').naturalWidth > 0")
    assert phone.evaluate("document.querySelector('#photos img').naturalWidth") == 640
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path="test-results/phone-knowledge-manual.png", full_page=True)

    log_in(page, "erin")
    page.goto("/knowledge/")
    page.fill("input[name=q]", "研磨")
    page.press("input[name=q]", "Enter")
    hit = page.locator("#article-hits .hit")
    expect(hit).to_have_count(1)
    expect(hit.locator("mark").first).to_have_text("研磨")
    hit.locator("a").first.click()
    expect(page.locator("h1")).to_contain_text("バフ研磨の作業手順")
    expect(page.locator("#article-body")).to_contain_text("青棒で仕上げる")
    page.locator("#photos img").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('#photos img').naturalWidth > 0")
    assert page.evaluate("document.querySelector('#photos img').naturalWidth") == 640
