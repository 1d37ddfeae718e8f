"""Quality documents: what a package requires, the member's uploads, who may open them, and the
gate that keeps a package from 検査合格 while a required document is missing. Every write goes
through here with an audit entry.

Where a requirement comes from: the customer ticks 「必要な検査書類」 per line on the window (or
the coordinator sets it on the inquiry); a package made from that line takes it on its LAST step
(the one that hands the part to the customer, where the proofs travel with it); the coordinator
may set a package's own list instead (a ミルシート asked of the machining step, or a package
made without a line).
"""

import hashlib
import io
import uuid
from collections.abc import Iterable
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.inquiries.models import Inquiry, InquiryLine
from renkei.lib import drawingcheck
from renkei.orgs.models import Group
from renkei.projects.access import acting_companies, is_coordinator
from renkei.projects.choices import EventKind, PackageState
from renkei.projects.models import Project, WorkPackage
from renkei.quality.models import (
    DocumentKind,
    DocumentRequirement,
    QualityDocument,
    QualitySettings,
)

# A scanned 検査成績書 of a few pages or a phone photo; a larger file should be made smaller
# before it is sent to a customer.
MAX_DOCUMENT_BYTES = 20 * 2**20
DOCUMENT_FILE_KINDS = {"pdf", "png", "jpeg"}


class DocumentRefused(ValueError):
    """The upload or the change is refused; the message says why, in the user's language."""


# --- what is required ---------------------------------------------------------------------


def clean_kinds(kinds: Iterable[str]) -> list[str]:
    """Known kinds only, each once, in the order of ``DocumentKind``."""
    wanted = set(kinds)
    return [value for value in DocumentKind.values if value in wanted]


def kind_labels(kinds: Iterable[str]) -> list[str]:
    labels = dict(DocumentKind.choices)
    return [str(labels[k]) for k in kinds if k in labels]


def _lines_of(project: Project) -> dict[int, tuple[InquiryLine, bool]]:
    """Package pk → (its inquiry line, whether it is the line's last step), for the packages an
    order project was started with (projects.services.start_order_project: one package per step
    of each line, in line order, created in that order). A package whose process no longer is
    its step's (the coordinator changed it) or that was added later has no line."""
    if project.order_id is None:
        return {}
    inquiry = Inquiry.objects.filter(order__pk=project.order_id).first()
    if inquiry is None:
        return {}
    steps: list[tuple[InquiryLine, int, bool]] = []
    for line in inquiry.lines.prefetch_related("line_steps"):
        line_steps = list(line.line_steps.all())
        for n, step in enumerate(line_steps, start=1):
            steps.append((line, step.process_id, n == len(line_steps)))
    packages = WorkPackage.objects.filter(project=project).order_by("pk")[: len(steps)]
    found = {}
    for package, (line, process_id, last) in zip(packages, steps, strict=False):
        if package.process_id == process_id:
            found[package.pk] = (line, last)
    return found


def line_of(package: WorkPackage) -> InquiryLine | None:
    """The inquiry line a package was made from, if any."""
    entry = _lines_of(package.project)
    found = entry.get(package.pk)
    return found[0] if found else None


def requirement_source(package: WorkPackage) -> tuple[list[str], str, InquiryLine | None]:
    """The kinds required, and where they come from: "package" (the coordinator set them for
    this package), "line" (the inquiry line, on its last step) or "" (nothing required)."""
    own = DocumentRequirement.objects.filter(package=package).first()
    if own is not None:
        return clean_kinds(own.kinds), "package", line_of(package)
    found = _lines_of(package.project).get(package.pk)
    if found is None:
        return [], "", None
    line, last = found
    if not last:
        return [], "", line
    from_line = DocumentRequirement.objects.filter(line=line).first()
    return (clean_kinds(from_line.kinds) if from_line else []), "line", line


def required_kinds(package: WorkPackage) -> list[str]:
    return requirement_source(package)[0]


