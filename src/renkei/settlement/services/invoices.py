"""Qualified invoices (適格請求書) and credit notes (適格返還請求書) of accepted orders.

An order checked on receipt (検収, OrderState.ACCEPTED) is invoiced once: on its own, or with the
customer's other accepted orders of the same closing period in one consolidated invoice (締め日).
The lines are the quote as the customer read it (renkei.inquiries.customer_quote), the tax is
rounded once per rate per invoice with the issuer's rounding (renkei.lib.money.tax_by_rate), and
the documents are issued — numbered and frozen — by services.issue.issue_documents, the orders
read as plain rows (services.invoice_rows). A closing day issues its invoices in batches of a few
dozen, each batch one transaction and a few queries, so that a month of 50,000 orders closes in
seconds.

斡旋 (SettlementMode.BROKERED): each member invoices the customer for its own lines under its own
number, and the group invoices each member its fee (DocumentKind.FEE_INVOICE).

An issued invoice is never changed: a discount or return is a credit note linked to it, and a
correction is a credit note of what is left of it plus a new invoice that names the old one.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import AuditItem, audit, audit_many
from renkei.lib.documents import (
    PRICES_INCLUDE_TAX,
    Document,
    DocumentKind,
    Line,
    Party,
    RateTotal,
    from_dict,
    includes_tax,
)
from renkei.lib.money import (
    AmountNotPositive,
    CreditAboveInvoice,
    closing_date,
    credit_note_limit,
    payment_due,
    tax_by_rate,
    tax_included_by_rate,
    tax_yen,
)
from renkei.orgs.models import Company, Group
from renkei.settlement.choices import OrderState, SettlementMode
from renkei.settlement.models import (
    GroupSettlement,
    IssuedDocument,
    MemberBilling,
    OrderSettlement,
)
from renkei.settlement.services.invoice_rows import (
    OrderRow,
    Rows,
    customer_lines,
    customer_of,
    load_rows,
    local_days,
    order_rows,
    words_of,
)
from renkei.settlement.services.invoice_rows import (  # read from here by the views
    customer_key as customer_key,
)
from renkei.settlement.services.issue import (
    Issuer,
    ToIssue,
    issue_document,
    issue_documents,
    issuer_of,
    settlement_of,
)

INVOICE_KINDS = (DocumentKind.INVOICE.value, DocumentKind.FEE_INVOICE.value)


class InvoiceRefused(ValueError):
    """What cannot be invoiced or credited, with a message for the person who asked."""


def _locked_rows(ids: Iterable[int]) -> dict[int, OrderRow]:
    """The orders again, locked (one query, in primary-key order), so that two clicks or a
    click and the closing tick never invoice an order twice. On SQLite the transaction's
    write lock, taken when it begins, already keeps every other writer out."""
    rows = order_rows(OrderSettlement.objects.select_for_update(of=("self",)).filter(pk__in=ids))
    return {row.pk: row for row in rows}


def _check(orders: list[OrderRow], group: Group | None = None) -> None:
    if not orders:
        raise InvoiceRefused(_("Choose at least one order to invoice."))
    group_id = group.pk if group is not None else orders[0].group_id
    if any(o.group_id != group_id for o in orders):
        raise InvoiceRefused(_("Orders of different groups cannot be on one invoice."))
    for order in orders:
        if order.state != OrderState.ACCEPTED:
            raise InvoiceRefused(
                _(
                    "Order %(reference)s cannot be invoiced: only orders checked on receipt "
                    "and not yet invoiced can be."
                )
                % {"reference": order.reference}
            )
    if len({o.mode for o in orders}) > 1:
        raise InvoiceRefused(
            _("Orders the group contracts and orders a member contracts cannot share an invoice.")
        )
    if len({customer_of(o) for o in orders}) > 1:
        raise InvoiceRefused(_("One invoice covers the orders of one customer only."))


def _terms_dates(terms: GroupSettlement, orders: list[OrderRow]) -> tuple[dt.date, dt.date]:
    """The closing day the orders fall in (one for all of them) and the payment due date."""
    days = {o.day for o in orders}
    last = max(days)
    closings = {closing_date(terms.closing_day, day) for day in days}
    if len(closings) > 1:
        raise InvoiceRefused(_("One invoice covers the orders of one closing period only."))
    try:
        due = payment_due(
            terms.closing_day, terms.customer_pay_months, terms.customer_pay_day, last
        )
    except ValueError as error:
        raise InvoiceRefused(
            _(
                "The payment terms cannot give a due date: the payment day falls before the "
                "closing day."
            )
        ) from error
    return closings.pop(), due


def _document(
    *,
    kind: DocumentKind,
    issued_on: dt.date,
    issuer: Party,
    recipient: Party,
    lines: list[Line],
    rounding: Any,
    orders: list[OrderRow],
    closing: dt.date,
    due: dt.date,
    references: Iterable[str],
) -> Document:
    language = "en" if orders[0].language == "en" else "ja"
    if len(orders) == 1:
        subject = orders[0].title
    else:
        subject = words_of(language)["closing"].format(day=closing)
    days = [o.day for o in orders]
    starts = [o.delivered_on or o.day for o in orders]
    terms = sorted({o.payment_terms for o in orders if o.payment_terms})
    return Document(
        kind=kind,
        number="",
        issued_on=issued_on,
        issuer=issuer,
        recipient=recipient,
        lines=tuple(lines),
        totals=tax_by_rate(lines, rounding),
        rounding=rounding,
        period_start=min(starts),
        period_end=max(days),
        due_on=due,
        references=tuple(dict.fromkeys(r for r in references if r)),
        language=language,
        extra={"subject": subject[:200], **({"payment_terms": terms[0]} if terms else {})},
    )


@dataclasses.dataclass(frozen=True)
class Draft:
    """One customer invoice before it is issued: who issues it (a member in 斡旋, else the
    group), the orders it covers and the document as it will read, its number still empty."""

    company: Company | None
    orders: list[OrderRow]
    document: Document


class _Issuers:
    """The group's and its members' issuing details (terms, billing, seal), each read once for
    all the invoices of a click or a closing day."""

    def __init__(self, group: Group, terms: GroupSettlement) -> None:
        self.group, self.terms = group, terms
        self._group: Issuer | None = None
        self._members: dict[int, tuple[Company, MemberBilling, Issuer]] = {}

    def of_group(self) -> Issuer:
        if self._group is None:
            self._group = issuer_of(self.group, holder=self.terms)
        return self._group

    def member(self, company_id: int) -> tuple[Company, MemberBilling, Issuer]:
        self.load([company_id])
        return self._members[company_id]

    def load(self, company_ids: Iterable[int]) -> None:
        missing = sorted(set(company_ids) - set(self._members))
        if not missing:
            return
        companies = Company.objects.in_bulk(missing)
        billings = {b.company_id: b for b in MemberBilling.objects.filter(company_id__in=missing)}
        for company_id in missing:
            company = companies[company_id]
            billing = billings.get(company_id) or MemberBilling(company=company)
            issuer = issuer_of(self.group, company, holder=billing)
            self._members[company_id] = (company, billing, issuer)


def _drafts(
    group: Group,
    orders: list[OrderRow],
    issued_on: dt.date,
    rows: Rows,
    issuers: _Issuers,
) -> list[Draft]:
    terms = issuers.terms
    closing, due = _terms_dates(terms, orders)
    customer = Party(name=orders[0].customer_company, email=orders[0].email)
    if orders[0].mode == SettlementMode.JOINT:
        show_fee = group.show_fee_to_customers
        lines = [line for o in orders for line in customer_lines(o, show_fee=show_fee, rows=rows)]
        document = _document(
            kind=DocumentKind.INVOICE, issued_on=issued_on, issuer=terms.party(),
            recipient=customer, lines=lines, rounding=terms.rounding_method, orders=orders,
            closing=closing, due=due, references=[o.customer_po_number for o in orders],
        )  # fmt: skip
        return [Draft(None, orders, document)]
    company_ids = sorted(
        {line.company_id for o in orders for line in rows.quote_lines(o) if line.company_id}
    )
    if not company_ids:
        raise InvoiceRefused(
            _("No line of this order names the member who makes it, so no member can invoice it.")
        )
    issuers.load(company_ids)
    drafts = []
    for company_id in company_ids:
        company, billing, _issuer = issuers.member(company_id)
        # The member sells the whole price the customer was quoted, the group's fee folded into
        # its lines; the fee then goes from the member to the group on a fee invoice.
        lines = [
            line
            for o in orders
            for line in customer_lines(o, show_fee=False, company_id=company_id, rows=rows)
        ]
        mine = [o for o in orders if any(line.reference == o.reference for line in lines)]
        document = _document(
            kind=DocumentKind.INVOICE, issued_on=issued_on, issuer=billing.party(),
            recipient=customer, lines=lines, rounding=billing.rounding_method, orders=mine,
            closing=closing, due=due, references=[o.customer_po_number for o in mine],
        )  # fmt: skip
        drafts.append(Draft(company, mine, document))
    return drafts


def preview_invoice(
    settlements: Sequence[OrderSettlement], issued_on: dt.date | None = None
) -> list[Draft]:
    """What ``issue_invoice`` would issue to the customer, for the confirmation step; raises
    InvoiceRefused as it would."""
    orders = order_rows(OrderSettlement.objects.filter(pk__in=[s.pk for s in settlements]))
    _check(orders)
    group = Group.objects.get(pk=orders[0].group_id)
    issuers = _Issuers(group, settlement_of(group))
    return _drafts(group, orders, issued_on or timezone.localdate(), load_rows(orders), issuers)


@transaction.atomic
def issue_invoice(
    *, actor: Any, settlements: Sequence[OrderSettlement], issued_on: dt.date | None = None
) -> list[IssuedDocument]:
    """Invoices the customer for ``settlements`` (one order, or one customer's accepted orders
    of one closing period as one consolidated invoice) and marks them invoiced.

    共同受注: one invoice from the group's contracting party. 斡旋: one invoice from each member
    for its lines, under its own number, then one fee invoice from the group to each member.
    Returns every document issued, the customer's invoices first. Raises InvoiceRefused."""
    ids = sorted({s.pk for s in settlements})
    locked = _locked_rows(ids)
    if len(locked) != len(ids):
        raise InvoiceRefused(_("One of these orders no longer exists."))
    orders = [locked[pk] for pk in ids]
    _check(orders)
    group = Group.objects.get(pk=orders[0].group_id)
    issuers = _Issuers(group, settlement_of(group))
    rows = load_rows(orders)  # read after the lock: the lines and shares as invoiced
    drafts = _drafts(group, orders, issued_on or timezone.localdate(), rows, issuers)
    # One invoice issued on its own gets its e-invoice XML at once, as any single document.
    [issued] = _issue_planned(actor, issuers, [(orders, drafts)], rows, xml_now=True)
    return issued


