"""The coordinator issues an invoice for an order checked on receipt (検収), after a confirmation
step, and the customer opens it on its tracking page — at 1280 wide and on a phone (390×844)."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renkei.lib.houjin import make_corporate_number
from renkei.settlement.models import GroupSettlement, IssuedDocument
from renkei.settlement.tests.invoice_factory import accepted
from tests.browser.conftest import log_in
from tests.browser.japanese_text import findings

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository
ALLOWED = {"PDF", "XML", "INV", "RK", "PO", "T", "alice"}  # alice: a login name

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


@pytest.mark.parametrize("viewport", ["page", "phone"])
def test_the_coordinator_issues_and_the_customer_opens_the_invoice(
    request, viewport, group, alice, aoki, sakura
):
    GroupSettlement.objects.create(
        group=group,
        legal_name="企業組合みやこ試作",
        registration_number="T" + make_corporate_number("123456789012"),
        bank_name="京都中央信用金庫",
        bank_code="1611",
        branch_name="本店",
        branch_code="001",
        account_number="1234567",
        account_holder_kana="ｷｷﾞﾖｳｸﾐｱｲﾐﾔｺｼｻｸ",
    )
    order = accepted(
        group, alice, [("ブラケット 切削加工", 5, 12000, aoki), ("めっき", 5, 3000, sakura)]
    )
    tab = request.getfixturevalue(viewport)
    log_in(tab, "alice")
    tab.goto("/g/miyako/money/invoices/")
    tab.click(f"#issue-{order.pk}")
    expect(tab.locator(".draft-total")).to_have_text("¥90,750")
    tab.screenshot(path=SHOTS / f"settlement-invoices-confirm-{viewport}.png", full_page=True)
    assert findings(tab.content(), ALLOWED) == []
    assert not IssuedDocument.objects.exists()
    tab.click("#issue-confirm")
    expect(tab.locator("#total")).to_have_text("¥90,750")
    invoice = IssuedDocument.objects.get()
    expect(tab.locator("h1")).to_contain_text(invoice.number)
    tab.screenshot(path=SHOTS / f"settlement-invoices-detail-{viewport}.png", full_page=True)
    assert findings(tab.content(), ALLOWED) == []
    pdf = tab.request.get(f"/g/miyako/money/invoices/{invoice.pk}.pdf")
    assert pdf.ok and pdf.body()[:5] == b"%PDF-"
    (SHOTS / f"settlement-invoice-{viewport}.pdf").write_bytes(pdf.body())
    tab.goto("/g/miyako/money/invoices/")
    tab.screenshot(path=SHOTS / f"settlement-invoices-list-{viewport}.png", full_page=True)

    # The customer, with no account: its tracking page lists the invoice and opens its PDF.
    tab.context.clear_cookies()
    tab.goto(order.order.inquiry.get_tracking_url())
    link = tab.locator(f"#document-invoice-{invoice.pk} a")
    expect(link).to_contain_text(invoice.number)
    tab.locator("#customer-documents").scroll_into_view_if_needed()
    tab.screenshot(path=SHOTS / f"settlement-invoices-tracking-{viewport}.png", full_page=True)
    customer_pdf = tab.request.get(link.get_attribute("href") or "")
    assert customer_pdf.ok and customer_pdf.body()[:5] == b"%PDF-"
