"""Backups of the whole system state: create, check, restore, prune.

A backup is one archive (see archive.py for its layout) named with the Beijing time it was
made, ``ledger-20240614-180000.tar.gz``. Restore checks everything it can before it
touches anything: every file against the manifest, the database vendor, the migration
state against the code, the dump itself, and whether the target already holds data.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections

from . import databases
from .archive import BackupRefused, archive_unpack_verified, archive_write

ARCHIVE_NAME = re.compile(r"^ledger-(\d{8}-\d{6})\.tar\.gz$")
STAMP = "%Y%m%d-%H%M%S"
PARTIAL_SUFFIX = ".partial"


def beijing_now() -> dt.datetime:
    # The real clock: a demo's pinned "ledger time" must not name or age backups.
    return dt.datetime.now(tz=ZoneInfo(settings.TIME_ZONE))


def app_version() -> str:
    try:
        return metadata.version("jining-ledger")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    seconds: float

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    migrate_needed: list[str] = field(default_factory=list)
    row_differences: dict[str, tuple[int, int]] = field(default_factory=dict)


def backup_create(*, output_dir: Path, using: str = "default") -> BackupResult:
    connection = connections[using]
    databases.vendor_supported(connection)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    output_dir = Path(output_dir).resolve()
    if output_dir.is_relative_to(media_root):
        raise BackupRefused(
            "备份目录不能放在 MEDIA_ROOT 之内", "The backup folder must not be inside MEDIA_ROOT"
        )
    output_dir.mkdir(parents=True, exist_ok=True)
    started = beijing_now()
    target = output_dir / f"ledger-{started:{STAMP}}.tar.gz"
    if target.exists():
        raise BackupRefused(f"备份文件已存在：{target}", f"The backup archive already exists: {target}")
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    manifest = {
        "created_at": started.isoformat(timespec="seconds"),
        "timestamp": int(started.timestamp()),
        "app": {"name": "jining-ledger", "version": app_version()},
        "database": {
            "vendor": connection.vendor,
            "server_version": databases.server_version(connection),
            "file": databases.DUMP_NAMES[connection.vendor],
        },
        "migrations": databases.migration_state(connection),
    }
    try:
        with tempfile.TemporaryDirectory(prefix=".staging-", dir=output_dir) as staging:
            dump, manifest["rows"] = databases.database_dump(connection, Path(staging))
            manifest = archive_write(
                target=partial, database_file=dump, media_root=media_root, manifest=manifest
            )
        # The archive holds personal data and password hashes: readable by its owner only.
        partial.chmod(0o600)
        # Only a finished archive gets its real name: a crash leaves a .partial, never a
        # truncated file that looks like a backup.
        partial.rename(target)
    finally:
        partial.unlink(missing_ok=True)
    seconds = (beijing_now() - started).total_seconds()
    return BackupResult(path=target, manifest=manifest, seconds=seconds)


def _refuse_incompatible(manifest: dict[str, Any], connection) -> list[str]:
    vendor = manifest["database"].get("vendor")
    if vendor != connection.vendor:
        raise BackupRefused(
            f"数据库类型不一致：备份来自 {vendor}，当前数据库是 {connection.vendor}",
            f"Database vendor mismatch: the backup is from {vendor}, this database is {connection.vendor}",
        )
    expected = databases.DUMP_NAMES[databases.vendor_supported(connection)]
    listed = {entry["path"] for entry in manifest["files"]}
    if manifest["database"].get("file") != expected or expected not in listed:
        raise BackupRefused(
            f"备份清单中没有数据库文件 {expected}", f"The manifest lists no database file {expected}"
        )
    state = manifest["migrations"]
    unknown = databases.migrations_unknown_to_code(state)
    if unknown:
        raise BackupRefused(
            f"备份的数据库迁移比当前代码新（{'、'.join(unknown)}）：请先部署与备份相同或更新的版本",
            f"The backup has migrations this code does not know ({', '.join(unknown)}): "
            "deploy the same or a newer version first",
        )
    return databases.migrations_behind_code(state)


def backup_check(*, archive: Path, using: str = "default") -> RestoreResult:
    """Everything restore checks, without changing anything."""
    with tempfile.TemporaryDirectory(prefix="ledger-check-") as staging:
        return _checked(Path(archive), Path(staging), connections[using])


def _checked(archive: Path, staging: Path, connection) -> RestoreResult:
    manifest = archive_unpack_verified(archive, staging)
    behind = _refuse_incompatible(manifest, connection)
    databases.dump_check(connection.vendor, staging / manifest["database"]["file"])
    return RestoreResult(manifest=manifest, migrate_needed=behind)


def _media_has_files(root: Path) -> bool:
    return root.is_dir() and any(p.is_file() for p in root.rglob("*"))


def backup_restore(*, archive: Path, force: bool = False, using: str = "default") -> RestoreResult:
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="ledger-restore-") as staging_name:
        staging = Path(staging_name)
        result = _checked(Path(archive), staging, connection)
        if not force and (databases.database_has_data(connection) or _media_has_files(media_root)):
            raise BackupRefused(
                "目标数据库或附件目录中已有数据，未作任何改动；确认要用备份覆盖时加 --force",
                "The target database or media folder already holds data; nothing was changed. "
                "Add --force to overwrite it with the backup",
            )
        databases.database_restore(connection, staging / result.manifest["database"]["file"])
        _media_replace(staging / "media", media_root)
    counts = databases.row_counts(connection)
    result.row_differences = {
        label: (expected, counts.get(label, 0))
        for label, expected in result.manifest.get("rows", {}).items()
        if counts.get(label, 0) != expected
    }
    return result


def _media_replace(source: Path, media_root: Path) -> None:
    """Make MEDIA_ROOT hold exactly the backup's files. Its contents are replaced, not the
    folder itself, which may be a mounted volume."""
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if source.is_dir():
        for child in source.iterdir():
            shutil.move(str(child), media_root / child.name)


def backups_prune(*, directory: Path, keep_days: int, now: dt.datetime | None = None) -> list[Path]:
    """Delete archives older than ``keep_days`` (by the time in their name), always keeping
    the newest; also leftovers of interrupted backups older than a day."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    now = now or beijing_now()
    zone = ZoneInfo(settings.TIME_ZONE)
    dated = sorted(
        (dt.datetime.strptime(match[1], STAMP).replace(tzinfo=zone), path)
        for path in directory.iterdir()
        if path.is_file() and (match := ARCHIVE_NAME.match(path.name))
    )
    removed = [path for made, path in dated[:-1] if now - made > dt.timedelta(days=keep_days)]
    day_ago = now.timestamp() - 86400
    removed += [
        path
        for path in directory.iterdir()
        if (path.name.endswith(PARTIAL_SUFFIX) or path.name.startswith(".staging-"))
        and path.stat().st_mtime < day_ago
    ]
    for path in removed:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    return removed
