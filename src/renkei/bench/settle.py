"""`renkei bench settle`: a month's invoices and statements and the year's distribution.

On a bench group that is a 企業組合 contracting its orders (renkei.bench.settle_data: ``--orders``
accepted orders of one month, one or two member shares each, ``--members`` members, ``--customers``
customers), it times, in one run and from the same data without documents:

- ``invoices_s``: the month's consolidated invoices, one per customer, issued by
  services.invoices.close_period — numbered, rendered (PDF and XML) and frozen;
- ``statements_s``: the month's 仕入明細書 to every member, services.statements.issue_statements;
- ``distribution_s``: the fiscal year's distribution, services.distribution.compute_distribution;
- ``compute_s``: the same figures (per customer the invoice's taxable amount and tax per rate,
  per member the statement's per rate and the fee, per member the settled work) computed the
  fast way: grouped queries of plain rows and pure arithmetic (lib.money);
- ``baseline_s``: those figures computed order by order through the ORM — each settlement, its
  inquiry, its quote lines and its shares read per order, summed in Python.

The three computations must agree with each other and with the documents the services issued
("figures agree"). ``speedup`` is baseline_s ÷ compute_s. Targets: ``month_s`` (invoices_s +
statements_s) ≤ 30 s and speedup ≥ 5.

Needs a migrated database (`renkei migrate_all`); the data is generated on the first run and
reused after (a marker in the bench group's tagline).
"""

import cProfile
import datetime as dt
import io
import pstats
from collections.abc import Callable
from time import perf_counter
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from renkei.bench.dataset import BenchDataError, run_facts
from renkei.bench.settle_data import SettleData, ensure_settle_data
from renkei.lib.documents import Rounding, from_dict
from renkei.lib.money import share_out, tax_yen
from renkei.orgs.models import Group
from renkei.settlement.choices import OrderState, SettlementMode, ShareState
from renkei.settlement.models import (
    DocumentEvent,
    DocumentNumber,
    IssuedDocument,
    MemberShare,
    OrderSettlement,
    Statement,
)
from renkei.settlement.services.issue import fiscal_year_of, settlement_of

TARGET_MONTH_S = 30.0
TARGET_SPEEDUP = 5.0

# Per customer (e-mail, company) or per member id: {rate: (taxable, tax)}, and a member's fee.
RateFigures = dict[int, tuple[int, int]]
Figures = dict[str, Any]


def add_arguments(parser: Any) -> None:
    parser.add_argument("--orders", type=int, default=50_000, help="accepted orders in the month")
    parser.add_argument("--members", type=int, default=200, help="member companies")
    parser.add_argument("--customers", type=int, default=1000, help="customers")
    parser.add_argument("--seed", type=int, default=1, help="dataset seed")
    parser.add_argument("--group-slug", default="bench-settle", help="slug of the bench group")
    parser.add_argument(
        "--profile", action="store_true", help="print where the services' time goes (cProfile)"
    )


# --- a clean start -------------------------------------------------------------------------


def reset_documents(group: Group) -> None:
    """The bench group as generated: no documents, statements or numbers, every order accepted
    and not yet invoiced, so that each run issues the same month again.

    Issued documents are never deleted anywhere else (電子帳簿保存法: IssuedDocument refuses
    delete()). Removing them here is legitimate only because the bench group is fictional
    benchmark data in the benchmark region that no customer or member ever saw; the raw delete
    is limited to that group's rows, and _bench_group refuses a group outside the region."""
    with transaction.atomic():
        documents = IssuedDocument.objects.filter(group=group)
        files = [
            name for pdf, xml in documents.values_list("pdf", "xml") for name in (pdf, xml) if name
        ]
        Statement.objects.filter(group=group).delete()
        DocumentEvent.objects.filter(document__group=group)._raw_delete(connection.alias)
        IssuedDocument.orders.through.objects.filter(issueddocument__group=group).delete()
        documents._raw_delete(connection.alias)
        DocumentNumber.objects.filter(issuer_key=f"g{group.pk}").delete()
        OrderSettlement.objects.filter(group=group, state=OrderState.INVOICED).update(
            state=OrderState.ACCEPTED
        )
    storage = IssuedDocument._meta.get_field("pdf").storage
    for name in files:
        storage.delete(name)


