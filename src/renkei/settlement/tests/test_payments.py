"""Payments recorded by hand: put against invoices, partly, or with credit left over; invoice
states derived from them; the pages of the group's books."""

import datetime as dt

import pytest
from django.utils import timezone

from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry
from renkei.settlement.choices import OrderState
from renkei.settlement.models import Payment, PaymentAllocation
from renkei.settlement.services import payments as service
from renkei.settlement.services.invoices import issue_credit_note, issue_invoice

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().isoformat()

DAY = timezone.localdate()


@pytest.fixture
def invoice(alice, accepted_settlement):
    """The accepted order's invoice: ¥90,750, due at the end of next month."""
    [issued] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    return issued


def _record(alice, group, amount, allocations=None, payer="ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ"):
    return service.record_payment(
        actor=alice,
        group=group,
        received_on=DAY,
        amount_yen=amount,
        payer_name=payer,
        allocations=allocations,
    )


def test_a_full_payment_pays_the_invoice_and_its_order(alice, group, invoice, accepted_settlement):
    assert service.balance_of(invoice).state == service.InvoiceState.OPEN

    payment = _record(alice, group, 90750, [(invoice, 90750)])

    balance = service.balance_of(invoice)
    assert balance.open == 0 and balance.state == service.InvoiceState.PAID
    assert payment.unallocated_yen == 0
    accepted_settlement.refresh_from_db()
    assert accepted_settlement.state == OrderState.PAID
    assert AuditEntry.objects.filter(action="settlement.payment.record").count() == 1
    assert AuditEntry.objects.filter(action="settlement.invoice.paid").count() == 1


def test_a_partial_payment_leaves_the_invoice_partly_paid(
    alice, group, invoice, accepted_settlement
):
    _record(alice, group, 50000, [(invoice, 50000)])

    balance = service.balance_of(invoice)
    assert (balance.paid, balance.open) == (50000, 40750)
    assert balance.state == service.InvoiceState.PARTLY_PAID
    accepted_settlement.refresh_from_db()
    assert accepted_settlement.state == OrderState.INVOICED

    _record(alice, group, 40750, [(invoice, 40750)])
    assert service.balance_of(invoice).state == service.InvoiceState.PAID


def test_an_overpayment_is_kept_as_credit_on_the_payment(alice, group, invoice):
    payment = _record(alice, group, 100000, [(invoice, 90750)])

    assert payment.unallocated_yen == 9250
    assert service.balance_of(invoice).state == service.InvoiceState.PAID


def test_an_allocation_above_what_is_open_is_refused_and_nothing_is_saved(alice, group, invoice):
    _record(alice, group, 50000, [(invoice, 50000)])

    with pytest.raises(service.PaymentRefused) as refused:
        _record(alice, group, 60000, [(invoice, 60000)])

    assert "40,750" in refused.value.message
    assert Payment.objects.count() == 1 and PaymentAllocation.objects.count() == 1


@pytest.mark.parametrize("amount", [0, -1, -90750, 10**13])
def test_zero_negative_and_absurd_amounts_are_refused(alice, group, invoice, amount):
    with pytest.raises(service.PaymentRefused):
        _record(alice, group, amount)
    with pytest.raises(service.PaymentRefused):
        _record(alice, group, 1000, [(invoice, amount)])
    assert not Payment.objects.exists()


def test_another_groups_invoice_cannot_be_paid(alice, other_group, group, invoice):
    with pytest.raises(service.PaymentRefused):
        _record(alice, other_group, 90750, [(invoice, 90750)])
    assert not PaymentAllocation.objects.exists()


def test_a_credit_note_lowers_what_is_open(alice, group, invoice):
    issue_credit_note(actor=alice, invoice=invoice, amount_yen=10000, reason="値引き")

    assert service.balance_of(invoice).open == 90750 - 11000  # ¥10,000 and its tax
    with pytest.raises(service.PaymentRefused):
        _record(alice, group, 90750, [(invoice, 90750)])


