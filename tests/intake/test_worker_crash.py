"""A Celery worker killed in the middle of an import: the database rolls back, the stuck run is
failed by the reaper and retried, and another worker finishes it — nothing half-written,
nothing stuck, nothing done twice (the task, delivered again later, finds the run finished).

Real processes: a worker started with `celery worker` against the CI broker and the test
database, killed with SIGKILL while its import transaction waits on a row this test holds.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone

from apps.intake.models import ImportRun
from apps.intake.tasks import upload_apply
from apps.tracking.models import Item

BASE = Path(__file__).resolve().parent.parent.parent
OLD, NEW = "5.用足用好", "5.全面用足用好"  # task 5 of the notice (the work report's line stays)


def _worker(queue: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jining.settings_test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_VISIBILITY_TIMEOUT": "3",  # a lost task comes back after 3 s instead of an hour
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "jining",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=WARNING",
        ],
        cwd=BASE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _waiting_on_a_lock(timeout: float = 120) -> bool:
    """True once another session waits on a row lock (the worker's import, blocked on our row)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # a transaction sees one snapshot otherwise
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.2)
    return False


@pytest.mark.broker
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
    reason="needs PostgreSQL and a Redis broker, as in CI",
)
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_rolls_back_and_the_task_is_finished(gazette_bytes):
    from apps.gazette.services import gazette_import

    if not Item.objects.exists():
        gazette_import(data=gazette_bytes, filename="003.txt")
    text = gazette_bytes.decode("utf-8")
    revised = text.replace(OLD, NEW, 1).encode("utf-8")
    assert revised != gazette_bytes
    changed = Item.objects.get(kind="task", number=5)
    now = timezone.now()
    run = ImportRun.objects.create(
        filename="revised.txt",
        file_hash=uuid.uuid4().hex * 2,
        payload=revised,
        file_size=len(revised),
        started_at=now - dt.timedelta(minutes=1),
        confirmed_at=now,
        status=ImportRun.Status.APPLYING,
    )
    queue = f"crash-{uuid.uuid4().hex[:8]}"
    first = _worker(queue)
    try:
        with transaction.atomic():
            ImportRun.objects.select_for_update().get(pk=run.pk)  # the import will wait on this row
            upload_apply.apply_async(args=[run.pk], queue=queue)
            assert _waiting_on_a_lock(), "the worker never reached the end of its import"
            first.kill()  # SIGKILL, mid-transaction
            first.wait(30)
    finally:
        if first.poll() is None:
            first.kill()
    # The killed worker's transaction is gone: not one row of the half-done import remains.
    changed.refresh_from_db()
    assert changed.text.startswith("用足用好")
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLYING and run.payload is not None

    # The run would wait for the broker to hand the task out again (after the visibility
    # timeout); the reaper does not wait that long: it fails the stuck run, and retry queues it.
    from django.test import override_settings

    from apps.intake import uploads

    with override_settings(LEDGER_JOB_TIMEOUT_MINUTES=0):
        assert uploads.uploads_reap() == 1
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert uploads.upload_retry(run)
    second = _worker(f"{queue},celery")
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status not in ImportRun.WORKING:
                break
            time.sleep(0.5)
    finally:
        second.kill()
        second.wait(30)
    assert run.status == ImportRun.Status.UPDATED, run.message
    changed.refresh_from_db()
    assert changed.text.startswith("全面用足用好")
