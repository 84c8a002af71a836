"""Celery tasks of the upload desk: an upload is read, previewed and imported in the background."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="intake.prepare_upload")
def prepare_upload(run_id: int) -> str:
    """Read an uploaded file: preview a gazette, or import a newspaper page."""
    from .models import ImportRun
    from .uploads import upload_prepare

    run = ImportRun.objects.filter(pk=run_id).first()
    return upload_prepare(run).status if run else "missing"


@shared_task(name="intake.apply_upload")
def apply_upload(run_id: int) -> str:
    """Import a confirmed upload into the ledger."""
    from .models import ImportRun
    from .uploads import upload_apply

    run = ImportRun.objects.filter(pk=run_id).first()
    return upload_apply(run).status if run else "missing"


@shared_task(name="intake.reap_stuck_runs")
def reap_stuck_runs() -> int:
    """Fail the uploads stuck in a working step past the timeout (beat, every few minutes)."""
    from .uploads import uploads_reap

    return uploads_reap()
