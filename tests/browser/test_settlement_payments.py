"""The coordinator imports the bank's statement and sees the invoice paid; a broken file is
refused with its row named, in Japanese, and nothing lands."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renkei.settlement.models import Payment
from renkei.settlement.services.invoices import issue_invoice
from renkei.settlement.tests.conftest import accepted_order, accepted_settlement, terms
from tests.browser.conftest import log_in
from tests.browser.japanese_text import english_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]
__all__ = ["accepted_order", "accepted_settlement", "terms"]  # fixtures of the settlement tests

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository
ANSER_HEADER = (
    '"照会口座","番号","勘定日","(起算日)","出金金額(円)","入金金額(円)","小切手区分",'
    '"残高(円)","取引区分","明細区分","金融機関名","支店名","摘要"\r\n'
)


def _statement(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes((ANSER_HEADER + "".join(rows)).encode("cp932"))
    return path


def _import(page, path):
    page.goto("/g/miyako/money/payments/")
    page.set_input_files("#import-form input[name=file]", str(path))
    page.click("#import-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_coordinator_imports_a_bank_statement_and_sees_the_invoice_paid(
    page, phone, alice, accepted_settlement, tmp_path
):
    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    row = (
        '"本店 普通 1234567 ｷ)ﾐﾔｺｼｻｸ","00001","2026年12月01日","","","90,750","",'
        '"1,090,750","振込","","ｷﾖｳﾄｷﾞﾝｺｳ","ﾎﾝﾃﾝ","ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ"\r\n'
    )
    log_in(page, "alice")

    broken = _statement(tmp_path, "broken.csv", [row.replace("2026年12月01日", "2026年13月01日")])
    _import(page, broken)
    error = page.locator("#import-form .errorlist")
    expect(error).to_contain_text("2行目")
    expect(error).to_contain_text("勘定日")
    assert not english_words(error.inner_text()), error.inner_text()
    assert not Payment.objects.exists()
    page.screenshot(path=SHOTS / "settlement-import-refused-1280.png", full_page=True)

    _import(page, _statement(tmp_path, "meisai.csv", [row]))
    page.wait_for_url("**/money/payments/imports/*/")
    result = page.locator("#import-rows")
    expect(result).to_contain_text(invoice.number)
    expect(result.locator("[data-state=paid]")).to_have_text("入金済み")
    page.screenshot(path=SHOTS / "settlement-import-1280.png", full_page=True)
    main = page.locator("main").inner_text()
    assert not english_words(main, {"meisai.csv"}), main  # the file name is the user's

    page.goto("/g/miyako/money/payments/")
    expect(page.locator("#open-invoices")).to_contain_text("入金待ちの請求書はありません")

    log_in(phone, "alice")
    phone.goto("/g/miyako/money/payments/")
    phone.click("#imports a")
    expect(phone.locator("[data-state=paid]")).to_be_visible()
    phone.screenshot(path=SHOTS / "settlement-import-390.png", full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
