"""The group's books as a whole: the accounting export (issue "Settlement", item 13), the money
KPIs of the cockpit and its supporters' report (item 14), and what waits for a person on the
money home page.

Journal entries are built by renkei.lib.journal from the documents as issued (their ``data``
holds the per-rate totals rounded once on the document) and the payments and payouts recorded:
- sales: the group's invoices to customers (売掛金 / 売上高), credit notes booked reversed;
- fee revenue: the group's fee invoices to members, against 買掛金 when netted in a statement;
- payables to members: their 仕入明細書 (外注加工費 / 買掛金);
- consumption tax: in each taxed row (tax included), or as rows of its own (tax excluded);
- payments received (普通預金 / 売掛金) and payouts to members (買掛金 / 普通預金).
An 斡旋 invoice is the member's own sale, not the group's, and is left out.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.lib import journal
from renkei.lib.documents import RateTotal
from renkei.lib.kpi import add_months, last_months, month_start
from renkei.orgs.models import Group
from renkei.settlement.choices import (
    DocumentKindChoice,
    PayoutState,
    PurchaseOrderState,
    StatementState,
)
from renkei.settlement.models import (
    IssuedDocument,
    MemberTrade,
    Payment,
    PaymentAllocation,
    Statement,
)

MAX_EXPORT_DAYS = 366 * 2  # a fiscal year and some; an accounting import is done per period

# --- accounting export ------------------------------------------------------------------------


def export_period(params: Any) -> tuple[dt.date, dt.date]:
    """The export's date range from the form; ``ValidationError`` in the person's language."""
    import unicodedata

    errors: dict[str, str] = {}
    days: list[dt.date | None] = []
    for name in ("start", "end"):
        raw = unicodedata.normalize("NFKC", str(params.get(name) or "")).strip().replace("/", "-")
        try:
            days.append(dt.date.fromisoformat(raw) if raw else None)
        except ValueError:
            errors[name] = _("Enter a date as 2026-04-01.")
            days.append(None)
    start, end = days
    if not errors and (start is None or end is None):
        errors["start" if start is None else "end"] = _("Give the first and the last day.")
    if start and end and not errors:
        if start > end:
            errors["end"] = _("The end date comes before the start date: swap them.")
        elif (end - start).days > MAX_EXPORT_DAYS:
            errors["end"] = _("Export at most two years at once.")
    if errors:
        raise ValidationError(errors)
    assert start is not None and end is not None
    return start, end


def _totals(document: IssuedDocument, sign: int = 1) -> list[RateTotal]:
    return [
        RateTotal(int(t["rate"]), sign * abs(int(t["taxable"])), sign * abs(int(t["tax"])))
        for t in document.data.get("totals", [])
    ]


def _memo(document: IssuedDocument) -> str:
    return f"{document.get_kind_display()} {document.number}"


@dataclass(frozen=True)
class _Item:
    on: dt.date
    order: int  # documents before money on the same day
    key: int
    build: Any


def journal_entries(
    group: Group,
    start: dt.date,
    end: dt.date,
    method: journal.TaxMethod = journal.TaxMethod.INCLUSIVE,
) -> list[journal.JournalEntry]:
    """Every entry of ``start``..``end`` (both included), by date, numbered from 1."""
    items: list[_Item] = []
    documents = IssuedDocument.objects.for_group(group).filter(
        issued_on__gte=start, issued_on__lte=end, issuer_company__isnull=True
    )
    netted = set(
        Statement.objects.filter(group=group, fee_invoice__isnull=False).values_list(
            "fee_invoice_id", flat=True
        )
    )
    kinds = (
        DocumentKindChoice.INVOICE,
        DocumentKindChoice.CREDIT_NOTE,
        DocumentKindChoice.FEE_INVOICE,
        DocumentKindChoice.STATEMENT,
    )
    for doc in documents.filter(kind__in=kinds).select_related("corrects").order_by("pk"):
        if doc.kind == DocumentKindChoice.STATEMENT:
            items.append(
                _Item(
                    doc.issued_on,
                    0,
                    doc.pk,
                    lambda n, d=doc: journal.member_payable_entry(
                        n,
                        d.issued_on,
                        _totals(d),
                        member=d.counterparty,
                        memo=_memo(d),
                        method=method,
                    ),
                )
            )
            continue
        to_member_fee = doc.kind == DocumentKindChoice.FEE_INVOICE or (
            doc.kind == DocumentKindChoice.CREDIT_NOTE
            and doc.corrects is not None
            and doc.corrects.kind == DocumentKindChoice.FEE_INVOICE
        )
        sign = -1 if doc.kind == DocumentKindChoice.CREDIT_NOTE else 1
        if to_member_fee:
            items.append(
                _Item(
                    doc.issued_on,
                    0,
                    doc.pk,
                    lambda n, d=doc, s=sign: journal.fee_revenue_entry(
                        n,
                        d.issued_on,
                        _totals(d, s),
                        member=d.counterparty,
                        memo=_memo(d),
                        netted=(d.corrects_id if s < 0 else d.pk) in netted,
                        method=method,
                    ),
                )
            )
        else:
            items.append(
                _Item(
                    doc.issued_on,
                    0,
                    doc.pk,
                    lambda n, d=doc, s=sign: journal.sales_entry(
                        n,
                        d.issued_on,
                        _totals(d, s),
                        customer=d.counterparty,
                        memo=_memo(d),
                        method=method,
                    ),
                )
            )
    payments = Payment.objects.filter(
        group=group, received_on__gte=start, received_on__lte=end, amount_yen__gt=0
    ).order_by("received_on", "pk")
    for payment in payments:
        items.append(
            _Item(
                payment.received_on,
                1,
                payment.pk,
                lambda n, p=payment: journal.payment_received_entry(
                    n,
                    p.received_on,
                    int(p.amount_yen),
                    customer=p.payer_name,
                    memo=_("Payment received") + (f" {p.reference}" if p.reference else ""),
                ),
            )
        )
    payouts = (
        Statement.objects.filter(
            group=group,
            payout_state=PayoutState.PAID,
            paid_on__gte=start,
            paid_on__lte=end,
            payable_yen__gt=0,
        )
        .select_related("company", "document")
        .order_by("paid_on", "pk")
    )
    for statement in payouts:
        assert statement.paid_on is not None
        items.append(
            _Item(
                statement.paid_on,
                2,
                statement.pk,
                lambda n, s=statement: journal.payout_entry(
                    n,
                    s.paid_on,
                    int(s.payable_yen),
                    member=s.document.counterparty,
                    memo=_("Payout") + f" {s.document.number}",
                ),
            )
        )
    items.sort(key=lambda item: (item.on, item.order, item.key))
    entries: list[journal.JournalEntry] = []
    for item in items:
        try:
            entries.append(item.build(len(entries) + 1))
        except journal.UnbalancedEntry:
            continue  # a document of ¥0 books nothing
    return entries


def export_journal(
    *, actor: Any, group: Group, start: dt.date, end: dt.date, layout: str, method: str = ""
) -> tuple[str, bytes]:
    """The journal of the period as (file name, bytes) in ``layout`` "generic" (UTF-8 with BOM)
    or "yayoi" (弥生会計's import layout, Shift_JIS). The export is audited."""
    tax = journal.TaxMethod(method) if method in journal.TaxMethod.__members__.values() else None
    tax = tax or journal.TaxMethod.INCLUSIVE
    if layout == "yayoi":
        tax = journal.TaxMethod.INCLUSIVE  # 弥生 splits the tax out of a tax-included amount
    entries = journal_entries(group, start, end, tax)
    data = journal.yayoi_csv(entries) if layout == "yayoi" else journal.generic_csv(entries)
    name = f"journal-{layout}-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    audit(
        "settlement.journal.export",
        actor=actor,
        group=group,
        summary=f"{layout} {start}–{end}: {len(entries)} entries",
        layout=layout,
        start=start.isoformat(),
        end=end.isoformat(),
        entries=len(entries),
    )
    return name, data


