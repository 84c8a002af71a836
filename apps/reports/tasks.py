"""Celery tasks of the reports app."""

from __future__ import annotations

from celery import shared_task

from apps.supervision import clock, standings
from apps.supervision.periods import WEEK, period_of

from .models import ReportFile


@shared_task(name="reports.generate")
def generate_report(record_id: int) -> str:
    from .services import report_generate

    record = ReportFile.objects.select_related("plan__district").get(pk=record_id)
    return report_generate(record=record).status


@shared_task(name="reports.weekly")
def weekly_reports() -> int:
    """After each weekly deadline: the week's ledger and bulletin for every plan of the year."""
    from apps.tracking.models import Plan

    from .services import report_request

    now = clock.now()
    week = period_of(WEEK, now.date())
    if week.deadline(standings.deadline_rules()) > now:
        week = week.previous()
    made = 0
    for plan in Plan.objects.filter(year=week.end.year).select_related("district"):
        for fmt in (ReportFile.Format.XLSX, ReportFile.Format.DOCX):
            if not ReportFile.objects.filter(
                plan=plan, format=fmt, period_kind=WEEK, period_start=week.start, created_by=None
            ).exists():
                report_request(plan=plan, fmt=fmt, period=week, params={}, user=None)
                made += 1
    return made


@shared_task(name="reports.reap_stuck")
def reap_stuck() -> int:
    """Fail the reports stuck in generation past the timeout, so their page stops waiting."""
    from .services import reports_reap

    return reports_reap()
