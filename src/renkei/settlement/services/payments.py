"""Money in (issue "Settlement", item 8): payments recorded by hand or imported from a bank
statement, put against the group's open invoices, and reminders of overdue ones.

What an invoice still owes is never stored: it is its total less its credit notes less what
payments were put against it, so that the record of each (a frozen document, an allocation) is
the only truth and nothing can drift. Bank statements are read and matched by the plain
functions of ``renkei.lib.bankcsv``; this module only loads, calls and saves.
"""

import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renkei.core.audit import audit
from renkei.lib import bankcsv
from renkei.lib.kana import fold_payer
from renkei.orgs.models import Group
from renkei.outbox.followups import follow_up
from renkei.settlement.choices import DocumentKindChoice, OrderState, PaymentSource
from renkei.settlement.models import (
    BankImport,
    IssuedDocument,
    MemberBilling,
    OrderSettlement,
    Payment,
    PaymentAllocation,
    Reminder,
)

# The documents a payment can settle: the group's invoices to customers, and its fee invoices
# to members that are not deducted in a statement. An 斡旋 invoice is the member's own
# (issuer_company): the customer pays the member, not the group.
RECEIVABLE_KINDS = (DocumentKindChoice.INVOICE, DocumentKindChoice.FEE_INVOICE)
REMINDER_INTERVAL = dt.timedelta(days=7)
# The most any one payment may be: far beyond any real transfer, well inside a bigint.
MAX_AMOUNT_YEN = 10**12


class PaymentRefused(ValueError):
    """A payment or an allocation that cannot be recorded; the message is for the user."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ReminderRefused(ValueError):
    """No reminder now: the invoice is not overdue, has no address, or had one lately."""


class InvoiceState:
    """Where an invoice's money stands, derived every time (see the module docstring)."""

    OPEN = "open"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"
    OVERDUE = "overdue"
    CREDITED = "credited"

    LABELS = {
        OPEN: gettext_lazy("Not paid yet"),
        PARTLY_PAID: gettext_lazy("Partly paid"),
        PAID: gettext_lazy("Paid"),
        OVERDUE: gettext_lazy("Overdue"),
        CREDITED: gettext_lazy("Cancelled by a credit note"),
    }
    VALUES = (OPEN, PARTLY_PAID, PAID, OVERDUE, CREDITED)


@dataclass
class Balance:
    """One receivable as it stands today."""

    document: IssuedDocument
    credited: int
    paid: int
    today: dt.date

    @property
    def total(self) -> int:
        return int(self.document.total_yen)

    @property
    def open(self) -> int:
        return max(0, self.total - self.credited - self.paid)

    @property
    def state(self) -> str:
        if self.open == 0:
            return InvoiceState.PAID if self.paid else InvoiceState.CREDITED
        due = self.document.due_on
        if due is not None and due < self.today:
            return InvoiceState.OVERDUE
        return InvoiceState.PARTLY_PAID if self.paid else InvoiceState.OPEN

    @property
    def state_label(self) -> str:
        return str(InvoiceState.LABELS[self.state])

    @property
    def days_overdue(self) -> int:
        due = self.document.due_on
        return (self.today - due).days if due is not None and due < self.today else 0


def receivables(group: Group) -> "QuerySet[IssuedDocument]":
    """The group's documents a payment can be put against, oldest due first."""
    return (
        IssuedDocument.objects.for_group(group)
        .filter(kind__in=RECEIVABLE_KINDS, issuer_company__isnull=True)
        .filter(Q(kind=DocumentKindChoice.INVOICE) | Q(fee_of_statement__isnull=True))
        .order_by("due_on", "issued_on", "pk")
    )


