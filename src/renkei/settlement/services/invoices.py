"""Qualified invoices (適格請求書) and credit notes (適格返還請求書) of accepted orders.

An order checked on receipt (検収, OrderState.ACCEPTED) is invoiced once: on its own, or with the
customer's other accepted orders of the same closing period in one consolidated invoice (締め日).
The lines are the quote as the customer read it (renkei.inquiries.customer_quote), the tax is
rounded once per rate per invoice with the issuer's rounding (renkei.lib.money.tax_by_rate), and
the document is issued — numbered, rendered and frozen — by services.issue.issue_document.

斡旋 (SettlementMode.BROKERED): each member invoices the customer for its own lines under its own
number, and the group invoices each member its fee (DocumentKind.FEE_INVOICE).

An issued invoice is never changed: a discount or return is a credit note linked to it, and a
correction is a credit note of what is left of it plus a new invoice that names the old one.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.core.models import AuditEntry
from renkei.inquiries.customer_quote import customer_quote
from renkei.inquiries.models import QuoteLine
from renkei.lib.documents import Document, DocumentKind, Line, Party, RateTotal, from_dict
from renkei.lib.money import (
    AmountNotPositive,
    CreditAboveInvoice,
    closing_date,
    credit_note_limit,
    payment_due,
    tax_by_rate,
    tax_yen,
)
from renkei.orgs.models import Company, Group
from renkei.settlement.choices import OrderState, SettlementMode, ShareState
from renkei.settlement.models import GroupSettlement, IssuedDocument, MemberShare, OrderSettlement
from renkei.settlement.services.issue import billing_of, issue_document, settlement_of

INVOICE_KINDS = (DocumentKind.INVOICE.value, DocumentKind.FEE_INVOICE.value)

# What the documents themselves say, in the customer's language (the PDF renderer's own words
# are in documents_pdf; these are the lines and subjects renkei writes onto a document).
_WORDS = {
    "ja": {
        "fee": "手数料",
        "broker_fee": "受注斡旋手数料",
        "closing": "{day:%Y年%m月%d日}締め分",
        "credit": "返品・値引き（{number}）",
        "correction": "訂正による取消（{number}）",
    },
    "en": {
        "fee": "Group fee",
        "broker_fee": "Introduction fee",
        "closing": "Orders closed on {day:%Y-%m-%d}",
        "credit": "Return or discount ({number})",
        "correction": "Cancelled for correction ({number})",
    },
}


class InvoiceRefused(ValueError):
    """What cannot be invoiced or credited, with a message for the person who asked."""


def _words(language: str) -> dict[str, str]:
    return _WORDS["en" if language == "en" else "ja"]


def _unit(amount: int, quantity: int) -> Decimal:
    exact = Decimal(amount) / Decimal(quantity or 1)
    if exact == exact.to_integral_value():
        return exact.quantize(Decimal(1))
    return exact.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def transaction_date(settlement: OrderSettlement) -> dt.date:
    """The day an order counts as sold: its 検収 (acceptance on receipt), else its delivery."""
    return (
        _day(settlement.accepted_at)
        or _day(settlement.delivered_at)
        or timezone.localdate(settlement.updated_at)
    )


def customer_key(settlement: OrderSettlement) -> tuple[str, str]:
    """Orders of one customer: the same company name from the same e-mail address."""
    inquiry = settlement.order.inquiry
    return inquiry.email.strip().lower(), inquiry.customer_company.strip()


def _customer_party(settlement: OrderSettlement) -> Party:
    inquiry = settlement.order.inquiry
    return Party(name=inquiry.customer_company, email=inquiry.email)


@dataclasses.dataclass(frozen=True)
class Rows:
    """What invoicing reads of a set of orders, loaded for all of them at once (one query for
    the quote lines, one for the shares) so that the cost of an invoice does not grow by a few
    queries with every order on it: the quote lines by quote, in the quote's order, and the
    active member shares by order."""

    lines: dict[int, list[QuoteLine]]
    shares: dict[int, list[MemberShare]]

    def quote_lines(self, settlement: OrderSettlement) -> list[QuoteLine]:
        return self.lines.get(settlement.order.quote_id, [])

    def shares_by_line(self, settlement: OrderSettlement) -> dict[int, MemberShare]:
        # The last share of a line wins, as when they were read one order at a time.
        return {
            share.quote_line_id: share
            for share in self.shares.get(settlement.pk, [])
            if share.quote_line_id is not None
        }


def load_rows(settlements: Sequence[OrderSettlement]) -> Rows:
    """The quote lines and active shares of ``settlements`` (loaded with their orders)."""
    lines: dict[int, list[QuoteLine]] = {}
    quote_ids = sorted({s.order.quote_id for s in settlements})
    for line in QuoteLine.objects.filter(quote_id__in=quote_ids).order_by(
        "quote_id", "position", "pk"
    ):
        lines.setdefault(line.quote_id, []).append(line)
    shares: dict[int, list[MemberShare]] = {}
    for share in (
        MemberShare.objects.filter(
            settlement_id__in=sorted({s.pk for s in settlements}), state=ShareState.ACTIVE
        )
        .only("settlement", "quote_line", "company", "tax_rate", "fee_yen")
        .order_by("settlement_id", "pk")
    ):
        shares.setdefault(share.settlement_id, []).append(share)
    return Rows(lines=lines, shares=shares)


def customer_lines(
    settlement: OrderSettlement,
    *,
    show_fee: bool,
    company: Company | None = None,
    rows: Rows | None = None,
) -> list[Line]:
    """The order's lines as the customer read them on its quote — the fee as a line of its own
    or folded into the parts — with each line's tax rate from its member share (10 % unless a
    share says 8 %). With ``company``, only that member's lines (斡旋). ``rows`` are the
    order's lines and shares when the caller loaded them for many orders (load_rows)."""
    if rows is None:
        rows = load_rows([settlement])
    quote = settlement.order.quote
    quote_lines = rows.quote_lines(settlement)
    shown = customer_quote(quote, show_fee=show_fee, lines=quote_lines)
    shares = rows.shares_by_line(settlement)
    reference = settlement.order.inquiry.reference
    delivered = transaction_date(settlement)
    lines = []
    for quote_line, line in zip(quote_lines, shown.lines, strict=True):
        if company is not None and quote_line.company_id != company.pk:
            continue
        share = shares.get(quote_line.pk)
        lines.append(
            Line(
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.amount,
                tax_rate=share.tax_rate if share is not None else 10,
                reference=reference,
                delivered_on=delivered,
            )
        )
    if shown.fee and company is None:
        words = _words(settlement.order.inquiry.language)
        lines.append(
            Line(
                description=words["fee"],
                quantity=1,
                unit_price=Decimal(shown.fee),
                amount=shown.fee,
                reference=reference,
                delivered_on=delivered,
            )
        )
    return lines


