"""python manage.py import_seeds DIR — import every seed document in a folder.

Gazette issues go through the gazette importer; newspaper pages are registered as
source documents (article splitting and evidence linking work on them). A second run
imports nothing twice: a file whose exact bytes were imported before is skipped.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.gazette.parsing import GazetteFormatError
from apps.gazette.services import already_imported, gazette_import, looks_like_newspaper, newspaper_register


class Command(BaseCommand):
    help = "导入种子文件夹中的全部文件（公报与报纸版面）。Import every seed document."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", default="seeds")

    def handle(self, *args, folder: str, **options):
        root = Path(folder)
        if not root.is_dir():
            raise CommandError(f"找不到文件夹：{folder}")
        for file in sorted(root.glob("*.txt")):
            data = file.read_bytes()
            if already_imported(data):
                self.stdout.write(f"{file.name}：已导入过，跳过")
                continue
            if looks_like_newspaper(data):
                document, created = newspaper_register(data=data, filename=file.name)
                state = "已登记" if created else "已存在"
                self.stdout.write(f"报纸版面 {file.name}：{state}（{document.title}）")
                continue
            try:
                run = gazette_import(data=data, filename=file.name)
            except GazetteFormatError as error:
                raise CommandError(f"{file.name}: {error.message}") from error
            self.stdout.write(f"政府公报 {file.name}：{run.get_status_display()}，{run.message}")