def _issue_planned(
    actor: Any,
    issuers: _Issuers,
    planned: Sequence[tuple[list[OrderRow], list[Draft]]],
    rows: Rows,
    *,
    xml_now: bool = False,
) -> list[list[IssuedDocument]]:
    """Issues invoices drafted and checked already (nothing is refused here, so every
    number taken is used), each one's documents — the customer's invoices first, then the
    fee invoices of 斡旋 — and marks their orders invoiced, in a few queries for all of them
    (services.issue.issue_documents). Inside the caller's transaction."""
    group, terms = issuers.group, issuers.terms
    drafts = [(index, draft) for index, (_orders, ds) in enumerate(planned) for draft in ds]
    items = [
        ToIssue(
            document=draft.document,
            issuer=issuers.of_group()
            if draft.company is None
            else issuers.member(draft.company.pk)[2],
            customer_email=planned[index][0][0].email,
            order_ids=[o.pk for o in draft.orders],
        )
        for index, draft in drafts
    ]
    invoices = issue_documents(actor=actor, group=group, items=items, xml_now=xml_now)
    issued: list[list[IssuedDocument]] = [[] for _planned in planned]
    fee_of: list[tuple[int, ToIssue]] = []
    for (index, draft), invoice in zip(drafts, invoices, strict=True):
        issued[index].append(invoice)
        if draft.company is None:
            continue
        fee_lines = _fee_lines(draft.orders, draft.company.pk, rows)
        if not fee_lines:
            continue
        _company, billing, _issuer = issuers.member(draft.company.pk)
        fee_doc = dataclasses.replace(
            draft.document, kind=DocumentKind.FEE_INVOICE, issuer=terms.party(),
            recipient=billing.party(), lines=tuple(fee_lines),
            totals=tax_by_rate(fee_lines, terms.rounding_method),
            rounding=terms.rounding_method, references=(invoice.number,),
        )  # fmt: skip
        fee_item = ToIssue(
            document=fee_doc,
            issuer=issuers.of_group(),
            recipient_company=draft.company,
            order_ids=[o.pk for o in draft.orders],
        )
        fee_of.append((index, fee_item))
    fee_invoices = issue_documents(
        actor=actor, group=group, items=[item for _i, item in fee_of], xml_now=xml_now
    )
    for (index, _item), fee_invoice in zip(fee_of, fee_invoices, strict=True):
        issued[index].append(fee_invoice)
    order_ids = [o.pk for orders, _drafts in planned for o in orders]
    OrderSettlement.objects.filter(pk__in=order_ids).update(
        state=OrderState.INVOICED, updated_at=timezone.now()
    )
    # One audit entry per order, naming the documents it went on.
    audit_many(
        (
            AuditItem(
                "settlement.order.invoice",
                OrderSettlement,
                order.pk,
                ", ".join(d.number for d in documents),
            )
            for (orders, _drafts), documents in zip(planned, issued, strict=True)
            for order in orders
        ),
        actor=actor,
        group=group,
    )
    return issued


