"""Monthly statements to members (仕入明細書, issue "Settlement" item 7): what the group owes each
member for the month's accepted joint orders and the trades it delivered to other members, with
the group's fee netted under its own qualified invoice where the group nets it.

Three layers (STYLE.md, "money in three layers"): ``month_share_rows`` and ``month_trade_rows``
load the month in two queries of plain rows, ``statement_lines`` is pure arithmetic over those
rows (what the benchmark times against an order-by-order ORM baseline), and ``issue_statements``
issues and saves. A 仕入明細書 counts once the seller confirms it, or after the days the group set
(REFERENCE.md § Settlement); the member's admin answers it here.
"""

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from renkei.core.audit import AuditItem, audit, audit_many
from renkei.lib.documents import ByRate, Document, DocumentKind, Line, RateTotal
from renkei.lib.money import (
    check_payment_terms,
    payment_due,
    tax_by_rate,
    torihiki_deadline,
    totals_by_company,
)
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, Group, GroupRole
from renkei.settlement.access import admin_companies
from renkei.settlement.choices import (
    DocumentEventKind,
    PurchaseOrderState,
    SettlementMode,
    ShareState,
    StatementState,
)
from renkei.settlement.models import (
    GroupSettlement,
    MemberBilling,
    MemberShare,
    MemberTrade,
    Statement,
)
from renkei.settlement.services.issue import (
    Issuer,
    ToIssue,
    issue_documents,
    issuer_of,
    record_event,
    settlement_of,
)

# The notice kind a disputed statement gives the coordinators (renkei.notices.NoticeKind names
# it once the notices app lists it; until then the value is the same string).
# The event a dispute records (DocumentEventKind names it once the choices list it).
STATEMENT_DISPUTE_EVENT = "disputed"
FEE_TAX_RATE = 10  # the group's fee is a service at the standard rate


class StatementError(ValidationError):
    """A statement that cannot be answered as asked (already answered, no note)."""


# --- loading: plain rows, two queries -------------------------------------------------------


@dataclass(frozen=True)
class ShareRow:
    """One share (or delivered trade) as it goes on a member's statement."""

    company_id: int
    order_id: int | None  # the OrderSettlement, None for a trade between members
    reference: str
    on: dt.date
    description: str
    quantity: int
    amount: int
    tax_rate: int
    fee: int = 0


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of ``month``'s month."""
    start = month.replace(day=1)
    return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])


def _day_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    return begin, dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)


def _month_shares(group: Group, month: dt.date) -> Any:
    start, end = month_bounds(month)
    begin, until = _day_range(start, end)
    return MemberShare.objects.filter(
        settlement__group=group,
        settlement__mode=SettlementMode.JOINT,
        settlement__accepted_at__gte=begin,
        settlement__accepted_at__lt=until,
        state=ShareState.ACTIVE,
    ).exclude(company_id__in=_already_stated(group, start))


def _already_stated(group: Group, start: dt.date) -> Any:
    return Statement.objects.filter(group=group, month=start).values("company_id")


def _reference(group: Group, number: int) -> str:
    # The inquiry's reference, as inquiries.Inquiry.reference writes it, without loading it.
    return f"{group.slug.upper()[:8].rstrip('-')}-{number:05d}"


def month_share_rows(group: Group, month: dt.date) -> list[ShareRow]:
    """The month's active shares of joint orders accepted (検収) in it, of the members without a
    statement for it yet: one query of plain values, ordered by member, order and share."""
    zone = timezone.get_current_timezone()
    rows = (
        _month_shares(group, month)
        .order_by("company_id", "settlement__accepted_at", "settlement_id", "pk")
        .values_list(
            "company_id",
            "settlement_id",
            "settlement__order__inquiry__number",
            "settlement__accepted_at",
            "description",
            "quantity",
            "member_price_yen",
            "tax_rate",
            "kept_yen",
        )
    )
    return [
        ShareRow(
            company_id=company_id,
            order_id=order_id,
            reference=_reference(group, number),
            on=timezone.localtime(accepted_at, zone).date(),
            description=description,
            quantity=quantity,
            amount=amount,
            tax_rate=rate,
            fee=fee,
        )
        for company_id, order_id, number, accepted_at, description, quantity, amount, rate, fee in (
            rows
        )
    ]


