"""An order's money from the customer's confirmation to 検収: the settlement record, the members'
shares, the 注文請書 to the customer, the 注文書 to each member (共同受注), the shares following
reassigned packages, delivery and acceptance on receipt. Every write is here, audited.

Shares. A quote line's ``unit_price_yen`` is its member's price; the group's fee comes on top
(the quote's fee, what the customer agreed to). Each line's member gets a share of its price,
and the fee is shared out over the lines by largest remainder (lib.money.share_out) so that the
fee parts add up to the quote's fee to the yen. When the project starts, a line's share is split
over the line's packages (again by largest remainder) and each part linked to its package, so
that a package reassigned to another member moves exactly its own part.
"""

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.inquiries.customer_quote import customer_quote
from renkei.inquiries.models import Order, Quote, QuoteLine
from renkei.lib import money
from renkei.lib.documents import Document, DocumentKind, Line, Party, RateTotal
from renkei.orgs.models import Company, Group
from renkei.settlement.access import admin_companies
from renkei.settlement.choices import (
    DocumentEventKind,
    FeeKind,
    OrderState,
    PurchaseOrderState,
    SettlementMode,
    ShareState,
)
from renkei.settlement.models import (
    GroupSettlement,
    IssuedDocument,
    MemberShare,
    OrderSettlement,
    PurchaseOrder,
)
from renkei.settlement.services.issue import billing_of, issue_document, record_event, settlement_of

PO_FILE_MAX_BYTES = 10 * 2**20  # a customer's 注文書 is a page or two; scans stay well under this
COUNTING = (ShareState.ACTIVE,)  # a proposed share counts once its member's admin confirms it


class OrderRefused(ValueError):
    """A step the order is not in a state for, or input to refuse; the message is for people."""


# --- words ------------------------------------------------------------------------------------


def payment_terms_words(closing_day: int, months_later: int, pay_day: int) -> str:
    """締め日 and 支払日 in words, as the customer and the members read them:
    (0, 1, 0) is 月末締め翌月末払い, (20, 1, 10) 20日締め翌月10日払い."""
    closing = (
        _("closing at month end")
        if closing_day == 0
        else _("closing on day %(day)s") % {"day": closing_day}
    )
    month_end = {
        0: _("paid at the end of the same month"),
        1: _("paid at the end of the next month"),
        2: _("paid at the end of the month after next"),
    }
    on_day = {
        0: _("paid on day %(day)s of the same month"),
        1: _("paid on day %(day)s of the next month"),
        2: _("paid on day %(day)s of the month after next"),
    }
    if months_later not in month_end:
        paid = _("paid %(months)s months later") % {"months": months_later}
    elif pay_day == 0:
        paid = month_end[months_later]
    else:
        paid = on_day[months_later] % {"day": pay_day}
    return _("%(closing)s, %(paid)s") % {"closing": closing, "paid": paid}


def customer_terms_words(terms: GroupSettlement) -> str:
    return payment_terms_words(terms.closing_day, terms.customer_pay_months, terms.customer_pay_day)


def member_terms_words(terms: GroupSettlement) -> str:
    return payment_terms_words(terms.closing_day, terms.member_pay_months, terms.member_pay_day)


# --- the customer's purchase order file -------------------------------------------------------


def check_po_file(upload: Any) -> bytes:
    """The bytes of the customer's 注文書 if it is a PDF we can read and not too large, else
    ``OrderRefused`` with a polite reason (nothing is saved either way)."""
    size = getattr(upload, "size", None)
    if size is not None and size > PO_FILE_MAX_BYTES:
        raise OrderRefused(_po_too_large())
    data = upload if isinstance(upload, bytes) else upload.read(PO_FILE_MAX_BYTES + 1)
    if len(data) > PO_FILE_MAX_BYTES:
        raise OrderRefused(_po_too_large())
    refused = OrderRefused(
        _(
            "The purchase order file could not be read as a PDF. Please attach your purchase "
            "order as a PDF file, or give its number instead."
        )
    )
    if not data.lstrip()[:5] == b"%PDF-":
        raise refused
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        if len(PdfReader(io.BytesIO(data)).pages) < 1:
            raise refused
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        raise refused from None
    return bytes(data)


