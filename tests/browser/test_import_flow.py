"""The coordinator imports members from a spreadsheet: a bad file is refused row by row and
nothing lands; the corrected file goes in whole."""

import pytest
from playwright.sync_api import expect

from renkei.conftest_helpers import run_worker
from renkei.orgs.models import Company
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def test_coordinator_imports_after_fixing_a_bad_corporate_number(page, alice, aoki, tmp_path):
    header = "法人番号,会社名,都道府県,工程\r\n"
    bad = tmp_path / "members.csv"
    bad.write_bytes((header + "1234567890123,伏見研削,京都府,平面研削\r\n").encode("cp932"))
    log_in(page, "alice")
    page.goto("/g/miyako/")
    page.click("a[href='/g/miyako/manage/import/']")
    page.set_input_files("input[name=file]", str(bad))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/manage/import/*/")
    run_worker()
    problems = page.locator("#job table")
    expect(problems).to_contain_text("法人番号")  # the column, in the user's language
    expect(problems.locator("tbody tr td").nth(1)).to_have_text("2")  # the row
    assert not Company.objects.filter(name="伏見研削").exists()

    good = tmp_path / "members-fixed.csv"
    good.write_bytes((header + "2010001008824,伏見研削,京都府,平面研削\r\n").encode("cp932"))
    page.goto("/g/miyako/manage/import/")
    page.set_input_files("input[name=file]", str(good))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/manage/import/*/")
    run_worker()
    expect(page.locator("#job")).to_contain_text("1")
    expect(page.locator("#job a[href='/g/miyako/members/']")).to_be_visible()
    page.click("#job a[href='/g/miyako/members/']")
    expect(page.locator(".company-hit", has_text="伏見研削")).to_be_visible()
