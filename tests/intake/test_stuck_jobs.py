"""A run whose worker died does not poll forever: the reaper fails it, and retry or cancel work."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from apps.intake import uploads
from apps.intake.models import ImportRun
from apps.reports.models import ReportFile
from apps.reports.services import reports_reap
from tests.conftest import GAZETTE


def _stuck_run(status: str, *, minutes: int, confirmed: bool) -> ImportRun:
    started = timezone.now() - dt.timedelta(minutes=minutes)
    return ImportRun.objects.create(
        filename=GAZETTE.name,
        file_hash="x" * 64,
        payload=GAZETTE.read_bytes(),
        file_size=GAZETTE.stat().st_size,
        started_at=started,
        confirmed_at=started if confirmed else None,
        status=status,
        stage="写入台账",
    )


def test_the_reaper_fails_only_runs_stuck_past_the_timeout(plan, settings):
    settings.LEDGER_JOB_TIMEOUT_MINUTES = 30
    stuck = _stuck_run(ImportRun.Status.APPLYING, minutes=45, confirmed=True)
    fresh = _stuck_run(ImportRun.Status.READING, minutes=5, confirmed=False)
    done = _stuck_run(ImportRun.Status.IMPORTED, minutes=90, confirmed=True)
    assert uploads.uploads_reap() == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    done.refresh_from_db()
    assert (stuck.status, stuck.message) == ("failed", uploads.STUCK_MESSAGE)
    assert stuck.payload is not None  # kept, so the run can be retried
    assert fresh.status == "reading" and done.status == "imported"


def test_retry_runs_the_confirmed_import_again_and_cancel_ends_it(
    admin_client, plan, settings, django_capture_on_commit_callbacks, celery_in_process
):
    settings.LEDGER_JOB_TIMEOUT_MINUTES = 30
    run = _stuck_run(ImportRun.Status.APPLYING, minutes=45, confirmed=True)
    uploads.uploads_reap()
    page = admin_client.get(reverse("intake:run", args=[run.pk])).content.decode()
    assert "处理超时" in page and "重试" in page
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("intake:retry", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UNCHANGED and run.payload is None  # the seed is already in
    # A second retry does nothing: the run is over.
    assert not uploads.upload_retry(run)

    other = _stuck_run(ImportRun.Status.QUEUED, minutes=45, confirmed=False)
    uploads.uploads_reap()
    admin_client.post(reverse("intake:cancel", args=[other.pk]))
    other.refresh_from_db()
    assert other.status == ImportRun.Status.CANCELLED and other.payload is None


def test_stuck_reports_are_failed(plan, settings):
    settings.LEDGER_JOB_TIMEOUT_MINUTES = 30
    record = ReportFile.objects.create(
        plan=plan,
        format="xlsx",
        period_kind="week",
        period_start=dt.date(2024, 6, 10),
        period_end=dt.date(2024, 6, 16),
        period_label="第24周",
        status=ReportFile.Status.RUNNING,
    )
    ReportFile.objects.filter(pk=record.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert reports_reap() == 1
    record.refresh_from_db()
    assert record.status == "failed" and "生成超时" in record.error
