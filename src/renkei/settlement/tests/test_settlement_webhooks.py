"""The money webhooks reach a real receiver, signed: invoice.issued for invoices and credit
notes, payment.received for each payment — with numbers and amounts, no customer details."""

import pytest
from django.utils import timezone

from renkei.conftest_helpers import run_worker
from renkei.settlement.services import payments as service
from renkei.settlement.services.invoices import issue_credit_note, issue_invoice
from renkei.webhooks import services as webhooks
from renkei.webhooks.choices import Event
from renkei.webhooks.tests.receiver import Receiver, start

pytestmark = pytest.mark.django_db(databases="__all__", transaction=True)

PRIVATE = ("taro@rocket.example", "宇宙", "ロケット", "ﾛｹﾂﾄ")


@pytest.fixture
def receiver(settings):
    settings.RENKEI_WEBHOOK_ALLOW_PRIVATE = True  # the receiver listens on 127.0.0.1
    found = Receiver()
    server = start(found)
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def endpoint(group, receiver):
    events = [Event.INVOICE_ISSUED, Event.PAYMENT_RECEIVED]
    return webhooks.create_endpoint(actor=None, group=group, url=receiver.url, events=events)


def test_an_issued_invoice_and_its_credit_note_are_posted(
    alice, accepted_settlement, endpoint, receiver
):
    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    credit = issue_credit_note(actor=alice, invoice=invoice, amount_yen=1000, reason="値引き")
    run_worker()

    assert receiver.events() == ["invoice.issued", "invoice.issued"]
    first, second = (r.payload for r in receiver.received)
    assert all(r.signed_with(endpoint.secret) for r in receiver.received)
    assert first["group"] == "miyako"
    assert first["invoice"] == {
        "id": invoice.pk,
        "number": invoice.number,
        "kind": "invoice",
        "issued_on": invoice.issued_on.isoformat(),
        "due_on": invoice.due_on.isoformat(),
        "net": 82500,
        "tax": 8250,
        "total": 90750,
        "corrects": None,
    }
    assert second["invoice"]["kind"] == "credit_note"
    assert second["invoice"]["number"] == credit.number
    assert second["invoice"]["corrects"] == invoice.number
    for got in receiver.received:
        assert not any(word in got.body.decode() for word in PRIVATE)


def test_a_payment_received_is_posted_with_its_invoices(
    alice, group, accepted_settlement, endpoint, receiver
):
    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    run_worker()
    receiver.received.clear()

    payment = service.record_payment(
        actor=alice,
        group=group,
        received_on=timezone.localdate(),
        amount_yen=100000,
        payer_name="ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ",
        allocations=[(invoice, 90750)],
    )
    service.import_bank_statement(
        actor=alice,
        group=group,
        data="日付,入金額,振込依頼人\r\n2026/12/01,3000,ﾔﾏﾀﾞ ﾀﾛｳ\r\n".encode(),
        filename="meisai.csv",
    )
    run_worker()

    assert receiver.events() == ["payment.received", "payment.received"]
    manual, imported = (r.payload["payment"] for r in receiver.received)
    assert manual == {
        "id": payment.pk,
        "received_on": timezone.localdate().isoformat(),
        "amount": 100000,
        "unallocated": 9250,
        "source": "manual",
        "allocations": [{"invoice_id": invoice.pk, "number": invoice.number, "amount": 90750}],
    }
    assert imported["source"] == "bank_import" and imported["allocations"] == []
    for got in receiver.received:
        assert not any(word in got.body.decode() for word in (*PRIVATE, "ﾔﾏﾀﾞ"))


def test_a_refused_payment_posts_nothing(alice, group, accepted_settlement, endpoint, receiver):
    [invoice] = issue_invoice(actor=alice, settlements=[accepted_settlement])
    with pytest.raises(service.PaymentRefused):
        service.record_payment(
            actor=alice,
            group=group,
            received_on=timezone.localdate(),
            amount_yen=100000,
            payer_name="X",
            allocations=[(invoice, 100000)],
        )
    run_worker()
    assert receiver.events() == ["invoice.issued"]
