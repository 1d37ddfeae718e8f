"""The qualified invoice (適格請求書) of a shipped product order, issued through settlement.

When: at shipment (発送時に請求). The customer buys a finished good at a fixed price, so there is
no 検収 to wait for as with a made-to-order job; the goods leave, the sale is made, and the
invoice carries the shipping day as its 取引年月日 and the group's payment terms for its due date.

Who issues it follows settlement's rule of who contracts (settlement.services.invoices): in
共同受注 the group's contracting party (its GroupSettlement: legal name, 登録番号, bank), one
invoice per order; in 斡旋 each member that made units of it, under its own number, for its
units (the order's work packages). A group that has not saved its settlement terms gets no
invoice: the coordinator's order page says so, and the invoice can be issued from there once the
terms are saved.

Tax: the prices are tax-inclusive (税込). The tax is taken out once per rate per invoice from
the rate's tax-inclusive total with the issuer's rounding (renkei.lib.money.tax_included_by_rate;
消費税法 §57-4①), never per line: with the default 切り捨て it is exactly the ``tax_yen`` the
order stored when it was made (renkei.lib.retail.tax_included, rounded down on the total).

Numbers come from settlement's sequences (per issuer, kind and fiscal year, without gaps: the
same ``INV`` sequence as the group's other invoices), the document is frozen with its PDF drawn
from the frozen data, and it is in the 電子帳簿保存法 archive and the receivables like any other.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from renkei.core.audit import audit
from renkei.lib.documents import PRICES_INCLUDE_TAX, Document, DocumentKind, Line, Party
from renkei.lib.money import payment_due, tax_included_by_rate
from renkei.orgs.models import Company
from renkei.products.choices import OrderStatus
from renkei.products.models import ProductOrder
from renkei.settlement.choices import SettlementMode
from renkei.settlement.models import GroupSettlement, IssuedDocument
from renkei.settlement.services.issue import (
    ToIssue,
    billing_of,
    issue_documents,
    issuer_of,
)


class NotInvoiced(ValueError):
    """Why a shipped order has no invoice, in words for the coordinator."""


_WORDS = {
    "ja": {"subject": "ご注文 {ref}", "honorific": "{name} 様"},
    "en": {"subject": "Order {ref}", "honorific": "{name}"},
}


def terms_of(order: ProductOrder) -> GroupSettlement | None:
    """The group's saved settlement terms, or None while it has none."""
    return GroupSettlement.objects.filter(group_id=order.group_id).first()


def _recipient(order: ProductOrder, words: dict[str, str]) -> Party:
    # A company is addressed 御中 by the PDF; a person without a company is 様.
    name = order.customer_company.strip() or words["honorific"].format(name=order.customer_name)
    address = f"〒{order.postal_code} {order.address}".strip()
    return Party(name=name[:150], address=address[:250], email=order.email, phone=order.phone)


def _lines(order: ProductOrder, quantity: int, day: dt.date) -> list[Line]:
    """The product at its own price and each priced option as its own line (名入れ × 30), all
    tax-inclusive; together they are ``quantity`` × the order's unit price."""
    options = [o for o in order.options if int(o.get("price_delta_yen") or 0) > 0]
    base = order.unit_price_yen - sum(int(o["price_delta_yen"]) for o in options)
    name = order.product.name
    free = "・".join(str(o.get("name", "")) for o in order.options if o not in options)
    if free:  # an option at no charge is named with the product; a priced one has its line
        name = f"{name}（{free}）"
    lines = [
        Line(
            description=name[:200],
            quantity=quantity,
            unit_price=Decimal(base),
            amount=base * quantity,
            tax_rate=order.tax_rate,
            reference=order.reference,
            delivered_on=day,
        )
    ]
    for option in options:
        delta = int(option["price_delta_yen"])
        lines.append(
            Line(
                description=str(option.get("name", ""))[:200],
                quantity=quantity,
                unit_price=Decimal(delta),
                amount=delta * quantity,
                tax_rate=order.tax_rate,
                reference=order.reference,
                delivered_on=day,
            )
        )
    return lines


