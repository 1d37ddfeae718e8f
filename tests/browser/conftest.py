"""Playwright driving Debian's chromium against pytest-django's live server.

Never a browser downloaded by a test tool: the system chromium is launched by path. Where it is
missing the browser tests skip, except in CI (RENKEI_REQUIRE_BROWSER=1), where they fail.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to set
# up data are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=ja",  # chromium's own words (a file input's "Choose File") in Japanese, as for our people
]  # fmt: skip


def _chromium_path():
    return (
        os.environ.get("RENKEI_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if not path:
        if os.environ.get("RENKEI_REQUIRE_BROWSER"):
            pytest.fail("Debian's chromium is required for the browser tests (make browser-deps)")
        pytest.skip("chromium is not installed")
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait as long as the pages' own actions may (a shared CI machine can be slow).
    expect.set_options(timeout=15_000)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized page, as a shop-floor user holds it."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="ja-JP",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, username, password="correct-horse-42"):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
