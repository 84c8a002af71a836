"""python manage.py restore ARCHIVE [--force] [--check]: put a backup back, after checking it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.operations.archive import BackupRefused
from apps.operations.services import backup_check, backup_restore


class Command(BaseCommand):
    help = (
        "从备份恢复数据库和附件。先核对清单中每个文件的 SHA-256、数据库类型和迁移版本，"
        "不一致则拒绝且不做任何改动。Restore a backup; every check runs before anything changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="覆盖已有数据 / overwrite a database that holds data"
        )
        parser.add_argument(
            "--check", action="store_true", help="只检查备份，不恢复 / verify only, change nothing"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive: Path, force: bool, check: bool, database: str, **options):
        try:
            if check:
                result = backup_check(archive=archive, using=database)
            else:
                result = backup_restore(archive=archive, force=force, using=database)
        except BackupRefused as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            f"{'备份完好 / archive verified' if check else '恢复完成 / restored'}: {archive}\n"
            f"  备份时间 / made at {manifest['created_at']}，版本 / version {manifest['app']['version']}，"
            f"{manifest['database']['vendor']}，{len(manifest['files'])} 个文件 / files"
        )
        if result.migrate_needed:
            self.stdout.write(
                f"  代码比备份新（{'、'.join(result.migrate_needed)}）：恢复后请运行 python manage.py migrate\n"
                "  The code has newer migrations: run `python manage.py migrate` after restoring"
            )
        for label, (expected, found) in result.row_differences.items():
            self.stderr.write(f"  行数不符 / row count differs: {label} 备份 {expected}，恢复后 {found}")
        if result.row_differences:
            raise CommandError(
                "恢复后的行数与备份清单不符。Row counts after restore differ from the manifest."
            )
