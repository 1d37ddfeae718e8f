"""The 電子帳簿保存法 archive (issue "Settlement", item 11): every issued document searched by
transaction date, amount and counterparty (any of them combined, as the law's 検索機能 asks for
a system that keeps the records electronically), and the result downloaded as a ZIP of the
files as issued with an index.

Nothing here writes a document: the records are frozen (models/documents.py). The download is
audited; each archive row is read with its events, so a cancelled or replaced document says so in
the index instead of being silently kept or dropped.
"""

import csv
import datetime as dt
import hashlib
import io
import json
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.orgs.models import Group
from renkei.settlement.access import documents_for
from renkei.settlement.choices import DocumentEventKind, DocumentKindChoice
from renkei.settlement.models import DocumentEvent, IssuedDocument
from renkei.settlement.services.issue import ensure_pdf, ensure_xml

# The law keeps books for 7 years (10 for a loss carried forward): a search spanning more than
# that is a typing mistake, and would make the ZIP of everything at once.
MAX_SPAN_DAYS = 366 * 11
MAX_YEN = 999_999_999_999  # twelve digits: above any real document, below the column's limit
MAX_ZIP_DOCUMENTS = 5000
PAGE_SIZE = 50

# Events that tell how a document stands; "viewed" and "downloaded" are noise in the index.
NOTABLE_EVENTS = {
    DocumentEventKind.SENT,
    DocumentEventKind.ACCEPTED,
    DocumentEventKind.CONFIRMED,
    DocumentEventKind.DEEMED_CONFIRMED,
    DocumentEventKind.CANCELLED,
    DocumentEventKind.SUPERSEDED,
}


@dataclass(frozen=True)
class ArchiveQuery:
    """What the books asked for; every field left empty matches everything."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    counterparty: str = ""
    kinds: tuple[str, ...] = field(default_factory=tuple)

    @property
    def criteria(self) -> int:
        """How many criteria are set (a date or an amount range counts once)."""
        return sum(
            (
                self.date_from is not None or self.date_to is not None,
                self.amount_min is not None or self.amount_max is not None,
                bool(self.counterparty),
                bool(self.kinds),
            )
        )

    def as_params(self) -> dict[str, Any]:
        """The query as the search form's parameters (for the download link and the pages)."""
        params: dict[str, Any] = {}
        if self.date_from:
            params["date_from"] = self.date_from.isoformat()
        if self.date_to:
            params["date_to"] = self.date_to.isoformat()
        if self.amount_min is not None:
            params["amount_min"] = str(self.amount_min)
        if self.amount_max is not None:
            params["amount_max"] = str(self.amount_max)
        if self.counterparty:
            params["counterparty"] = self.counterparty
        if self.kinds:
            params["kind"] = list(self.kinds)
        return params


def _date(raw: str, name: str, errors: dict[str, str]) -> dt.date | None:
    raw = unicodedata.normalize("NFKC", raw or "").strip().replace("/", "-")
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors[name] = _("Enter a date as 2026-04-01.")
        return None


def _yen(raw: str, name: str, errors: dict[str, str]) -> int | None:
    # Full-width digits, "¥", "円" and thousands separators are how people write amounts.
    raw = unicodedata.normalize("NFKC", raw or "").strip()
    raw = raw.replace(",", "").replace("¥", "").replace("円", "").replace(" ", "")
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit():
        errors[name] = _("Enter an amount in whole yen, with digits only (for example 50000).")
        return None
    value = int(raw)
    if value > MAX_YEN:
        errors[name] = _("This amount is too large: enter at most twelve digits.")
        return None
    return value