def _month_trades(group: Group, month: dt.date) -> Any:
    start, end = month_bounds(month)
    return MemberTrade.objects.filter(
        group=group,
        state=PurchaseOrderState.ACCEPTED,
        delivered_on__gte=start,
        delivered_on__lte=end,
    ).exclude(seller_id__in=_already_stated(group, start))


def trade_reference(trade_id: int) -> str:
    return f"TR-{trade_id:05d}"


def month_trade_rows(group: Group, month: dt.date) -> list[ShareRow]:
    """Trades between members delivered in the month, on the seller's statement (one query)."""
    rows = (
        _month_trades(group, month)
        .order_by("seller_id", "delivered_on", "pk")
        .values_list("seller_id", "pk", "delivered_on", "description", "quantity", "amount_yen",
                     "tax_rate")
    )  # fmt: skip
    return [
        ShareRow(
            company_id=seller_id,
            order_id=None,
            reference=trade_reference(pk),
            on=delivered_on,
            description=description,
            quantity=quantity,
            amount=amount,
            tax_rate=rate,
        )
        for seller_id, pk, delivered_on, description, quantity, amount, rate in rows
    ]


# --- arithmetic: pure ------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberMonth(ByRate):
    """One member's month as its statement prints it."""

    company_id: int
    lines: tuple[Line, ...]
    totals: tuple[RateTotal, ...]
    fee: int
    order_ids: tuple[int, ...] = field(default=())
    first_on: dt.date | None = None  # the earliest receipt: 取適法's 60 days count from it


def _unit_price(amount: int, quantity: int) -> Decimal:
    if quantity <= 1:
        return Decimal(amount)
    return (Decimal(amount) / quantity).quantize(Decimal("0.01"))


def statement_lines(rows: Iterable[ShareRow], rounding: str = "down") -> dict[int, MemberMonth]:
    """Each member's statement from the month's rows: a line per share, the totals per rate
    with the tax rounded once per member and rate (totals_by_company), and the fee to net.
    No database: the benchmark compares it with computing order by order through the ORM."""
    from renkei.lib.documents import Rounding

    method = Rounding(rounding)
    rows = list(rows)
    totals = totals_by_company(((r.company_id, r.amount, r.tax_rate) for r in rows), method)
    lines: dict[int, list[Line]] = {}
    fees: dict[int, int] = {}
    orders: dict[int, dict[int, None]] = {}
    first: dict[int, dt.date] = {}
    for row in rows:
        company = row.company_id
        lines.setdefault(company, []).append(
            Line(
                description=row.description,
                quantity=row.quantity,
                unit_price=_unit_price(row.amount, row.quantity),
                amount=row.amount,
                tax_rate=row.tax_rate,
                reference=row.reference,
                delivered_on=row.on,
            )
        )
        fees[company] = fees.get(company, 0) + row.fee
        if row.order_id is not None:
            orders.setdefault(company, {})[row.order_id] = None
        if company not in first or row.on < first[company]:
            first[company] = row.on
    return {
        company: MemberMonth(
            company_id=company,
            lines=tuple(company_lines),
            totals=totals[company].totals,
            fee=fees[company],
            order_ids=tuple(orders.get(company, {})),
            first_on=first[company],
        )
        for company, company_lines in lines.items()
    }


def month_totals_in_db(group: Group, month: dt.date) -> dict[int, tuple[int, int]]:
    """(member price, fee) per member of the month's shares, summed by the database in one
    grouped query — the figures the statements must add up to (used to check them)."""
    grouped = (
        _month_shares(group, month)
        .values("company_id")
        .annotate(amount=Sum("member_price_yen"), fee=Sum("kept_yen"))
        .order_by("company_id")
    )
    return {row["company_id"]: (int(row["amount"]), int(row["fee"])) for row in grouped}