def missing_documents(package: WorkPackage) -> list[str]:
    """The required kinds with no document uploaded yet (the 検査合格 gate)."""
    have = set(
        QualityDocument.objects.filter(package=package).values_list("kind", flat=True).distinct()
    )
    return [kind for kind in required_kinds(package) if kind not in have]


def refusal_for_missing(package: WorkPackage, kind: str = EventKind.INSPECTED) -> str:
    """The message that refuses 検査合格 (or 出荷, which would skip it), or "" when nothing
    is missing."""
    missing = missing_documents(package)
    if not missing:
        return ""
    docs = _(", ").join(kind_labels(missing))
    if kind == EventKind.SHIPPED:
        message = _(
            "Shipped cannot be recorded yet: upload the required quality documents first "
            "(%(docs)s)."
        )
        return message % {"docs": docs}
    return _(
        "Inspected cannot be recorded yet: upload the required quality documents first (%(docs)s)."
    ) % {"docs": docs}


@transaction.atomic
def set_line_documents(
    *, actor: Any, line: InquiryLine, kinds: Iterable[str], explicit: bool = False
) -> DocumentRequirement | None:
    """The documents one inquiry line requires: the customer's choice on the window (nothing is
    recorded when they chose none), or the coordinator's (``explicit``), which replaces it."""
    group = line.inquiry.group
    if explicit and not is_coordinator(actor, group):
        raise DocumentRefused(_("Only the coordinators set the required documents."))
    cleaned = clean_kinds(kinds)
    existing = DocumentRequirement.objects.select_for_update().filter(line=line).first()
    if existing is None and not cleaned:
        return None
    requirement = existing or DocumentRequirement(group=group, line=line)
    before = clean_kinds(requirement.kinds)
    requirement.kinds = cleaned
    requirement.updated_by = _user(actor)
    requirement.save()
    if before != cleaned or existing is None:
        audit(
            "quality.line_requirement",
            actor=actor,
            obj=line.inquiry,
            group=group,
            summary=f"{line.part_name}: {', '.join(cleaned) or '-'}"[:300],
            line=line.pk,
            kinds=cleaned,
        )
    return requirement


@transaction.atomic
def set_package_documents(
    *, actor: Any, package: WorkPackage, kinds: Iterable[str]
) -> DocumentRequirement:
    """The coordinator's own list for one package: it replaces what the package's line asks."""
    if not is_coordinator(actor, package.group):
        raise DocumentRefused(_("Only the coordinators set the required documents."))
    cleaned = clean_kinds(kinds)
    requirement, _created = DocumentRequirement.objects.select_for_update().get_or_create(
        package=package, defaults={"group": package.group}
    )
    requirement.kinds = cleaned
    requirement.updated_by = _user(actor)
    requirement.save()
    audit(
        "quality.package_requirement",
        actor=actor,
        obj=package,
        group=package.group,
        summary=f"{package.name}: {', '.join(cleaned) or '-'}"[:300],
        kinds=cleaned,
    )
    return requirement


# --- uploads ------------------------------------------------------------------------------


def can_upload(user: Any, package: WorkPackage) -> bool:
    """The company doing the package uploads its proofs (or a coordinator on its behalf, as
    with progress), once the company has confirmed the package."""
    if package.company_id is None or package.state != PackageState.ASSIGNED:
        return False
    return package.company_id in acting_companies(user, package.group) or is_coordinator(
        user, package.group
    )


def can_see(user: Any, package: WorkPackage) -> bool:
    """The package's member company and the group's coordinators; no other member."""
    if is_coordinator(user, package.group):
        return True
    return package.company_id is not None and package.company_id in acting_companies(
        user, package.group
    )


