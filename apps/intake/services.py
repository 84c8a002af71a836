"""The desk's imports: hand a file to the gazette or press importer and record the run.

The importers know nothing of runs; every import, from the command line or the browser,
is recorded here, in the importer's transaction, so a run says exactly what was written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone

from apps.gazette import ledger
from apps.gazette.decisions import Decisions
from apps.gazette.parsing import GazetteFormatError
from apps.gazette.parsing.files import read_text
from apps.gazette.parsing.text import decode
from apps.gazette.services import gazette_import, outcome_record
from apps.press.models import Article
from apps.press.services import NewspaperResult, newspaper_import
from apps.tracking.models import SourceDocument

from .models import ImportRun

NEWSPAPER_MARKS = ("本报记者", "本报通讯员", "本报济宁讯", "□记者", "■本报", "本报讯")


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def import_gazette_file(*, data: bytes, filename: str = "", user=None, target=None) -> ImportRun:
    """Import a file at once (command line, seeds) and record the run.

    ``target`` ({"plan": id} or {"district": …, "year": …}) places a notice alone that
    names neither. Raises GazetteFormatError (nothing written, nothing recorded) when the
    file is refused.
    """
    started = timezone.now()
    with transaction.atomic():
        outcome = gazette_import(data=data, filename=filename, user=user, target=target)
        values = {field.name: getattr(outcome, field.name) for field in dataclasses.fields(outcome)}
        return ImportRun.objects.create(user=user, started_at=started, **values)


def import_upload(run: ImportRun) -> ImportRun:
    """Apply a confirmed upload: the same bytes, decisions and plan its preview was computed with.

    The file is decoded once here; the outcome is recorded on the run in the import's
    transaction, so the run never says more (or less) than what was written.
    """
    data = bytes(run.payload)
    text, encoding = read_text(data, run.filename)
    decisions = Decisions.load(run.decisions)
    document = ledger.read(text, columns=decisions.columns or None)
    with transaction.atomic():
        outcome = ledger.apply(
            document,
            text=text,
            encoding=encoding,
            filename=run.filename,
            target=ledger.Target.resolve(document, run.target),
            decisions=decisions,
            user=run.confirmed_by,
        )
        record = outcome_record(outcome, filename=run.filename, file_hash=run.file_hash)
        for field in dataclasses.fields(record):
            setattr(run, field.name, getattr(record, field.name))
        run.progress, run.stage, run.payload = 100, "", None
        run.save()
    return run


def import_newspaper_file(
    *,
    data: bytes,
    filename: str = "",
    user=None,
    published_on: dt.date | None = None,
    run: ImportRun | None = None,
) -> tuple[NewspaperResult, ImportRun | None]:
    """Import a newspaper page (UTF-8 or GB18030). Without ``run`` (the command line) a run is recorded;
    an upload's run is finished by the caller, which words its message."""
    started = timezone.now()
    text, encoding = decode(data)
    with transaction.atomic():
        result = newspaper_import(
            data=text.encode("utf-8"), filename=filename, published_on=published_on, encoding=encoding
        )
        if run is not None:
            return result, run
        recorded = ImportRun.objects.create(
            document=result.document,
            kind=SourceDocument.Kind.NEWSPAPER,
            user=user,
            filename=filename,
            file_hash=sha256(data),
            started_at=started,
            finished_at=timezone.now(),
            status=ImportRun.Status.IMPORTED if result.created else ImportRun.Status.UNCHANGED,
            message="报纸版面已登记" if result.created else "报纸版面已存在",
        )
    return result, recorded


def earlier_run(file_hash: str) -> dict | None:
    """The last finished import of the same bytes, for the preview's "imported before" notice."""
    earlier = (
        ImportRun.objects.filter(file_hash=file_hash, status__in=ImportRun.DONE)
        .order_by("-started_at")
        .values("pk", "started_at")
        .first()
    )
    return {"pk": earlier["pk"], "at": earlier["started_at"].isoformat()} if earlier else None


def already_imported(data: bytes) -> bool:
    """Whether these exact bytes were imported before and their document is still here."""
    return ImportRun.objects.filter(
        file_hash=sha256(data),
        status__in=[ImportRun.Status.IMPORTED, ImportRun.Status.UPDATED, ImportRun.Status.UNCHANGED],
        document__isnull=False,
    ).exists()


def newspaper_split(data: bytes) -> bool:
    """Whether a page with these bytes was imported and split (pages registered before splitting existed were not)."""
    return Article.objects.filter(
        document__import_runs__file_hash=sha256(data), document__kind=SourceDocument.Kind.NEWSPAPER
    ).exists()


def looks_like_newspaper(content: bytes | str) -> bool:
    """A newspaper page carries reporters' bylines (□记者 … / 本报济宁讯) and no notice.

    Takes the text the desk decoded (or the bytes of a seed file, decoded here).
    """
    if isinstance(content, bytes):
        try:
            content, _ = decode(content)
        except GazetteFormatError:
            return False
    marks = sum(content.count(mark) for mark in NEWSPAPER_MARKS)
    return marks >= 2 and "任务目标的通知" not in content
