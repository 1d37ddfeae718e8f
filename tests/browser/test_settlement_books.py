"""The books in the browser: the coordinator searches the 電帳法 archive by two criteria and
downloads the ZIP, a wrong search is refused in Japanese; the year-end distribution is computed
line by line and kept. Screenshots at 1280 wide and on a phone."""

import datetime as dt
import io
import zipfile

import pytest
from playwright.sync_api import expect

from renkei.lib.workclock import TOKYO
from renkei.settlement.services import distribution
from renkei.settlement.services.invoices import issue_credit_note, issue_invoice
from renkei.settlement.tests.conftest import billing, terms
from renkei.settlement.tests.invoice_factory import accepted
from tests.browser.conftest import log_in
from tests.browser.japanese_text import findings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]
__all__ = ["billing", "terms"]  # fixtures of the settlement tests

SHOTS = "/tmp/books"  # noqa: S108 — screenshots to look at, never into the repo


@pytest.fixture
def books(group, alice, aoki, sakura, terms, billing):  # type: ignore[no-untyped-def]
    when = dt.datetime(2025, 9, 1, 10, tzinfo=TOKYO)
    rocket = accepted(group, alice, [("切削", 1, 60000, aoki), ("めっき", 1, 20000, sakura)],
                      accepted_on=when)  # fmt: skip
    hikari = accepted(group, alice, [("研磨", 2, 40000, aoki)], customer="ひかり電機株式会社",
                      accepted_on=when)  # fmt: skip
    first = issue_invoice(actor=alice, settlements=[rocket], issued_on=dt.date(2025, 9, 30))[0]
    issue_invoice(actor=alice, settlements=[hikari], issued_on=dt.date(2025, 10, 31))
    issue_credit_note(actor=alice, invoice=first, amount_yen=8000, reason="値引き",
                      issued_on=dt.date(2025, 10, 5))  # fmt: skip
    for company, paid in ((aoki, 300000), (sakura, 100000)):
        distribution.record_capital(actor=alice, group=group, company=company,
                                    on=dt.date(2025, 4, 1), units=paid // 10000,
                                    paid_in_yen=paid)  # fmt: skip
    return first


def _foreign(page):  # type: ignore[no-untyped-def]
    return findings(page.content(), {"alice"})  # the login name in the header


def _shot(page, name):  # type: ignore[no-untyped-def]
    import os

    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_archive_search_download_and_refusal(page, phone, alice, books):  # type: ignore[no-untyped-def]
    for view, width in ((page, "1280"), (phone, "390")):
        log_in(view, "alice")
        view.goto("/g/miyako/money/archive/")
        view.fill("input[name=date_from]", "2025-09-01")
        view.fill("input[name=date_to]", "2025-10-31")
        view.fill("input[name=counterparty]", "ﾛｹｯﾄ")
        view.click("#archive-search button[type=submit]")
        view.wait_for_load_state("networkidle")
        results = view.locator("#archive-results")
        expect(results).to_contain_text(books.number)
        expect(results).to_contain_text("2 件の書類")
        expect(results.locator(f"#doc-{books.pk}")).to_contain_text("取消")
        assert not _foreign(view), _foreign(view)
        _shot(view, f"archive-{width}")

    with page.expect_download() as caught:
        page.click("#archive-download")
    with open(caught.value.path(), "rb") as handle:
        data = handle.read()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "index.csv" in names and sum(n.endswith(".pdf") for n in names) == 2

    page.goto("/g/miyako/money/archive/?date_from=2025-12-01&date_to=2025-01-01&amount_min=abc")
    errors = page.locator("#archive-search .errorlist")
    expect(errors.first).to_be_visible()
    text = page.locator("main").inner_text()
    assert "入れ替えてください" in text and "数字だけ" in text
    assert not _foreign(page), _foreign(page)
    _shot(page, "archive-refused-1280")

    page.goto("/g/miyako/money/archive/")
    page.click(f"#doc-{books.pk} a")
    expect(page.locator("#document-events")).to_contain_text("取消")
    assert not _foreign(page), _foreign(page)


def test_distribution_computed_line_by_line_and_kept(page, phone, alice, books):  # type: ignore[no-untyped-def]
    for view, width in ((page, "1280"), (phone, "390")):
        log_in(view, "alice")
        view.goto("/g/miyako/money/distribution/")
        view.fill("input[name=fiscal_year]", "2025")
        view.fill("input[name=surplus]", "1,000,000")
        view.fill("input[name=capital_dividend_percent]", "30")
        view.click("#distribution-compute")
        view.wait_for_load_state("networkidle")
        lines = view.locator("#distribution-lines")
        expect(lines).to_contain_text("利益準備金")
        expect(lines).to_contain_text("従事分量配当")
        expect(lines).to_contain_text("上限 年20%")
        expect(view.locator("#distribution-members")).to_contain_text("株式会社青木精工")
        assert not _foreign(view), _foreign(view)
        _shot(view, f"distribution-{width}")
    page.click("#distribution-save")
    page.wait_for_url("**/money/distribution/*/")
    expect(page.locator("#distribution-adopt")).to_have_count(0)
    expect(page.locator("#distribution-propose")).to_be_visible()
    assert not _foreign(page), _foreign(page)
    _shot(page, "distribution-kept-1280")
    page.goto("/g/miyako/money/")
    assert not _foreign(page), _foreign(page)
    _shot(page, "money-home-1280")
