"""python manage.py export_report --format xlsx|docx|csv [--period week|ten_day|month] [--date D] --output FILE."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.reports import selectors
from apps.reports.bulletin import build_bulletin
from apps.reports.services import build_csv
from apps.reports.xlsx import build_xlsx
from apps.supervision import clock
from apps.supervision.periods import MONTH, TEN_DAY, WEEK, period_of
from apps.tracking.models import Plan
from apps.tracking.selectors import PlanNotFound, plan_by_key


class Command(BaseCommand):
    help = "导出一期报表（周报、旬报、月报；Excel 台账、Word 通报或 CSV）。"

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["xlsx", "docx", "csv"], required=True)
        parser.add_argument("--period", choices=[WEEK, TEN_DAY, MONTH], default=WEEK)
        parser.add_argument("--date", help="周期内的任一天，默认今天（YYYY-MM-DD）")
        parser.add_argument("--plan", help="如 2024-兖州区；默认最新计划")
        parser.add_argument("--output", required=True)

    def handle(
        self, *args, format: str, period: str, date: str | None, plan: str | None, output: str, **options
    ):
        try:
            target = (
                plan_by_key(plan)
                if plan
                else Plan.objects.select_related("district").order_by("-year").first()
            )
        except PlanNotFound as error:
            raise CommandError(str(error)) from error
        if target is None:
            raise CommandError("尚无计划：请先导入公报。")
        try:
            day = dt.date.fromisoformat(date) if date else clock.today()
        except ValueError as error:
            raise CommandError(f"日期应写作 YYYY-MM-DD，收到“{date}”") from error
        report = selectors.period_report(plan=target, period=period_of(period, day))
        builder = {"xlsx": build_xlsx, "docx": build_bulletin, "csv": build_csv}[format]
        Path(output).write_bytes(builder(report))
        self.stdout.write(f"{output}：{len(report.rows)} 项，{report.period.label}")