def member_pay_on(terms: GroupSettlement, month_end: dt.date, first_on: dt.date) -> dt.date:
    """The payment date under the group's member terms (month-end closing, paid
    ``member_pay_months`` later on ``member_pay_day``), brought forward to 取適法's limit of 60
    days from the earliest receipt where the terms would pay later (REFERENCE.md § Settlement)."""
    pay_on = payment_due(0, terms.member_pay_months, terms.member_pay_day, month_end)
    if check_payment_terms(first_on, pay_on, month_end_closing=True) is not None:
        pay_on = max(torihiki_deadline(first_on), month_end)
    return pay_on


# --- issuing ---------------------------------------------------------------------------------


def _statement_document(
    *,
    group: Group,
    terms: GroupSettlement,
    company: Company,
    billing: MemberBilling,
    month: MemberMonth,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    pay_on: dt.date,
    payable: int,
) -> Document:
    with translation.override("ja"):
        notes = (
            _("The group's fee of ¥%(fee)s (tax included) is deducted under its own invoice.")
            % {"fee": f"{month.fee + _fee_tax(month.fee, terms):,}"}
            if terms.net_fee_in_statements and month.fee
            else ""
        )
    return Document(
        kind=DocumentKind.STATEMENT,
        number="",
        issued_on=today,
        issuer=terms.party(group.name),
        recipient=billing.party(company.name),
        lines=month.lines,
        totals=month.totals,
        rounding=terms.rounding_method,
        period_start=start,
        period_end=end,
        due_on=pay_on,
        notes=notes,
        extra={"deemed_days": str(terms.deemed_days), "payable": str(payable)},
    )


def _fee_tax(fee: int, terms: GroupSettlement) -> int:
    return sum(t.tax for t in _fee_totals(fee, terms))


def _fee_totals(fee: int, terms: GroupSettlement) -> tuple[RateTotal, ...]:
    return tax_by_rate([_fee_line(fee, "")], terms.rounding_method)


def _fee_line(fee: int, description: str) -> Line:
    return Line(
        description=description, quantity=1, unit_price=Decimal(fee), amount=fee,
        tax_rate=FEE_TAX_RATE,
    )  # fmt: skip


def _fee_document(
    *, group: Group, terms: GroupSettlement, company: Company, billing: MemberBilling, fee: int,
    start: dt.date, end: dt.date, today: dt.date, pay_on: dt.date,
) -> Document:  # fmt: skip
    with translation.override("ja"):
        description = _("Group fee for %(month)s") % {"month": f"{start:%Y-%m}"}
        notes = _("Deducted from the payment of the statement for the same month.")
    line = _fee_line(fee, description)
    return Document(
        kind=DocumentKind.FEE_INVOICE,
        number="",
        issued_on=today,
        issuer=terms.party(group.name),
        recipient=billing.party(company.name),
        lines=(line,),
        totals=tax_by_rate([line], terms.rounding_method),
        rounding=terms.rounding_method,
        period_start=start,
        period_end=end,
        due_on=pay_on,
        notes=notes,
    )


# A month's statements are issued this many members at a time, each batch one transaction (few
# commits, each write lock short: see invoices.CLOSE_BATCH_INVOICES).
STATEMENT_BATCH = 25


@dataclass(frozen=True)
class _MemberPlan:
    """One member's statement of the month, worked out before anything is written."""

    company: Company
    month: MemberMonth
    statement: Document
    fee_invoice: Document | None
    payable: int
    pay_on: dt.date
    month_start: dt.date


