"""python manage.py import_newspaper PATH [--date YYYY-MM-DD] — a newspaper page as evidence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.gazette.parsing import GazetteFormatError
from apps.intake.services import import_newspaper_file


class Command(BaseCommand):
    help = "导入报纸版面：拆分报道并推荐相关事项。Import a newspaper page, split it and suggest evidence."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--date", help="出版日期 YYYY-MM-DD（缺省时从正文中找）")

    def handle(self, *args, path: str, date: str | None, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"找不到文件：{path}（file not found）")
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError as error:
            raise CommandError(f"日期格式应为 YYYY-MM-DD，收到：{date}") from error
        try:
            result, _ = import_newspaper_file(data=file.read_bytes(), filename=file.name, published_on=day)
        except GazetteFormatError as error:
            raise CommandError(error.message) from error
        state = "已导入" if result.created else "已存在，已更新拆分与推荐"
        self.stdout.write(
            f"报纸版面 {file.name}：{state}；报道 {result.articles} 篇，新增推荐 {result.suggestions} 条"
        )
        for line, text in result.leftovers:
            self.stdout.write(f"  未归入报道（第 {line} 行）：{text[:40]}")
