"""Backup and restore (issue 12, item 8).

A backup of the seeded ledger plus an attachment and an archived report, restored into a
fresh database (a new SQLite file, or a new PostgreSQL database in CI), gives the same
ledger exports, the same row counts and the same media files byte for byte. A damaged or
mismatched archive, or a target that already holds data, is refused and nothing changes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from apps.operations.services import backups_prune
from apps.reports.models import ReportFile
from apps.supervision.models import Attachment, ProgressReport
from apps.tracking.models import Item, ItemUnit, Plan

from .checksums import CHECKSUMS_SCRIPT, ledger_checksums, media_digests

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"
BEIJING = ZoneInfo("Asia/Shanghai")
# Every byte value, so a text-mode or encoding slip anywhere would show.
ATTACHMENT = bytes(range(256)) * 64
REPORT_CSV = "\ufeff序号,简称,亮灯\n11,外贸稳进提质,绿灯\n".encode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.MEDIA_ROOT


def add_media_rows(plan: Plan) -> None:
    """A progress report's attachment and an archived weekly report: rows and files."""
    item = Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=11)
    host = item.unit_links.filter(role=ItemUnit.Role.HOST).first().unit
    report = ProgressReport.objects.create(
        item=item,
        period_start=dt.date(2024, 6, 10),
        period_end=dt.date(2024, 6, 16),
        unit=host,
        progress="外贸进出口完成全年目标的 55%。",
        percent=55,
    )
    attachment = Attachment(report=report, name="进展说明.pdf", size=len(ATTACHMENT), kind="pdf")
    attachment.file.save("进展说明.pdf", ContentFile(ATTACHMENT))
    record = ReportFile(
        plan=plan,
        format=ReportFile.Format.CSV,
        period_kind="week",
        period_start=dt.date(2024, 6, 10),
        period_end=dt.date(2024, 6, 16),
        period_label="2024年第24周",
        status=ReportFile.Status.DONE,
    )
    record.file.save("兖州区周报-2024-24.csv", ContentFile(REPORT_CSV))


def make_backup(folder: Path) -> Path:
    out = io.StringIO()
    call_command("backup", "--output", str(folder), stdout=out)
    archives = sorted(folder.glob("ledger-*.tar.gz"))
    assert len(archives) == 1, out.getvalue()
    return archives[0]


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def rewrite_archive(archive: Path, tmp_path: Path, change) -> None:
    """Unpack, let ``change`` alter the files or the manifest, pack again under the same name."""
    root = tmp_path / f"unpacked-{uuid.uuid4().hex[:8]}"
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(root, filter="data")
    change(root)
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            tar.add(path, arcname=path.relative_to(root).as_posix())


def manage(*args: str, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    """manage.py in a separate process, on another database and media folder."""
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}
    env.setdefault("SECRET_KEY", "test-only-restore-key")
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env=env,
        cwd=MANAGE.parent,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def seeded_plan(gazette_bytes) -> Plan:
    """Transactional tests run after the others and may find the database flushed."""
    from apps.gazette.services import gazette_import

    if not Item.objects.exists():
        gazette_import(data=gazette_bytes, filename="003_515eea467fa1cdce.txt")
    return Plan.objects.get(year=2024, district__name="兖州区")


def assert_round_trip(tmp_path: Path, media: Path, plan: Plan, target_url: str) -> None:
    add_media_rows(plan)
    archive = make_backup(tmp_path / "backups")
    source = ledger_checksums()
    source_media = media_digests(media)
    assert source["rows"]["supervision.attachment"] == 1 and source["rows"]["tracking.item"] > 80
    assert len(source_media) == 2

    restored_media = tmp_path / "restored-media"
    restored = manage("restore", str(archive), database_url=target_url, media_root=restored_media)
    assert restored.returncode == 0, restored.stderr
    assert "恢复完成" in restored.stdout
    shown = manage("shell", "-c", CHECKSUMS_SCRIPT, database_url=target_url, media_root=restored_media)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout.strip().splitlines()[-1]) == source
    assert media_digests(restored_media) == source_media

    # Restoring again onto what is now a full database needs --force.
    again = manage("restore", str(archive), database_url=target_url, media_root=restored_media)
    assert again.returncode != 0 and "--force" in again.stderr


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip")
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_into_a_new_file(tmp_path, media, gazette_bytes):
    target = tmp_path / "restored.sqlite3"
    assert_round_trip(tmp_path, media, seeded_plan(gazette_bytes), f"sqlite:///{target}")


