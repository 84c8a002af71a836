"""python manage.py backup [--output DIR] [--prune]: one archive of the database and media."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.operations.archive import BackupRefused
from apps.operations.services import backup_create, backups_prune


class Command(BaseCommand):
    help = (
        "备份数据库和附件（含报表归档）到一个带清单和校验值的归档文件。"
        "Back up the database and media into one archive with a manifest of checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="备份目录，默认 BACKUP_DIR / backup folder")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="备份后删除超过 BACKUP_KEEP_DAYS 天的备份（始终保留最新一份）/ then delete old archives",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output: Path | None, prune: bool, database: str, **options):
        folder = output or Path(settings.BACKUP_DIR)
        try:
            result = backup_create(output_dir=folder, using=database)
        except BackupRefused as error:
            raise CommandError(str(error)) from error
        files = result.manifest["files"]
        self.stdout.write(
            f"备份完成 / backup written: {result.path}\n"
            f"  {result.size / 1024 / 1024:.1f} MB，{len(files)} 个文件 / files，"
            f"用时 {result.seconds:.1f} 秒 / seconds"
        )
        if prune:
            removed = backups_prune(directory=folder, keep_days=settings.BACKUP_KEEP_DAYS)
            for path in removed:
                self.stdout.write(f"  已删除过期备份 / pruned: {path.name}")