def _po_too_large() -> str:
    return _("The purchase order file is larger than %(mb)s MB. Please attach a smaller PDF.") % {
        "mb": PO_FILE_MAX_BYTES // 2**20
    }


# --- confirmation -----------------------------------------------------------------------------


def quoting_member(quote: Quote) -> Company | None:
    """The one member the quote was composed from, or None when there were none or several."""
    companies = {a.referral.company_id: a.referral.company for a in quote.quoting_answers()}
    return next(iter(companies.values())) if len(companies) == 1 else None


def fee_parts(quote: Quote) -> dict[int, int]:
    """Each quote line's part of the quote's fee, by largest remainder: they add up to the fee."""
    lines = list(quote.lines.order_by("position", "pk"))
    parts = money.share_out([line.amount for line in lines], quote.fee)
    return {line.pk: part for line, part in zip(lines, parts, strict=True)}


def kept_parts(quote: Quote, terms: GroupSettlement) -> dict[int, int]:
    """Each quote line's part of a fee the group keeps back from its members' prices (a
    percentage of the member's price, or a fixed amount per order shared in proportion): nothing
    when the fee is a margin on top of the customer's price, which the quote's fee already is."""
    if terms.fee_kind == FeeKind.MARGIN:
        return {}
    lines = list(quote.lines.order_by("position", "pk"))
    amounts = [line.amount for line in lines]
    policy = money.FeePolicy(
        kind=money.FeeKind(terms.fee_kind), value=terms.fee_value.normalize()
        if terms.fee_kind != FeeKind.FIXED else terms.fee_value.to_integral_value(),
        rounding=terms.rounding_method,
    )  # fmt: skip
    try:
        total = money.fee(sum(amounts), policy)
    except ValueError:  # a fixed fee above the order's price: keep the whole price, no more
        total = sum(amounts)
    parts = money.share_out(amounts, total)
    return {line.pk: part for line, part in zip(lines, parts, strict=True)}


def _new_share(
    settlement: OrderSettlement, line: QuoteLine, company: Company, fee_yen: int, kept_yen: int = 0
) -> MemberShare:
    return MemberShare.objects.create(
        settlement=settlement,
        company=company,
        quote_line=line,
        description=line.description[:200],
        quantity=line.quantity,
        member_price_yen=line.amount,
        fee_yen=fee_yen,
        kept_yen=kept_yen,
    )


@transaction.atomic
def confirm_order(
    *, order: Order, po_number: str = "", po_file: Any = None, payer_kana: str = ""
) -> OrderSettlement:
    """The customer confirms its order on the tracking page: the order's money side in the
    group's mode, a share per quote line for its member, and the 注文請書 issued to the
    customer. Twice is once: the first confirmation stands."""
    Order.objects.select_for_update().filter(pk=order.pk).first()
    existing = OrderSettlement.objects.filter(order=order).first()
    if existing is not None:
        return existing
    data = check_po_file(po_file) if po_file else None
    quote = Quote.objects.select_related("inquiry__group").get(pk=order.quote_id)
    inquiry = quote.inquiry
    group = inquiry.group
    terms = settlement_of(group)
    with translation.override(inquiry.language or "ja"):
        words = customer_terms_words(terms)
    settlement = OrderSettlement(
        order=order,
        group=group,
        mode=terms.mode,
        customer_po_number=po_number.strip()[:60],
        payment_terms=words[:200],
        confirmed_at=timezone.now(),
        payer_kana=payer_kana.strip()[:40],
    )
    if data is not None:
        settlement.customer_po_file.save("po.pdf", ContentFile(data), save=False)
    settlement.save(force_insert=True)
    fees = fee_parts(quote)
    kept = kept_parts(quote, terms)
    fallback = quoting_member(quote)
    for line in quote.lines.select_related("company").order_by("position", "pk"):
        company = line.company or fallback
        if company is not None:  # else the coordinator assigns a member on the order page
            _new_share(settlement, line, company, fees[line.pk], kept.get(line.pk, 0))
    _issue_order_confirmation(settlement, quote, terms)
    audit(
        "settlement.order.confirm",
        obj=settlement,
        group=group,
        summary=f"{inquiry.reference} {settlement.customer_po_number}".strip(),
    )
    from renkei.projects.models import Project

    if Project.objects.filter(order=order).exists():
        link_packages(actor=None, settlement=settlement)
    return settlement