def balances(documents: Iterable[IssuedDocument], today: dt.date | None = None) -> list[Balance]:
    """The balance of each document, in two queries whatever their number."""
    docs = list(documents)
    ids = [d.pk for d in docs]
    credited: dict[int, int] = defaultdict(int)
    for corrects_id, total in IssuedDocument.objects.filter(
        kind=DocumentKindChoice.CREDIT_NOTE, corrects_id__in=ids
    ).values_list("corrects_id", "total_yen"):
        # A credit note carries the negative of what it takes back (lib.money); its size counts.
        credited[corrects_id] += abs(int(total))
    paid = dict(
        PaymentAllocation.objects.filter(document_id__in=ids)
        .values("document_id")
        .annotate(s=Sum("amount_yen"))
        .values_list("document_id", "s")
    )
    day = today or timezone.localdate()
    return [Balance(d, credited[d.pk], int(paid.get(d.pk) or 0), day) for d in docs]


def balance_of(document: IssuedDocument, today: dt.date | None = None) -> Balance:
    return balances([document], today)[0]


def open_balances(group: Group, today: dt.date | None = None) -> list[Balance]:
    """Every receivable of the group that still owes money."""
    return [b for b in balances(receivables(group), today) if b.open > 0]


def overdue(group: Group, today: dt.date | None = None) -> list[Balance]:
    """Open receivables past their due date, the longest overdue first, each with its last
    reminder as ``document.last_reminder`` (None if never reminded)."""
    found = [b for b in open_balances(group, today) if b.state == InvoiceState.OVERDUE]
    last = dict(
        Reminder.objects.filter(document_id__in=[b.document.pk for b in found])
        .values("document_id")
        .annotate(at=Max("sent_at"))
        .values_list("document_id", "at")
    )
    for balance in found:
        balance.document.last_reminder = last.get(balance.document.pk)  # type: ignore[attr-defined]
    return sorted(found, key=lambda b: (-b.days_overdue, b.document.pk))


# --- recording ---------------------------------------------------------------------------------


def _check_amount(amount: object, field_name: str) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise PaymentRefused(_("Enter the amount in whole yen."), field=field_name)
    if amount <= 0:
        raise PaymentRefused(_("The amount must be more than 0 yen."), field=field_name)
    if amount > MAX_AMOUNT_YEN:
        raise PaymentRefused(
            _("The amount is too large: at most ¥%(max)s.") % {"max": f"{MAX_AMOUNT_YEN:,}"},
            field=field_name,
        )
    return amount


def _locked_receivables(group: Group, ids: Iterable[int]) -> dict[int, IssuedDocument]:
    """The group's receivables among ``ids``, locked in primary-key order (two allocations at
    once to the same invoice queue here and cannot both take its last yen)."""
    wanted = sorted(set(ids))
    found = receivables(group).filter(pk__in=wanted).order_by("pk").select_for_update(of=("self",))
    return {d.pk: d for d in found}


def _allocate(
    *,
    actor: Any,
    payment: Payment,
    allocations: Sequence[tuple[IssuedDocument | int, int]],
    available: int,
) -> list[PaymentAllocation]:
    """Puts parts of ``payment`` against invoices, inside the caller's transaction. Refuses an
    amount above what the invoice still owes or above what is left of the payment."""
    wanted: list[tuple[int, int]] = []
    for index, (invoice, amount) in enumerate(allocations):
        invoice_id = invoice if isinstance(invoice, int) else invoice.pk
        wanted.append((invoice_id, _check_amount(amount, f"allocations[{index}].amount")))
    if not wanted:
        return []
    if sum(amount for _id, amount in wanted) > available:
        raise PaymentRefused(
            _("The amounts put against invoices are more than the payment has left (¥%(left)s).")
            % {"left": f"{available:,}"},
            field="allocations",
        )
    documents = _locked_receivables(payment.group, [i for i, _a in wanted])
    per_invoice: dict[int, int] = defaultdict(int)
    for index, (invoice_id, amount) in enumerate(wanted):
        if invoice_id not in documents:
            raise PaymentRefused(
                _("This invoice is not one of the group's open invoices."),
                field=f"allocations[{index}].invoice",
            )
        per_invoice[invoice_id] += amount
    open_now = {b.document.pk: b for b in balances(documents.values())}
    for index, (invoice_id, _amount) in enumerate(wanted):
        balance = open_now[invoice_id]
        if per_invoice[invoice_id] > balance.open:
            raise PaymentRefused(
                _("%(number)s has only ¥%(open)s open; ¥%(amount)s cannot be put against it.")
                % {
                    "number": balance.document.number,
                    "open": f"{balance.open:,}",
                    "amount": f"{per_invoice[invoice_id]:,}",
                },
                field=f"allocations[{index}].amount",
            )
    made = [
        PaymentAllocation.objects.create(
            payment=payment, document=documents[invoice_id], amount_yen=amount
        )
        for invoice_id, amount in wanted
    ]
    for invoice_id in per_invoice:
        if open_now[invoice_id].open == per_invoice[invoice_id]:
            _mark_paid(actor, documents[invoice_id])
    return made