def _lock(
    settlements: Sequence[OrderSettlement], group: Group | None = None
) -> list[OrderSettlement]:
    """The orders again, locked in primary-key order, so that two clicks or a click and the
    closing tick never invoice an order twice."""
    ids = sorted({s.pk for s in settlements})
    locked = list(
        _with_order(OrderSettlement.objects.select_for_update(of=("self",)).filter(pk__in=ids))
    )
    if len(locked) != len(ids):
        raise InvoiceRefused(_("One of these orders no longer exists."))
    _share_groups(locked, group)
    return locked


# What invoicing reads of an order's inquiry and quote. Only these: a month's orders are read
# by the thousand, and the inquiries' long texts and many dates would cost more than the rest.
_ORDER_FIELDS = (
    *(field.name for field in OrderSettlement._meta.concrete_fields),
    "order__inquiry__email",
    "order__inquiry__customer_company",
    "order__inquiry__language",
    "order__inquiry__title",
    "order__inquiry__number",
    "order__inquiry__group",
    "order__quote__fee_percent",
)


def _with_order(orders: Any) -> Any:
    return (
        orders.select_related("order__inquiry", "order__quote").only(*_ORDER_FIELDS).order_by("pk")
    )


def _share_groups(orders: list[OrderSettlement], group: Group | None = None) -> None:
    """Each order's group (and its inquiry's, for its reference) as one object read once (or
    ``group``, already read), rather than a copy of the group's row joined to every order."""
    ids = {o.group_id for o in orders}
    groups = {group.pk: group} if group is not None and ids == {group.pk} else {}
    groups = groups or Group.objects.in_bulk(ids)
    for order in orders:
        order.group = groups[order.group_id]
        inquiry = order.order.inquiry
        if inquiry.group_id in groups:
            inquiry.group = groups[inquiry.group_id]


