"""Celery tasks of the gazette app: imports run in the background for the browser upload."""

from __future__ import annotations

import base64

from celery import shared_task

from .parsing import GazetteFormatError
from .services import gazette_import


@shared_task(name="gazette.import_gazette")
def import_gazette_task(data_b64: str, filename: str = "", user_id: int | None = None) -> dict:
    """Import a gazette file sent as base64; returns the run's id and outcome.

    A refused file is an answer, not a failure: the task returns the bilingual message.
    """
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        run = gazette_import(data=base64.b64decode(data_b64), filename=filename, user=user)
    except GazetteFormatError as error:
        return {"status": "refused", "message": error.message}
    return {"status": run.status, "run": run.pk, "plan": run.counts.get("plan"), "message": run.message}


@shared_task(name="gazette.prepare_upload")
def prepare_upload(run_id: int) -> str:
    """Read an uploaded file: preview a gazette, or import a newspaper page."""
    from .models import ImportRun
    from .uploads import upload_prepare

    run = ImportRun.objects.filter(pk=run_id).first()
    return upload_prepare(run).status if run else "missing"


@shared_task(name="gazette.apply_upload")
def apply_upload(run_id: int) -> str:
    """Import a confirmed upload into the ledger."""
    from .models import ImportRun
    from .uploads import upload_apply

    run = ImportRun.objects.filter(pk=run_id).first()
    return upload_apply(run).status if run else "missing"


@shared_task(name="gazette.reap_stuck_runs")
def reap_stuck_runs() -> int:
    """Fail the uploads stuck in a working step past the timeout (beat, every few minutes)."""
    from .uploads import uploads_reap

    return uploads_reap()
