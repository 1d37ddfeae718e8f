"""The customer portal in Debian's chromium: from the tracking page a customer asks for a sign-in
link, reads it in the mail on the local SMTP server, signs in, sees the inquiries of every group
sent from that address, and orders a part again — a new inquiry with the same drawings."""

import re
import tempfile
import uuid
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from renkei.conftest_helpers import CUSTOMER, STEP_BYTES, compose_test_quote, pdf_bytes, run_worker
from renkei.inquiries import referrals, replies
from renkei.inquiries.models import Inquiry
from renkei.inquiries.services import stage_drawing, submit_inquiry
from tests.browser.japanese_text import findings

# Screenshots to look at, outside the repository.
SHOTS = Path(tempfile.gettempdir())

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]

# What is the customer's own or a code: their address, file names, drawing numbers, materials.
OWN_WORDS = {"taro", "rocket", "example", "bracket", "step", "bracket.step", "pdf", "A", "S", "F", "B", "MIYAKO",
             "HOKKO", "KB", "A5052"}  # fmt: skip


def ordered_inquiry(group, alice, aoki):
    key = uuid.uuid4()
    for name, data in [("図面 A-100.pdf", pdf_bytes()), ("bracket.step", STEP_BYTES)]:
        stage_drawing(group=group, key=key, upload=SimpleUploadedFile(name, data))
    inquiry, _ = submit_inquiry(
        group=group,
        key=key,
        header=CUSTOMER,
        lines=[{"part_name": "シャフト", "drawing_number": "S-1", "quantity": 4}],
    )
    referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    quote = compose_test_quote(alice, inquiry, [("シャフト S-1", 4, 12000)])
    replies.send_quote(actor=alice, quote=quote)
    replies.accept_quote(quote=quote)
    return inquiry


def sign_in_link(smtp):
    [raw] = [raw for to, raw in smtp.messages if to == [CUSTOMER["email"]]]
    body = message_from_bytes(raw.encode("utf-8"), policy=default).get_content()
    match = re.search(r"https?://\S+/portal/in/[\w-]+/", body)
    assert match, body
    return match.group(0)


def no_overflow(page):
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_customer_signs_in_by_mail_and_orders_again(
    page, browser, live_server, settings, group, other_group, alice, aoki, smtp
):
    settings.RENKEI_BASE_URL = live_server.url
    inquiry = ordered_inquiry(group, alice, aoki)
    elsewhere, _ = submit_inquiry(
        group=other_group, key=uuid.uuid4(), header=CUSTOMER | {"title": "めっき"}, lines=[]
    )
    run_worker()
    smtp.messages.clear()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(inquiry.get_tracking_url())
    page.click("#portal-link a")
    expect(page.locator("h1")).to_have_text("お客様ポータル")
    page.fill("input[name=email]", CUSTOMER["email"])
    page.click("#send-link")
    expect(page.locator("#portal-sent")).to_contain_text("30分間、1回だけ")

    run_worker()
    page.goto(sign_in_link(smtp))
    page.click("#sign-in")
    expect(page.locator("h1")).to_have_text("お問い合わせ一覧")
    mine = page.locator(f"#inquiry-{inquiry.pk}")
    expect(mine.locator(".status")).to_have_text("ご注文を承りました")
    expect(mine.locator(".delivery")).to_have_text(inquiry.order.delivery_on.isoformat())
    expect(page.locator(f"#inquiry-{elsewhere.pk}")).to_contain_text("めっき")
    expect(page.locator("#group-hokko h2")).to_have_text(other_group.name)
    assert findings(page.content(), OWN_WORDS) == []
    no_overflow(page)
    page.screenshot(path=SHOTS / "portal-list-1280.png", full_page=True)

    phone = browser.new_context(
        base_url=live_server.url, locale="ja-JP", viewport={"width": 390, "height": 844}
    )
    phone.add_cookies(page.context.cookies())
    small = phone.new_page()
    small.goto("/portal/")
    expect(small.locator(f"#inquiry-{inquiry.pk}")).to_be_visible()
    no_overflow(small)
    small.screenshot(path=SHOTS / "portal-list-390.png", full_page=True)
    small.goto(f"/portal/inquiries/{inquiry.pk}/again/")
    no_overflow(small)
    small.screenshot(path=SHOTS / "portal-again-390.png", full_page=True)
    phone.close()

    mine.locator(f"#again-{inquiry.pk}").click()
    expect(page.locator("h1")).to_have_text("もう一度注文する")
    expect(page.locator("#again-drawings")).to_contain_text("図面 A-100.pdf")
    expect(page.locator("#again-drawings")).to_contain_text("bracket.step")
    assert findings(page.content(), OWN_WORDS) == []
    page.screenshot(path=SHOTS / "portal-again-1280.png", full_page=True)
    page.locator("input[name^=quantity_]").fill("6")
    page.click("#send-again")
    expect(page.locator("#received")).to_be_visible()

    made = Inquiry.objects.exclude(pk__in=[inquiry.pk, elsewhere.pk]).get()
    assert made.group == group
    assert [line.quantity for line in made.lines.all()] == [6]
    assert sorted(d.original_name for d in made.drawings.all()) == [
        "bracket.step",
        "図面 A-100.pdf",
    ]
    assert {d.sha256 for d in made.drawings.all()} == {d.sha256 for d in inquiry.drawings.all()}
    expect(page.locator("h1")).to_contain_text(made.reference)
