"""python manage.py import_gazette PATH — import one gazette issue into the ledger."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.gazette.parsing import GazetteFormatError
from apps.intake.services import import_gazette_file


class Command(BaseCommand):
    help = "导入一期政府公报（分解落实通知、民生实事、领导分工、任免、大事记）。Import a gazette issue."

    def add_arguments(self, parser):
        parser.add_argument("path", help="公报文本文件（UTF-8 或 GB18030/GBK）")
        parser.add_argument("--warnings", action="store_true", help="列出全部解析提示")

    def handle(self, *args, path: str, warnings: bool, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"找不到文件：{path}\nFile not found: {path}")
        try:
            run = import_gazette_file(data=file.read_bytes(), filename=file.name)
        except GazetteFormatError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"{run.get_status_display()}：{run.message}（{file.name}）"))
        changes = run.counts.get("changes", {})
        for model, counts in changes.items():
            detail = "，".join(f"{what} {n}" for what, n in counts.items())
            self.stdout.write(f"  {model}: {detail}")
        if run.warnings:
            self.stdout.write(
                f"  解析提示 {len(run.warnings)} 条" + ("：" if warnings else "（--warnings 查看）")
            )
            if warnings:
                for w in run.warnings:
                    where = f"第 {w['line']} 行：" if w["line"] else ""
                    self.stdout.write(f"    {where}{w['message']}")