@pytest.fixture
def fresh_postgres_database():
    """A new, empty PostgreSQL database on the test server; dropped afterwards."""
    import psycopg
    from psycopg import sql

    params = connection.settings_dict
    name = f"jining_restore_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    credentials = quote(params["USER"] or "") + (
        f":{quote(params['PASSWORD'])}" if params["PASSWORD"] else ""
    )
    try:
        yield f"postgres://{credentials}@{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}/{name}"
    finally:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL), as in CI")
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_restores_into_a_new_database(
    tmp_path, media, gazette_bytes, fresh_postgres_database
):
    # pg_dump reads what is committed: hence a transactional test.
    assert_round_trip(tmp_path, media, seeded_plan(gazette_bytes), fresh_postgres_database)


def test_the_manifest_lists_every_file_with_size_and_checksum(plan, media, tmp_path):
    add_media_rows(plan)
    archive = make_backup(tmp_path / "backups")
    manifest = read_manifest(archive)
    made = dt.datetime.fromisoformat(manifest["created_at"])
    assert archive.name == f"ledger-{made:%Y%m%d-%H%M%S}.tar.gz" and made.utcoffset() == dt.timedelta(hours=8)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["app"]["version"]
    assert manifest["migrations"]["tracking"].startswith("00")
    assert manifest["rows"]["tracking.item"] == Item.objects.count()
    files = {entry["path"]: entry for entry in manifest["files"]}
    assert manifest["database"]["file"] in files
    for relative, digest in media_digests(media).items():
        entry = files[f"media/{relative}"]
        assert entry["sha256"] == digest and entry["size"] == (media / relative).stat().st_size
    assert len(files) == 3


def flip_a_byte(pattern: str):
    def change(root: Path) -> None:
        path = next(root.glob(pattern))
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(data))

    return change


def remove_the_attachment(root: Path) -> None:
    next(root.rglob("进展说明*.pdf")).unlink()


def edit_manifest(**changes):
    def change(root: Path) -> None:
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        for key, value in changes.items():
            section, field = key.split("__")
            manifest[section][field] = value
        (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")

    return change


@pytest.mark.parametrize(
    ("change", "zh", "en"),
    [
        (flip_a_byte("media/**/*.pdf"), "SHA-256 与清单不一致", "Checksum failure"),
        (flip_a_byte("database.*"), "SHA-256", "differs"),
        (remove_the_attachment, "缺少", "missing"),
        (edit_manifest(database__vendor="oracle"), "数据库类型不一致", "vendor mismatch"),
        (
            edit_manifest(migrations__tracking="9999_from_a_newer_release"),
            "比当前代码新",
            "this code does not know",
        ),
    ],
    ids=["attachment-byte", "dump-byte", "missing-file", "vendor", "newer-migrations"],
)
def test_restore_refuses_a_damaged_or_mismatched_archive(change, zh, en, plan, media, tmp_path):
    add_media_rows(plan)
    archive = make_backup(tmp_path / "backups")
    rewrite_archive(archive, tmp_path, change)
    before, before_media = ledger_checksums(), media_digests(media)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert zh in str(refused.value) and en in str(refused.value)
    with pytest.raises(CommandError):
        call_command("restore", str(archive), "--check", stdout=io.StringIO())
    assert ledger_checksums() == before
    assert media_digests(media) == before_media


def test_restore_onto_a_database_with_data_needs_force(plan, media, tmp_path):
    add_media_rows(plan)
    archive = make_backup(tmp_path / "backups")
    before, before_media = ledger_checksums(), media_digests(media)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), stdout=io.StringIO())
    assert "已有数据" in str(refused.value) and "--force" in str(refused.value)
    assert ledger_checksums() == before and media_digests(media) == before_media

    checked = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=checked)
    assert "archive verified" in checked.getvalue()


def test_prune_deletes_old_archives_but_always_keeps_the_newest(tmp_path, settings):
    now = dt.datetime(2024, 6, 14, 18, 0, tzinfo=BEIJING)
    names = [
        "ledger-20240401-023000.tar.gz",
        "ledger-20240514-023000.tar.gz",
        "ledger-20240614-023000.tar.gz",
    ]
    for name in [*names, "notes.txt"]:
        (tmp_path / name).write_bytes(b"x")

    removed = backups_prune(directory=tmp_path, keep_days=30, now=now)
    assert sorted(p.name for p in removed) == names[:2]
    assert sorted(p.name for p in tmp_path.iterdir()) == [names[2], "notes.txt"]

    # Long after the last backup, the newest one still stays.
    later = now + dt.timedelta(days=365)
    assert backups_prune(directory=tmp_path, keep_days=30, now=later) == []
    assert (tmp_path / names[2]).exists()
