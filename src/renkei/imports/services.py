"""Starting an import from an upload, and running it in the worker."""

import dataclasses
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation

from renkei.core.audit import audit
from renkei.imports.applying import apply_plan
from renkei.imports.models import ImportJob, ImportStatus
from renkei.imports.planning import Planner
from renkei.imports.reading import FileProblem, read_upload
from renkei.orgs.models import Group
from renkei.outbox.followups import follow_up


def start_import(*, actor: Any, group: Group, upload: UploadedFile, kind: str) -> ImportJob:
    """Reads the file once so that a file-level problem (encoding, columns, type) is refused at
    once with ``FileProblem``; the rows are checked and written by the worker."""
    data = upload.read()
    sheets = read_upload(data, upload.name or "", kind)
    upload.seek(0)
    with transaction.atomic():
        job = ImportJob(
            group=group,
            created_by=actor,
            kind=kind,
            language=translation.get_language() or "ja",
            original_name=(upload.name or "")[:255],
            total_rows=sum(len(sheet.rows) for sheet in sheets),
        )
        job.file.save(upload.name or "import", upload, save=False)
        job.save()
        audit("import.start", actor=actor, obj=job, group=group, summary=job.original_name)
        from renkei.imports.tasks import run_import

        follow_up(run_import, job.pk)
    return job


def run_job(job_id: int) -> str:
    """Checks every row, then writes them all in one transaction, or none if any has a problem.

    Safe to run twice: a finished job is left alone, and the write and the job's "done" commit
    together, so a second run after a crash starts again from a clean database.
    """
    job = ImportJob.objects.select_related("group", "created_by").filter(pk=job_id).first()
    if job is None or not job.is_running:
        return "skipped"
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CHECKING, checked_rows=0)
    with translation.override(job.language):
        try:
            with job.file.open("rb") as handle:
                sheets = read_upload(handle.read(), job.original_name, job.kind)
        except FileProblem as problem:
            _refuse(
                job, [{"sheet": "", "row": 0, "column": "", "message": m} for m in problem.messages]
            )
            return "refused"

        def progress(done: int) -> None:
            ImportJob.objects.filter(pk=job.pk).update(checked_rows=done)

        plan = Planner(job.group, progress).check(sheets)
        if plan.problems:
            _refuse(job, [dataclasses.asdict(problem) for problem in plan.problems])
            return "refused"
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.WRITING)
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if locked.status == ImportStatus.DONE:
                return "skipped"
            counts = apply_plan(plan, actor=job.created_by, group=job.group)
            locked.status = ImportStatus.DONE
            locked.summary = counts
            locked.finished_at = timezone.now()
            locked.save(update_fields=["status", "summary", "finished_at", "updated_at"])
    return "done"


def _refuse(job: ImportJob, problems: list[dict[str, object]]) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.REFUSED, problems=problems, finished_at=timezone.now()
    )
