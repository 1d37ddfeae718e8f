"""A drawing's own page (pages, drawing or 3D model in the browser) and its preview files.
Everything here answers exactly whoever may download the drawing (previews.access); the page
is recorded in the audit log like a download."""

from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from renkei.core.audit import audit
from renkei.previews.access import Opened, open_drawing
from renkei.previews.choices import PreviewStatus
from renkei.previews.models import DrawingPreview

# What the page says when a conversion failed, by renkei.lib.preview's error code.
REASONS = {
    "timeout": gettext_lazy("Preparing it took longer than allowed."),
    "memory": gettext_lazy("It needed more memory than allowed."),
    "too_large": gettext_lazy("It is too large to show in the browser."),
    "too_many_entities": gettext_lazy("It holds too many elements to draw in the browser."),
    "unreadable": gettext_lazy("The file could not be read."),
    "unsupported": gettext_lazy("This kind of file cannot be shown in the browser."),
}
CONTENT_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".glb": "model/gltf-binary",
    ".stl": "model/stl",
}
# An SVG is a document that can carry script: served as an image only, in a sandbox with no
# scripts and nothing loaded from anywhere, so that even opened on its own it runs nothing.
SVG_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _preview(opened: Opened) -> DrawingPreview | None:
    return DrawingPreview.objects.filter(drawing=opened.drawing).first()


@login_required
def drawing_page(
    request: HttpRequest, slug: str, pk: int, drawing_id: int, where: str
) -> HttpResponse:
    opened = open_drawing(request, where, slug, pk, drawing_id)
    # Seeing the drawing is as good as having it: recorded as the download is.
    audit(
        "drawing.view",
        actor=request.user,
        obj=opened.drawing,
        group=opened.group,
        summary=opened.summary,
    )
    preview = _preview(opened)
    from renkei.lib.preview import preview_kind

    previewable = preview_kind(opened.drawing.kind) is not None
    state = "pending"
    if not previewable:
        state = "failed"
    elif preview is not None and preview.status != PreviewStatus.PENDING:
        state = str(preview.status)
    pages: list[dict[str, object]] = []
    svg = False
    if state == "ready" and preview is not None:
        for number, name in enumerate(preview.pages, start=1):
            svg = svg or name.endswith(".svg")
            pages.append({"number": number, "url": opened.url("file", number)})
    reason = ""
    if state == "failed":
        code = preview.error if preview is not None and previewable else "unsupported"
        reason = str(REASONS.get(code, REASONS["unreadable"]))
    return render(
        request,
        "previews/drawing.html",
        {
            "group": opened.group,
            "opened": opened,
            "drawing": opened.drawing,
            "preview": preview,
            "state": state,
            "reason": reason,
            "pages": pages,
            "svg": svg,
            "mesh_url": opened.url("mesh") if state == "ready" and preview and preview.mesh else "",
            "size": _size(preview) if preview is not None and state == "ready" else "",
        },
    )


def _size(preview: DrawingPreview) -> str:
    """「100 × 50 × 20」: whole millimetres without a decimal, else to 0.1 mm."""
    sizes = preview.size_mm
    if not sizes:
        return ""
    return " × ".join(f"{v:.1f}".removesuffix(".0") for v in sizes)


def _serve(name: str) -> FileResponse:
    if not name:
        raise Http404
    suffix = PurePosixPath(name).suffix.lower()
    content_type = CONTENT_TYPES.get(suffix)
    if content_type is None:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except OSError as missing:  # removed meanwhile (a newer preview replaced it)
        raise Http404 from missing
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = f'inline; filename="preview{suffix}"'
    if suffix == ".svg":
        response["Content-Security-Policy"] = SVG_POLICY
    return response


def _ready(request: HttpRequest, where: str, slug: str, pk: int, drawing_id: int) -> DrawingPreview:
    opened = open_drawing(request, where, slug, pk, drawing_id)
    preview = _preview(opened)
    if preview is None or preview.status != PreviewStatus.READY:
        raise Http404
    return preview


@login_required
def thumbnail(
    request: HttpRequest, slug: str, pk: int, drawing_id: int, where: str
) -> FileResponse:
    return _serve(_ready(request, where, slug, pk, drawing_id).thumbnail)


@login_required
def page_file(
    request: HttpRequest, slug: str, pk: int, drawing_id: int, number: int, where: str
) -> FileResponse:
    pages = _ready(request, where, slug, pk, drawing_id).pages
    if not 1 <= number <= len(pages):
        raise Http404
    return _serve(pages[number - 1])


@login_required
def mesh(request: HttpRequest, slug: str, pk: int, drawing_id: int, where: str) -> FileResponse:
    return _serve(_ready(request, where, slug, pk, drawing_id).mesh)