def _mark_paid(actor: Any, invoice: IssuedDocument) -> None:
    """An invoice paid in full: its orders are paid."""
    orders = list(
        invoice.orders.exclude(state__in=[OrderState.PAID, OrderState.CANCELLED]).order_by("pk")
    )
    for order in orders:
        order.state = OrderState.PAID
        order.save(update_fields=["state", "updated_at"])
    audit(
        "settlement.invoice.paid",
        actor=actor,
        obj=invoice,
        group=invoice.group,
        summary=f"{invoice.number} ¥{invoice.total_yen:,}",
    )


def _payment_received(payment: Payment) -> None:
    from renkei.settlement.services.payment_events import payment_received

    payment_received(payment)


@transaction.atomic
def record_payment(
    *,
    actor: Any,
    group: Group,
    received_on: dt.date,
    amount_yen: int,
    payer_name: str,
    reference: str = "",
    allocations: Sequence[tuple[IssuedDocument | int, int]] | None = None,
    api_key: uuid.UUID | None = None,
    fingerprint: str = "",
) -> Payment:
    """Records money received by hand, optionally put against invoices at once. What is not
    put against an invoice stays on the payment as credit (an overpayment, or a transfer not
    yet known), shown on the payment and allocated later with ``allocate_payment``."""
    amount = _check_amount(amount_yen, "amount_yen")
    if received_on > timezone.localdate() + dt.timedelta(days=1):
        raise PaymentRefused(_("A payment cannot be received in the future."), field="received_on")
    payer = (payer_name or "").strip()
    if not payer:
        raise PaymentRefused(_("Enter who paid."), field="payer_name")
    payment = Payment.objects.create(
        group=group,
        received_on=received_on,
        amount_yen=amount,
        payer_name=payer[:150],
        payer_key=fold_payer(payer)[:150],
        source=PaymentSource.MANUAL,
        reference=(reference or "").strip()[:100],
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        api_key=api_key,
        fingerprint=fingerprint,
    )
    _allocate(actor=actor, payment=payment, allocations=allocations or (), available=amount)
    audit(
        "settlement.payment.record",
        actor=actor,
        obj=payment,
        group=group,
        summary=f"{received_on} ¥{amount:,} {payer[:40]}",
    )
    _payment_received(payment)
    return payment


@transaction.atomic
def allocate_payment(
    *,
    actor: Any,
    payment: Payment,
    allocations: Sequence[tuple[IssuedDocument | int, int]],
) -> list[PaymentAllocation]:
    """Puts what is left of a payment (an unmatched bank row, an overpayment) against invoices
    by hand."""
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if not allocations:
        raise PaymentRefused(_("Enter an amount for at least one invoice."), field="allocations")
    made = _allocate(
        actor=actor, payment=locked, allocations=allocations, available=locked.unallocated_yen
    )
    audit(
        "settlement.payment.allocate",
        actor=actor,
        obj=locked,
        group=locked.group,
        summary=", ".join(f"{a.document.number} ¥{a.amount_yen:,}" for a in made),
    )
    return made


# --- bank statements ---------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import made, or the earlier import of the same file (``duplicate``)."""

    bank_import: BankImport
    duplicate: bool = False
    payments: list[Payment] = field(default_factory=list)
    matches: list[bankcsv.Match] = field(default_factory=list)


