"""The back button after sending the inquiry window, then "send" again, makes no second inquiry,
whether the browser kept the page whole or reloaded it and refilled what was typed."""

import pytest
from playwright.sync_api import expect

from renkei.inquiries.models import Inquiry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill(page):
    page.fill("#id_customer_company", "株式会社ロケット工房")
    page.fill("#id_contact_name", "宇宙 太郎")
    page.fill("#id_email", "taro@rocket.example")
    page.fill("#id_title", "アルミブラケット試作")
    page.fill("#id_description", "A7075 のブラケット。")
    page.fill("#id_lines-0-part_name", "ブラケット")
    page.fill("#id_lines-0-quantity", "5")


def _send(page):
    page.click("form#inquiry-form button[type=submit]:not([name])")


def test_back_and_send_again_is_the_same_inquiry(page, group):
    page.goto("/g/miyako/inquiry/")
    _fill(page)
    _send(page)
    expect(page.locator("#received")).to_contain_text("受付完了")
    first = page.url

    page.go_back()
    expect(page.locator("#id_title")).to_have_value("アルミブラケット試作")
    _send(page)
    expect(page.locator("#received")).to_contain_text("受付完了")
    assert page.url.split("?")[0] == first.split("?")[0]
    assert Inquiry.objects.count() == 1


def test_a_reloaded_and_refilled_form_gets_its_sent_key_back(page, group):
    """What a browser does when it reloads instead of keeping the page: the typed fields come
    back, the hidden key is the server's new one. The page puts the sent key back."""
    page.goto("/g/miyako/inquiry/")
    _fill(page)
    sent_key = page.locator("input[name=submission_key]").input_value()
    _send(page)
    expect(page.locator("#received")).to_contain_text("受付完了")

    page.goto("/g/miyako/inquiry/")  # a fresh page with a new key, nothing typed yet
    assert page.locator("input[name=submission_key]").input_value() != sent_key
    _fill(page)  # as the browser's refill does, before the page is shown
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: false}))")
    assert page.locator("input[name=submission_key]").input_value() == sent_key
    _send(page)
    expect(page.locator("#received")).to_contain_text("受付完了")
    assert Inquiry.objects.count() == 1


def test_a_new_visit_with_nothing_typed_keeps_its_own_key(page, group):
    page.goto("/g/miyako/inquiry/")
    _fill(page)
    _send(page)
    expect(page.locator("#received")).to_contain_text("受付完了")
    page.goto("/g/miyako/inquiry/")
    fresh = page.locator("input[name=submission_key]").input_value()
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: false}))")
    assert page.locator("input[name=submission_key]").input_value() == fresh