def _fee_lines(orders: list[OrderRow], company_id: int, rows: Rows) -> list[Line]:
    lines = []
    for order in orders:
        fee = sum(s.fee_yen for s in rows.shares.get(order.pk, []) if s.company_id == company_id)
        if fee <= 0:
            continue
        words = words_of(order.language)
        lines.append(
            Line(
                description=f"{words['broker_fee']} {order.title}"[:200],
                quantity=1,
                unit_price=Decimal(fee),
                amount=int(fee),
                reference=order.reference,
                delivered_on=order.day,
            )
        )
    return lines


# --- the closing day ---------------------------------------------------------------------------

# A closing day's invoices are issued this many at a time, each batch one transaction: few
# commits for a month of them, and each transaction short, because on SQLite it holds the
# database's write lock from its start (customers sending inquiries meanwhile wait for it).
# At the benchmark's 50 orders an invoice one batch takes about half a second.
CLOSE_BATCH_INVOICES = 50
CLOSE_BATCH_ORDERS = 2500


def _close_batches(customers: list[list[int]]) -> Iterator[list[list[int]]]:
    batch: list[list[int]] = []
    orders = 0
    for ids in customers:
        if batch and (len(batch) >= CLOSE_BATCH_INVOICES or orders + len(ids) > CLOSE_BATCH_ORDERS):
            yield batch
            batch, orders = [], 0
        batch.append(ids)
        orders += len(ids)
    if batch:
        yield batch