def _check(orders: list[OrderSettlement]) -> Group:
    if not orders:
        raise InvoiceRefused(_("Choose at least one order to invoice."))
    group = orders[0].group
    if any(o.group_id != group.pk for o in orders):
        raise InvoiceRefused(_("Orders of different groups cannot be on one invoice."))
    for order in orders:
        if order.state != OrderState.ACCEPTED:
            raise InvoiceRefused(
                _(
                    "Order %(reference)s cannot be invoiced: only orders checked on receipt "
                    "and not yet invoiced can be."
                )
                % {"reference": order.order.inquiry.reference}
            )
    if len({o.mode for o in orders}) > 1:
        raise InvoiceRefused(
            _("Orders the group contracts and orders a member contracts cannot share an invoice.")
        )
    if len({customer_key(o) for o in orders}) > 1:
        raise InvoiceRefused(_("One invoice covers the orders of one customer only."))
    return group


def _terms_dates(terms: GroupSettlement, orders: list[OrderSettlement]) -> tuple[dt.date, dt.date]:
    """The closing day the orders fall in (one for all of them) and the payment due date."""
    days = {transaction_date(o) for o in orders}
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
    orders: list[OrderSettlement],
    closing: dt.date,
    due: dt.date,
    references: Iterable[str],
) -> Document:
    language = "en" if orders[0].order.inquiry.language == "en" else "ja"
    if len(orders) == 1:
        subject = orders[0].order.inquiry.title
    else:
        subject = _words(language)["closing"].format(day=closing)
    days = [transaction_date(o) for o in orders]
    starts = [_day(o.delivered_at) or day for o, day in zip(orders, days, strict=True)]
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
    orders: list[OrderSettlement]
    document: Document


def _drafts(
    group: Group,
    orders: list[OrderSettlement],
    issued_on: dt.date,
    rows: Rows,
    terms: GroupSettlement,
) -> list[Draft]:
    closing, due = _terms_dates(terms, orders)
    customer = _customer_party(orders[0])
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
    drafts = []
    for company in Company.objects.filter(pk__in=company_ids).order_by("pk"):
        billing = billing_of(company)
        # The member sells the whole price the customer was quoted, the group's fee folded into
        # its lines; the fee then goes from the member to the group on a fee invoice.
        lines = [
            line
            for o in orders
            for line in customer_lines(o, show_fee=False, company=company, rows=rows)
        ]
        mine = [
            o for o in orders if any(line.reference == o.order.inquiry.reference for line in lines)
        ]
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
    orders = list(
        OrderSettlement.objects.filter(pk__in=[s.pk for s in settlements])
        .select_related("order__inquiry__group", "order__quote", "group")
        .order_by("pk")
    )
    group = _check(orders)
    return _drafts(
        group, orders, issued_on or timezone.localdate(), load_rows(orders), settlement_of(group)
    )


@transaction.atomic
def issue_invoice(
    *, actor: Any, settlements: Sequence[OrderSettlement], issued_on: dt.date | None = None
) -> list[IssuedDocument]:
    """Invoices the customer for ``settlements`` (one order, or one customer's accepted orders
    of one closing period as one consolidated invoice) and marks them invoiced.

    共同受注: one invoice from the group's contracting party. 斡旋: one invoice from each member
    for its lines, under its own number, then one fee invoice from the group to each member.
    Returns every document issued, the customer's invoices first. Raises InvoiceRefused."""
    return _issue_invoice(actor, settlements, issued_on)