def _issue_order_confirmation(
    settlement: OrderSettlement, quote: Quote, terms: GroupSettlement
) -> IssuedDocument:
    """注文請書 to the customer, with the lines as the customer saw them and the quote's tax.

    In 斡旋 mode the member contracts: a member doing the whole order issues it under its own
    name and number; an order shared by several members is confirmed by the group on their
    behalf (the customer then has one counterpart for the order; each member still invoices
    its own part)."""
    inquiry = quote.inquiry
    group = inquiry.group
    order = settlement.order
    members = {s.company_id: s.company for s in settlement.shares.select_related("company")}
    issuer_company = None
    issuer: Party = terms.party()
    if settlement.mode == SettlementMode.BROKERED and len(members) == 1:
        issuer_company = next(iter(members.values()))
        issuer = billing_of(issuer_company).party()
    shown = customer_quote(quote, show_fee=group.show_fee_to_customers)
    delivery = order.delivery_on
    with translation.override(inquiry.language or "ja"):
        lines = [
            Line(
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.amount,
                tax_rate=10,
                reference=inquiry.reference,
                delivered_on=delivery,
            )
            for line in shown.lines
        ]
        if shown.fee:
            lines.append(
                Line(
                    description=_("group fee"),
                    quantity=1,
                    unit_price=Decimal(shown.fee),
                    amount=shown.fee,
                    tax_rate=10,
                )
            )
        subject = inquiry.title
    net = sum(line.amount for line in lines)
    due = (
        money.payment_due(
            terms.closing_day, terms.customer_pay_months, terms.customer_pay_day, delivery
        )
        if delivery
        else None
    )
    document = Document(
        kind=DocumentKind.ORDER_CONFIRMATION,
        number="",
        issued_on=timezone.localdate(),
        issuer=issuer,
        recipient=Party(name=inquiry.customer_company or inquiry.contact_name, email=inquiry.email),
        lines=tuple(lines),
        # The quote's tax, which the customer agreed to, not one computed anew.
        totals=(RateTotal(rate=10, taxable=net, tax=quote.tax),),
        period_start=delivery,
        due_on=due,
        references=(settlement.customer_po_number,) if settlement.customer_po_number else (),
        language=inquiry.language or "ja",
        extra={"subject": subject, "payment_terms": settlement.payment_terms},
    )
    return issue_document(
        actor=None,
        group=group,
        document=document,
        issuer_company=issuer_company,
        customer_email=inquiry.email,
        orders=[settlement],
    )


def order_confirmation(settlement: OrderSettlement) -> IssuedDocument | None:
    return settlement.documents.filter(kind=DocumentKind.ORDER_CONFIRMATION.value).first()


@transaction.atomic
def set_order_mode(*, actor: Any, settlement: OrderSettlement, mode: str) -> OrderSettlement:
    """The coordinator decides this order is contracted otherwise than the group's default —
    only before any 注文書 went out, since those say who contracts."""
    locked = OrderSettlement.objects.select_for_update().get(pk=settlement.pk)
    if mode not in SettlementMode.values:
        raise OrderRefused(_("Choose who contracts."))
    if locked.mode == mode:
        return locked
    if locked.purchase_orders.exists() or locked.state != OrderState.CONFIRMED:
        raise OrderRefused(
            _("Purchase orders have been issued: who contracts can no longer change.")
        )
    locked.mode = mode
    locked.save(update_fields=["mode", "updated_at"])
    audit("settlement.order.mode", actor=actor, obj=locked, group=locked.group, summary=mode)
    return locked


