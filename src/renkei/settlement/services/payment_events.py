"""What the world hears of money in: the webhook events ``invoice.issued`` and
``payment.received``, and the reminder mail of an overdue invoice.

The events carry numbers, amounts and dates only — never the customer's name, address or
e-mail, nor the payer's name as the bank printed it (often a person's): as for the inquiry
events (renkei.webhooks.events), a receiver reads those through the API with a token.
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks import task

from renkei.outbox.mail import put
from renkei.settlement.choices import DocumentKindChoice
from renkei.settlement.models import IssuedDocument, Payment, Reminder
from renkei.webhooks.choices import Event
from renkei.webhooks.events import emit

INVOICE_EVENT_KINDS = (
    DocumentKindChoice.INVOICE,
    DocumentKindChoice.CREDIT_NOTE,
    DocumentKindChoice.FEE_INVOICE,
)


def invoice_issued(document: IssuedDocument) -> None:
    """``invoice.issued`` for an invoice, credit note or fee invoice, inside the issuing
    transaction: the delivery is recorded with it and posted once it commits."""
    if document.kind not in INVOICE_EVENT_KINDS:
        return
    data = {
        "invoice": {
            "id": document.pk,
            "number": document.number,
            "kind": document.kind,
            "issued_on": document.issued_on.isoformat(),
            "due_on": document.due_on.isoformat() if document.due_on else None,
            "net": int(document.net_yen),
            "tax": int(document.tax_yen),
            "total": int(document.total_yen),
            "corrects": document.corrects.number if document.corrects is not None else None,
        }
    }
    emit(document.group, Event.INVOICE_ISSUED, data)


def payment_received(payment: Payment) -> None:
    """``payment.received`` for a payment just recorded, with the invoices it settled."""
    made = list(payment.allocations.select_related("document").order_by("pk"))
    allocations = [
        {"invoice_id": a.document_id, "number": a.document.number, "amount": int(a.amount_yen)}
        for a in made
    ]
    allocated = sum(int(a.amount_yen) for a in made)
    data = {
        "payment": {
            "id": payment.pk,
            "received_on": payment.received_on.isoformat(),
            "amount": int(payment.amount_yen),
            "unallocated": int(payment.amount_yen) - allocated,
            "source": payment.source,
            "allocations": allocations,
        }
    }
    emit(payment.group, Event.PAYMENT_RECEIVED, data)


@task(queue_name="mail")
def mail_reminder(reminder_id: int) -> str:
    """Files the reminder mail of an overdue invoice, once (the outbox key makes a second run
    file nothing)."""
    from renkei.settlement.services.payments import balance_of, reminder_address

    with transaction.atomic():
        reminder = (
            Reminder.objects.select_related("document__group", "document__recipient_company")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None:
            return "skipped"
        invoice = reminder.document
        address, language = reminder_address(invoice)
        if not address:
            return "no address"
        balance = balance_of(invoice)
        order = invoice.orders.select_related("order__inquiry").first()
        inquiry = order.order.inquiry if order is not None else None
        link = ""
        if inquiry is not None:
            link = settings.RENKEI_BASE_URL.rstrip("/") + inquiry.get_tracking_url()
        context: dict[str, Any] = {
            "invoice": invoice,
            "group": invoice.group,
            "inquiry": inquiry,
            "open_yen": f"{balance.open:,}",
            "total_yen": f"{int(invoice.total_yen):,}",
            "due_on": invoice.due_on.isoformat() if invoice.due_on else "",
            "link": link,
        }
        put(
            f"settlement.reminder:{reminder.pk}",
            "settlement/email/reminder",
            context,
            [address],
            language,
        )
    return "sent"
