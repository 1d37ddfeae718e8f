"""The accounting export: journal entries of a period that balance, as the generic CSV and as
弥生会計's import layout (Shift_JIS)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.settlement.services import books
from renkei.settlement.services.invoices import issue_credit_note, issue_invoice
from renkei.settlement.services.payments import record_payment
from renkei.settlement.tests.invoice_factory import accepted

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 5, 15)


@pytest.fixture
def period(group, alice, aoki, sakura, terms, billing):
    order = accepted(group, alice, [("切削", 1, 100000, aoki), ("めっき", 1, 30000, sakura)])
    invoice = issue_invoice(actor=alice, settlements=[order], issued_on=DAY)[0]
    issue_credit_note(actor=alice, invoice=invoice, amount_yen=10000, reason="値引き",
                      issued_on=DAY + dt.timedelta(days=1))  # fmt: skip
    record_payment(actor=alice, group=group, received_on=DAY + dt.timedelta(days=10),
                   amount_yen=50000, payer_name="ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ",
                   allocations=[(invoice, 50000)])  # fmt: skip
    return invoice


def test_entries_balance_and_cover_sales_credit_and_payment(group, period):
    entries = books.journal_entries(group, dt.date(2026, 5, 1), dt.date(2026, 5, 31))
    assert len(entries) == 3
    for entry in entries:
        assert entry.debit_total == entry.credit_total
    sale, credit, payment = entries
    assert sale.rows[0].debit_account == "売掛金" and sale.debit_total == period.total_yen
    assert credit.rows[0].debit_account == "売上高"  # the credit note reverses the sale
    assert payment.rows[0].credit_account == "売掛金" and payment.debit_total == 50000
    assert [e.number for e in entries] == [1, 2, 3]


def test_generic_csv_download_balances_and_is_audited(client, group, alice, period):
    login(client, alice)
    response = client.get(
        reverse("settlement:export", args=[group.slug]),
        {"start": "2026-05-01", "end": "2026-05-31", "layout": "generic", "tax": "exclusive"},
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sum(int(r["debit_amount"]) for r in rows) == sum(int(r["credit_amount"]) for r in rows)
    assert any(r["credit_account"] == "仮受消費税等" for r in rows)  # tax on rows of its own
    assert AuditEntry.objects.filter(action="settlement.journal.export", actor=alice).exists()


def test_yayoi_layout_decodes_in_cp932_and_balances(client, group, alice, period):
    login(client, alice)
    response = client.get(
        reverse("settlement:export", args=[group.slug]),
        {"start": "2026-05-01", "end": "2026-05-31", "layout": "yayoi"},
    )
    assert response.status_code == 200
    text = response.content.decode("cp932")
    rows = list(csv.reader(io.StringIO(text)))
    assert all(len(row) == 25 for row in rows)
    assert sum(int(r[8] or 0) for r in rows) == sum(int(r[14] or 0) for r in rows)
    assert rows[0][3] == "2026/05/15" and "売掛金" in rows[0][4]
    assert "ロケット" in text


def test_bad_period_is_refused_in_japanese(client, group, alice):
    login(client, alice)
    url = reverse("settlement:export", args=[group.slug])
    for params in (
        {"start": "2026-05-31", "end": "2026-05-01", "layout": "generic"},
        {"start": "いつか", "end": "2026-05-01", "layout": "generic"},
        {"start": "2020-01-01", "end": "2026-05-01", "layout": "yayoi"},
    ):
        response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="ja")
        assert response.status_code == 400, params
        assert 'role="alert"' in response.content.decode()
    assert not AuditEntry.objects.filter(action="settlement.journal.export").exists()


def test_export_is_the_books_only(client, group, bob, kei, dave, period):
    for person, status in ((bob, 404), (dave, 404), (kei, 200)):
        login(client, person)
        response = client.get(reverse("settlement:export", args=[group.slug]))
        assert response.status_code == status, person
