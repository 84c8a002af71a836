"""The import as a Celery task: in-process without a broker, through Redis and a real worker in CI."""

from __future__ import annotations

import base64
import os

import pytest

from apps.gazette.models import ImportRun
from apps.gazette.tasks import import_gazette_task
from tests.conftest import GAZETTE, NEWSPAPER_PAGES


def test_task_runs_in_process(plan):
    result = import_gazette_task.apply(args=[base64.b64encode(GAZETTE.read_bytes()).decode(), GAZETTE.name])
    outcome = result.get()
    assert outcome["status"] == ImportRun.Status.UNCHANGED
    assert outcome["plan"] == "2024-兖州区"
    assert ImportRun.objects.get(pk=outcome["run"]).filename == GAZETTE.name


def test_task_reports_a_refused_file(plan):
    data = base64.b64encode(NEWSPAPER_PAGES[0].read_bytes()).decode()
    outcome = import_gazette_task.apply(args=[data, "page.txt"]).get()
    assert outcome["status"] == "refused"
    assert "报纸版面" in outcome["message"]


@pytest.mark.broker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker (REDIS_URL), as in CI")
@pytest.mark.django_db(transaction=True)
def test_task_through_redis_and_a_worker():
    from celery.contrib.testing.worker import start_worker
    from django.db import connections

    from jining.celery import app

    data = base64.b64encode(GAZETTE.read_bytes()).decode()
    with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
        result = import_gazette_task.delay(data, GAZETTE.name)
        outcome = result.get(timeout=60)
    connections.close_all()
    assert outcome["status"] in (ImportRun.Status.IMPORTED, ImportRun.Status.UNCHANGED)
    assert outcome["plan"] == "2024-兖州区"
    run = ImportRun.objects.get(pk=outcome["run"])
    assert run.counts["parsed"]["tasks"] == 76