@transaction.atomic
def assign_line_member(
    *, actor: Any, settlement: OrderSettlement, line: QuoteLine, company: Company
) -> MemberShare:
    """A quote line that named no member gets one: its share at the line's price."""
    OrderSettlement.objects.select_for_update().filter(pk=settlement.pk).first()
    if line.quote_id != settlement.order.quote_id:
        raise OrderRefused(_("This line is not part of the order."))
    if not company.memberships.filter(group=settlement.group, left_on__isnull=True).exists():
        raise OrderRefused(_("That company is not a member of this group."))
    found = MemberShare.objects.filter(settlement=settlement, quote_line=line).first()
    if found is not None:
        return found
    quote = settlement.order.quote
    share = _new_share(
        settlement, line, company, fee_parts(quote)[line.pk],
        kept_parts(quote, settlement_of(settlement.group)).get(line.pk, 0),
    )  # fmt: skip
    audit(
        "settlement.share.assign",
        actor=actor,
        obj=share,
        group=settlement.group,
        summary=f"{line.description}: {company.name}",
    )
    return share


def unassigned_lines(settlement: OrderSettlement) -> list[QuoteLine]:
    with_share = MemberShare.objects.filter(settlement=settlement).values("quote_line_id")
    return list(
        QuoteLine.objects.filter(quote_id=settlement.order.quote_id)
        .exclude(pk__in=with_share)
        .order_by("position")
    )


# --- packages ---------------------------------------------------------------------------------


def _packages_per_line(settlement: OrderSettlement, lines: Sequence[QuoteLine]) -> list[list[Any]]:
    """The packages of each quote line. A quote made one line per package (a line per process
    step) pairs them in order; a quote made one line per inquiry line takes that line's
    process steps, in the order ``start_order_project`` made their packages. Otherwise no
    package is linked (the shares stay per line)."""
    from renkei.projects.models import WorkPackage

    packages = list(
        WorkPackage.objects.filter(project__order_id=settlement.order_id).order_by("position", "pk")
    )
    if not packages:
        return [[] for _line in lines]
    if len(packages) == len(lines):
        return [[package] for package in packages]
    inquiry_lines = list(settlement.order.inquiry.lines.order_by("position"))
    if len(inquiry_lines) != len(lines):
        return [[] for _line in lines]
    result, start = [], 0
    for inquiry_line in inquiry_lines:
        steps = inquiry_line.line_steps.count()
        result.append(packages[start : start + steps])
        start += steps
    return result


@transaction.atomic
def link_packages(*, actor: Any, settlement: OrderSettlement) -> int:
    """Each line's share split over its packages and linked to them; returns how many packages
    were linked. Twice is once: shares already linked are left alone."""
    locked = OrderSettlement.objects.select_for_update().get(pk=settlement.pk)
    if locked.shares.filter(package__isnull=False).exists():
        return 0
    shares = {
        s.quote_line_id: s for s in locked.shares.filter(state=ShareState.ACTIVE, package=None)
    }
    lines = list(QuoteLine.objects.filter(quote_id=locked.order.quote_id).order_by("position"))
    linked = 0
    for line, packages in zip(lines, _packages_per_line(locked, lines), strict=True):
        share = shares.get(line.pk)
        if share is None or not packages:
            continue
        weights = [1] * len(packages)
        prices = money.share_out(weights, share.member_price_yen)
        fees = money.share_out(weights, share.fee_yen)
        kept = money.share_out(weights, share.kept_yen)
        for n, package in enumerate(packages):
            part = share if n == 0 else MemberShare(settlement=locked, company=share.company)
            part.quote_line = line
            part.package = package
            part.description = (package.name if len(packages) > 1 else share.description)[:200]
            part.quantity = package.quantity if len(packages) > 1 else share.quantity
            part.member_price_yen = prices[n]
            part.fee_yen = fees[n]
            part.kept_yen = kept[n]
            part.save()
            linked += 1
    for package in {
        s.package for s in locked.shares.exclude(package=None).select_related("package")
    }:
        if package is not None:
            package_company_changed(actor=actor, package=package)
    if linked:
        audit(
            "settlement.share.link",
            actor=actor,
            obj=locked,
            group=locked.group,
            summary=f"{linked} packages",
        )
    return linked