def close_period(group: Group, closing_day: dt.date, *, actor: Any = None) -> list[IssuedDocument]:
    """Issues the consolidated invoices of ``closing_day``: for each customer, one invoice over
    its accepted orders that this closing day takes in (and any older ones still waiting).

    The invoices are issued in batches of CLOSE_BATCH_INVOICES, each one transaction; an
    invoice that is refused (checked before anything is written) is audited and leaves the
    others of its batch to be issued. An order invoiced already is skipped: a second run
    issues nothing twice."""
    terms = settlement_of(group)
    customers: dict[tuple[Any, ...], list[int]] = {}
    zone = timezone.get_current_timezone()
    # Only what grouping needs: each batch reads its orders whole again, under its lock.
    listed = (
        OrderSettlement.objects.for_group(group)
        .filter(state=OrderState.ACCEPTED)
        .order_by("pk")
        .values_list("pk", "mode", "accepted_at", "delivered_at", "updated_at",
                     "order__inquiry__email", "order__inquiry__customer_company")
    )  # fmt: skip
    for pk, mode, accepted, delivered, updated, email, company in listed:
        day, _delivered = local_days(zone, accepted, delivered, updated)
        if day <= closing_day:
            closed = closing_date(terms.closing_day, day)
            customer = (email.strip().lower(), company.strip())
            customers.setdefault((mode, customer, closed), []).append(pk)
    issuers = _Issuers(group, terms)
    issued: list[IssuedDocument] = []
    for batch in _close_batches(list(customers.values())):
        issued += _close_batch(actor, issuers, batch, closing_day)
    return issued