def issue_statements(
    *, actor: Any, group: Group, month: dt.date, today: dt.date | None = None
) -> list[Statement]:
    """Issues ``month``'s statement to every member the group owes for it and that has none
    yet: safe to run again (one statement per member and month, the unique constraint). A
    member's statement, its fee invoice and its record are written together: the members are
    issued STATEMENT_BATCH at a time, each batch one transaction, so that a crash half way
    leaves whole statements and a second run issues the rest."""
    terms = settlement_of(group)
    start, end = month_bounds(month)
    today = today or timezone.localdate()
    rows = month_share_rows(group, start) + month_trade_rows(group, start)
    months = statement_lines(rows, terms.rounding)
    companies = Company.objects.in_bulk(list(months))
    billings = {b.company_id: b for b in MemberBilling.objects.filter(company_id__in=months)}
    plans = []
    for company_id in sorted(months):
        member_month = months[company_id]
        company = companies[company_id]
        billing = billings.get(company_id) or MemberBilling(company=company)
        pay_on = member_pay_on(terms, end, member_month.first_on or start)
        netted = terms.net_fee_in_statements and member_month.fee > 0
        fee_total = member_month.fee + _fee_tax(member_month.fee, terms) if netted else 0
        payable = member_month.total - fee_total
        statement = _statement_document(
            group=group, terms=terms, company=company, billing=billing, month=member_month,
            start=start, end=end, today=today, pay_on=pay_on, payable=payable,
        )  # fmt: skip
        fee_invoice = (
            _fee_document(
                group=group,
                terms=terms,
                company=company,
                billing=billing,
                fee=member_month.fee,
                start=start,
                end=end,
                today=today,
                pay_on=pay_on,
            )
            if netted
            else None
        )
        plans.append(
            _MemberPlan(company, member_month, statement, fee_invoice, payable, pay_on, start)
        )
    issuer = issuer_of(group, holder=terms)
    made: list[Statement] = []
    for first in range(0, len(plans), STATEMENT_BATCH):
        batch = plans[first : first + STATEMENT_BATCH]
        try:
            with transaction.atomic():
                made += _issue_batch(actor, group, terms, issuer, batch, today)
        except IntegrityError:
            # Another coordinator issued one of these statements at the same moment: the others
            # one at a time, leaving that member's as it was issued.
            for plan in batch:
                try:
                    with transaction.atomic():
                        made += _issue_batch(actor, group, terms, issuer, [plan], today)
                except IntegrityError:
                    continue
    return made


def _issue_batch(
    actor: Any,
    group: Group,
    terms: GroupSettlement,
    issuer: Issuer,
    plans: Sequence[_MemberPlan],
    today: dt.date,
) -> list[Statement]:
    documents = issue_documents(
        actor=actor,
        group=group,
        items=[
            ToIssue(p.statement, issuer, recipient_company=p.company, order_ids=p.month.order_ids)
            for p in plans
        ],
    )
    netted = [p for p in plans if p.fee_invoice is not None]
    fee_invoices = issue_documents(
        actor=actor,
        group=group,
        items=[
            ToIssue(p.fee_invoice, issuer, recipient_company=p.company, order_ids=p.month.order_ids)
            for p in netted
            if p.fee_invoice is not None
        ],
        xml_now=True,  # a qualified invoice, also as an e-invoice; a few hundred a month
    )
    fee_of = {p.company.pk: fee for p, fee in zip(netted, fee_invoices, strict=True)}
    statements = Statement.objects.bulk_create(
        [
            Statement(
                group=group,
                company=plan.company,
                month=plan.month_start,
                document=document,
                fee_invoice=fee_of.get(plan.company.pk),
                payable_yen=plan.payable,
                pay_on=plan.pay_on,
                deemed_on=today + dt.timedelta(days=terms.deemed_days),
            )
            for plan, document in zip(plans, documents, strict=True)
        ]
    )
    audit_many(
        (
            AuditItem(
                "settlement.statement.payable",
                Statement,
                statement.pk,
                f"{plan.company.name} {statement.month:%Y-%m} ¥{plan.payable:,}",
            )
            for plan, statement in zip(plans, statements, strict=True)
        ),
        actor=actor,
        group=group,
    )
    return statements


def pending_members(group: Group, month: dt.date) -> int:
    """How many members would get a statement for ``month`` now (the confirm step shows it)."""
    start, _end = month_bounds(month)
    shares = set(_month_shares(group, start).values_list("company_id", flat=True).distinct())
    trades = set(_month_trades(group, start).values_list("seller_id", flat=True).distinct())
    return len(shares | trades)


# --- answers ---------------------------------------------------------------------------------


def can_answer(user: Any, statement: Statement) -> bool:
    """Only the member's admins answer its statement (staff see it, the books see it)."""
    return statement.company_id in admin_companies(user, statement.group)