# --- money KPIs -------------------------------------------------------------------------------

MONEY_KPIS = ("sales", "trade", "fees", "receivables", "payables", "profit")


def _month_sums(rows: Iterable[tuple[dt.date, int]], months: list[dt.date]) -> dict[dt.date, int]:
    sums = dict.fromkeys(months, 0)
    for day, amount in rows:
        month = month_start(day)
        if month in sums:
            sums[month] += int(amount)
    return sums


def money_by_month(group: Group, months: list[dt.date]) -> dict[dt.date, dict[str, int]]:
    """The money KPIs of each month, in yen before tax (sales, trade, fees) or as open at the
    month's end (receivables incl. tax, payables due):

    - ``sales``: the group's invoices to customers less their credit notes (斡旋 invoices by
      members included: MNI counts the sales it brings, seed l.4321–4323);
    - ``trade``: trade between members (仲間まわし) delivered, counted apart;
    - ``fees``: the group's fee invoices less their credit notes;
    - ``receivables``: what customers and members still owe at the month's end;
    - ``payables``: what the group still owes its members at the month's end;
    - ``profit``: the fee revenue; renkei records no other costs of the group.

    Four grouped reads whatever the number of months."""
    first, stop = months[0], add_months(months[-1], 1)
    docs = IssuedDocument.objects.for_group(group)
    sales_rows: list[tuple[dt.date, int]] = []
    fee_rows: list[tuple[dt.date, int]] = []
    for day, kind, net, corrected_kind, recipient in docs.filter(
        issued_on__gte=first,
        issued_on__lt=stop,
        kind__in=(
            DocumentKindChoice.INVOICE,
            DocumentKindChoice.CREDIT_NOTE,
            DocumentKindChoice.FEE_INVOICE,
        ),
    ).values_list("issued_on", "kind", "net_yen", "corrects__kind", "recipient_company_id"):
        amount = -abs(int(net)) if kind == DocumentKindChoice.CREDIT_NOTE else abs(int(net))
        base = corrected_kind if kind == DocumentKindChoice.CREDIT_NOTE else kind
        if base == DocumentKindChoice.FEE_INVOICE:
            fee_rows.append((day, amount))
        elif recipient is None:  # an invoice to a member is a trade between members
            sales_rows.append((day, amount))
    trades = MemberTrade.objects.filter(
        group=group,
        state=PurchaseOrderState.ACCEPTED,
        delivered_on__gte=first,
        delivered_on__lt=stop,
    ).values_list("delivered_on", "amount_yen")
    trades_rows = [(day, int(amount)) for day, amount in trades if day is not None]
    sales = _month_sums(sales_rows, months)
    fees = _month_sums(fee_rows, months)
    trade = _month_sums(trades_rows, months)
    receivable = _open_receivables(group, months)
    payable = _open_payables(group, months)
    return {
        m: {
            "sales": sales[m],
            "trade": trade[m],
            "fees": fees[m],
            "receivables": receivable[m],
            "payables": payable[m],
            "profit": fees[m],
        }
        for m in months
    }


