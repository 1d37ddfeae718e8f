"""A coordinator of a group that requires two-factor authentication logs in on a phone, is sent
to setup, types the key into an authenticator (here: computed from the page's secret), keeps
the recovery codes and reaches the group page."""

import base64
import os
import re
import time
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from renkei.orgs.models import Group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]

# Set RENKEI_SCREENSHOTS to a directory to keep screenshots of the pages at phone size.
SCREENSHOTS = os.environ.get("RENKEI_SCREENSHOTS", "")


def _code_from_secret(secret: str) -> str:
    """What an authenticator app shows for the key typed in by hand."""
    key = base64.b32decode(secret.replace(" ", ""))
    totp = TOTP(key)
    totp.time = time.time()
    return f"{totp.token():06d}"


def _screenshot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def test_coordinator_sets_up_two_factor_on_a_phone_and_reaches_the_group(phone, group, alice):
    Group.objects.filter(pk=group.pk).update(require_two_factor=True)

    phone.goto("/accounts/login/?next=/g/miyako/")
    phone.fill("input[name=username]", "alice")
    phone.fill("input[name=password]", "correct-horse-42")
    phone.click("main button[type=submit]")

    expect(phone.locator("h1")).to_have_text("二段階認証を設定する")
    assert "/accounts/two-factor/setup/" in phone.url
    expect(phone.locator("figure.qr svg")).to_be_visible()
    _screenshot(phone, "two_factor_setup.png")
    secret = phone.locator("#two-factor-secret").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} )+[A-Z2-7]{4}", secret)
    # Nothing on the page is wider than the phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.fill("input[name=code]", _code_from_secret(secret))
    phone.click("main button[type=submit]")

    expect(phone.locator("h1")).to_have_text("リカバリーコード")
    expect(phone.locator("#recovery-codes li")).to_have_count(10)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _screenshot(phone, "two_factor_recovery.png")

    phone.click("text=コードを保管しました（次へ）")
    expect(phone.locator("h1")).to_contain_text("みやこ試作ネット")
    assert phone.url.endswith("/g/miyako/")
