"""Issuing a document: the next number without gaps, the PDF and the e-invoice rendered once,
and a frozen record with an event and an audit entry. Every kind of document is issued here."""

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.db.models import F

from renkei.core.audit import audit
from renkei.lib.documents import Document, DocumentKind, to_dict
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
    """The next number of the sequence, taken inside the caller's transaction. The UPDATE comes
    first so that it takes the row's (PostgreSQL) or the database's (SQLite) write lock before
    anything is read: two issuers at once queue here and never get the same number, and a
    rolled-back issue gives its number back, so there are no gaps."""
    for _attempt in range(2):
        taken = DocumentNumber.objects.filter(
            issuer_key=key, kind=kind.value, fiscal_year=fiscal_year
        ).update(last=F("last") + 1)
        if taken:
            break
        try:
            with transaction.atomic():
                DocumentNumber.objects.create(
                    issuer_key=key, kind=kind.value, fiscal_year=fiscal_year, last=1
                )
            return 1
        except IntegrityError:
            continue  # another issuer created the sequence first: take the next number of it
    return DocumentNumber.objects.get(issuer_key=key, kind=kind.value, fiscal_year=fiscal_year).last


def format_number(kind: DocumentKind, fiscal_year: int, sequence: int) -> str:
    return f"{NUMBER_PREFIX[kind]}{fiscal_year}-{sequence:05d}"


def _seal(group: Group, company: Company | None) -> str:
    """The issuer's seal image as it is when the document is issued, kept under its own hash
    (a seal changed later never changes a document issued before); "" without a seal."""
    holder: GroupSettlement | MemberBilling | None
    if company is not None:
        holder = MemberBilling.objects.filter(company=company).first()
    else:
        holder = GroupSettlement.objects.filter(group=group).first()
    if holder is None or not holder.seal:
        return ""
    with holder.seal.open("rb") as handle:
        data = bytes(handle.read())
    digest = hashlib.sha256(data).hexdigest()
    name = f"settlement/seals/by-hash/{digest}.png"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return digest


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
    member's own document) or else the group's contracting party."""
    from renkei.lib.jppint import to_ubl
    from renkei.settlement.tasks import render_pdf

    if issuer_company is not None:
        start_month = billing_of(issuer_company).fiscal_year_start_month
    else:
        start_month = settlement_of(group).fiscal_year_start_month
    fiscal_year = fiscal_year_of(document.issued_on, start_month)
    key = issuer_key(group, issuer_company)
    sequence = next_sequence(key, document.kind, fiscal_year)
    number = format_number(document.kind, fiscal_year, sequence)
    document = dataclasses.replace(document, number=number)
    issued = IssuedDocument(
        group=group,
        kind=document.kind.value,
        number=number,
        sequence=sequence,
        fiscal_year=fiscal_year,
        issuer_key=key,
        issuer_company=issuer_company,
        recipient_company=recipient_company,
        counterparty=document.recipient.name[:150]
        if issuer_company is None or recipient_company is None
        else recipient_company.name[:150],
        customer_email=customer_email,
        issued_on=document.issued_on,
        period_start=document.period_start,
        period_end=document.period_end,
        due_on=document.due_on,
        net_yen=document.net,
        tax_yen=document.tax,
        total_yen=document.total,
        data=to_dict(document) | {"seal_sha256": _seal(group, issuer_company)},
        corrects=corrects,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if document.kind in E_INVOICE_KINDS:
        issued.xml.save(f"{number}.xml", ContentFile(to_ubl(document)), save=False)
    issued.save(force_insert=True)
    # The PDF is drawn by the worker from the frozen data (as pretix renders its invoices), so
    # that a month's documents are issued in seconds; whoever opens one first draws it if the
    # worker has not yet (ensure_pdf).
    follow_up(render_pdf, issued.pk)
    order_list = list(orders)
    if order_list:
        issued.orders.add(*order_list)
    DocumentEvent.objects.create(document=issued, kind=DocumentEventKind.ISSUED, actor=_user(actor))
    if corrects is not None:
        DocumentEvent.objects.create(
            document=corrects,
            kind=(
                DocumentEventKind.CANCELLED
                if document.kind == DocumentKind.CREDIT_NOTE
                else DocumentEventKind.SUPERSEDED
            ),
            actor=_user(actor),
            related=issued,
        )
    audit(
        f"settlement.{document.kind.value}.issue",
        actor=actor,
        obj=issued,
        group=group,
        summary=f"{number} ¥{document.total:,}",
    )
    from renkei.settlement.services.payment_events import invoice_issued

    invoice_issued(issued)  # a webhook for invoices and credit notes, posted after the commit
    return issued


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


def record_event(
    *, document: IssuedDocument, kind: str, actor: Any = None, note: str = ""
) -> DocumentEvent:
    """Appends what happened to a document (viewed, downloaded, sent, confirmed)."""
    return DocumentEvent.objects.create(
        document=document, kind=kind, actor=_user(actor), note=note[:300]
    )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
