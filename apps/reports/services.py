"""Generating reports into the archive: at once when small, in Celery with progress when large."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from apps.supervision import clock
from apps.tracking import formats
from apps.tracking.cells import csv_text
from apps.tracking.models import Plan

from .bulletin import build_bulletin, bulletin_issue
from .models import ReportFile
from .selectors import LIGHT_LABELS, PeriodReport, Row, filtered_items, period_report
from .xlsx import COLUMNS, Column, build_xlsx


def csv_value(column: Column, row: Row) -> str:
    """A ledger column as CSV text: Beijing time as 2024-06-07 09:00, progress as 50%."""
    value = column.value(row)
    if column.kind == "percent":
        return f"{formats.number_text(value)}%"
    if column.kind == "light":
        return LIGHT_LABELS[value]
    if column.kind == "moment":
        return formats.moment_iso(value)
    if column.kind == "number":
        return formats.number_text(value)
    return csv_text(value)


def build_csv(report: PeriodReport) -> bytes:
    """The report's rows with the xlsx ledger's columns, preceded by 类别."""
    out = io.StringIO()
    out.write("\ufeff")  # Excel and WPS read UTF-8 with a BOM as UTF-8
    writer = csv.writer(out)
    writer.writerow(["类别", *(column.header for column in COLUMNS)])
    for row in report.rows:
        writer.writerow([csv_text(row.item.get_kind_display()), *(csv_value(c, row) for c in COLUMNS)])
    return out.getvalue().encode("utf-8")


def is_large(*, plan: Plan, params: dict) -> bool:
    return len(filtered_items(plan=plan, params=params)) > getattr(settings, "REPORT_ASYNC_THRESHOLD", 200)


def report_request(*, plan: Plan, fmt: str, period, params: dict, user) -> ReportFile:
    """Archive a new report; builds it now when small, hands it to Celery when large."""
    record = ReportFile.objects.create(
        plan=plan,
        format=fmt,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        filters=params,
        created_by=user,
    )
    if is_large(plan=plan, params=params):
        from .tasks import generate_report

        transaction.on_commit(lambda: generate_report.delay(record.pk))
    else:
        report_generate(record=record)
    return record


def report_generate(*, record: ReportFile) -> ReportFile:
    from apps.supervision.periods import Period

    record.status = ReportFile.Status.RUNNING
    record.save(update_fields=["status"])
    period = Period(record.period_kind, record.period_start, record.period_end)
    try:
        report = period_report(plan=record.plan, period=period, params=record.filters)

        def progress(done: int, total: int) -> None:
            value = min(99, int(100 * done / max(total, 1)))
            if value >= record.progress + 10:
                record.progress = value
                record.save(update_fields=["progress"])

        if record.format == ReportFile.Format.XLSX:
            data = build_xlsx(report, progress=progress)
        elif record.format == ReportFile.Format.DOCX:
            data = build_bulletin(report, issue=bulletin_issue(plan=record.plan, period=period))
        else:
            data = build_csv(report)
    except Exception as error:  # recorded on the archive row for the user to see
        record.status, record.error, record.finished_at = ReportFile.Status.FAILED, str(error), clock.now()
        record.save(update_fields=["status", "error", "finished_at"])
        raise
    record.file.save(f"{record.pk}.{record.format}", ContentFile(data), save=False)
    record.rows = len(report.rows)
    record.status, record.progress, record.finished_at = ReportFile.Status.DONE, 100, clock.now()
    record.save()
    return record


def reports_reap(*, now=None) -> int:
    """Reports pending or running past the job timeout (their worker died) are marked failed."""
    import datetime as dt

    from django.utils import timezone

    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=settings.LEDGER_JOB_TIMEOUT_MINUTES)
    return ReportFile.objects.filter(
        status__in=[ReportFile.Status.PENDING, ReportFile.Status.RUNNING], created_at__lt=cutoff
    ).update(status=ReportFile.Status.FAILED, error="生成超时（后台任务中断），请重新生成。", finished_at=now)
