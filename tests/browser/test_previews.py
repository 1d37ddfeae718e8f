"""A member opens an inquiry passed to them with a PDF and a STEP drawing and sees both in the
browser: the PDF's pages as images, the STEP as a 3D model on a canvas that really renders
(WebGL in chromium's software renderer), with its size in mm."""

import io
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renkei.conftest_helpers import run_worker
from renkei.inquiries.models import Referral
from renkei.inquiries.referrals import refer
from renkei.previews.tests.conftest import send_inquiry, two_page_pdf
from tests.browser.conftest import log_in

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository
pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _step_cube(tmp_path) -> bytes:
    # Written by the converters' own sample maker, through the OCCT wheel's STEP writer.
    from renkei.lib.preview.samples import step_box

    return step_box(tmp_path / "cube.step", (40.0, 30.0, 20.0)).read_bytes()


def _colours(png: bytes) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return len(set(image.getdata()))


def test_a_member_sees_the_pdf_and_the_3d_model(page, phone, group, alice, bob, aoki, tmp_path):
    inquiry = send_inquiry(
        group, [("ブラケット図面.pdf", two_page_pdf()), ("ブラケット.step", _step_cube(tmp_path))]
    )
    run_worker()
    refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    referral = Referral.objects.get()

    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    log_in(page, "bob")
    page.goto(f"/g/miyako/work/inquiries/{referral.pk}/")
    thumbs = page.locator(".drawing-thumbs img")
    expect(thumbs).to_have_count(2)
    # Loaded, not only placed: each thumbnail image arrives (waited for: they load lazily).
    page.wait_for_function(
        "() => [...document.querySelectorAll('.drawing-thumbs img')].every("
        "i => i.complete && i.naturalWidth > 0)"
    )
    page.screenshot(path=SHOTS / "renkei-previews-referral-1280.png", full_page=True)

    page.locator(".drawing-thumbs a").nth(0).click()
    expect(page.locator("h1")).to_contain_text("ブラケット図面.pdf")
    pages = page.locator(".preview-page img")
    expect(pages).to_have_count(2)
    pages.nth(0).scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.preview-page img')].every("
        "i => i.complete && i.naturalWidth > 0)"
    )
    expect(page.locator("#drawing-download")).to_be_visible()
    page.screenshot(path=SHOTS / "renkei-previews-pdf-1280.png")

    page.go_back()
    page.locator(".drawing-thumbs a").nth(1).click()
    expect(page.locator("#drawing-size")).to_have_text("外形 40 × 30 × 20 mm")
    page.wait_for_function("() => document.querySelector('#viewer[data-ready], #viewer-message')")
    assert not problems, problems
    expect(page.locator("#viewer[data-ready='1'] canvas")).to_be_visible()
    page.wait_for_timeout(300)  # a frame or two after the fit
    canvas = page.locator("#viewer canvas").screenshot()
    assert _colours(canvas) > 20, "the 3D canvas is blank"
    page.screenshot(path=SHOTS / "renkei-previews-step-1280.png", full_page=True)

    log_in(phone, "bob")
    phone.goto(page.url)
    expect(phone.locator("#viewer[data-ready='1'] canvas")).to_be_visible()
    phone.wait_for_timeout(300)
    assert _colours(phone.locator("#viewer canvas").screenshot()) > 20
    phone.screenshot(path=SHOTS / "renkei-previews-step-390.png", full_page=True)
    phone.goto(f"/g/miyako/work/inquiries/{referral.pk}/")
    phone.locator(".drawing-thumbs a").nth(0).click()
    expect(phone.locator(".preview-page img")).to_have_count(2)
    phone.screenshot(path=SHOTS / "renkei-previews-pdf-390.png")
