"""The whole money side of one joint order, each step in the browser as the person who takes it:
the customer accepts the quote with its PO number → the coordinator issues the members' 注文書 and
each member's admin accepts its own → the members claim and ship their packages from the package
pages → the customer confirms the delivery (検収) on the tracking page → the coordinator issues
the invoice → the customer opens its PDF on the tracking page → the coordinator imports the bank's
CSV and the invoice is paid → the coordinator issues the month's statements and the machining
shop's admin confirms its own → the coordinator downloads the 総合振込 file that pays it.

At 1280 wide; one phone (390×844) screenshot of the customer's tracking page with the invoice."""

import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renkei.lib.zengin import parse_transfer_file
from renkei.projects.models import Project
from renkei.settlement.choices import OrderState
from renkei.settlement.models import (
    IssuedDocument,
    OrderSettlement,
    PurchaseOrder,
    Statement,
    TransferFile,
)
from renkei.settlement.tests.conftest import billing, sent_quote, terms  # noqa: F401 (the settlement fixtures)
from tests.browser.conftest import log_in
from tests.browser.japanese_text import findings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "flow"  # screenshots to look at, never in the repository
# Codes as printed (RK-PO-0042, INV2026-00001, ST…, FI…, T + 13 digits), the file formats, and the
# login names in the account menu.
CODES = {"RK", "PO", "OC", "INV", "ST", "FI", "MIYAKO", "T", "PDF", "XML", "CSV"}
PEOPLE = {"alice", "bob", "hana"}
PAYER_KANA = "ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ"


def _japanese(tab) -> None:  # type: ignore[no-untyped-def]
    assert findings(tab.content(), CODES | PEOPLE) == [], tab.url


def _as(tab, username):  # type: ignore[no-untyped-def]
    tab.context.clear_cookies()
    if username:
        log_in(tab, username)


def _ship(tab, package):  # type: ignore[no-untyped-def]
    """The member's admin claims its package on the board and records the shipment."""
    tab.goto("/g/miyako/board/")
    tab.click(f"#open-{package.pk} button[name=claim]")
    expect(tab.locator("#package-state")).to_be_visible()
    tab.goto(f"/g/miyako/packages/{package.pk}/")
    tab.click("#tap-shipped")
    expect(tab.locator("#package-stage")).to_contain_text("出荷")
    _japanese(tab)


