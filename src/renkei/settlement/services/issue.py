"""Issuing a document: the next number without gaps, the PDF and the e-invoice rendered once,
and a frozen record with an event and an audit entry. Every kind of document is issued here."""

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F

from renkei.core.audit import AuditItem, audit_many
from renkei.lib.documents import PRICES_INCLUDE_TAX, Document, DocumentKind, to_dict
from renkei.orgs.models import Company, Group
from renkei.outbox.followups import follow_up
from renkei.settlement.choices import NUMBER_PREFIX, DocumentEventKind
from renkei.settlement.models import (
    DocumentEvent,
    DocumentNumber,
    GroupSettlement,
    IssuedDocument,
    MemberBilling,
    OrderSettlement,
)
from renkei.settlement.models.documents import document_path

# The kinds that are also sent as a JP PINT e-invoice.
E_INVOICE_KINDS = {DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE, DocumentKind.FEE_INVOICE}


def has_e_invoice(kind: str, data: dict[str, Any]) -> bool:
    """Whether a document is also a JP PINT e-invoice. Not one of tax-inclusive prices (the
    group's own products): JP PINT's lines are amounts before tax, and its rule
    aligned-ibrp-051-jp checks each rate's tax against the amount before tax, which a tax taken
    out of a 税込 total (rounded down) can miss by a yen (¥21 at 10 % holds ¥1, while ¥20 × 10 %
    is ¥2). Its PDF is the qualified invoice."""
    return kind in {k.value for k in E_INVOICE_KINDS} and data.get(PRICES_INCLUDE_TAX) != "1"


def settlement_of(group: Group) -> GroupSettlement:
    """The group's settlement terms; the defaults (unsaved) until a coordinator saves them, so
    that reading them never writes."""
    return GroupSettlement.objects.filter(group=group).first() or GroupSettlement(group=group)


def billing_of(company: Company) -> MemberBilling:
    """A member's billing details; empty (unsaved) until the member saves them."""
    return MemberBilling.objects.filter(company=company).first() or MemberBilling(company=company)


def fiscal_year_of(day: dt.date, start_month: int) -> int:
    """The fiscal year a day falls in, named by the calendar year it starts in (April to
    March is the commonest in Japan: 2026-03-31 is in fiscal 2025)."""
    return day.year if day.month >= start_month else day.year - 1


def issuer_key(group: Group, company: Company | None) -> str:
    return f"c{company.pk}" if company is not None else f"g{group.pk}"


def next_sequence(key: str, kind: DocumentKind, fiscal_year: int) -> int:
    """The next number of the sequence, taken inside the caller's transaction."""
    return take_sequences(key, kind, fiscal_year, 1)


def take_sequences(key: str, kind: DocumentKind, fiscal_year: int, count: int) -> int:
    """The first of the next ``count`` numbers of the sequence (the others follow it), taken
    inside the caller's transaction by one UPDATE. The UPDATE comes first so that it takes the
    row's (PostgreSQL) or the database's (SQLite) write lock before anything is read: two
    issuers at once queue here and never get the same numbers, and a rolled-back issue gives
    its numbers back, so there are no gaps."""
    for _attempt in range(2):
        taken = DocumentNumber.objects.filter(
            issuer_key=key, kind=kind.value, fiscal_year=fiscal_year
        ).update(last=F("last") + count)
        if taken:
            break
        try:
            with transaction.atomic():
                DocumentNumber.objects.create(
                    issuer_key=key, kind=kind.value, fiscal_year=fiscal_year, last=count
                )
            return 1
        except IntegrityError:
            continue  # another issuer created the sequence first: take the next numbers of it
    row = DocumentNumber.objects.get(issuer_key=key, kind=kind.value, fiscal_year=fiscal_year)
    return int(row.last) - count + 1


def format_number(kind: DocumentKind, fiscal_year: int, sequence: int) -> str:
    return f"{NUMBER_PREFIX[kind]}{fiscal_year}-{sequence:05d}"


def _seal_of(holder: GroupSettlement | MemberBilling | None) -> str:
    """The issuer's seal image as it is when the document is issued, kept under its own hash
    (a seal changed later never changes a document issued before); "" without a seal."""
    if holder is None or holder.pk is None or not holder.seal:
        return ""
    with holder.seal.open("rb") as handle:
        data = bytes(handle.read())
    digest = hashlib.sha256(data).hexdigest()
    name = f"settlement/seals/by-hash/{digest}.png"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return digest


@dataclasses.dataclass(frozen=True)
class Issuer:
    """What issuing reads of an issuer, read once for a whole batch of its documents: the
    member (None for the group's contracting party), its sequence key, the month its fiscal
    year starts and its seal's hash."""

    company: Company | None
    key: str
    start_month: int
    seal_sha256: str


