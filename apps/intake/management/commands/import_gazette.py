"""python manage.py import_gazette PATH [--district 名称 --year 年度] — import a gazette issue,
or a notice on its own (breakdown, livelihood projects, division of labour, any supported format)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.gazette.parsing import GazetteFormatError
from apps.intake.services import import_gazette_file


class Command(BaseCommand):
    help = (
        "导入一期政府公报，或单独的分解落实/民生实事/领导分工通知（.txt/.docx/.pdf/.xlsx/.csv）。"
        "Import a gazette issue or a notice on its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="文件：.txt（UTF-8 或 GB18030/GBK）、.docx、.pdf、.xlsx 或 .csv")
        parser.add_argument("--district", default="", help="单独的通知导入到哪个区县（文中未写明时）")
        parser.add_argument("--city", default="", help="所属市（新建区县时）")
        parser.add_argument("--year", type=int, default=None, help="单独的通知属于哪一年度（文中未写明时）")
        parser.add_argument("--warnings", action="store_true", help="列出全部解析提示")

    def handle(self, *args, path: str, warnings: bool, district: str, city: str, year: int | None, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"找不到文件：{path}\nFile not found: {path}")
        try:
            target = {k: v for k, v in {"district": district, "city": city, "year": year}.items() if v}
            run = import_gazette_file(data=file.read_bytes(), filename=file.name, target=target or None)
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