def payer_keys(documents: Sequence[IssuedDocument]) -> dict[int, tuple[str, ...]]:
    """The names each document's payer may appear under on a bank statement: the payer kana
    the customer confirmed with (or gave on a product order), its company as it wrote it on the
    inquiry, the document's counterparty, and a member's account holder kana for a fee
    invoice."""
    keys: dict[int, list[str]] = defaultdict(list)
    through = IssuedDocument.orders.through.objects.filter(
        issueddocument_id__in=[d.pk for d in documents]
    ).values_list("issueddocument_id", "ordersettlement_id")
    by_order: dict[int, list[int]] = defaultdict(list)
    for document_id, order_id in through:
        by_order[order_id].append(document_id)
    for order in OrderSettlement.objects.filter(pk__in=by_order).select_related("order__inquiry"):
        for document_id in by_order[order.pk]:
            keys[document_id] += [order.payer_kana, order.order.inquiry.customer_company]
    from renkei.products.models import ProductOrder  # a product order's invoices (products)

    for document_id, kana in ProductOrder.invoices.through.objects.filter(
        issueddocument_id__in=[d.pk for d in documents]
    ).values_list("issueddocument_id", "productorder__payer_kana"):
        keys[document_id].append(kana)
    holders = dict(
        MemberBilling.objects.filter(
            company_id__in=[d.recipient_company_id for d in documents if d.recipient_company_id]
        ).values_list("company_id", "account_holder_kana")
    )
    for document in documents:
        keys[document.pk].append(document.counterparty)
        if document.recipient_company_id in holders:
            keys[document.pk].append(holders[document.recipient_company_id])
    return {
        pk: tuple(dict.fromkeys(k for k in found if k and fold_payer(k)))
        for pk, found in keys.items()
    }


def open_items(group: Group, today: dt.date | None = None) -> list[bankcsv.OpenItem]:
    """The group's open receivables as the matcher takes them."""
    open_now = open_balances(group, today)
    keys = payer_keys([b.document for b in open_now])
    return [
        bankcsv.OpenItem(
            id=b.document.pk,
            amount_due=b.open,
            payer_keys=keys.get(b.document.pk, ()),
            due_on=b.document.due_on or b.document.issued_on,
        )
        for b in open_now
    ]


def preview_bank_statement(*, group: Group, data: bytes, filename: str) -> list[bankcsv.Match]:
    """How a statement would be matched now, without saving anything. Raises
    ``bankcsv.StatementError``."""
    statement = bankcsv.parse_statement(data, filename)
    return bankcsv.match_payments(statement.rows, open_items(group))


def import_bank_statement(*, actor: Any, group: Group, data: bytes, filename: str) -> ImportResult:
    """Imports every deposit of a bank statement CSV as a payment, put against the invoice it
    matches (payer and amount first, then payer alone — a partial payment or an overpayment —
    then the amount alone); an unmatched deposit is kept as a payment with nothing allocated,
    for the coordinator to allocate by hand. All rows or none: ``bankcsv.StatementError``
    names the row and column that did not read. The same file again imports nothing and
    answers the first import (``duplicate``)."""
    digest = hashlib.sha256(data).hexdigest()
    earlier = BankImport.objects.filter(group=group, sha256=digest).first()
    if earlier is not None:
        return ImportResult(earlier, duplicate=True)
    statement = bankcsv.parse_statement(data, filename)  # before any write: nothing half-made
    try:
        return _import(actor, group, statement, digest, filename)
    except IntegrityError:
        # The same file imported at the same moment by someone else: theirs stands.
        found = BankImport.objects.filter(group=group, sha256=digest).first()
        if found is None:
            raise
        return ImportResult(found, duplicate=True)