# --- the figures, three ways -------------------------------------------------------------------


def _month_range(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (
        dt.datetime.combine(month, dt.time.min, tzinfo=zone),
        dt.datetime.combine(following, dt.time.min, tzinfo=zone),
    )


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _taxed(sums: dict[Any, dict[int, int]], rounding: Rounding) -> dict[Any, RateFigures]:
    return {
        key: {rate: (amount, tax_yen(amount, rate, rounding)) for rate, amount in rates.items()}
        for key, rates in sums.items()
    }


def fast_invoice_figures(group: Group, month: dt.date) -> dict[tuple[str, str], RateFigures]:
    """Per customer, the consolidated invoice's taxable amount and tax per rate, from one
    grouped query: a customer line is its member's price plus its part of the quote's fee
    (services.orders.fee_parts), or the fee is a line of its own at 10 % when the group shows it.
    """
    begin, until = _month_range(month)
    show_fee = group.show_fee_to_customers
    rows = (
        MemberShare.objects.filter(
            settlement__group=group,
            settlement__mode=SettlementMode.JOINT,
            settlement__accepted_at__gte=begin,
            settlement__accepted_at__lt=until,
            quote_line__isnull=False,
            state=ShareState.ACTIVE,
        )
        .values_list(
            "settlement__order__inquiry__email",
            "settlement__order__inquiry__customer_company",
            "tax_rate",
        )
        .annotate(price=Sum("member_price_yen"), fee=Sum("fee_yen"))
        .order_by()
    )
    sums: dict[tuple[str, str], dict[int, int]] = {}
    for email, company, rate, price, fee in rows:
        rates = sums.setdefault((email.strip().lower(), company.strip()), {})
        rates[rate] = rates.get(rate, 0) + price + (0 if show_fee else fee)
        if show_fee and fee:
            rates[10] = rates.get(10, 0) + fee
    return _taxed(sums, settlement_of(group).rounding_method)


def fast_statement_figures(group: Group, month: dt.date) -> dict[int, tuple[RateFigures, int]]:
    """Per member, the statement's totals per rate and the fee, as issue_statements computes
    them (its loading and arithmetic layers, without issuing)."""
    from renkei.settlement.services import statements

    rows = statements.month_share_rows(group, month) + statements.month_trade_rows(group, month)
    months = statements.statement_lines(rows, settlement_of(group).rounding)
    return {
        company: ({t.rate: (t.taxable, t.tax) for t in m.totals}, m.fee)
        for company, m in months.items()
    }


def fast_settled_work(group: Group, fiscal_year: int) -> dict[int, int]:
    """Per member, the fiscal year's settled work, as compute_distribution reads it."""
    from renkei.settlement.services import distribution

    start, end = distribution.fiscal_year_bounds(group, fiscal_year)
    return {k: v for k, v in distribution.settled_work(group, start, end).items() if v}


def fast_figures(group: Group, month: dt.date, fiscal_year: int) -> Figures:
    return {
        "invoices": fast_invoice_figures(group, month),
        "statements": fast_statement_figures(group, month),
        "settled_work": fast_settled_work(group, fiscal_year),
    }


def baseline_figures(group: Group, month: dt.date, fiscal_year: int) -> Figures:
    """The same figures order by order through the ORM: for each of the month's accepted
    orders, its inquiry, quote, quote lines and shares are read one order at a time."""
    terms = settlement_of(group)
    begin, until = _month_range(month)
    show_fee = group.show_fee_to_customers
    invoices: dict[tuple[str, str], dict[int, int]] = {}
    members: dict[int, dict[int, int]] = {}
    fees: dict[int, int] = {}
    work: dict[int, int] = {}
    settlements = OrderSettlement.objects.filter(
        group=group, mode=SettlementMode.JOINT, accepted_at__gte=begin, accepted_at__lt=until
    ).order_by("pk")
    for settlement in settlements:
        inquiry = settlement.order.inquiry
        quote = settlement.order.quote
        lines = list(quote.lines.order_by("position", "pk"))
        shares = {
            s.quote_line_id: s
            for s in settlement.shares.filter(state=ShareState.ACTIVE)
            if s.quote_line_id is not None
        }
        amounts = [line.quantity * line.unit_price_yen for line in lines]
        fee = quote.fee
        folded = [0] * len(lines) if show_fee else share_out(amounts, fee)
        customer = invoices.setdefault(
            (inquiry.email.strip().lower(), inquiry.customer_company.strip()), {}
        )
        for line, amount, extra in zip(lines, amounts, folded, strict=True):
            share = shares.get(line.pk)
            rate = share.tax_rate if share is not None else 10
            customer[rate] = customer.get(rate, 0) + amount + extra
        if show_fee and fee:
            customer[10] = customer.get(10, 0) + fee
        for share in shares.values():
            rates = members.setdefault(share.company_id, {})
            rates[share.tax_rate] = rates.get(share.tax_rate, 0) + share.member_price_yen
            # The statement nets what the group keeps back from the member's price; a margin on
            # top of it (fee_yen) is the customer's to pay, on the invoice.
            fees[share.company_id] = fees.get(share.company_id, 0) + share.kept_yen
    start_month = terms.fiscal_year_start_month
    for settlement in (
        OrderSettlement.objects.filter(group=group, accepted_at__isnull=False)
        .exclude(state=OrderState.CANCELLED)
        .order_by("pk")
    ):
        accepted = timezone.localdate(settlement.accepted_at)
        if fiscal_year_of(accepted, start_month) != fiscal_year:
            continue
        for share in settlement.shares.filter(state=ShareState.ACTIVE):
            work[share.company_id] = work.get(share.company_id, 0) + share.member_price_yen
    statement_taxed = _taxed(members, terms.rounding_method)
    return {
        "invoices": _taxed(invoices, terms.rounding_method),
        "statements": {c: (statement_taxed[c], fees[c]) for c in statement_taxed},
        "settled_work": work,
    }


def issued_figures(group: Group, month: dt.date) -> Figures:
    """The figures as the issued invoices and statements carry them."""
    invoices: dict[tuple[str, str], RateFigures] = {}
    for document in IssuedDocument.objects.filter(group=group, kind="invoice"):
        # A customer's invoice is addressed to its company at the inquiry's e-mail address.
        key = (document.customer_email.strip().lower(), document.counterparty.strip())
        invoices[key] = {t.rate: (t.taxable, t.tax) for t in from_dict(document.data).totals}
    statements: dict[int, tuple[RateFigures, int]] = {}
    for statement in Statement.objects.filter(group=group, month=month).select_related(
        "document", "fee_invoice"
    ):
        totals = from_dict(statement.document.data).totals
        fee = statement.fee_invoice.net_yen if statement.fee_invoice else 0
        statements[statement.company_id] = ({t.rate: (t.taxable, t.tax) for t in totals}, fee)
    return {"invoices": invoices, "statements": statements}


# --- the run -----------------------------------------------------------------------------------


def _timed(step: Callable[[], Any], profile: bool, out: Callable[[str], None]) -> tuple[Any, float]:
    profiler = cProfile.Profile() if profile else None
    started = perf_counter()
    if profiler is not None:
        profiler.enable()
    result = step()
    if profiler is not None:
        profiler.disable()
    elapsed = perf_counter() - started
    if profiler is not None:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(25)
        for line in text.getvalue().splitlines():
            out(f"    {line}")
    return result, elapsed


def _check_migrated() -> None:
    if "settlement_ordersettlement" not in connection.introspection.table_names():
        raise BenchDataError("the database is not migrated: run `renkei migrate_all` first")


def run(*, out: Callable[[str], None], **options: Any) -> dict[str, Any]:
    _check_migrated()
    data: SettleData = ensure_settle_data(
        orders=options["orders"], members=options["members"], customers=options["customers"],
        seed=options["seed"], group_slug=options["group_slug"],
    )  # fmt: skip
    group, month = data.group, data.month
    origin = f"generated in {data.seconds:.1f} s" if data.generated else "reused"
    out(
        f"settling {data.orders:,} orders of {month:%Y-%m} over {data.members:,} members and "
        f"{data.customers:,} customers (group {group.slug!r}; data {origin})"
    )
    reset_documents(group)
    terms = settlement_of(group)
    fiscal_year = fiscal_year_of(month, terms.fiscal_year_start_month)
    closing = _month_end(month)
    profile = bool(options.get("profile"))
    from renkei.settlement.services import distribution, invoices, statements

    baseline, baseline_s = _timed(lambda: baseline_figures(group, month, fiscal_year), False, out)
    out(f"baseline (order by order through the ORM)  {baseline_s:8.2f} s")
    fast, compute_s = _timed(lambda: fast_figures(group, month, fiscal_year), False, out)
    out(f"fast figures (grouped rows, pure sums)     {compute_s:8.2f} s")

    out("issuing the month's invoices (close_period)")
    issued_invoices, invoices_s = _timed(
        lambda: invoices.close_period(group, closing), profile, out
    )
    out(f"invoices   {len(issued_invoices):6,} issued            {invoices_s:8.2f} s")
    out("issuing the month's statements (issue_statements)")
    issued_statements, statements_s = _timed(
        lambda: statements.issue_statements(actor=None, group=group, month=month), profile, out
    )
    out(f"statements {len(issued_statements):6,} issued            {statements_s:8.2f} s")
    # The surplus to share out: the group's fee revenue of the month stands in for the year's.
    fees = MemberShare.objects.filter(settlement__group=group).aggregate(
        margin=Sum("fee_yen"), kept=Sum("kept_yen")
    )
    surplus = int(fees["margin"] or 0) + int(fees["kept"] or 0)
    _result, distribution_s = _timed(
        lambda: distribution.compute_distribution(group, fiscal_year, surplus), profile, out
    )
    out(f"distribution of fiscal {fiscal_year}              {distribution_s:8.2f} s")

    issued = issued_figures(group, month)
    disagreements = [
        name
        for name, same in (
            ("fast invoices", fast["invoices"] == baseline["invoices"]),
            ("fast statements", fast["statements"] == baseline["statements"]),
            ("fast settled work", fast["settled_work"] == baseline["settled_work"]),
            ("issued invoices", issued["invoices"] == baseline["invoices"]),
            ("issued statements", issued["statements"] == baseline["statements"]),
        )
        if not same
    ]
    month_s = invoices_s + statements_s
    speedup = baseline_s / max(compute_s, 1e-6)
    report = {
        "invoices_s": round(invoices_s, 3),
        "statements_s": round(statements_s, 3),
        "distribution_s": round(distribution_s, 3),
        "month_s": round(month_s, 3),
        "compute_s": round(compute_s, 3),
        "baseline_s": round(baseline_s, 3),
        "speedup": round(speedup, 1),
        "figures_agree": not disagreements,
        "disagreements": disagreements,
        "invoices": len(issued_invoices),
        "statements": len(issued_statements),
        "orders": data.orders,
        "shares": MemberShare.objects.filter(settlement__group=group).count(),
        "members": data.members,
        "customers": data.customers,
        "month": f"{month:%Y-%m}",
        "fiscal_year": fiscal_year,
        "target_month_s": TARGET_MONTH_S,
        "target_speedup": TARGET_SPEEDUP,
        "meets_target": month_s <= TARGET_MONTH_S and speedup >= TARGET_SPEEDUP,
        **run_facts(data),
    }
    _print(out, report)
    return report


def _print(out: Callable[[str], None], r: dict[str, Any]) -> None:
    out(f"month (invoices + statements) {r['month_s']:.2f} s; compute {r['compute_s']:.2f} s")
    out(f"speedup (baseline ÷ fast figures): {r['speedup']}×")
    if r["figures_agree"]:
        out("figures agree: fast, order by order and as issued")
    else:
        out(f"figures DISAGREE: {', '.join(r['disagreements'])}")
    month_ok = "met" if r["month_s"] <= r["target_month_s"] else "MISSED"
    speed_ok = "met" if r["speedup"] >= r["target_speedup"] else "MISSED"
    out(f"target month ≤ {r['target_month_s']:.0f} s: {month_ok}")
    out(f"target speedup ≥ {r['target_speedup']:.0f}×: {speed_ok}")
    if r["debug"]:
        out("note: DEBUG is on, so every query is also logged; the figures are pessimistic")
