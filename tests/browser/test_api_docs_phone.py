"""The API documentation page is usable on a phone: laid out at the phone's own width (not a
desktop page shrunk to an unreadable size) and nothing scrolls the page sideways, even with an
operation opened to its parameters and responses."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository
pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _fits(page):
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert inner == 390  # the page is laid out for the phone, not for 980 px
    assert width <= inner, width


def test_the_api_docs_fit_a_phone(phone, alice):
    log_in(phone, "alice")
    phone.goto("/api/v1/docs")
    operation = phone.locator(".swagger-ui .opblock", has_text="inquiries/{inquiry_id}/answer")
    expect(operation).to_be_visible()
    _fits(phone)
    operation.locator(".opblock-summary").click()
    expect(operation.locator(".responses-wrapper")).to_be_visible()
    operation.scroll_into_view_if_needed()
    phone.screenshot(path=SHOTS / "renkei-api-docs-phone.png")
    _fits(phone)
    phone.locator(".swagger-ui section.models").scroll_into_view_if_needed()
    _fits(phone)
