"""Celery tasks of the upload desk, named after the services they run (no logic of their own)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="intake.upload_prepare")
def upload_prepare(run_id: int) -> str:
    """Read an uploaded file: preview a notice, or import a newspaper page."""
    from . import uploads
    from .models import ImportRun

    run = ImportRun.objects.filter(pk=run_id).first()
    return uploads.upload_prepare(run).status if run else "missing"


@shared_task(name="intake.upload_apply")
def upload_apply(run_id: int) -> str:
    """Import a confirmed upload into the ledger."""
    from . import uploads
    from .models import ImportRun

    run = ImportRun.objects.filter(pk=run_id).first()
    return uploads.upload_apply(run).status if run else "missing"


@shared_task(name="intake.uploads_reap")
def uploads_reap() -> int:
    """Fail the uploads stuck in a working step past the timeout (beat, every few minutes)."""
    from . import uploads

    return uploads.uploads_reap()