def parse_query(params: Mapping[str, Any]) -> ArchiveQuery:
    """The search from the form's (GET) parameters; ``ValidationError`` with a message per field
    when something cannot be read. ``params`` is a QueryDict or a plain mapping."""
    errors: dict[str, str] = {}
    get = params.get
    date_from = _date(str(get("date_from") or ""), "date_from", errors)
    date_to = _date(str(get("date_to") or ""), "date_to", errors)
    amount_min = _yen(str(get("amount_min") or ""), "amount_min", errors)
    amount_max = _yen(str(get("amount_max") or ""), "amount_max", errors)
    if date_from and date_to:
        if date_from > date_to:
            errors["date_to"] = _("The end date comes before the start date: swap them.")
        elif (date_to - date_from).days > MAX_SPAN_DAYS:
            errors["date_to"] = _("Search at most ten years at once.")
    if amount_min is not None and amount_max is not None and amount_min > amount_max:
        errors["amount_max"] = _("The largest amount is below the smallest: swap them.")
    raw_kinds = params.getlist("kind") if hasattr(params, "getlist") else get("kind") or []
    if isinstance(raw_kinds, str):
        raw_kinds = [raw_kinds]
    kinds = tuple(k for k in raw_kinds if k)
    if any(k not in DocumentKindChoice.values for k in kinds):
        errors["kind"] = _("Choose the kinds of document from the list.")
    counterparty = unicodedata.normalize("NFKC", str(get("counterparty") or "")).strip()[:100]
    if errors:
        raise ValidationError(errors)
    return ArchiveQuery(
        date_from=date_from,
        date_to=date_to,
        amount_min=amount_min,
        amount_max=amount_max,
        counterparty=counterparty,
        kinds=kinds,
    )


def _spellings(text: str) -> set[str]:
    """The ways a name may be stored: as typed, width-folded (NFKC), and its kana in katakana
    and in hiragana. Cheap in the database (a few OR'ed LIKEs); half-width kana stored as such
    are not matched, but issued documents print names full-width."""
    folded = unicodedata.normalize("NFKC", text)
    katakana = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in folded)
    hiragana = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in folded)
    return {s for s in (text, folded, katakana, hiragana) if s}


def search(user: Any, group: Group, query: ArchiveQuery) -> "QuerySet[IssuedDocument]":
    """The issued documents of ``group`` this person may see that match every criterion of
    ``query``, newest first."""
    documents = documents_for(user, group)
    if query.date_from:
        documents = documents.filter(issued_on__gte=query.date_from)
    if query.date_to:
        documents = documents.filter(issued_on__lte=query.date_to)
    if query.amount_min is not None:
        documents = documents.filter(total_yen__gte=query.amount_min)
    if query.amount_max is not None:
        documents = documents.filter(total_yen__lte=query.amount_max)
    if query.counterparty:
        matches = Q()
        for spelling in _spellings(query.counterparty):
            matches |= Q(counterparty__icontains=spelling)
        documents = documents.filter(matches)
    if query.kinds:
        documents = documents.filter(kind__in=query.kinds)
    return documents.order_by("-issued_on", "-pk")


def with_events(documents: "QuerySet[IssuedDocument]") -> "QuerySet[IssuedDocument]":
    return documents.prefetch_related(
        Prefetch(
            "events",
            queryset=DocumentEvent.objects.select_related("related").order_by("at", "pk"),
        )
    ).select_related("corrects")


def events_text(document: IssuedDocument) -> str:
    """What happened to the document, for the index: 「取消(CN2026-00001 2026-05-01)」."""
    parts = []
    if document.corrects_id is not None and document.corrects is not None:
        parts.append(_("corrects %(number)s") % {"number": document.corrects.number})
    for event in document.events.all():
        if event.kind not in NOTABLE_EVENTS:
            continue
        label = str(DocumentEventKind(event.kind).label)
        detail = " ".join(
            filter(None, [event.related.number if event.related else "", f"{event.at:%Y-%m-%d}"])
        )
        parts.append(f"{label}({detail})")
    return " / ".join(parts)


def filename_of(document: IssuedDocument, extension: str) -> str:
    """A name unique in the archive: a member's own sequence may repeat the group's numbers."""
    owner = f"_{document.issuer_company_id}" if document.issuer_company_id else ""
    return f"{document.fiscal_year}/{document.number}{owner}.{extension}"