@transaction.atomic
def package_company_changed(*, actor: Any, package: Any) -> list[MemberShare]:
    """A package went to another company (claimed, offered): its share moves with it. The old
    share is kept as moved; the new one is proposed at the old price and counts only once the
    new member's admin confirms the price. Returns the new shares."""
    if package.company_id is None:
        return []
    moving = (
        MemberShare.objects.select_for_update()
        .filter(package_id=package.pk, state__in=[ShareState.ACTIVE, ShareState.PROPOSED])
        .exclude(company_id=package.company_id)
    )
    made = []
    for old in moving:
        old.state = ShareState.MOVED
        old.save(update_fields=["state", "updated_at"])
        made.append(
            MemberShare.objects.create(
                settlement_id=old.settlement_id,
                company_id=package.company_id,
                quote_line_id=old.quote_line_id,
                package_id=package.pk,
                description=old.description,
                quantity=old.quantity,
                member_price_yen=old.member_price_yen,
                fee_yen=old.fee_yen,
                kept_yen=old.kept_yen,
                tax_rate=old.tax_rate,
                state=ShareState.PROPOSED,
                moved_from=old,
            )
        )
        audit(
            "settlement.share.move",
            actor=actor,
            obj=old,
            group=package.group,
            summary=f"{package.name}: {old.company_id}→{package.company_id}",
        )
    return made


@transaction.atomic
def confirm_share_price(*, actor: Any, share: MemberShare, price_yen: int) -> MemberShare:
    """The new member's admin confirms (or changes) the price of a share that moved to it. The
    customer's price stays: what the member asks more comes out of the group's fee, and a price
    above what the customer pays for the part is refused."""
    locked = MemberShare.objects.select_for_update().select_related("settlement").get(pk=share.pk)
    group = locked.settlement.group
    if locked.company_id not in admin_companies(actor, group):
        raise OrderRefused(_("Only the company's member admin can confirm its price."))
    if locked.state == ShareState.ACTIVE:
        return locked
    if locked.state != ShareState.PROPOSED:
        raise OrderRefused(_("This price is no longer waiting for you."))
    ceiling = locked.member_price_yen + locked.fee_yen
    if price_yen <= 0:
        raise OrderRefused(_("Enter a price of at least 1 yen."))
    if price_yen > ceiling:
        raise OrderRefused(
            _("The price cannot be more than the customer pays for this part (¥%(max)s).")
            % {"max": f"{ceiling:,}"}
        )
    locked.fee_yen = ceiling - price_yen
    locked.member_price_yen = price_yen
    locked.state = ShareState.ACTIVE
    locked.confirmed_by = actor
    locked.confirmed_at = timezone.now()
    locked.save()
    audit(
        "settlement.share.confirm",
        actor=actor,
        obj=locked,
        group=group,
        summary=f"{locked.description} ¥{price_yen:,}",
    )
    return locked


def prices_to_confirm(user: Any, group: Group) -> Any:
    return MemberShare.objects.filter(
        settlement__group=group,
        state=ShareState.PROPOSED,
        company_id__in=admin_companies(user, group),
    ).select_related("settlement__order__inquiry", "package", "company", "moved_from")


# --- purchase orders to members (共同受注) -------------------------------------------------------


def _received_on(shares: Sequence[MemberShare], settlement: OrderSettlement) -> dt.date:
    """The day the group receives the member's work: its latest due date (the order's delivery
    when a share has no package)."""
    days = [s.package.due_on for s in shares if s.package is not None and s.package.due_on]
    fallback = settlement.order.delivery_on or timezone.localdate()
    return max(days or [fallback])


def member_payment_date(terms: GroupSettlement, received_on: dt.date) -> dt.date:
    """The members' payment date for work received on ``received_on``; ``OrderRefused`` when the
    group's terms pay later than 取適法 allows (60 days from receipt)."""
    pay_on = money.payment_due(
        terms.closing_day, terms.member_pay_months, terms.member_pay_day, received_on
    )
    month_end = terms.closing_day == 0 and terms.member_pay_day == 0
    if money.check_payment_terms(received_on, pay_on, month_end_closing=month_end):
        raise OrderRefused(
            _(
                "The members' payment terms (%(terms)s) would pay on %(pay)s for work received "
                "on %(received)s: more than 60 days after receipt, which the subcontracting law "
                "(取適法) does not allow. Please shorten the members' payment terms in the "
                "settlement settings."
            )
            % {
                "terms": member_terms_words(terms),
                "pay": pay_on.isoformat(),
                "received": received_on.isoformat(),
            }
        )
    return pay_on