def _answerable(actor: Any, statement: Statement) -> Statement:
    if not can_answer(actor, statement):
        raise PermissionDenied
    locked = (
        Statement.objects.select_for_update()
        .select_related("document", "group")
        .get(pk=statement.pk)
    )
    return locked


@transaction.atomic
def confirm_statement(*, actor: Any, statement: Statement) -> Statement:
    """The member's admin confirms the statement: from then it counts as the member's invoice."""
    statement = _answerable(actor, statement)
    if statement.state not in (StatementState.ISSUED, StatementState.DISPUTED):
        raise StatementError(_("This statement has already been answered."))
    statement.state = StatementState.CONFIRMED
    statement.answered_by = actor
    statement.answered_at = timezone.now()
    statement.save(update_fields=["state", "answered_by", "answered_at", "updated_at"])
    record_event(document=statement.document, kind=DocumentEventKind.CONFIRMED, actor=actor)
    audit(
        "settlement.statement.confirm",
        actor=actor,
        obj=statement,
        group=statement.group,
        summary=statement.document.number,
    )
    return statement


@transaction.atomic
def dispute_statement(*, actor: Any, statement: Statement, note: str) -> Statement:
    """The member's admin says what is wrong; the coordinators are told. A disputed statement is
    never deemed confirmed: the group answers it (a new statement or the admin's confirmation)."""
    note = note.strip()
    if not note:
        raise StatementError(_("Please write what is wrong with the statement."))
    statement = _answerable(actor, statement)
    if statement.state != StatementState.ISSUED:
        raise StatementError(_("This statement has already been answered."))
    statement.state = StatementState.DISPUTED
    statement.dispute_note = note[:500]
    statement.answered_by = actor
    statement.answered_at = timezone.now()
    statement.save(
        update_fields=["state", "dispute_note", "answered_by", "answered_at", "updated_at"]
    )
    record_event(
        document=statement.document,
        kind=getattr(DocumentEventKind, "DISPUTED", STATEMENT_DISPUTE_EVENT),
        actor=actor,
        note=note,
    )
    audit(
        "settlement.statement.dispute",
        actor=actor,
        obj=statement,
        group=statement.group,
        summary=f"{statement.document.number}: {note}"[:300],
    )
    _tell_coordinators(statement, note)
    return statement


def _tell_coordinators(statement: Statement, note: str) -> None:
    from renkei.notices.models import NoticeKind
    from renkei.notices.services import notify

    grants = GroupRole.objects.filter(
        group=statement.group, role__in=(PersonRole.COORDINATOR, PersonRole.ACCOUNTANT)
    ).select_related("user")
    notify(
        users=[grant.user for grant in grants],
        group=statement.group,
        kind=NoticeKind.STATEMENT_DISPUTED,
        text=f"{statement.document.number} {statement.company.name}: {note}",
        link=reverse("settlement:statement", args=[statement.group.slug, statement.pk]),
    )


def deem_confirmed(today: dt.date | None = None) -> int:
    """Statements still unanswered on their ``deemed_on`` day count as confirmed (the group's
    terms, REFERENCE.md § Settlement). Safe to repeat: only ISSUED ones move, each once."""
    today = today or timezone.localdate()
    due = Statement.objects.filter(state=StatementState.ISSUED, deemed_on__lte=today)
    done = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            moved = Statement.objects.filter(pk=pk, state=StatementState.ISSUED).update(
                state=StatementState.DEEMED, answered_at=timezone.now()
            )
            if not moved:
                continue  # answered by the member meanwhile
            statement = Statement.objects.select_related("document", "group").get(pk=pk)
            record_event(document=statement.document, kind=DocumentEventKind.DEEMED_CONFIRMED)
            audit(
                "settlement.statement.deem",
                obj=statement,
                group=statement.group,
                summary=f"{statement.document.number} {today}",
            )
            done += 1
    return done


def statements_by_month(statements: Sequence[Statement]) -> list[tuple[dt.date, list[Statement]]]:
    """The books' list: statements grouped by month, newest month first."""
    months: dict[dt.date, list[Statement]] = {}
    for statement in statements:
        months.setdefault(statement.month, []).append(statement)
    return sorted(months.items(), key=lambda item: item[0], reverse=True)