def check_document(name: str, stream: IO[bytes], size: int) -> str:
    """The file kind ("pdf", "png", "jpeg") of an acceptable document, else DocumentRefused
    with the reason: a PDF or a photo only, within the size limit, whose content really is what
    its name says (the drawing checks: signature, a light parse, a pixel limit)."""
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_DOCUMENT_BYTES // 2**20}
        )
    kind = drawingcheck.kind_of_name(name)
    if kind not in DOCUMENT_FILE_KINDS:
        raise DocumentRefused(_("Send the document as a PDF or a photo (JPEG or PNG)."))
    try:
        return drawingcheck.check_drawing(name, stream, size)
    except drawingcheck.DrawingRejected as rejected:
        reason = _(drawingcheck.MESSAGES[rejected.code]) % rejected.params
        raise DocumentRefused(
            _("This file cannot be accepted: %(reason)s.") % {"reason": reason}
        ) from None


def upload_document(
    *,
    actor: Any,
    package: WorkPackage,
    kind: str,
    name: str,
    data: bytes,
    key: str,
    note: str = "",
) -> tuple[QualityDocument, bool]:
    """Stores one document for the package; returns it and whether it is new. The same form
    key again returns the first document (a double tap is one upload)."""
    key = (key or "").strip()[:100] or uuid.uuid4().hex
    found = QualityDocument.objects.filter(package=package, submission_key=key).first()
    if found is not None:
        return found, False
    if kind not in DocumentKind.values:
        raise DocumentRefused(_("Choose which document this is."))
    if not can_upload(actor, package):
        raise DocumentRefused(_("You do not upload documents for this package."))
    file_kind = check_document(name, io.BytesIO(data), len(data))
    try:
        return _store(actor, package, kind, name, data, key, note, file_kind), True
    except IntegrityError:
        # Two copies of one form raced past the check above: the other one won.
        return QualityDocument.objects.get(package=package, submission_key=key), False


@transaction.atomic
def _store(
    actor: Any,
    package: WorkPackage,
    kind: str,
    name: str,
    data: bytes,
    key: str,
    note: str,
    file_kind: str,
) -> QualityDocument:
    document = QualityDocument(
        group=package.group,
        package=package,
        kind=kind,
        original_name=drawingcheck.display_name(name),
        file_kind=file_kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        note=note.strip()[:300],
        company_id=package.company_id,
        uploaded_by=_user(actor),
        submission_key=key,
    )
    document.file.save(f"document.{file_kind}", ContentFile(data), save=False)
    document.save()
    audit(
        "quality.document_upload",
        actor=actor,
        obj=package,
        group=package.group,
        summary=f"{package.name}: {document.get_kind_display()} {document.original_name}"[:300],
        document=document.pk,
        kind=kind,
        sha256=document.sha256,
    )
    return document


def record_download(*, actor: Any, document: QualityDocument, by_customer: bool = False) -> None:
    """Every opening of a document is in the audit log, as a drawing's download is."""
    audit(
        "quality.document_download",
        actor=actor,
        obj=document.package,
        group=document.group,
        summary=f"{document.package.name}: {document.original_name}"[:300],
        document=document.pk,
        customer=by_customer,
    )


# --- the group's setting and the customer's view ------------------------------------------


def settings_of(group: Group) -> QualitySettings:
    """The group's quality settings (defaults until a coordinator saves them; nothing written)."""
    return QualitySettings.objects.filter(group=group).first() or QualitySettings(group=group)


@transaction.atomic
def save_settings(*, actor: Any, group: Group, share_with_customer: bool) -> QualitySettings:
    if not is_coordinator(actor, group):
        raise DocumentRefused(_("Only the coordinators change these settings."))
    found, _created = QualitySettings.objects.select_for_update().get_or_create(group=group)
    found.share_with_customer = share_with_customer
    found.save()
    audit(
        "quality.settings",
        actor=actor,
        obj=found,
        group=group,
        summary=f"share_with_customer={share_with_customer}",
    )
    return found


def customer_documents(inquiry: Inquiry) -> list[QualityDocument]:
    """The documents of the inquiry's order the customer may open: none unless the group
    shares them."""
    if not settings_of(inquiry.group).share_with_customer:
        return []
    project = Project.objects.filter(order__inquiry=inquiry).first()
    if project is None:
        return []
    return list(
        QualityDocument.objects.filter(package__project=project)
        .select_related("package")
        .order_by("package__position", "kind", "-created_at")
    )


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