def _issue_invoice(
    actor: Any,
    settlements: Sequence[OrderSettlement],
    issued_on: dt.date | None,
    known: tuple[Group, GroupSettlement] | None = None,
) -> list[IssuedDocument]:
    """issue_invoice inside the caller's transaction; ``known`` are the group and its terms
    when the caller read them already (the closing day, once for all its invoices)."""
    orders = _lock(settlements, known[0] if known else None)
    group = _check(orders)
    terms = known[1] if known and known[0].pk == group.pk else settlement_of(group)
    issued_on = issued_on or timezone.localdate()
    email = orders[0].order.inquiry.email
    invoices: list[IssuedDocument] = []
    fee_invoices: list[IssuedDocument] = []
    rows = load_rows(orders)  # read after the lock: the lines and shares as invoiced
    for draft in _drafts(group, orders, issued_on, rows, terms):
        invoice = issue_document(
            actor=actor, group=group, document=draft.document, issuer_company=draft.company,
            customer_email=email, orders=draft.orders,
        )  # fmt: skip
        invoices.append(invoice)
        fee_lines = _fee_lines(draft.orders, draft.company, rows) if draft.company else []
        if draft.company is not None and fee_lines:
            fee_doc = dataclasses.replace(
                draft.document, kind=DocumentKind.FEE_INVOICE, issuer=terms.party(),
                recipient=billing_of(draft.company).party(), lines=tuple(fee_lines),
                totals=tax_by_rate(fee_lines, terms.rounding_method),
                rounding=terms.rounding_method, references=(invoice.number,),
            )  # fmt: skip
            fee_invoices.append(
                issue_document(
                    actor=actor,
                    group=group,
                    document=fee_doc,
                    recipient_company=draft.company,
                    orders=draft.orders,
                )
            )
    issued = invoices + fee_invoices
    OrderSettlement.objects.filter(pk__in=[o.pk for o in orders]).update(
        state=OrderState.INVOICED, updated_at=timezone.now()
    )
    _audit_each(
        "settlement.order.invoice",
        orders,
        actor=actor,
        group=group,
        summary=", ".join(d.number for d in issued),
    )
    return issued


def _audit_each(
    action: str, orders: list[OrderSettlement], *, actor: Any, group: Group, summary: str
) -> None:
    """One audit entry per order, as ``audit`` writes it, in two queries rather than one per
    order: the first entry through ``audit`` (who, and the request it came from), the others
    copies of it naming their own order."""
    first = audit(action, actor=actor, obj=orders[0], group=group, summary=summary)
    fields = ("action", "actor_id", "group_id", "object_type", "summary", "data", "ip")
    same = {field: getattr(first, field) for field in (*fields, "user_agent")}
    copies = [AuditEntry(**same, object_id=str(order.pk)) for order in orders[1:]]
    AuditEntry.objects.bulk_create(copies)


def _fee_lines(orders: list[OrderSettlement], company: Company, rows: Rows) -> list[Line]:
    lines = []
    for order in orders:
        fee = sum(s.fee_yen for s in rows.shares.get(order.pk, []) if s.company_id == company.pk)
        if fee <= 0:
            continue
        words = _words(order.order.inquiry.language)
        lines.append(
            Line(
                description=f"{words['broker_fee']} {order.order.inquiry.title}"[:200],
                quantity=1,
                unit_price=Decimal(fee),
                amount=int(fee),
                reference=order.order.inquiry.reference,
                delivered_on=transaction_date(order),
            )
        )
    return lines


# --- the closing day ---------------------------------------------------------------------------


def close_period(group: Group, closing_day: dt.date, *, actor: Any = None) -> list[IssuedDocument]:
    """Issues the consolidated invoices of ``closing_day``: for each customer, one invoice over
    its accepted orders that this closing day takes in (and any older ones still waiting)."""
    terms = settlement_of(group)
    batches: dict[tuple[Any, ...], list[OrderSettlement]] = {}
    for order in _with_order(
        OrderSettlement.objects.for_group(group).filter(state=OrderState.ACCEPTED)
    ):
        day = transaction_date(order)
        if day <= closing_day:
            closed = closing_date(terms.closing_day, day)
            batches.setdefault((order.mode, customer_key(order), closed), []).append(order)
    issued: list[IssuedDocument] = []
    for orders in batches.values():
        try:
            # One transaction per invoice, as issue_invoice: a refused one leaves the others.
            with transaction.atomic():
                issued += _issue_invoice(actor, orders, closing_day, (group, terms))
        except InvoiceRefused as refused:
            audit(
                "settlement.invoice.close_refused",
                actor=actor,
                group=group,
                summary=str(refused),
                orders=[o.pk for o in orders],
            )
    return issued


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
    words = _words(original.language)
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
    words = _words(original.language)
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
        totals=tax_by_rate(new_lines, original.rounding),
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
