"""Generating reports into the archive: at once when small, in Celery with progress when large."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from apps.supervision import clock
from apps.tracking.models import Plan

from .bulletin import build_bulletin
from .models import ReportFile
from .selectors import LIGHT_LABELS, PeriodReport, filtered_items, period_report
from .xlsx import build_xlsx

CSV_HEADER = [
    "类别",
    "序号",
    "任务（摘要）",
    "牵头领导",
    "主办单位",
    "协办单位",
    "本期进展",
    "完成进度",
    "亮灯",
    "存在问题",
    "下步打算",
    "报送时间",
]


def build_csv(report: PeriodReport) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")  # Excel and WPS read UTF-8 with a BOM as UTF-8
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in report.rows:
        r = row.report
        writer.writerow(
            [
                row.item.get_kind_display(),
                row.item.number,
                row.item.title,
                "、".join(row.leads),
                "、".join(row.hosts),
                "、".join(row.co_units),
                r.progress if r else "本期未报送",
                f"{row.item.progress}%",
                LIGHT_LABELS[row.item.light],
                r.problems if r else "",
                r.next_steps if r else "",
                r.submitted_at.strftime("%Y-%m-%d %H:%M") if r and r.submitted_at else "",
            ]
        )
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
            data = build_bulletin(report)
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