INDEX_COLUMNS = (
    "number",
    "kind",
    "issued_on",
    "counterparty",
    "net_yen",
    "tax_yen",
    "total_yen",
    "sha256",
    "pdf",
    "xml",
    "xml_sha256",
    "data",
    "events",
)


def index_header() -> list[str]:
    return [
        _("number"),
        _("kind"),
        _("transaction date"),
        _("counterparty"),
        _("amount before tax"),
        _("consumption tax"),
        _("total"),
        "SHA-256",
        _("file"),
        _("e-invoice file"),
        _("e-invoice SHA-256"),
        _("structured data"),
        _("corrections and events"),
    ]


class _Sink(io.RawIOBase):
    """A write-only stream the ZIP writer fills and the response drains chunk by chunk, so a
    large archive is never held in memory whole."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[bytes] = []
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.chunks.append(chunk)
        self.position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self.position

    def drain(self) -> bytes:
        out = b"".join(self.chunks)
        self.chunks.clear()
        return out


def _read(file_field: Any) -> bytes:
    with file_field.open("rb") as handle:
        return bytes(handle.read())


def zip_chunks(documents: Sequence[IssuedDocument]) -> Iterator[bytes]:
    """The ZIP of ``documents`` (read with ``with_events``): each PDF, XML and structured data
    as issued, and ``index.csv`` (UTF-8 with BOM, for Excel) listing exactly them."""
    sink = _Sink()
    index = io.StringIO()
    writer = csv.writer(index, lineterminator="\r\n")
    writer.writerow(index_header())
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            if not document.pdf:
                # Drawn by the worker after issuing; one not drawn yet is drawn now, from the
                # data it was issued with (services.issue.ensure_pdf), and kept.
                drawn = ensure_pdf(document)
                document.pdf, document.sha256 = drawn.pdf, drawn.sha256
            if not document.xml:
                document.xml = ensure_xml(document).xml  # likewise the e-invoice, if it has one
            pdf_name = filename_of(document, "pdf")
            archive.writestr(pdf_name, _read(document.pdf))
            xml_name = xml_sha = ""
            if document.xml:
                xml = _read(document.xml)
                xml_name, xml_sha = filename_of(document, "xml"), hashlib.sha256(xml).hexdigest()
                archive.writestr(xml_name, xml)
            data_name = filename_of(document, "json")
            archive.writestr(
                data_name, json.dumps(document.data, ensure_ascii=False, indent=1).encode()
            )
            writer.writerow(
                [
                    document.number,
                    document.get_kind_display(),
                    document.issued_on.isoformat(),
                    document.counterparty,
                    document.net_yen,
                    document.tax_yen,
                    document.total_yen,
                    document.sha256,
                    pdf_name,
                    xml_name,
                    xml_sha,
                    data_name,
                    events_text(document),
                ]
            )
            yield sink.drain()
        archive.writestr("index.csv", index.getvalue().encode("utf-8-sig"))
    yield sink.drain()


def too_many(count: int) -> str | None:
    if count > MAX_ZIP_DOCUMENTS:
        return _(
            "%(count)s documents match: download at most %(max)s at once. Narrow the search, "
            "for example to one fiscal year."
        ) % {"count": f"{count:,}", "max": f"{MAX_ZIP_DOCUMENTS:,}"}
    return None


def record_download(*, actor: Any, group: Group, query: ArchiveQuery, count: int) -> None:
    """The download is audited with what was asked and how much was handed out."""
    audit(
        "settlement.archive.download",
        actor=actor,
        group=group,
        summary=f"{count} documents",
        query={k: v for k, v in query.as_params().items()},
        count=count,
    )


def history(document: IssuedDocument) -> list[DocumentEvent]:
    """The events of one document, oldest first, with the documents they name."""
    return list(document.events.select_related("actor", "related").order_by("at", "pk"))