def _open_receivables(group: Group, months: list[dt.date]) -> dict[dt.date, int]:
    from renkei.settlement.services.payments import receivables

    ends = {m: add_months(m, 1) for m in months}
    owed = list(receivables(group).values_list("pk", "issued_on", "total_yen"))
    ids = [pk for pk, _day, _total in owed]
    credits = list(
        IssuedDocument.objects.filter(
            kind=DocumentKindChoice.CREDIT_NOTE, corrects_id__in=ids
        ).values_list("issued_on", "total_yen")
    )
    paid = list(
        PaymentAllocation.objects.filter(document_id__in=ids).values_list(
            "payment__received_on", "amount_yen"
        )
    )
    result = {}
    for m, end in ends.items():
        total = sum(abs(int(t)) for _pk, day, t in owed if day < end)
        total -= sum(abs(int(t)) for day, t in credits if day < end)
        total -= sum(int(a) for day, a in paid if day < end)
        result[m] = max(total, 0)
    return result


def _open_payables(group: Group, months: list[dt.date]) -> dict[dt.date, int]:
    rows = list(
        Statement.objects.filter(group=group)
        .exclude(state=StatementState.DISPUTED)
        .values_list("document__issued_on", "paid_on", "payable_yen")
    )
    result = {}
    for m in months:
        end = add_months(m, 1)
        result[m] = sum(
            int(amount)
            for issued, paid_on, amount in rows
            if issued < end and (paid_on is None or paid_on >= end)
        )
    return result


@dataclass(frozen=True)
class MoneyKpi:
    code: str
    label: str
    value: int
    series: tuple[int, ...]
    note: str = ""


def money_labels() -> dict[str, str]:
    return {
        "sales": _("Sales to customers"),
        "trade": _("Trade between members"),
        "fees": _("Fee revenue"),
        "receivables": _("Receivables (open)"),
        "payables": _("Payables to members (unpaid)"),
        "profit": _("Profit"),
    }


def money_kpis(
    group: Group, month: dt.date, months: int = 12
) -> tuple[list[dt.date], list[MoneyKpi]]:
    """The money KPIs of ``month`` with their ``months``-month trends, oldest first."""
    span = last_months(month_start(month), months)
    by_month = money_by_month(group, span)
    labels = money_labels()
    notes = {"profit": _("Fee revenue: renkei records no other costs of the group.")}
    return span, [
        MoneyKpi(
            code=code,
            label=labels[code],
            value=by_month[span[-1]][code],
            series=tuple(by_month[m][code] for m in span),
            note=notes.get(code, ""),
        )
        for code in MONEY_KPIS
    ]


