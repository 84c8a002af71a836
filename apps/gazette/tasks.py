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
