"""The backup archive: one .tar.gz holding the database dump, the media files and a manifest.

Layout (fixed)::

    manifest.json        what is inside: every file with its size and SHA-256, the database
                         vendor, the migration state, row counts, app version and time
    database.dump        PostgreSQL: pg_dump custom format (-Fc)
    database.sqlite3     SQLite: a copy made with the sqlite3 backup API
    media/...            MEDIA_ROOT as it was: report attachments and the report archive

Plain Python, no Django: files and dictionaries in, files and dictionaries out. Checksums are
taken from the very bytes written into the archive, so a file that changes while it is read
can only make the archive refuse to restore, never restore wrongly.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

MANIFEST = "manifest.json"
MEDIA_DIR = "media"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024
MANIFEST_KEYS = {"created_at": str, "app": dict, "database": dict, "migrations": dict, "files": list}


class BackupRefused(Exception):
    """A backup cannot be made or restored; the message is in Chinese, then in English."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh}\n{en}")
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Entry:
    path: str  # inside the archive, always with forward slashes
    size: int
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "sha256": self.sha256}


class _HashingReader:
    """Reads a file for tarfile and hashes exactly the bytes that go into the archive."""

    def __init__(self, stream: BinaryIO):
        self.stream, self.digest, self.size = stream, hashlib.sha256(), 0

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under ``root`` (hidden ones too), sorted, with its archive path."""
    if not root.is_dir():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        yield path, f"{MEDIA_DIR}/{path.relative_to(root).as_posix()}"


def _add_file(tar: tarfile.TarFile, source: Path, name: str) -> Entry:
    info = tar.gettarinfo(str(source), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with source.open("rb") as stream:
        reader = _HashingReader(stream)
        tar.addfile(info, reader)
    return Entry(name, reader.size, reader.digest.hexdigest())


def archive_write(*, target: Path, database_file: Path, media_root: Path, manifest: dict[str, Any]) -> dict:
    """Write the archive to ``target``; ``manifest`` gets the file list and is stored last."""
    entries: list[Entry] = []
    # Dumps and office files are mostly compressed already; level 6 is the usual trade-off.
    with tarfile.open(target, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
        entries.append(_add_file(tar, database_file, database_file.name))
        for path, name in media_files(media_root):
            entries.append(_add_file(tar, path, name))
        manifest = {**manifest, "format": FORMAT_VERSION, "files": [e.as_dict() for e in entries]}
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(manifest.get("timestamp", 0)), 0o644
        tar.addfile(info, io.BytesIO(data))
    return manifest


def archive_unpack_verified(archive: Path, into: Path) -> dict[str, Any]:
    """Unpack ``archive`` into the empty folder ``into`` and check it against its manifest.

    Raises BackupRefused on anything unexpected: an unreadable archive, links or paths
    leaving the folder, no manifest, a listed file missing, a size or SHA-256 that differs,
    or a file the manifest does not list.
    """
    if not archive.is_file():
        raise BackupRefused(f"备份文件不存在：{archive}", f"No such backup archive: {archive}")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                if not (member.isfile() or member.isdir()):
                    raise BackupRefused(
                        f"备份文件中有不允许的条目（链接或设备）：{member.name}",
                        f"The archive holds a link or device entry: {member.name}",
                    )
            # The "data" filter refuses absolute paths and paths leaving the folder.
            tar.extractall(into, filter="data")
    except BackupRefused:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupRefused(
            f"备份文件无法读取（已损坏或不是本系统的备份）：{error}",
            f"The archive cannot be read (damaged or not a backup of this system): {error}",
        ) from error
    manifest_path = into / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        listed = {entry["path"]: entry for entry in manifest["files"]}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupRefused(
            f"备份文件缺少可读的 {MANIFEST}：{error}", f"The archive has no readable {MANIFEST}: {error}"
        ) from error
    if not all(isinstance(manifest.get(key), kind) for key, kind in MANIFEST_KEYS.items()):
        raise BackupRefused(
            f"{MANIFEST} 不完整（应有 {'、'.join(MANIFEST_KEYS)}）",
            f"{MANIFEST} is incomplete (needs {', '.join(MANIFEST_KEYS)})",
        )
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupRefused(
            f"备份格式版本 {manifest.get('format')} 不受支持（应为 {FORMAT_VERSION}）",
            f"Backup format {manifest.get('format')} is not supported (expected {FORMAT_VERSION})",
        )
    _verify_files(into, listed)
    return manifest


def _verify_files(root: Path, listed: dict[str, dict]) -> None:
    for name, entry in listed.items():
        path = root / name
        if not path.is_file():
            raise BackupRefused(
                f"备份文件不完整：缺少 {name}", f"The archive is incomplete: {name} is missing"
            )
        size = path.stat().st_size
        if size != entry["size"]:
            raise BackupRefused(
                f"校验失败：{name} 大小为 {size} 字节，清单记载 {entry['size']} 字节",
                f"Checksum failure: {name} is {size} bytes, the manifest says {entry['size']}",
            )
        if file_sha256(path) != entry["sha256"]:
            raise BackupRefused(
                f"校验失败：{name} 的 SHA-256 与清单不一致（文件已损坏或被改动）",
                f"Checksum failure: the SHA-256 of {name} differs from the manifest (damaged or altered)",
            )
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    unlisted = sorted(present - set(listed) - {MANIFEST})
    if unlisted:
        raise BackupRefused(
            f"备份中有清单未列出的文件：{'、'.join(unlisted[:5])}",
            f"The archive holds files the manifest does not list: {', '.join(unlisted[:5])}",
        )
