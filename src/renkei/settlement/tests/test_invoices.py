"""Qualified invoices and credit notes through the service: tax once per rate, consolidation,
credit notes within their invoice, corrections, 斡旋 numbering and the closing tick."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from renkei.lib.documents import DocumentKind, Line, Rounding, from_dict
from renkei.lib.money import tax_by_rate, tax_per_line
from renkei.settlement.choices import DocumentEventKind, OrderState, SettlementMode
from renkei.settlement.models import DocumentEvent, IssuedDocument, OrderSettlement
from renkei.settlement.services.invoices import (
    InvoiceRefused,
    correct_invoice,
    credit_left,
    issue_credit_note,
    issue_invoice,
)
from renkei.settlement.services.issue import ensure_pdf
from renkei.settlement.tasks import close_due_periods, last_closing
from renkei.settlement.tests.conftest import AOKI_T_NUMBER, GROUP_T_NUMBER
from renkei.settlement.tests.invoice_factory import accepted

pytestmark = pytest.mark.django_db


def test_the_invoice_rounds_tax_once_per_rate_not_per_line(group, alice, aoki, terms):
    # Three lines of ¥1,050 with the 10 % fee folded in: ¥1,155 each. Per line the tax would be
    # ¥115 × 3 = ¥345; once on the rate's ¥3,465 it is ¥346 — the invoice must say ¥346.
    order = accepted(group, alice, [(f"部品{i}", 1, 1050, aoki) for i in range(3)])
    [invoice] = issue_invoice(actor=alice, settlements=[order])
    document = from_dict(invoice.data)
    assert [line.amount for line in document.lines] == [1155, 1155, 1155]
    assert tax_per_line(document.lines, Rounding.DOWN) == 345
    assert invoice.tax_yen == 346 == sum(t.tax for t in tax_by_rate(document.lines))
    assert invoice.net_yen == 3465 and invoice.total_yen == 3811
    assert invoice.kind == DocumentKind.INVOICE
    assert invoice.number == f"INV{invoice.fiscal_year}-00001"
    order.refresh_from_db()
    assert order.state == OrderState.INVOICED


def test_the_invoice_carries_every_qualified_invoice_field(
    group, alice, accepted_settlement, terms
):
    [invoice] = issue_invoice(
        actor=alice, settlements=[accepted_settlement], issued_on=dt.date(2026, 5, 20)
    )
    document = from_dict(invoice.data)
    assert document.issuer.name == "企業組合みやこ試作"
    assert document.issuer.registration_number == GROUP_T_NUMBER
    assert document.issuer.bank is not None and document.issuer.bank.number == "1234567"
    assert document.recipient.name == "株式会社ロケット工房"
    assert document.references == ("RK-PO-0042",)
    today = timezone.localdate()
    assert document.period_end == today
    # 月末締め翌月末払い (the defaults): the month's end after the one of 検収.
    assert invoice.due_on is not None and invoice.due_on.day >= 28
    assert invoice.due_on.month == (today.month % 12) + 1
    assert [t.rate for t in document.totals] == [10]
    # The fee folded into the parts, as the customer's quote showed them.
    assert [line.amount for line in document.lines] == [66000, 16500]
    assert invoice.total_yen == accepted_settlement.order.total_yen
    assert invoice.customer_email == "taro@rocket.example"
    assert list(invoice.orders.all()) == [accepted_settlement]
    assert not invoice.pdf  # the worker draws it from the frozen data; opening it draws it now
    assert ensure_pdf(invoice).pdf.read()[:5] == b"%PDF-"
    assert b"urn:peppol:pint:billing-1@jp-1" in invoice.xml.read()


def test_a_shown_fee_is_a_line_and_an_8_percent_line_is_taxed_on_its_own(group, alice, aoki, terms):
    group.show_fee_to_customers = True
    group.save(update_fields=["show_fee_to_customers"])
    order = accepted(
        group, alice, [("弁当", 3, 1000, aoki), ("治具", 1, 5000, aoki)], tax_rates={0: 8}
    )
    [invoice] = issue_invoice(actor=alice, settlements=[order])
    document = from_dict(invoice.data)
    assert [(line.description, line.amount, line.tax_rate) for line in document.lines] == [
        ("弁当", 3000, 8),
        ("治具", 5000, 10),
        ("手数料", 800, 10),
    ]
    assert [(t.rate, t.taxable, t.tax) for t in document.totals] == [
        (10, 5800, 580),
        (8, 3000, 240),
    ]


def test_one_consolidated_invoice_for_two_orders_of_one_customer(group, alice, aoki, terms):
    first = accepted(group, alice, [("シャフト", 2, 10000, aoki)], po_number="PO-1")
    second = accepted(group, alice, [("ブラケット", 1, 30000, aoki)], po_number="PO-2")
    [invoice] = issue_invoice(actor=alice, settlements=[first, second])
    document = from_dict(invoice.data)
    assert document.references == ("PO-1", "PO-2")
    assert [line.description for line in document.lines] == ["シャフト", "ブラケット"]
    assert invoice.net_yen == 22000 + 33000
    assert set(invoice.orders.all()) == {first, second}
    assert set(OrderSettlement.objects.values_list("state", flat=True)) == {OrderState.INVOICED}


def test_orders_of_two_customers_or_not_accepted_are_not_invoiced(group, alice, aoki, terms):
    first = accepted(group, alice, [("シャフト", 1, 10000, aoki)])
    other = accepted(group, alice, [("シャフト", 1, 10000, aoki)], email="hana@other.example")
    with pytest.raises(InvoiceRefused, match="同じお客様の注文だけ"):
        issue_invoice(actor=alice, settlements=[first, other])
    [invoice] = issue_invoice(actor=alice, settlements=[first])
    with pytest.raises(InvoiceRefused, match="検収が済み"):
        issue_invoice(actor=alice, settlements=[first])  # already invoiced
    assert IssuedDocument.objects.count() == 1
    assert invoice.sequence == 1


def test_a_credit_note_names_its_invoice_and_stays_within_it(
    group, alice, accepted_settlement, terms
):
    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    assert invoice.total_yen == 90750  # 82,500 + 8,250
    credit = issue_credit_note(actor=alice, invoice=invoice, amount_yen=10001, reason="傷あり1個")
    assert credit.kind == DocumentKind.CREDIT_NOTE
    assert credit.corrects == invoice
    assert credit.number == f"CN{credit.fiscal_year}-00001"
    document = from_dict(credit.data)
    assert document.references == (invoice.number,)
    assert [(t.rate, t.taxable, t.tax) for t in document.totals] == [(10, 10001, 1000)]
    assert credit_left(invoice) == 90750 - 11001
    assert DocumentEvent.objects.filter(
        document=invoice, kind=DocumentEventKind.CANCELLED, related=credit
    ).exists()
    with pytest.raises(InvoiceRefused, match="超えています"):
        issue_credit_note(actor=alice, invoice=invoice, amount_yen=72500, reason="返品")
    for bad in (0, -500):
        with pytest.raises(InvoiceRefused, match="1円以上"):
            issue_credit_note(actor=alice, invoice=invoice, amount_yen=bad, reason="返品")
    # The rest, to the yen: its tax is what is left of the invoice's tax.
    rest = issue_credit_note(actor=alice, invoice=invoice, amount_yen=72499, reason="返品")
    assert rest.tax_yen == 8250 - 1000
    assert credit_left(invoice) == 0
    assert IssuedDocument.objects.filter(kind=DocumentKind.CREDIT_NOTE).count() == 2


def test_the_limit_message_is_japanese(group, alice, accepted_settlement, terms):
    from django.utils import translation

    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    with translation.override("ja"), pytest.raises(InvoiceRefused) as refused:
        issue_credit_note(actor=alice, invoice=invoice, amount_yen=100000, reason="返品")
    assert str(refused.value) == (
        f"請求書 {invoice.number} の税率10%分で返還できる残りは税抜¥82,500です。"
        "¥100,000はこれを超えています。"
    )


def test_a_correction_is_a_credit_note_and_a_new_invoice(group, alice, accepted_settlement, terms):
    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    before = dict(invoice.data)
    fixed = [Line("ブラケット 切削加工・めっき", 5, Decimal(16000), 80000)]
    credit, new = correct_invoice(actor=alice, invoice=invoice, reason="単価の誤り", lines=fixed)
    assert credit.kind == DocumentKind.CREDIT_NOTE and credit.total_yen == invoice.total_yen
    assert new.kind == DocumentKind.INVOICE and new.corrects == invoice
    assert new.number == f"INV{new.fiscal_year}-00002"
    assert new.net_yen == 80000 and new.tax_yen == 8000
    assert list(new.orders.all()) == [accepted_settlement]
    invoice.refresh_from_db()
    assert invoice.data == before and invoice.total_yen == 90750  # the old one untouched
    kinds = set(DocumentEvent.objects.filter(document=invoice).values_list("kind", flat=True))
    assert {DocumentEventKind.CANCELLED, DocumentEventKind.SUPERSEDED} <= kinds
    with pytest.raises(InvoiceRefused, match="すでに訂正されています"):
        correct_invoice(actor=alice, invoice=invoice, reason="again")


def test_brokered_members_invoice_under_their_own_numbers_and_pay_the_fee(
    group, alice, aoki, sakura, terms, billing
):
    terms.mode = SettlementMode.BROKERED
    terms.save(update_fields=["mode"])
    # aoki already issued one invoice of its own from renkei this year.
    earlier = accepted(group, alice, [("治具", 1, 1000, aoki)], mode=SettlementMode.BROKERED)
    [aoki_first, _fee] = issue_invoice(actor=alice, settlements=[earlier])
    order = accepted(
        group,
        alice,
        [("切削", 5, 12000, aoki), ("めっき", 5, 3000, sakura)],
        mode=SettlementMode.BROKERED,
    )
    documents = issue_invoice(actor=alice, settlements=[order])
    by_issuer = {(d.kind, d.issuer_company_id, d.recipient_company_id): d for d in documents}
    aoki_invoice = by_issuer[(DocumentKind.INVOICE, aoki.pk, None)]
    sakura_invoice = by_issuer[(DocumentKind.INVOICE, sakura.pk, None)]
    assert aoki_invoice.sequence == aoki_first.sequence + 1 == 2  # aoki's own sequence
    assert sakura_invoice.sequence == 1
    assert aoki_invoice.issuer_key != sakura_invoice.issuer_key
    assert from_dict(aoki_invoice.data).issuer.registration_number == AOKI_T_NUMBER
    assert aoki_invoice.net_yen == 66000 and sakura_invoice.net_yen == 16500
    fee = by_issuer[(DocumentKind.FEE_INVOICE, None, aoki.pk)]
    assert fee.net_yen == 6000 and fee.tax_yen == 600
    assert from_dict(fee.data).issuer.registration_number == GROUP_T_NUMBER
    assert by_issuer[(DocumentKind.FEE_INVOICE, None, sakura.pk)].net_yen == 1500
    # The customer sees the members' invoices, never the fee invoices.
    from renkei.settlement.access import customer_documents

    assert set(customer_documents(order)) == {aoki_invoice, sakura_invoice}


def test_the_closing_tick_issues_one_invoice_per_customer_once(group, alice, aoki, terms):
    terms.consolidated_invoices = True
    terms.closing_day = 20
    terms.save(update_fields=["consolidated_invoices", "closing_day"])
    tz = timezone.get_current_timezone()
    day = dt.datetime(2026, 4, 10, 12, tzinfo=tz)
    a = accepted(group, alice, [("A", 1, 10000, aoki)], accepted_on=day)
    b = accepted(group, alice, [("B", 1, 20000, aoki)], accepted_on=day + dt.timedelta(days=5))
    later = accepted(group, alice, [("C", 1, 5000, aoki)], accepted_on=day + dt.timedelta(days=15))
    other = accepted(group, alice, [("D", 1, 7000, aoki)], email="x@other.example", accepted_on=day)
    assert last_closing(20, dt.date(2026, 4, 21)) == dt.date(2026, 4, 20)
    assert last_closing(20, dt.date(2026, 4, 20)) == dt.date(2026, 3, 20)
    assert last_closing(0, dt.date(2026, 5, 1)) == dt.date(2026, 4, 30)
    now = dt.datetime(2026, 4, 21, 9, tzinfo=tz)
    assert close_due_periods(now) == {"invoices": 2}
    assert close_due_periods(now) == {"invoices": 0}
    joint = IssuedDocument.objects.get(orders=a)
    assert set(joint.orders.all()) == {a, b}
    assert joint.issued_on == dt.date(2026, 4, 20)
    assert joint.due_on == dt.date(2026, 5, 31)  # 20日締め翌月末払い
    assert IssuedDocument.objects.get(orders=other).net_yen == 7700
    later.refresh_from_db()
    assert later.state == OrderState.ACCEPTED  # the next period's
