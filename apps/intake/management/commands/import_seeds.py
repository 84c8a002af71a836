"""python manage.py import_seeds DIR — import every seed document in a folder.

Gazette issues go through the gazette importer first (sorted: the gazette's officials and
units make the dictionary newspaper matching uses); newspaper pages are split into
articles and suggested as evidence. A second run
imports nothing twice: a file whose exact bytes were imported before is skipped.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.gazette.parsing import GazetteFormatError
from apps.intake.services import (
    already_imported,
    import_gazette_file,
    import_newspaper_file,
    looks_like_newspaper,
    newspaper_split,
)
from apps.search.models import SearchEntry
from apps.search.services import rebuild


class Command(BaseCommand):
    help = "导入种子文件夹中的全部文件（公报与报纸版面）。Import every seed document."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default="seeds")

    def handle(self, *args, folder: str, **options):
        root = Path(folder)
        if not root.is_dir():
            raise CommandError(f"找不到文件夹：{folder}")
        files = sorted(root.glob("*.txt"), key=lambda f: (looks_like_newspaper(f.read_bytes()), f.name))
        for file in files:
            data = file.read_bytes()
            newspaper = looks_like_newspaper(data)
            if already_imported(data) and (not newspaper or newspaper_split(data)):
                self.stdout.write(f"{file.name}：已导入过，跳过")
                continue
            if newspaper:
                result, _ = import_newspaper_file(data=data, filename=file.name)
                state = "已导入" if result.created else "已存在"
                self.stdout.write(
                    f"报纸版面 {file.name}：{state}，报道 {result.articles} 篇，推荐 {result.suggestions} 条"
                )
                continue
            try:
                run = import_gazette_file(data=data, filename=file.name)
            except GazetteFormatError as error:
                raise CommandError(f"{file.name}: {error.message}") from error
            self.stdout.write(f"政府公报 {file.name}：{run.get_status_display()}，{run.message}")
        if not SearchEntry.objects.exists():
            self.stdout.write(f"检索索引：已建立 {rebuild()} 条")
