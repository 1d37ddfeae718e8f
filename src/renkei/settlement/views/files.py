"""An issued document's PDF or XML, as the views that found it allowed. Every download is a
document event and an audit entry (電子帳簿保存法: who opened what is part of the record)."""

from typing import Any

from django.http import FileResponse, Http404, HttpRequest

from renkei.core.audit import audit
from renkei.settlement.choices import DocumentEventKind
from renkei.settlement.models import IssuedDocument
from renkei.settlement.services.issue import ensure_pdf, ensure_xml, record_event


def document_file(
    request: HttpRequest, document: IssuedDocument, which: str = "pdf", *, note: str = ""
) -> FileResponse:
    """The file as issued (the PDF or XML drawn now if the worker has not yet). The caller has
    checked that this person may see ``document``."""
    actor: Any = request.user if request.user.is_authenticated else None
    document = ensure_pdf(document) if which == "pdf" else ensure_xml(document)
    stored = document.pdf if which == "pdf" else document.xml
    if not stored:
        raise Http404
    record_event(document=document, kind=DocumentEventKind.DOWNLOADED, actor=actor, note=note)
    audit(
        "settlement.document.download",
        actor=actor,
        obj=document,
        group=document.group,
        summary=f"{document.number}.{which}",
        format=which,
    )
    response = FileResponse(
        stored.open("rb"),
        content_type="application/pdf" if which == "pdf" else "application/xml",
    )
    response["Content-Disposition"] = f'inline; filename="{document.number}.{which}"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["X-Content-Type-Options"] = "nosniff"
    return response