@pytest.mark.usefixtures("terms", "billing")
def test_from_the_customers_order_to_the_members_payout(
    page, phone, group, alice, bob, hana, aoki, sakura, tmp_path
):  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    quote = sent_quote(group, alice, aoki, sakura)
    tracking = quote.inquiry.get_tracking_url()

    # 1. The customer, with no account, accepts the quote with its PO number and payer kana.
    page.goto(tracking)
    page.click("#accept")
    expect(page.locator("#confirm-terms")).to_have_text("月末締め翌月末払い")
    page.fill("#id_po_number", "RK-PO-0042")
    page.fill("#id_payer_kana", PAYER_KANA)
    page.screenshot(path=SHOTS / "1-confirm.png", full_page=True)
    _japanese(page)
    page.click("#place-order")
    expect(page.locator("#order-po-number")).to_have_text("RK-PO-0042")
    _japanese(page)
    settlement = OrderSettlement.objects.get()
    assert settlement.payer_kana == PAYER_KANA

    # The coordinator starts the project and publishes its packages (one per quote line).
    _as(page, "alice")
    page.goto("/g/miyako/projects/")
    page.click(f"#start-{settlement.order.pk}")
    page.click("#publish")
    machining, plating = Project.objects.get().packages.order_by("position")

    # 2. The coordinator issues the 注文書 on the order's money page; each admin accepts its own.
    page.goto(f"/g/miyako/money/orders/{settlement.pk}/")
    page.click("#po-form button[type=submit]")
    expect(page.locator("#purchase-orders li")).to_have_count(2)
    _japanese(page)
    for username, company in (("bob", aoki), ("hana", sakura)):
        po = PurchaseOrder.objects.get(company=company)
        _as(page, username)
        page.goto("/g/miyako/money/purchase-orders/")
        expect(page.locator("li[id^=po-]")).to_have_count(1)  # only its own company's
        page.click(f"#po-{po.pk} button[value=accept]")
        expect(page.locator(f"#po-{po.pk} .state")).to_have_text("承諾済み")
        _japanese(page)
    settlement.refresh_from_db()
    assert settlement.state == OrderState.IN_WORK

    # 3. Each member's admin claims its package and records the shipment on the package page.
    _as(page, "bob")
    _ship(page, machining)
    _as(page, "hana")
    _ship(page, plating)
    settlement.refresh_from_db()
    assert settlement.state == OrderState.DELIVERED

    # 4. 検収: the customer confirms the delivery on the tracking page.
    _as(page, None)
    page.goto(tracking)
    page.click("#accept-delivery")
    _japanese(page)
    page.click("#confirm-delivery")
    expect(page.locator("#delivery-accepted")).to_be_visible()
    settlement.refresh_from_db()
    assert settlement.accepted_by_customer and settlement.invoiceable

    # 5. The coordinator issues the invoice after its confirmation step.
    _as(page, "alice")
    page.goto("/g/miyako/money/invoices/")
    page.click(f"#issue-{settlement.pk}")
    total = page.locator(".draft-total").inner_text()
    _japanese(page)
    page.click("#issue-confirm")
    invoice = IssuedDocument.objects.get(kind="invoice")
    expect(page.locator("h1")).to_contain_text(invoice.number)
    expect(page.locator("#total")).to_have_text(total)
    assert total == f"¥{invoice.total_yen:,}"
    _japanese(page)

    # 6. The customer opens the invoice's PDF from its tracking page.
    _as(page, None)
    page.goto(tracking)
    link = page.locator(f"#document-invoice-{invoice.pk} a")
    expect(link).to_contain_text(invoice.number)
    link.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "6-tracking-invoice.png", full_page=True)
    _japanese(page)
    pdf = page.request.get(link.get_attribute("href") or "")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body()[:5] == b"%PDF-"
    phone.goto(tracking)
    expect(phone.locator(f"#document-invoice-{invoice.pk} a")).to_be_visible()
    phone.screenshot(path=SHOTS / "6-tracking-invoice-phone.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    # 7. The coordinator imports the bank's CSV (the generic shape): the invoice is paid.
    today = timezone.localdate().strftime("%Y/%m/%d")
    csv = tmp_path / "nyukin.csv"
    csv.write_text(f"取引日,入金額,振込依頼人\n{today},{invoice.total_yen},{PAYER_KANA}\n")
    _as(page, "alice")
    page.goto("/g/miyako/money/payments/")
    page.set_input_files("#import-form input[name=file]", str(csv))
    page.click("#import-form button[type=submit]")
    page.wait_for_url("**/money/payments/imports/*/")
    expect(page.locator("#import-rows")).to_contain_text(invoice.number)
    expect(page.locator("#import-rows [data-state=paid]")).to_have_text("入金済み")
    assert findings(page.content(), CODES | PEOPLE | {"nyukin.csv"}) == []
    page.goto(f"/g/miyako/money/invoices/{invoice.pk}/")
    expect(page.locator("#owed")).to_have_text("¥0")

    # 8. The coordinator issues the month's statements; bob confirms the machining shop's.
    page.goto("/g/miyako/money/statements/")
    page.click("#issue-month")
    expect(page.locator("#issue-form")).to_contain_text("2社")
    _japanese(page)
    page.click("#issue-confirm")
    expect(page.locator(".messages")).to_contain_text("2件発行")
    statement = Statement.objects.get(company=aoki)
    _as(page, "bob")
    page.goto("/g/miyako/money/statements/")
    page.click(f"#statement-{statement.pk}")
    expect(page.locator("#payable")).to_have_text(f"¥{statement.payable_yen:,}")
    page.click("#confirm-statement")
    expect(page.locator("#state")).to_contain_text("確認済")
    page.screenshot(path=SHOTS / "8-statement-confirmed.png", full_page=True)
    _japanese(page)

    # 9. The coordinator makes the 総合振込 file and downloads it: 120-byte records.
    _as(page, "alice")
    page.goto("/g/miyako/money/payouts/")
    expect(page.locator("#payable")).to_contain_text("株式会社青木精工")
    page.click("#make-file")
    expect(page.locator(".messages")).to_contain_text("振込ファイルを作成しました")
    _japanese(page)
    transfer = TransferFile.objects.get()
    with page.expect_download() as info:
        page.click(f"#download-{transfer.pk}")
    data = Path(info.value.path()).read_bytes()
    records = data.split(b"\r\n")
    assert records[-1] in (b"", b"\x1a") and all(len(r) == 120 for r in records[:-1])
    _header, transfers, trailer = parse_transfer_file(data)
    assert [t.amount for t in transfers] == [statement.payable_yen]
    assert trailer.count == 1 and trailer.total == statement.payable_yen