@transaction.atomic
def _import(
    actor: Any, group: Group, statement: bankcsv.Statement, digest: str, filename: str
) -> ImportResult:
    user = actor if getattr(actor, "is_authenticated", False) else None
    bank_import = BankImport.objects.create(
        group=group,
        filename=filename[:255],
        sha256=digest,
        format=statement.format,
        rows=len(statement.rows),
        imported_by=user,
    )
    items = open_items(group)
    # Locks the matched invoices before allocating, as a hand allocation does.
    _locked_receivables(group, [int(i.id) for i in items])
    matches = bankcsv.match_payments(statement.rows, items)
    documents = {d.pk: d for d in receivables(group).filter(pk__in=[i.id for i in items])}
    due = {int(i.id): i.amount_due for i in items}
    payments: list[Payment] = []
    matched = 0
    for match in matches:
        row = match.row
        payment = Payment.objects.create(
            group=group,
            received_on=row.booked_on,
            amount_yen=row.amount,
            payer_name=row.payer_raw[:150] or "-",
            payer_key=row.payer_key[:150],
            source=PaymentSource.BANK_IMPORT,
            bank_import=bank_import,
            row_number=row.row_number,
            reference=row.reference[:100],
            recorded_by=user,
        )
        payments.append(payment)
        if match.item_id is not None and match.applied > 0:
            document_id = int(match.item_id)
            PaymentAllocation.objects.create(
                payment=payment, document=documents[document_id], amount_yen=match.applied
            )
            matched += 1
            due[document_id] -= match.applied
            if due[document_id] == 0:
                _mark_paid(actor, documents[document_id])
    BankImport.objects.filter(pk=bank_import.pk).update(matched=matched)
    bank_import.matched = matched
    audit(
        "settlement.bank_import",
        actor=actor,
        obj=bank_import,
        group=group,
        summary=f"{filename[:80]}: {len(payments)} rows, {matched} matched",
    )
    for payment in payments:
        _payment_received(payment)
    return ImportResult(bank_import, payments=payments, matches=matches)


# --- reminders ---------------------------------------------------------------------------------


def reminder_address(invoice: IssuedDocument) -> tuple[str, str]:
    """Where a reminder goes and in which language: the customer's address and language for an
    invoice, the member's billing address for a fee invoice."""
    if invoice.customer_email:
        order = invoice.orders.select_related("order__inquiry").first()
        language = order.order.inquiry.language if order is not None else "ja"
        return invoice.customer_email, language or "ja"
    if invoice.recipient_company_id:
        billing = MemberBilling.objects.filter(company_id=invoice.recipient_company_id).first()
        email = (billing.billing_email if billing else "") or (
            invoice.recipient_company.email if invoice.recipient_company else ""
        )
        return email or "", "ja"
    return "", "ja"


def last_reminder(invoice: IssuedDocument) -> Reminder | None:
    return Reminder.objects.filter(document=invoice).order_by("-sent_at").first()


def reminder_allowed_at(invoice: IssuedDocument) -> dt.datetime | None:
    """When the next reminder may go (None: now)."""
    last = last_reminder(invoice)
    if last is None or last.sent_at + REMINDER_INTERVAL <= timezone.now():
        return None
    return last.sent_at + REMINDER_INTERVAL


@transaction.atomic
def send_reminder(*, actor: Any, invoice: IssuedDocument, today: dt.date | None = None) -> Reminder:
    """Mails the payer a reminder of an overdue invoice; at most one per invoice per 7 days."""
    from renkei.settlement.services.payment_events import mail_reminder

    # Locks the invoice so that two coordinators pressing at once send one reminder.
    locked = (
        receivables(invoice.group).select_for_update(of=("self",)).filter(pk=invoice.pk).first()
    )
    if locked is None:
        raise ReminderRefused(_("This invoice is not one of the group's invoices."))
    balance = balance_of(locked, today)
    if balance.state != InvoiceState.OVERDUE:
        raise ReminderRefused(_("This invoice is not overdue."))
    address, _language = reminder_address(locked)
    if not address:
        raise ReminderRefused(_("There is no e-mail address to send a reminder to."))
    allowed_at = reminder_allowed_at(locked)
    if allowed_at is not None:
        raise ReminderRefused(
            _("A reminder was sent less than 7 days ago; the next one can be sent on %(day)s.")
            % {"day": timezone.localtime(allowed_at).date().isoformat()}
        )
    reminder = Reminder.objects.create(
        document=locked, sent_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    follow_up(mail_reminder, reminder.pk)
    audit(
        "settlement.invoice.remind",
        actor=actor,
        obj=locked,
        group=locked.group,
        summary=f"{locked.number} ¥{balance.open:,} open",
    )
    return reminder
