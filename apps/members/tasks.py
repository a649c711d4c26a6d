"""Background work of the members app: large imports run as a django-tasks task, with progress."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from apps.core import context
from apps.core.models import ImportJob
from apps.members.columns import bilingual
from apps.members.importers import ImportOptions, ImportReport, import_file
from apps.organizations.models import Organization

logger = logging.getLogger(__name__)

KIND = "members"


def job_path(job: ImportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / job.file_path


def _progress(job: ImportJob) -> Any:
    def report(phase: str, rows: int) -> None:
        status = ImportJob.Status.WRITING if phase == "writing" else ImportJob.Status.VALIDATING
        ImportJob.objects.filter(pk=job.pk).update(status=status, processed_rows=rows)

    return report


def run_job(job_id: int) -> ImportReport | None:
    """Run one import job to its end: check the file, write it all or nothing, keep the report, remove the file.

    Used by the page for small files (at once) and by the task for large ones. A job that already started
    is left alone, so a task delivered twice imports once.
    """
    started = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.VALIDATING, started_at=timezone.now()
    )
    if not started:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    options = job.options or {}
    root = Organization.objects.filter(pk=options["root_id"]).first() if options.get("root_id") else None
    path = job_path(job)
    report = ImportReport()
    try:
        # In the background, the task's audit rows carry the request id of the upload that started it.
        scope = context.action_context("task", job.request_id) if options.get("background") else contextlib.nullcontext()
        with scope:
            report = import_file(
                path,
                actor=job.created_by,
                options=ImportOptions(
                    root=root,
                    given_syllables=int(options.get("given_syllables") or 1),
                    dry_run=bool(options.get("dry_run")),
                ),
                progress=_progress(job),
                job_id=job.pk,
                source_name=job.original_name,
            )
        status = ImportJob.Status.SUCCEEDED if report.ok else ImportJob.Status.REJECTED
        if report.failure:
            status = ImportJob.Status.FAILED
    except Exception:
        logger.exception("import job %s failed", job_id)
        report.failure = bilingual(_("Gặp sự cố khi nhập, chưa nhập gì."), "The import failed; nothing was imported.")
        status = ImportJob.Status.FAILED
    finally:
        path.unlink(missing_ok=True)
    ImportJob.objects.filter(pk=job_id).update(
        status=status,
        total_rows=report.total_rows,
        processed_rows=report.total_rows,
        created_rows=report.created,
        report=report.to_json(),
        finished_at=timezone.now(),
    )
    return report


@task()
def import_members(job_id: int) -> dict[str, Any]:
    """The task of a large import (see :func:`run_job`)."""
    report = run_job(job_id)
    return {"created": report.created if report else 0, "errors": report.error_count if report else 0}


def start_job(job: ImportJob) -> None:
    """Run the job in the background once the transaction that created it commits."""
    transaction.on_commit(lambda: import_members.enqueue(job.pk))
