"""The month's statements end to end, at 1280 wide and on a phone (390×844): the coordinator
issues them after a confirm step, a member's admin confirms its statement, and the coordinator
downloads the 総合振込 file that pays it."""

import tempfile
from pathlib import Path

import pytest
from django.db.models import F
from playwright.sync_api import expect

from renkei.lib.zengin import parse_transfer_file
from renkei.settlement.models import MemberShare, Statement, TransferFile
from renkei.settlement.tests.conftest import (  # noqa: F401 (the settlement fixtures)
    accepted_order,
    accepted_settlement,
    billing,
    terms,
)
from tests.browser.conftest import log_in
from tests.browser.japanese_text import findings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]

# Codes and numbers as printed (ST2026-00001), and the login names in the account menu.
SHOTS = Path(tempfile.gettempdir())
CODES = {"PDF", "ST", "FI", "MIYAKO", "alice", "bob"}


def _fits(tab, viewport):  # type: ignore[no-untyped-def]
    if viewport == "phone":
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390


def _log_out(tab):  # type: ignore[no-untyped-def]
    tab.context.clear_cookies()


@pytest.mark.usefixtures("accepted_settlement", "billing")
@pytest.mark.parametrize("viewport", ["page", "phone"])
def test_a_member_admin_confirms_and_the_coordinator_downloads_the_transfer_file(
    request,
    viewport,
    group,
    alice,
    bob,
    aoki,
):  # type: ignore[no-untyped-def]
    # The group keeps its 10 % fee back from the members' prices, which the statement nets.
    MemberShare.objects.update(kept_yen=F("fee_yen"), fee_yen=0)
    tab = request.getfixturevalue(viewport)
    log_in(tab, "alice")
    tab.goto(f"/g/{group.slug}/money/statements/")
    tab.click("#issue-month")
    expect(tab.locator("#issue-form")).to_contain_text("2社")
    tab.screenshot(path=SHOTS / f"settlement-statements-issue-{viewport}.png", full_page=True)
    assert findings(tab.content(), CODES) == []
    tab.click("#issue-confirm")
    expect(tab.locator(".messages")).to_contain_text("2件発行")
    assert Statement.objects.count() == 2
    _log_out(tab)

    statement = Statement.objects.get(company=aoki)
    log_in(tab, "bob")
    tab.goto(f"/g/{group.slug}/money/statements/")
    tab.click(f"#statement-{statement.pk}")
    expect(tab.locator("#payable")).to_have_text("¥59,400")
    tab.screenshot(path=SHOTS / f"settlement-statement-member-{viewport}.png", full_page=True)
    assert findings(tab.content(), CODES) == []
    _fits(tab, viewport)
    pdf = tab.request.get(tab.locator("#statement-pdf").get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    tab.click("#confirm-statement")
    expect(tab.locator("#state")).to_contain_text("確認済")
    _log_out(tab)

    log_in(tab, "alice")
    tab.goto(f"/g/{group.slug}/money/payouts/")
    expect(tab.locator("#payable")).to_contain_text("株式会社青木精工")
    tab.click("#make-file")
    expect(tab.locator(".messages")).to_contain_text("振込ファイルを作成しました")
    transfer = TransferFile.objects.get()
    tab.screenshot(path=SHOTS / f"settlement-payouts-{viewport}.png", full_page=True)
    assert findings(tab.content(), CODES) == []
    _fits(tab, viewport)
    with tab.expect_download() as info:
        tab.click(f"#download-{transfer.pk}")
    data = Path(info.value.path()).read_bytes()
    _header, _transfers, trailer = parse_transfer_file(data)
    assert trailer.count == 1 and trailer.total == 59400
    assert all(len(record) == 120 for record in data.split(b"\r\n")[:-1])
    tab.click(f"#paid-{transfer.pk}")
    expect(tab.locator("#transfers")).to_contain_text("支払済")