def _close_batch(
    actor: Any, issuers: _Issuers, batch: list[list[int]], closing_day: dt.date
) -> list[IssuedDocument]:
    group = issuers.group
    with transaction.atomic():
        locked = _locked_rows(sorted(pk for ids in batch for pk in ids))
        rows = load_rows(list(locked.values()))  # read after the lock: the lines as invoiced
        planned: list[tuple[list[OrderRow], list[Draft]]] = []
        refused: list[AuditItem] = []
        for ids in batch:
            try:
                if any(pk not in locked for pk in ids):
                    raise InvoiceRefused(_("One of these orders no longer exists."))
                orders = [locked[pk] for pk in ids]
                _check(orders, group)
                planned.append((orders, _drafts(group, orders, closing_day, rows, issuers)))
            except InvoiceRefused as refusal:
                refused.append(
                    AuditItem("settlement.invoice.close_refused", None, None, str(refusal),
                              {"orders": ids})
                )  # fmt: skip
        issued = _issue_planned(actor, issuers, planned, rows) if planned else []
        audit_many(refused, actor=actor, group=group)
    return [document for documents in issued for document in documents]


# --- credit notes and corrections ------------------------------------------------------------


def _credited(invoice: IssuedDocument) -> dict[int, RateTotal]:
    """Per rate, what the credit notes of ``invoice`` took back so far."""
    taken: dict[int, RateTotal] = {}
    for data in invoice.corrections.filter(kind=DocumentKind.CREDIT_NOTE.value).values_list(
        "data", flat=True
    ):
        for total in from_dict(data).totals:
            before = taken.get(total.rate, RateTotal(total.rate, 0, 0))
            taken[total.rate] = RateTotal(
                total.rate, before.taxable + total.taxable, before.tax + total.tax
            )
    return taken


def credit_left(invoice: IssuedDocument) -> int:
    """What is left to credit on ``invoice`` (incl. tax)."""
    credited = sum(t.taxable + t.tax for t in _credited(invoice).values())
    return int(invoice.total_yen - credited)


def _amounts(invoice_doc: Document, amount_yen: int | Mapping[int, int]) -> dict[int, int]:
    rates = [t.rate for t in invoice_doc.totals]
    if isinstance(amount_yen, Mapping):
        unknown = [rate for rate in amount_yen if rate not in rates]
        if unknown:
            raise InvoiceRefused(
                _("This invoice has no items at %(rate)s %% tax.") % {"rate": unknown[0]}
            )
        amounts = {rate: int(amount) for rate, amount in amount_yen.items() if amount}
    else:
        if len(rates) != 1:
            raise InvoiceRefused(
                _("This invoice has items at several tax rates: give the amount for each rate.")
            )
        amounts = {rates[0]: int(amount_yen)}
    if not amounts or any(amount <= 0 for amount in amounts.values()):
        raise InvoiceRefused(_("The amount of a credit note must be more than ¥0."))
    return amounts