def issuer_of(
    group: Group,
    company: Company | None = None,
    *,
    holder: GroupSettlement | MemberBilling | None = None,
) -> Issuer:
    """The issuer of a document: the member ``company``, or else the group. ``holder`` is its
    billing details or the group's terms when the caller read them already (billing_of,
    settlement_of), so that a batch reads them once."""
    if holder is None:
        holder = billing_of(company) if company is not None else settlement_of(group)
    return Issuer(
        company=company,
        key=issuer_key(group, company),
        start_month=holder.fiscal_year_start_month,
        seal_sha256=_seal_of(holder),
    )


@dataclasses.dataclass(frozen=True)
class ToIssue:
    """One document of a batch for ``issue_documents``, its number still empty."""

    document: Document
    issuer: Issuer
    recipient_company: Company | None = None
    customer_email: str = ""
    order_ids: Sequence[int] = ()
    corrects: IssuedDocument | None = None


@transaction.atomic
def issue_document(
    *,
    actor: Any,
    group: Group,
    document: Document,
    issuer_company: Company | None = None,
    recipient_company: Company | None = None,
    customer_email: str = "",
    orders: Iterable[OrderSettlement] = (),
    corrects: IssuedDocument | None = None,
) -> IssuedDocument:
    """Numbers, renders and keeps ``document`` (its ``number`` is replaced by the next one of
    the issuer's sequence). The issuer is the member ``issuer_company`` (an 斡旋 invoice, a
    member's own document) or else the group's contracting party. A document issued on its own
    gets its e-invoice XML at once (a batch leaves it to the worker: issue_documents)."""
    item = ToIssue(
        document=document,
        issuer=issuer_of(group, issuer_company),
        recipient_company=recipient_company,
        customer_email=customer_email,
        order_ids=[order.pk for order in orders],
        corrects=corrects,
    )
    return issue_documents(actor=actor, group=group, items=[item], xml_now=True)[0]


def _sequence_order(key: tuple[str, DocumentKind, int]) -> tuple[str, str, int]:
    return key[0], key[1].value, key[2]


@transaction.atomic
def issue_documents(
    *, actor: Any, group: Group, items: Sequence[ToIssue], xml_now: bool = False
) -> list[IssuedDocument]:
    """Numbers and keeps ``items``, in the caller's transaction when it has one, in a few
    queries whatever their number: one UPDATE per issuer, kind and fiscal year takes the
    batch's numbers (without gaps: the transaction holds them until it commits, or gives them
    back), then one insert each for the documents, their orders, events and audit entries.
    The PDFs — and the e-invoice XML unless ``xml_now`` — are drawn by the worker from the
    frozen data (one task for the batch), or by whoever opens a document first."""
    from renkei.lib.jppint import to_ubl
    from renkei.settlement.services.payment_events import invoice_issued
    from renkei.settlement.tasks import render_documents

    if not items:
        return []
    years = [fiscal_year_of(i.document.issued_on, i.issuer.start_month) for i in items]
    counts: dict[tuple[str, DocumentKind, int], int] = {}
    for item, year in zip(items, years, strict=True):
        sequence_key = (item.issuer.key, item.document.kind, year)
        counts[sequence_key] = counts.get(sequence_key, 0) + 1
    # The sequences always in one order, so that two batches never wait for each other's.
    following = {
        key: take_sequences(key[0], key[1], key[2], counts[key])
        for key in sorted(counts, key=_sequence_order)
    }
    user = _user(actor)
    records = []
    for item, year in zip(items, years, strict=True):
        sequence_key = (item.issuer.key, item.document.kind, year)
        sequence = following[sequence_key]
        following[sequence_key] = sequence + 1
        records.append(_record(group, item, year, sequence, user, xml_now, to_ubl))
    IssuedDocument.objects.bulk_create(records)
    link_orders(
        (issued.pk, order_id)
        for issued, item in zip(records, items, strict=True)
        for order_id in item.order_ids
    )
    events = [DocumentEvent(document=d, kind=DocumentEventKind.ISSUED, actor=user) for d in records]
    events += [
        DocumentEvent(
            document=item.corrects,
            kind=(
                DocumentEventKind.CANCELLED
                if item.document.kind == DocumentKind.CREDIT_NOTE
                else DocumentEventKind.SUPERSEDED
            ),
            actor=user,
            related=issued,
        )
        for issued, item in zip(records, items, strict=True)
        if item.corrects is not None
    ]
    DocumentEvent.objects.bulk_create(events)
    audit_many(
        (
            AuditItem(
                f"settlement.{d.kind}.issue", IssuedDocument, d.pk, f"{d.number} ¥{d.total_yen:,}"
            )
            for d in records
        ),
        actor=actor,
        group=group,
    )
    # The PDF (and XML) are drawn by the worker from the frozen data (as pretix renders its
    # invoices), so that a month's documents are issued in seconds; whoever opens one first
    # draws it if the worker has not yet (ensure_pdf, ensure_xml).
    follow_up(render_documents, [d.pk for d in records])
    for issued in records:
        invoice_issued(issued)  # a webhook for invoices and credit notes, posted after the commit
    return records


