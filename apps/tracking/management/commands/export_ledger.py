"""python manage.py export_ledger --format json|csv [--plan 2024-兖州区]."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from apps.tracking.exports import ledger_csv, ledger_document
from apps.tracking.selectors import PlanNotFound, plan_by_key, plan_list


class Command(BaseCommand):
    help = "导出台账（JSON 或 CSV）。Export the ledger as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--plan", help="如 2024-兖州区；不写则导出全部计划")

    def handle(self, *args, format: str, plan: str | None, **options):
        try:
            plans = [plan_by_key(plan)] if plan else list(plan_list())
        except PlanNotFound as error:
            raise CommandError(str(error)) from error
        if format == "json":
            self.stdout.write(json.dumps(ledger_document(plans), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(ledger_csv(plans), ending="")