@transaction.atomic
def issue_credit_note(
    *,
    actor: Any,
    invoice: IssuedDocument,
    amount_yen: int | Mapping[int, int],
    reason: str,
    issued_on: dt.date | None = None,
) -> IssuedDocument:
    """A 適格返還請求書 of ``invoice``: ``amount_yen`` before tax (本体価格), or per tax rate
    ``{10: …, 8: …}`` on an invoice with both. Its tax is rounded once per rate with the
    issuer's rounding; the part that takes back all that is left of a rate takes back exactly
    the tax left, so that a full credit reverses the invoice to the yen. Refused above what is
    left of the invoice after earlier credit notes, and for zero or negative amounts."""
    # The invoice row is locked so that two credit notes at once cannot both pass the limit.
    invoice = IssuedDocument.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
    if invoice.kind not in INVOICE_KINDS:
        raise InvoiceRefused(_("Only an invoice can be credited."))
    reason = reason.strip()
    if not reason:
        raise InvoiceRefused(_("Give the reason for the credit note (a return, a discount …)."))
    original = from_dict(invoice.data)
    amounts = _amounts(original, amount_yen)
    credited = _credited(invoice)
    totals = []
    for total in original.totals:
        if total.rate not in amounts:
            continue
        taken = credited.get(total.rate, RateTotal(total.rate, 0, 0))
        left_taxable, left_tax = total.taxable - taken.taxable, total.tax - taken.tax
        amount = amounts[total.rate]
        if amount > left_taxable:
            raise InvoiceRefused(
                _(
                    "Only ¥%(left)s before tax is left to credit at %(rate)s %% on invoice "
                    "%(number)s; ¥%(amount)s is more than that."
                )
                % {
                    "left": f"{max(left_taxable, 0):,}",
                    "rate": total.rate,
                    "number": invoice.number,
                    "amount": f"{amount:,}",
                }
            )
        tax = left_tax if amount == left_taxable else tax_yen(amount, total.rate, original.rounding)
        totals.append(RateTotal(total.rate, amount, tax))
    gross = sum(t.taxable + t.tax for t in totals)
    already = sum(t.taxable + t.tax for t in credited.values())
    try:
        credit_note_limit(invoice.total_yen, already, gross)
    except CreditAboveInvoice as above:
        raise InvoiceRefused(
            _(
                "This credit note of ¥%(amount)s incl. tax is more than the ¥%(left)s left of "
                "invoice %(number)s after its earlier credit notes."
            )
            % {"amount": f"{gross:,}", "left": f"{above.left:,}", "number": invoice.number}
        ) from above
    except AmountNotPositive as zero:
        raise InvoiceRefused(_("The amount of a credit note must be more than ¥0.")) from zero
    words = words_of(original.language)
    description = f"{words['credit'].format(number=invoice.number)} {reason}"[:200]
    lines = tuple(
        Line(
            description=description,
            quantity=1,
            unit_price=Decimal(t.taxable),
            amount=t.taxable,
            tax_rate=t.rate,
            reference=invoice.number,
        )
        for t in totals
    )
    return _issue_credit(actor, invoice, original, lines, tuple(totals), reason, issued_on)