def year_outcomes(group: Group, month: dt.date) -> dict[str, int]:
    """The supporters' report's financial outcomes: the twelve months ending with ``month``,
    summed (sales, trade, fees, profit), and the receivables and payables at its end — the
    group's aggregates only, never one job's price."""
    span = last_months(month_start(month), 12)
    by_month = money_by_month(group, span)
    totals = {code: sum(by_month[m][code] for m in span) for code in ("sales", "trade", "fees")}
    totals["profit"] = totals["fees"]
    return totals


# --- what waits for a person ------------------------------------------------------------------


def waiting_counts(user: Any, group: Group) -> dict[str, int]:
    """What waits for this person on the money pages: for the books, open and overdue
    receivables and statements to pay; for a member admin, purchase orders and statements
    to answer and trades to answer."""
    from renkei.settlement.access import admin_companies, can_see_books, member_companies
    from renkei.settlement.models import PurchaseOrder

    counts: dict[str, int] = {}
    if can_see_books(user, group):
        from renkei.settlement.services.payments import open_balances

        today = timezone.localdate()
        balances = open_balances(group)
        counts["open_invoices"] = len(balances)
        counts["overdue"] = sum(
            1 for b in balances if b.document.due_on is not None and b.document.due_on < today
        )
        counts["to_pay"] = Statement.objects.filter(
            group=group,
            payout_state=PayoutState.PENDING,
            state__in=(StatementState.CONFIRMED, StatementState.DEEMED),
        ).count()
        counts["statements_waiting"] = Statement.objects.filter(
            group=group, state=StatementState.ISSUED
        ).count()
    mine = admin_companies(user, group)
    if member_companies(user, group):
        counts["purchase_orders"] = PurchaseOrder.objects.filter(
            group=group, company_id__in=mine, state=PurchaseOrderState.SENT
        ).count()
        counts["my_statements"] = Statement.objects.filter(
            group=group, company_id__in=mine, state=StatementState.ISSUED
        ).count()
        counts["trades"] = MemberTrade.objects.filter(
            Q(seller_id__in=mine), group=group, state=PurchaseOrderState.SENT
        ).count()
        counts["payouts_coming"] = int(
            Statement.objects.filter(
                group=group,
                company_id__in=member_companies(user, group),
                payout_state__in=(PayoutState.PENDING, PayoutState.IN_FILE),
            )
            .exclude(state=StatementState.DISPUTED)
            .aggregate(s=Sum("payable_yen"))["s"]
            or 0
        )
    return counts


@dataclass(frozen=True)
class MoneyChart:
    kpi: MoneyKpi
    svg: Any  # SafeString
    summary: str
    rows: tuple[tuple[str, str], ...]


def money_section(group: Group, month: dt.date | None = None) -> dict[str, Any]:
    """The cockpit's money section: each money KPI with its twelve-month trend as an SVG line
    drawn like the cockpit's own charts (renkei.cockpit.charts' words and yen axis)."""
    from django.utils.safestring import mark_safe

    from renkei.cockpit import charts, kpis
    from renkei.lib import svgchart

    span, readings = money_kpis(group, month or kpis.this_month())
    result = []
    for kpi in readings:
        values = [float(v) for v in kpi.series]
        fmt, unit = charts.axis("sales", [*values, charts.AT_LEAST["yen"]])
        summary = _("%(first)s to %(last)s.") % {
            "first": charts.long_month(span[0]),
            "last": charts.long_month(span[-1]),
        }
        summary += " " + _("Latest (%(month)s): %(value)s.") % {
            "month": charts.long_month(span[-1]),
            "value": charts.yen(values[-1]),
        }
        chart = svgchart.line_chart(
            values,
            [charts.month_label(m) for m in span],
            x_groups=[charts.year_label(m) for m in span],
            ident=f"chart-money-{kpi.code}",
            title=kpi.label,
            desc=summary,
            fmt=fmt,
            value_fmt=charts.yen,
            unit=unit,
            empty_text=_("No figures yet"),
            at_least=charts.AT_LEAST["yen"],
        )
        rows = tuple(
            (charts.long_month(m), charts.yen(v)) for m, v in zip(span, values, strict=True)
        )
        # svgchart escapes every text it writes.
        result.append(MoneyChart(kpi, mark_safe(chart.svg()), summary, rows))  # noqa: S308
    return {"month": span[-1], "charts": result}