def _record(
    group: Group,
    item: ToIssue,
    fiscal_year: int,
    sequence: int,
    user: Any,
    xml_now: bool,
    to_ubl: Callable[[Document], bytes],
) -> IssuedDocument:
    number = format_number(item.document.kind, fiscal_year, sequence)
    document = dataclasses.replace(item.document, number=number)
    company, recipient = item.issuer.company, item.recipient_company
    issued = IssuedDocument(
        group=group,
        kind=document.kind.value,
        number=number,
        sequence=sequence,
        fiscal_year=fiscal_year,
        issuer_key=item.issuer.key,
        issuer_company=company,
        recipient_company=recipient,
        counterparty=(
            document.recipient.name if company is None or recipient is None else recipient.name
        )[:150],
        customer_email=item.customer_email,
        issued_on=document.issued_on,
        period_start=document.period_start,
        period_end=document.period_end,
        due_on=document.due_on,
        net_yen=document.net,
        tax_yen=document.tax,
        total_yen=document.total,
        data=to_dict(document) | {"seal_sha256": item.issuer.seal_sha256},
        corrects=item.corrects,
        issued_by=user,
    )
    if xml_now and has_e_invoice(document.kind.value, document.extra):
        issued.xml.save(f"{number}.xml", ContentFile(to_ubl(document)), save=False)
    return issued


def link_orders(pairs: Iterable[tuple[int, int]]) -> None:
    """Links documents to the orders they cover, as ``(document id, order id)`` pairs, in one
    statement: a month's statement covers thousands of orders, and a model instance per link
    would cost more than issuing the statement."""
    rows = list(pairs)
    if not rows:
        return
    through = IssuedDocument.orders.through
    quote = connection.ops.quote_name
    table = quote(through._meta.db_table)
    document = quote(through._meta.get_field("issueddocument").column)
    order = quote(through._meta.get_field("ordersettlement").column)
    with connection.cursor() as cursor:
        # The names are the model's own, quoted; the values go as parameters.
        sql = f"INSERT INTO {table} ({document}, {order}) VALUES (%s, %s)"  # noqa: S608
        cursor.executemany(sql, rows)


def ensure_pdf(document: IssuedDocument) -> IssuedDocument:
    """The document with its PDF: drawn once from the data it was issued with (never from
    anything that changed since), stored with its hash. Two drawing at once keep the first."""
    if document.pdf:
        return document
    from renkei.lib.documents import from_dict
    from renkei.settlement.documents_pdf import render_document

    seal = document.data.get("seal_sha256", "")
    seal_png = None
    if seal:
        with default_storage.open(f"settlement/seals/by-hash/{seal}.png", "rb") as handle:
            seal_png = bytes(handle.read())
    pdf = render_document(from_dict(document.data), seal_png=seal_png)
    name = default_storage.save(document_path(document, f"{document.number}.pdf"), ContentFile(pdf))
    # The one change an issued document ever takes: its drawing, once, where there was none
    # (a plain QuerySet update, past the frozen queryset's refusal).
    rows: models.QuerySet[IssuedDocument] = models.QuerySet(model=IssuedDocument).filter(
        pk=document.pk, pdf=""
    )
    if not rows.update(pdf=name, sha256=hashlib.sha256(pdf).hexdigest()):
        default_storage.delete(name)  # another process drew it first: keep theirs
    return IssuedDocument.objects.get(pk=document.pk)


def ensure_xml(document: IssuedDocument) -> IssuedDocument:
    """The document with its JP PINT e-invoice XML (invoices, credit notes, fee invoices): built
    once from the data it was issued with, like the PDF (ensure_pdf). Two at once keep the
    first; a kind without an e-invoice is returned as it is."""
    if document.xml or not has_e_invoice(document.kind, document.data.get("extra") or {}):
        return document
    from renkei.lib.documents import from_dict
    from renkei.lib.jppint import to_ubl

    xml = to_ubl(from_dict(document.data))
    name = default_storage.save(document_path(document, f"{document.number}.xml"), ContentFile(xml))
    rows: models.QuerySet[IssuedDocument] = models.QuerySet(model=IssuedDocument).filter(
        pk=document.pk, xml=""
    )
    if not rows.update(xml=name):
        default_storage.delete(name)  # another process built it first: keep theirs
    return IssuedDocument.objects.get(pk=document.pk)


def record_event(
    *, document: IssuedDocument, kind: str, actor: Any = None, note: str = ""
) -> DocumentEvent:
    """Appends what happened to a document (viewed, downloaded, sent, confirmed)."""
    return DocumentEvent.objects.create(
        document=document, kind=kind, actor=_user(actor), note=note[:300]
    )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
