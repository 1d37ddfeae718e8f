"""The coordinator's import and export page, the progress of an import, and the downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.imports import exporting
from renkei.imports.columns import SHEETS
from renkei.imports.forms import ImportForm
from renkei.imports.models import ImportJob
from renkei.imports.reading import FileProblem
from renkei.imports.services import start_import
from renkei.orgs.permissions import coordinator_group_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def group_imports(request: HttpRequest, slug: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = start_import(
                actor=request.user,
                group=group,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
            )
        except FileProblem as problem:
            for message in problem.messages:
                form.add_error("file", message)
        else:
            return redirect("imports:job", slug=group.slug, pk=job.pk)
    if request.method == "POST":
        messages.error(request, _("Nothing was imported. Please see the messages below."))
    jobs = ImportJob.objects.for_group(group).select_related("created_by")[:10]
    return render(
        request,
        "imports/group.html",
        {"group": group, "form": form, "jobs": jobs, "sheets": SHEETS.values()},
        status=400 if form.errors else 200,
    )


@login_required
def job(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    job = get_object_or_404(ImportJob.objects.for_group(group), pk=pk)
    template = "imports/_job.html" if request.htmx else "imports/job.html"  # type: ignore[attr-defined]
    return render(request, template, {"group": group, "job": job})


@login_required
def template_file(request: HttpRequest, slug: str, kind: str, fmt: str) -> HttpResponse:
    coordinator_group_or_404(request, slug)
    if fmt == "xlsx" and kind == "all":
        return _download(exporting.to_xlsx(None), "renkei-template.xlsx", XLSX)
    spec = SHEETS.get(kind)
    if fmt != "csv" or spec is None:
        raise Http404
    data = exporting.to_csv([exporting.headers(spec)])
    return _download(data, f"renkei-template-{kind}.csv", "text/csv; charset=utf-8")


@login_required
def export_file(request: HttpRequest, slug: str, kind: str, fmt: str) -> HttpResponse:
    group = coordinator_group_or_404(request, slug)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx" and kind == "all":
        data, name, content_type = exporting.to_xlsx(group), f"{group.slug}-{stamp}.xlsx", XLSX
    elif fmt == "csv" and kind in SHEETS:
        table = [exporting.headers(SHEETS[kind]), *exporting.rows(group, kind)]
        data, content_type = exporting.to_csv(table), "text/csv; charset=utf-8"
        name = f"{group.slug}-{kind}-{stamp}.csv"
    else:
        raise Http404
    audit("import.export", actor=request.user, group=group, summary=name)
    return _download(data, name, content_type)


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
