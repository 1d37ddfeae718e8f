"""A closing day's invoices and a month's statements issued in batches: numbers taken by one
UPDATE per batch and still without gaps, a refused invoice leaving the others of its batch, one
audit entry per order and per document, and the e-invoice XML drawn by the worker or by whoever
downloads it first."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renkei.conftest_helpers import run_worker
from renkei.core.models import AuditEntry
from renkei.lib.documents import Document, DocumentKind, Line, Party, from_dict
from renkei.lib.jppint import to_ubl
from renkei.lib.money import tax_by_rate
from renkei.settlement.choices import DocumentEventKind, OrderState, SettlementMode
from renkei.settlement.models import DocumentEvent, IssuedDocument, OrderSettlement
from renkei.settlement.services import invoices
from renkei.settlement.services.invoices import close_period
from renkei.settlement.services.issue import ToIssue, issue_documents, issuer_of
from renkei.settlement.tests.invoice_factory import accepted

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 2, 10)
CLOSING = dt.date(2026, 2, 28)


def _orders(group, alice, aoki, customers: int, *, mode: str = SettlementMode.JOINT) -> None:
    when = timezone.make_aware(dt.datetime.combine(DAY, dt.time(10)))
    for index in range(customers):
        accepted(
            group, alice, [("切削", 2, 1000 + index, aoki)], email=f"c{index}@buyer.example",
            customer=f"顧客{index}", accepted_on=when, mode=mode,
        )  # fmt: skip


def test_a_closing_day_in_several_batches_numbers_without_gaps(
    group, alice, aoki, terms, monkeypatch
):
    monkeypatch.setattr(invoices, "CLOSE_BATCH_INVOICES", 2)
    _orders(group, alice, aoki, 5)
    issued = close_period(group, CLOSING, actor=alice)
    assert len(issued) == 5
    assert sorted(d.sequence for d in issued) == [1, 2, 3, 4, 5]
    assert not OrderSettlement.objects.filter(group=group, state=OrderState.ACCEPTED).exists()
    # Each document has its issue event and audit entry, each order its own entry naming it.
    for document in issued:
        assert list(document.events.values_list("kind", flat=True)) == [DocumentEventKind.ISSUED]
        assert AuditEntry.objects.filter(
            action="settlement.invoice.issue", object_id=str(document.pk), actor=alice
        ).exists()
        [order] = document.orders.all()
        entry = AuditEntry.objects.get(action="settlement.order.invoice", object_id=str(order.pk))
        assert entry.summary == document.number and entry.actor == alice
    assert close_period(group, CLOSING, actor=alice) == []  # a second run issues nothing twice


def test_a_refused_invoice_leaves_the_others_of_its_batch(group, alice, aoki, terms, billing):
    _orders(group, alice, aoki, 2)
    # A 斡旋 order whose line names no member: no member can invoice it.
    refused = accepted(group, alice, [("研磨", 1, 5000, None)], email="x@buyer.example",
                       customer="顧客X", mode=SettlementMode.BROKERED,
                       accepted_on=timezone.make_aware(dt.datetime.combine(DAY, dt.time(10))))  # fmt: skip
    issued = close_period(group, CLOSING, actor=alice)
    assert [d.sequence for d in issued] == [1, 2]  # no number was taken for the refused one
    refused.refresh_from_db()
    assert refused.state == OrderState.ACCEPTED
    entry = AuditEntry.objects.get(action="settlement.invoice.close_refused")
    assert entry.data == {"orders": [refused.pk]}


def _document(name: str) -> Document:
    lines = (Line(f"部品 {name}", 1, Decimal(1000), 1000),)
    return Document(
        kind=DocumentKind.INVOICE, number="", issued_on=dt.date(2026, 6, 1),
        issuer=Party(name="企業組合みやこ試作"), recipient=Party(name=name), lines=lines,
        totals=tax_by_rate(lines),
    )  # fmt: skip


def test_a_batch_takes_its_numbers_in_one_update(group, terms):
    issuer = issuer_of(group)
    issue_documents(actor=None, group=group, items=[ToIssue(_document("前"), issuer)])
    items = [ToIssue(_document(f"客{i}"), issuer) for i in range(4)]
    with CaptureQueriesContext(connection) as queries:
        batch = issue_documents(actor=None, group=group, items=items)
    updates = [q for q in queries if q["sql"].startswith('UPDATE "settlement_documentnumber"')]
    assert len(updates) == 1
    assert [d.number for d in batch] == [f"INV2026-0000{n}" for n in range(2, 6)]
    assert [d.counterparty for d in batch] == [f"客{i}" for i in range(4)]
    assert DocumentEvent.objects.filter(document__in=batch).count() == 4


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_the_xml_of_a_closing_day_is_drawn_by_the_worker(group, alice, aoki, terms):
    _orders(group, alice, aoki, 1)
    [invoice] = close_period(group, CLOSING)
    assert not invoice.xml and not invoice.pdf  # issued in the batch, drawn after the commit
    run_worker()
    invoice = IssuedDocument.objects.get(pk=invoice.pk)
    assert invoice.pdf.read()[:5] == b"%PDF-"
    # Built from the frozen data, exactly as it would have been at issue.
    assert invoice.xml.read() == to_ubl(from_dict(invoice.data))


def test_an_xml_not_drawn_yet_is_drawn_on_download(client, group, alice, aoki, terms):
    _orders(group, alice, aoki, 1)
    [invoice] = close_period(group, CLOSING)
    client.force_login(alice)
    response = client.get(reverse("settlement:invoice_xml", args=[group.slug, invoice.pk]))
    assert response.status_code == 200
    assert b"urn:peppol:pint:billing-1@jp-1" in b"".join(response.streaming_content)
    assert IssuedDocument.objects.get(pk=invoice.pk).xml