@transaction.atomic
def issue_purchase_orders(*, actor: Any, settlement: OrderSettlement) -> list[PurchaseOrder]:
    """One 注文書 per member with current shares and no purchase order waiting or accepted:
    its packages, prices, due dates and payment date. Twice is once."""
    locked = (
        OrderSettlement.objects.select_for_update()
        .select_related("order", "group")
        .get(pk=settlement.pk)
    )
    if locked.mode != SettlementMode.JOINT:
        raise OrderRefused(_("Purchase orders go to members only when the group contracts."))
    if locked.state not in (OrderState.CONFIRMED, OrderState.IN_WORK):
        raise OrderRefused(_("This order is past the purchase orders."))
    terms = settlement_of(locked.group)
    covered = set(
        locked.purchase_orders.exclude(state=PurchaseOrderState.DECLINED).values_list(
            "company_id", flat=True
        )
    )
    by_company: dict[int, list[MemberShare]] = {}
    shares = locked.shares.filter(state__in=COUNTING).select_related("company", "package")
    for share in shares.order_by("pk"):
        if share.company_id not in covered:
            by_company.setdefault(share.company_id, []).append(share)
    # Checked for every member first, so that a refusal issues none.
    dates = {
        cid: member_payment_date(terms, _received_on(s, locked)) for cid, s in by_company.items()
    }
    made = [
        _issue_purchase_order(actor, locked, terms, company_shares, dates[company_id])
        for company_id, company_shares in by_company.items()
    ]
    if made:
        audit(
            "settlement.po.issue",
            actor=actor,
            obj=locked,
            group=locked.group,
            summary=", ".join(po.document.number for po in made),
        )
    return made


def _issue_purchase_order(
    actor: Any,
    settlement: OrderSettlement,
    terms: GroupSettlement,
    shares: Sequence[MemberShare],
    pay_on: dt.date,
) -> PurchaseOrder:
    company = shares[0].company
    inquiry = settlement.order.inquiry
    lines = tuple(
        Line(
            description=share.description,
            quantity=share.quantity,
            unit_price=(Decimal(share.member_price_yen) / share.quantity)
            .quantize(Decimal("0.01"))
            .normalize(),
            amount=share.member_price_yen,
            tax_rate=share.tax_rate,
            reference=inquiry.reference,
            delivered_on=(share.package.due_on if share.package else None)
            or settlement.order.delivery_on,
        )
        for share in shares
    )
    with translation.override("ja"):
        words = member_terms_words(terms)
    document = Document(
        kind=DocumentKind.PURCHASE_ORDER,
        number="",
        issued_on=timezone.localdate(),
        issuer=terms.party(),
        recipient=billing_of(company).party(),
        lines=lines,
        totals=money.tax_by_rate(lines, terms.rounding_method),
        rounding=terms.rounding_method,
        due_on=pay_on,
        references=(inquiry.reference,),
        extra={"subject": inquiry.title, "payment_terms": words},
    )
    issued = issue_document(
        actor=actor,
        group=settlement.group,
        document=document,
        recipient_company=company,
        orders=[settlement],
    )
    return PurchaseOrder.objects.create(
        group=settlement.group, settlement=settlement, company=company, document=issued
    )


@transaction.atomic
def answer_purchase_order(
    *, actor: Any, purchase_order: PurchaseOrder, accept: bool, reason: str = ""
) -> PurchaseOrder:
    """The member's admin accepts its 注文書 or declines it with a reason — the second layer of
    the decision (seed l.1246–1262). When every member has accepted, the order is in work.
    The same answer twice is one."""
    locked = (
        PurchaseOrder.objects.select_for_update()
        .select_related("document")
        .get(pk=purchase_order.pk)
    )
    if locked.company_id not in admin_companies(actor, locked.group):
        raise OrderRefused(_("Only the company's member admin can answer a purchase order."))
    wanted = PurchaseOrderState.ACCEPTED if accept else PurchaseOrderState.DECLINED
    if locked.state == wanted:
        return locked
    if locked.state != PurchaseOrderState.SENT:
        raise OrderRefused(_("This purchase order has already been answered."))
    reason = reason.strip()
    if not accept and not reason:
        raise OrderRefused(_("Say why you decline, so that the coordinator can act on it."))
    locked.state = wanted
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked.decline_reason = reason[:300]
    locked.save()
    record_event(
        document=locked.document,
        kind=DocumentEventKind.ACCEPTED if accept else DocumentEventKind.VIEWED,
        actor=actor,
        note="" if accept else f"declined: {reason}",
    )
    settlement = OrderSettlement.objects.select_for_update().get(pk=locked.settlement_id)
    if accept and settlement.state == OrderState.CONFIRMED and _all_accepted(settlement):
        settlement.state = OrderState.IN_WORK
        settlement.save(update_fields=["state", "updated_at"])
    audit(
        f"settlement.po.{wanted}",
        actor=actor,
        obj=locked,
        group=locked.group,
        summary=f"{locked.document.number} {reason}".strip(),
    )
    return locked