def test_credit_left_on_a_payment_is_allocated_by_hand_later(alice, group, invoice):
    payment = _record(alice, group, 90750)
    assert service.balance_of(invoice).state == service.InvoiceState.OPEN

    service.allocate_payment(actor=alice, payment=payment, allocations=[(invoice, 90750)])

    assert service.balance_of(invoice).state == service.InvoiceState.PAID
    with pytest.raises(service.PaymentRefused):
        service.allocate_payment(actor=alice, payment=payment, allocations=[(invoice, 1)])


def test_an_invoice_past_its_due_date_is_overdue(alice, group, invoice):
    after = invoice.due_on + dt.timedelta(days=3)
    [found] = service.overdue(group, after)
    assert found.document == invoice and found.days_overdue == 3
    assert found.state == service.InvoiceState.OVERDUE
    assert service.overdue(group, invoice.due_on) == []

    _record(alice, group, 90750, [(invoice, 90750)])
    assert service.overdue(group, after) == []


# --- pages -------------------------------------------------------------------------------------


def test_only_the_books_see_the_payments_pages(client, group, bob, carol, dave, kei, invoice):
    pages = [
        f"/g/{group.slug}/money/payments/",
        f"/g/{group.slug}/money/overdue/",
        f"/g/{group.slug}/money/overdue/{invoice.pk}/remind/",
    ]
    for person in (bob, carol, dave):
        login(client, person)
        for url in pages:
            assert client.get(url).status_code == 404, (person, url)
    login(client, kei)  # the accountant keeps the books
    for url in pages:
        assert client.get(url).status_code == 200, url


def test_the_coordinator_records_a_payment_with_the_form(client, group, alice, invoice):
    login(client, alice)
    url = f"/g/{group.slug}/money/payments/"
    page = client.get(url)
    assert invoice.number in page.content.decode()

    response = client.post(
        url,
        {
            "action": "record",
            "received_on": TODAY,
            "amount_yen": "95000",
            "payer_name": "ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ",
            "invoice": str(invoice.pk),
        },
        follow=True,
    )

    assert response.status_code == 200
    payment = Payment.objects.get()
    assert payment.unallocated_yen == 4250  # the invoice took what it owed
    assert service.balance_of(invoice).state == service.InvoiceState.PAID
    assert "¥4,250" in response.content.decode()


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "99999999999999999999"])
def test_the_form_refuses_bad_amounts_politely(client, group, alice, amount):
    login(client, alice)
    response = client.post(
        f"/g/{group.slug}/money/payments/",
        {"action": "record", "received_on": TODAY, "amount_yen": amount, "payer_name": "X"},
    )
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not Payment.objects.exists()


def test_the_form_refuses_more_than_the_invoice_owes(client, group, alice, invoice):
    login(client, alice)
    response = client.post(
        f"/g/{group.slug}/money/payments/",
        {
            "action": "record",
            "received_on": TODAY,
            "amount_yen": "100000",
            "payer_name": "ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ",
            "invoice": str(invoice.pk),
            "invoice_amount": "100000",
        },
    )
    assert response.status_code == 400
    assert "90,750" in response.content.decode()
    assert not Payment.objects.exists()


def test_allocating_by_hand_on_the_page(client, group, alice, invoice):
    payment = _record(alice, group, 90750)
    login(client, alice)
    url = f"/g/{group.slug}/money/payments/{payment.pk}/allocate/"
    assert client.get(url).status_code == 200

    too_much = client.post(url, {f"amount-{invoice.pk}": "90751"})
    assert too_much.status_code == 400
    assert client.post(url, {f"amount-{invoice.pk}": "-3"}).status_code == 400
    assert not PaymentAllocation.objects.exists()

    client.post(url, {f"amount-{invoice.pk}": "90,750"})
    assert service.balance_of(invoice).state == service.InvoiceState.PAID


def test_another_groups_payment_is_404(client, group, other_group, alice, dave, invoice):
    payment = _record(alice, group, 1000)
    login(client, dave)
    assert (
        client.get(f"/g/{other_group.slug}/money/payments/{payment.pk}/allocate/").status_code
        == 404
    )
    assert (
        client.get(f"/g/{other_group.slug}/money/overdue/{invoice.pk}/remind/").status_code == 404
    )
