"""The database side of a backup, per vendor: dump, check a dump, restore, and the facts
the manifest records (migration state, row counts).

PostgreSQL goes through pg_dump / pg_restore with the connection settings of the Django
database (the password in PGPASSWORD, never on a command line); SQLite through the sqlite3
backup API, which copies a consistent snapshot page by page.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from .archive import BackupRefused

DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Rows that `migrate` itself writes: a database holding only these counts as empty.
SCAFFOLDING = {"contenttypes.contenttype", "auth.permission"}
# Fail instead of waiting forever when the web app or a worker still holds a table.
PG_LOCK_TIMEOUT = "-c lock_timeout=60s"


def vendor_supported(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupRefused(
            f"不支持备份 {connection.vendor} 数据库（支持 PostgreSQL、SQLite）",
            f"Backing up a {connection.vendor} database is not supported (PostgreSQL, SQLite are)",
        )
    return connection.vendor


def server_version(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        number = connection.pg_version
        return f"{number // 10000}.{number % 10000}"
    return sqlite3.sqlite_version


def _pg_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    settings = connection.settings_dict
    env = {**os.environ, "PGOPTIONS": PG_LOCK_TIMEOUT}
    for variable, value in [
        ("PGHOST", settings.get("HOST")),
        ("PGPORT", settings.get("PORT")),
        ("PGUSER", settings.get("USER")),
        ("PGPASSWORD", settings.get("PASSWORD")),
        ("PGDATABASE", settings.get("NAME")),
        ("PGSSLMODE", settings.get("OPTIONS", {}).get("sslmode")),
    ]:
        if value:
            env[variable] = str(value)
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupRefused(
            f"找不到 {name}：请安装与数据库服务器主版本相同的 PostgreSQL 客户端（postgresql-client）",
            f"{name} not found: install the PostgreSQL client of the server's major version",
        )
    return path


def _run(command: list[str], env: dict[str, str], what_zh: str, what_en: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip()[-2000:]
        raise BackupRefused(f"{what_zh}失败：{detail}", f"{what_en} failed: {detail}")


def database_dump(connection: BaseDatabaseWrapper, folder: Path) -> tuple[Path, dict[str, int]]:
    """Dump the database into ``folder``; returns the file and the row count of every table
    as the dump holds them (counted in the dump's own snapshot, or in the dump file)."""
    target = folder / DUMP_NAMES[vendor_supported(connection)]
    if connection.vendor == "postgresql":
        return target, _pg_dump(connection, target)
    if connection.in_atomic_block:
        # Inside a transaction (a test) the backup API would wait for that very transaction
        # forever; serialize() reads the database through it instead, all in memory.
        target.write_bytes(connection.connection.serialize())
    else:
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    copy = sqlite3.connect(target)
    try:
        existing = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return target, _count(copy.cursor(), _counted_tables(existing), connection.ops.quote_name)
    finally:
        copy.close()


def _pg_dump(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    command = [_pg_tool("pg_dump"), "--format=custom", "--file", str(target)]
    env = _pg_env(connection)
    if connection.in_atomic_block:
        # Already inside a transaction (a test): pg_dump sees only what is committed, the
        # counts include the transaction's own rows too.
        _run(command, env, "pg_dump 导出数据库", "pg_dump")
        return row_counts(connection)
    # The counts and pg_dump share one snapshot, so they agree even while the app writes.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts(connection)
        _run([*command, f"--snapshot={snapshot}"], env, "pg_dump 导出数据库", "pg_dump")
    return counts


def dump_check(vendor: str, dump: Path) -> None:
    """Read the dump without touching any database: a damaged or too-new dump stops here."""
    if vendor == "postgresql":
        command = [_pg_tool("pg_restore"), "--list", str(dump)]
        _run(command, dict(os.environ), "pg_restore 读取备份", "pg_restore reading the dump")
        return
    try:
        copy = sqlite3.connect(f"{dump.as_uri()}?mode=ro", uri=True)
        try:
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
    except sqlite3.Error as error:
        result = str(error)
    if result != "ok":
        raise BackupRefused(
            f"SQLite 备份文件检查未通过：{result}", f"The SQLite dump fails its check: {result}"
        )


def database_restore(connection: BaseDatabaseWrapper, dump: Path) -> None:
    """Replace the database's contents with the dump, in one transaction (PostgreSQL) or
    one backup-API copy (SQLite): on failure the database is left as it was."""
    if connection.vendor == "postgresql":
        connection.close()  # our own session must not hold locks pg_restore needs
        command = [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            connection.settings_dict["NAME"],
            str(dump),
        ]
        _run(command, _pg_env(connection), "pg_restore 恢复数据库", "pg_restore")
        return
    connection.close()
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def migration_state(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The latest applied migration of every app, e.g. {"tracking": "0012_…"}."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    latest: dict[str, str] = {}
    for app_label, name in recorder.applied_migrations():
        latest[app_label] = max(name, latest.get(app_label, ""))
    return dict(sorted(latest.items()))


def migrations_unknown_to_code(state: dict[str, str]) -> list[str]:
    """Migrations the backup has and this code does not: the backup is newer than the code."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, name in sorted(state.items()) if (app, name) not in known]


def migrations_behind_code(state: dict[str, str]) -> list[str]:
    """Apps whose code has migrations the backup has not applied (`migrate` after restoring)."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    leaves = graph.leaf_nodes()
    return sorted({app for app, name in leaves if state.get(app, "") < name})


def _counted_tables(existing: set[str]) -> list[tuple[str, str]]:
    """(model label, table) of every model table present, many-to-many tables included."""
    return sorted(
        (model._meta.label_lower, model._meta.db_table)
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.db_table in existing
    )


def _count(cursor, tables: list[tuple[str, str]], quote) -> dict[str, int]:
    counts = {}
    for label, table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[label] = cursor.fetchone()[0]
    return counts


def row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    tables = _counted_tables(set(connection.introspection.table_names()))
    with connection.cursor() as cursor:
        return _count(cursor, tables, connection.ops.quote_name)


def database_has_data(connection: BaseDatabaseWrapper) -> bool:
    tables = _counted_tables(set(connection.introspection.table_names()))
    with connection.cursor() as cursor:
        for label, table in tables:
            if label in SCAFFOLDING:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                return True
    return False
