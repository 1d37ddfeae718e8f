"""Quality documents' pages: the upload and the list on the package page (an include, see
templatetags/quality_documents.py), each download behind its permission check and audited, the
coordinator's required documents per package and per inquiry line, the group's setting, and the
customer's download from the tracking page when the group shares documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from renkei.inquiries.models import Inquiry, InquiryLine
from renkei.orgs.models import Group
from renkei.orgs.permissions import coordinator_group_or_404, member_group_or_404
from renkei.projects.models import WorkPackage
from renkei.quality.models import QualityDocument
from renkei.quality.services import documents as service


def _package_or_404(group: Group, pk: int) -> WorkPackage:
    found = WorkPackage.objects.for_group(group).select_related("group", "project", "company")
    return get_object_or_404(found, pk=pk)


def _back(package: WorkPackage) -> HttpResponse:
    response = redirect("projects:package", slug=package.group.slug, pk=package.pk)
    response["Location"] += "#quality-documents"
    return response


@login_required
@require_POST
def upload(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = member_group_or_404(request, slug)
    package = _package_or_404(group, pk)
    if not service.can_see(request.user, package):
        raise Http404  # another member's package: nothing to say about it
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, _("Choose the file to upload."))
        return _back(package)
    if (file.size or 0) > service.MAX_DOCUMENT_BYTES:
        # Refused before the file is read into memory.
        limit = service.MAX_DOCUMENT_BYTES // 2**20
        messages.error(request, _("The file is larger than %(mb)s MB.") % {"mb": limit})
        return _back(package)
    try:
        document, created = service.upload_document(
            actor=request.user,
            package=package,
            kind=request.POST.get("kind", ""),
            name=file.name or "",
            data=file.read(),
            key=request.POST.get("submission_key", "")[:100],
            note=request.POST.get("note", "")[:300],
        )
    except service.DocumentRefused as refused:
        messages.error(request, str(refused))
        return _back(package)
    if created:
        messages.success(request, _("Uploaded: %(kind)s") % {"kind": document.get_kind_display()})
    return _back(package)


def _file_response(document: QualityDocument, filename: str) -> FileResponse:
    content_type = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=content_type.get(document.file_kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def download(request: HttpRequest, slug: str, pk: int, document_id: int) -> FileResponse:
    group = member_group_or_404(request, slug)
    package = _package_or_404(group, pk)
    if not service.can_see(request.user, package):
        raise Http404
    document = get_object_or_404(QualityDocument.objects.filter(package=package), pk=document_id)
    service.record_download(actor=request.user, document=document)
    return _file_response(document, document.original_name)


@login_required
@require_POST
def package_requirement(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    package = _package_or_404(group, pk)
    service.set_package_documents(
        actor=request.user, package=package, kinds=request.POST.getlist("kinds")
    )
    messages.success(request, _("Saved the required documents."))
    return _back(package)


@login_required
@require_POST
def line_requirement(request: HttpRequest, slug: str, pk: int, line_id: int) -> HttpResponse:
    """The coordinator sets what one inquiry line requires (the customer said it by phone)."""
    group = coordinator_group_or_404(request, slug)
    inquiry = get_object_or_404(Inquiry.objects.for_group(group), pk=pk)
    line = get_object_or_404(InquiryLine.objects.filter(inquiry=inquiry), pk=line_id)
    service.set_line_documents(
        actor=request.user, line=line, kinds=request.POST.getlist("kinds"), explicit=True
    )
    messages.success(request, _("Saved the required documents."))
    response = redirect("inquiries:detail", slug=group.slug, pk=inquiry.pk)
    response["Location"] += "#quality-lines"
    return response


@login_required
def quality_settings(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    if request.method == "POST":
        service.save_settings(
            actor=request.user,
            group=group,
            share_with_customer=request.POST.get("share_with_customer") == "on",
        )
        messages.success(request, _("Saved."))
        return redirect("quality:settings", slug=group.slug)
    return render(
        request,
        "quality/documents/settings.html",
        {"group": group, "settings": service.settings_of(group)},
    )


@never_cache
def tracking_download(request: HttpRequest, token: str, document_id: int) -> FileResponse:
    """The customer's copy, when the group shares documents: the tracking token is the only
    key. The file is named by its kind, never by the uploader's file name, which may name the
    member (the coordinator is the customer's one window, seed l.4390–4415)."""
    inquiry = get_object_or_404(Inquiry.objects.select_related("group"), tracking_token=token)
    document = next((d for d in service.customer_documents(inquiry) if d.pk == document_id), None)
    if document is None:
        raise Http404
    service.record_download(actor=None, document=document, by_customer=True)
    return _file_response(document, customer_filename(document))


def customer_filename(document: QualityDocument) -> str:
    ext = "jpg" if document.file_kind == "jpeg" else document.file_kind
    return f"{document.get_kind_display()}-{document.pk}.{ext}"


urlpatterns: list[URLPattern] = [
    path("g/<slug:slug>/packages/<int:pk>/documents", upload, name="document_upload"),
    path(
        "g/<slug:slug>/packages/<int:pk>/documents/<int:document_id>",
        download,
        name="document",
    ),
    path(
        "g/<slug:slug>/packages/<int:pk>/documents/required",
        package_requirement,
        name="package_requirement",
    ),
    path(
        "g/<slug:slug>/manage/inquiries/<int:pk>/lines/<int:line_id>/documents",
        line_requirement,
        name="line_requirement",
    ),
    path("g/<slug:slug>/manage/quality/", quality_settings, name="settings"),
    path("t/<str:token>/documents/<int:document_id>", tracking_download, name="tracking_document"),
]