def _issue_credit(
    actor: Any,
    invoice: IssuedDocument,
    original: Document,
    lines: tuple[Line, ...],
    totals: tuple[RateTotal, ...],
    reason: str,
    issued_on: dt.date | None,
) -> IssuedDocument:
    document = dataclasses.replace(
        original,
        kind=DocumentKind.CREDIT_NOTE,
        number="",
        # A credit note's lines are amounts before tax, also of a tax-inclusive invoice.
        extra={k: v for k, v in original.extra.items() if k != PRICES_INCLUDE_TAX},
        issued_on=issued_on or timezone.localdate(),
        lines=lines,
        totals=totals,
        due_on=None,
        notes=reason[:500],
        references=(invoice.number,),
    )
    return issue_document(
        actor=actor,
        group=invoice.group,
        document=document,
        issuer_company=invoice.issuer_company,
        recipient_company=invoice.recipient_company,
        customer_email=invoice.customer_email,
        orders=list(invoice.orders.all()),
        corrects=invoice,
    )


@transaction.atomic
def correct_invoice(
    *,
    actor: Any,
    invoice: IssuedDocument,
    reason: str,
    lines: Sequence[Line] | None = None,
    recipient: Party | None = None,
    due_on: dt.date | None = None,
    notes: str | None = None,
    issued_on: dt.date | None = None,
) -> tuple[IssuedDocument, IssuedDocument]:
    """Corrects an issued invoice without touching it: a credit note of all that is left of it,
    then a new invoice (its lines, recipient, due date or notes replaced as given) that names
    the old one. Returns (credit note, new invoice)."""
    invoice = IssuedDocument.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
    if invoice.kind not in INVOICE_KINDS:
        raise InvoiceRefused(_("Only an invoice can be corrected."))
    reason = reason.strip()
    if not reason:
        raise InvoiceRefused(_("Give the reason for the correction."))
    if invoice.corrections.filter(kind=invoice.kind).exists():
        raise InvoiceRefused(_("This invoice was already corrected: correct the new one."))
    if lines is not None and (not lines or any(line.amount < 0 for line in lines)):
        raise InvoiceRefused(_("The corrected invoice needs at least one line of ¥0 or more."))
    original = from_dict(invoice.data)
    credited = _credited(invoice)
    left = [
        RateTotal(
            t.rate,
            t.taxable - credited.get(t.rate, RateTotal(t.rate, 0, 0)).taxable,
            t.tax - credited.get(t.rate, RateTotal(t.rate, 0, 0)).tax,
        )
        for t in original.totals
    ]
    left = [t for t in left if t.taxable > 0]
    if not left:
        raise InvoiceRefused(_("Nothing is left of this invoice to correct."))
    words = words_of(original.language)
    description = words["correction"].format(number=invoice.number)
    credit_lines = tuple(
        Line(description, 1, Decimal(t.taxable), t.taxable, t.rate, invoice.number) for t in left
    )
    credit = _issue_credit(actor, invoice, original, credit_lines, tuple(left), reason, issued_on)
    new_lines = tuple(lines) if lines is not None else original.lines
    replacement = dataclasses.replace(
        original,
        number="",
        issued_on=issued_on or timezone.localdate(),
        recipient=recipient or original.recipient,
        lines=new_lines,
        totals=(tax_included_by_rate if includes_tax(original) else tax_by_rate)(
            new_lines, original.rounding
        ),
        due_on=due_on or original.due_on,
        notes=original.notes if notes is None else notes,
    )
    new = issue_document(
        actor=actor,
        group=invoice.group,
        document=replacement,
        issuer_company=invoice.issuer_company,
        recipient_company=invoice.recipient_company,
        customer_email=invoice.customer_email,
        orders=list(invoice.orders.all()),
        corrects=invoice,
    )
    audit(
        "settlement.invoice.correct",
        actor=actor,
        obj=invoice,
        group=invoice.group,
        summary=f"{invoice.number} → {credit.number} + {new.number}: {reason[:200]}",
    )
    return credit, new


# --- what is paid ------------------------------------------------------------------------------


def paid_yen(invoice: IssuedDocument) -> int:
    """What payments settled of ``invoice`` so far (renkei.settlement payments' allocations)."""
    return int(invoice.allocations.aggregate(s=Sum("amount_yen"))["s"] or 0)