def _shares(order: ProductOrder, terms: GroupSettlement) -> list[tuple[Company | None, int]]:
    """Who invoices how many units: the group all of them (共同受注), or each member the units
    of its work packages (斡旋)."""
    if terms.mode != SettlementMode.BROKERED:
        return [(None, order.quantity)]
    from renkei.projects.models import WorkPackage

    units: dict[int, int] = {}
    if order.project_id is not None:
        packages = WorkPackage.objects.filter(project_id=order.project_id, company__isnull=False)
        for company_id, quantity in packages.values_list("company_id", "quantity"):
            units[company_id] = units.get(company_id, 0) + quantity
    if sum(units.values()) != order.quantity:
        raise NotInvoiced(
            _(
                "The group's members contract themselves (introduction), but the work packages "
                "of this order do not name a member for every unit, so no member can invoice "
                "it. Assign the packages, then issue the invoice."
            )
        )
    companies = Company.objects.in_bulk(list(units))
    return [(companies[pk], units[pk]) for pk in sorted(units)]


def draft_documents(order: ProductOrder, terms: GroupSettlement, day: dt.date) -> list[ToIssue]:
    """The invoices of ``order`` as they will be issued, their numbers still empty."""
    try:
        due = payment_due(terms.closing_day, terms.customer_pay_months, terms.customer_pay_day, day)
    except ValueError as error:
        raise NotInvoiced(
            _(
                "The payment terms cannot give a due date: the payment day falls before the "
                "closing day."
            )
        ) from error
    language = "en" if order.language == "en" else "ja"
    words = _WORDS[language]
    recipient = _recipient(order, words)
    items = []
    for company, quantity in _shares(order, terms):
        holder = billing_of(company) if company is not None else terms
        lines = _lines(order, quantity, day)
        document = Document(
            kind=DocumentKind.INVOICE,
            number="",
            issued_on=day,
            issuer=holder.party(company.name if company is not None else order.group.name),
            recipient=recipient,
            lines=tuple(lines),
            totals=tax_included_by_rate(lines, holder.rounding_method),
            rounding=holder.rounding_method,
            period_start=day,
            period_end=day,
            due_on=due,
            references=(order.reference,),
            language=language,
            extra={
                "subject": words["subject"].format(ref=order.reference),
                PRICES_INCLUDE_TAX: "1",
            },
        )
        items.append(
            ToIssue(
                document=document,
                issuer=issuer_of(order.group, company, holder=holder),
                customer_email=order.email,
            )
        )
    return items


NO_TERMS = gettext_noop(
    "No invoice was issued: the group has no settlement terms yet. Save them under Money → "
    "Settlement terms (the legal name and registration number printed on invoices), then "
    "issue the invoice here."
)


def missing_note(order: ProductOrder) -> str:
    """What the coordinator reads on a shipped order without an invoice."""
    if terms_of(order) is None:
        return _(NO_TERMS)
    return _("This shipped order has no invoice yet.")


@transaction.atomic
def invoice_order(*, actor: Any, order: ProductOrder) -> list[IssuedDocument]:
    """Issues the invoices of a shipped order, once: an order invoiced already returns its
    invoices. Raises NotInvoiced (nothing written) when the group has no settlement terms or
    the invoice cannot be made."""
    locked = (
        ProductOrder.objects.select_for_update(of=("self",))
        .select_related("group", "product", "project")
        .get(pk=order.pk)
    )
    issued = list(locked.invoices.order_by("pk"))
    if issued:
        return issued
    if locked.status != OrderStatus.SHIPPED or locked.shipped_at is None:
        raise NotInvoiced(_("An order is invoiced when it ships."))
    terms = terms_of(locked)
    if terms is None:
        raise NotInvoiced(_(NO_TERMS))
    day = timezone.localdate(locked.shipped_at)
    items = draft_documents(locked, terms, day)
    documents = issue_documents(actor=actor, group=locked.group, items=items)
    locked.invoices.add(*documents)
    audit(
        "product.order_invoice",
        actor=actor,
        obj=locked,
        group=locked.group,
        summary=f"{locked.reference}: " + ", ".join(d.number for d in documents),
    )
    return documents


def invoice_on_shipment(*, actor: Any, order: ProductOrder) -> tuple[list[IssuedDocument], str]:
    """The invoices issued as the order ships, or the reason there are none (then audited, for
    the coordinator). A refusal never stops the shipment: it rolls back its own savepoint,
    numbers included, so no number is lost."""
    try:
        with transaction.atomic():
            return invoice_order(actor=actor, order=order), ""
    except NotInvoiced as refused:
        audit(
            "product.order_not_invoiced",
            actor=actor,
            obj=order,
            group=order.group,
            summary=f"{order.reference}: {refused}"[:300],
        )
        return [], str(refused)
