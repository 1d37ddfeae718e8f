"""The money KPIs: computed from real invoices, credit notes, payments and trades; shown on the
cockpit to the books only; the supporters' report carries the year's aggregates."""

import datetime as dt

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login
from renkei.settlement.choices import PurchaseOrderState, SettlementMode
from renkei.settlement.models import MemberTrade
from renkei.settlement.services import books
from renkei.settlement.services.invoices import issue_credit_note, issue_invoice
from renkei.settlement.services.payments import record_payment
from renkei.settlement.tests.invoice_factory import accepted

pytestmark = pytest.mark.django_db

APRIL, MAY = dt.date(2026, 4, 1), dt.date(2026, 5, 1)


@pytest.fixture
def money(group, alice, aoki, sakura, terms, billing):
    joint = accepted(group, alice, [("切削", 1, 100000, aoki)])
    invoice = issue_invoice(actor=alice, settlements=[joint], issued_on=dt.date(2026, 4, 20))[0]
    issue_credit_note(actor=alice, invoice=invoice, amount_yen=20000, reason="値引き",
                      issued_on=dt.date(2026, 5, 2))  # fmt: skip
    record_payment(actor=alice, group=group, received_on=dt.date(2026, 5, 10), amount_yen=30000,
                   payer_name="ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ", allocations=[(invoice, 30000)])  # fmt: skip
    brokered = accepted(group, alice, [("めっき", 1, 50000, sakura)], mode=SettlementMode.BROKERED)
    issued = issue_invoice(actor=alice, settlements=[brokered], issued_on=dt.date(2026, 5, 15))
    MemberTrade.objects.create(
        group=group, buyer=aoki, seller=sakura, description="めっき", amount_yen=8000,
        state=PurchaseOrderState.ACCEPTED, delivered_on=dt.date(2026, 5, 20),
    )  # fmt: skip
    return {"invoice": invoice, "brokered": issued}


def test_kpis_come_from_invoices_credit_notes_payments_and_trades(group, money):
    by_month = books.money_by_month(group, [APRIL, MAY])
    invoice = money["invoice"]
    fee_invoice = next(d for d in money["brokered"] if d.kind == "fee_invoice")
    member_invoice = next(d for d in money["brokered"] if d.kind == "invoice")
    assert by_month[APRIL]["sales"] == invoice.net_yen
    # May: the credit note counts negative; the member's 斡旋 invoice is a sale it brought.
    assert by_month[MAY]["sales"] == member_invoice.net_yen - 20000
    assert by_month[MAY]["trade"] == 8000 and by_month[APRIL]["trade"] == 0
    assert by_month[MAY]["fees"] == fee_invoice.net_yen
    assert by_month[MAY]["profit"] == by_month[MAY]["fees"]
    # Open at the month's end: April the whole invoice; May less the credit note and the payment.
    assert by_month[APRIL]["receivables"] == invoice.total_yen
    credit = invoice.corrections.get()
    assert by_month[MAY]["receivables"] == (
        invoice.total_yen - credit.total_yen - 30000 + fee_invoice.total_yen
    )


def test_the_cockpit_shows_money_to_the_books_only(client, group, alice, kei, bob, carol, money):
    url = reverse("cockpit:kpis", args=[group.slug])
    for person in (alice, kei):
        login(client, person)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ja")
        assert response.status_code == 200
        assert 'id="money-kpis"' in response.content.decode()
        assert "手数料収入" in response.content.decode()
    for person in (bob, carol):
        login(client, person)
        response = client.get(url)
        assert response.status_code == 200
        assert 'id="money-kpis"' not in response.content.decode()


def test_the_supporters_report_has_the_financial_outcomes(group, money):
    from renkei.cockpit.report_pdf import render_report

    outcomes = books.year_outcomes(group, MAY)
    assert outcomes["trade"] == 8000 and outcomes["profit"] == outcomes["fees"]
    pdf = render_report(group, MAY)
    assert pdf.startswith(b"%PDF")


def test_the_money_home_page_per_role(client, group, alice, bob, hana, dave, money):
    url = reverse("settlement:home", args=[group.slug])
    login(client, alice)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert 'id="books-links"' in page and reverse("settlement:archive", args=[group.slug]) in page
    assert reverse("settlement:distribution", args=[group.slug]) in page
    login(client, bob)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert 'id="books-links"' not in page and 'id="member-links"' in page
    login(client, dave)
    assert client.get(url).status_code == 404


def test_the_site_navigation_links_money_roles_only(client, group, alice, bob, carol):
    home = reverse("settlement:home", args=[group.slug])
    for person, shown in ((alice, True), (bob, True), (carol, False)):
        login(client, person)
        page = client.get(reverse("orgs:today")).content.decode()
        assert ('id="menu-money"' in page) is shown, person
        assert (f'href="{home}" id="menu-money"' in page) is shown