def _all_accepted(settlement: OrderSettlement) -> bool:
    members = set(settlement.shares.filter(state__in=COUNTING).values_list("company_id", flat=True))
    accepted = set(
        settlement.purchase_orders.filter(state=PurchaseOrderState.ACCEPTED).values_list(
            "company_id", flat=True
        )
    )
    return bool(members) and members <= accepted


# --- delivery and 検収 -------------------------------------------------------------------------


def _all_shipped(project_id: int) -> bool:
    """Every last step of the project has shipped: the packages no other package comes after."""
    from renkei.projects.choices import Stage
    from renkei.projects.models import WorkPackage

    packages = WorkPackage.objects.filter(project_id=project_id)
    last = packages.exclude(pk__in=packages.exclude(after=None).values("after_id"))
    return last.exists() and not last.exclude(stage=Stage.SHIPPED).exists()


@transaction.atomic
def package_progressed(*, actor: Any, package: Any) -> OrderSettlement | None:
    """Called when a package ships (or a shipment is undone): the order is delivered when the
    final packages have shipped, and no longer so if a shipment is taken back before 検収."""
    order_id = package.project.order_id
    if order_id is None:
        return None
    settlement = OrderSettlement.objects.select_for_update().filter(order_id=order_id).first()
    if settlement is None:
        return None
    shipped = _all_shipped(package.project_id)
    if shipped and settlement.state in (OrderState.CONFIRMED, OrderState.IN_WORK):
        settlement.state = OrderState.DELIVERED
        settlement.delivered_at = timezone.now()
        settlement.save(update_fields=["state", "delivered_at", "updated_at"])
        audit(
            "settlement.order.delivered",
            actor=actor,
            obj=settlement,
            group=settlement.group,
            summary=package.name,
        )
    elif not shipped and settlement.state == OrderState.DELIVERED:
        settlement.state = (
            OrderState.IN_WORK
            if settlement.purchase_orders.exists() and _all_accepted(settlement)
            else OrderState.CONFIRMED
        )
        settlement.delivered_at = None
        settlement.save(update_fields=["state", "delivered_at", "updated_at"])
        audit(
            "settlement.order.undelivered",
            actor=actor,
            obj=settlement,
            group=settlement.group,
            summary=package.name,
        )
    return settlement


@transaction.atomic
def accept_delivery(
    *, actor: Any, settlement: OrderSettlement, by_customer: bool = False
) -> OrderSettlement:
    """検収: the coordinator, or the customer on its tracking page, checks the delivery on
    receipt; the order becomes invoiceable. Twice is once."""
    locked = OrderSettlement.objects.select_for_update().get(pk=settlement.pk)
    if locked.state == OrderState.ACCEPTED or locked.accepted_at is not None:
        return locked
    if locked.state != OrderState.DELIVERED:
        raise OrderRefused(_("The order can be accepted once everything has been shipped."))
    locked.state = OrderState.ACCEPTED
    locked.accepted_at = timezone.now()
    locked.accepted_by = None if by_customer else actor
    locked.accepted_by_customer = by_customer
    locked.save()
    audit(
        "settlement.order.accept",
        actor=None if by_customer else actor,
        obj=locked,
        group=locked.group,
        summary="customer" if by_customer else "coordinator",
    )
    return locked
