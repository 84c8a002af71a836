"""The browser upload: queue, preview, confirm, apply — each step a plain function.

A gazette upload is read and previewed by a Celery worker (the real import, rolled back),
waits for an administrator's confirmation, then is imported by a worker. A newspaper page
changes no ledger row, so it is imported straight away. Every step records itself on the
ImportRun, which is the list of all uploads and their outcomes.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.gazette.parsing import GazetteFormatError
from apps.gazette.parsing.files import read_text
from apps.tracking.models import SourceDocument

from .models import ImportRun
from .review import desk_preview
from .services import import_newspaper_file, import_upload, looks_like_newspaper, sha256

log = logging.getLogger(__name__)

GAZETTE, NEWSPAPER = SourceDocument.Kind.GAZETTE, SourceDocument.Kind.NEWSPAPER


def max_upload_bytes() -> int:
    return settings.LEDGER_UPLOAD_MAX_MB * 1024 * 1024


def upload_create(
    *, data: bytes, filename: str, user, wanted: str = "", published_on: dt.date | None = None
) -> ImportRun:
    """Record the upload and hand it to a worker once the request's transaction commits."""
    run = ImportRun.objects.create(
        kind=wanted,
        wanted=wanted,
        user=user,
        filename=filename,
        file_hash=sha256(data),
        file_size=len(data),
        payload=data,
        published_on=published_on,
        started_at=timezone.now(),
        status=ImportRun.Status.QUEUED,
        stage="等待处理",
    )
    from . import tasks

    transaction.on_commit(lambda: tasks.upload_prepare.delay(run.pk))
    return run


def _step(run: ImportRun, status: str, progress: int, stage: str) -> None:
    run.status, run.progress, run.stage = status, progress, stage
    run.save(update_fields=["status", "progress", "stage"])


def upload_prepare(run: ImportRun) -> ImportRun:
    """Read the file once; import a newspaper page, or preview a notice and wait for confirmation."""
    if run.status != ImportRun.Status.QUEUED:
        return run  # a task delivered twice does the work once
    data = bytes(run.payload or b"")
    _step(run, ImportRun.Status.READING, 10, "提取文字")
    try:
        text, encoding = read_text(data, run.filename)
        kind = run.wanted or (NEWSPAPER if looks_like_newspaper(text) else GAZETTE)
        run.kind = kind
        if kind == NEWSPAPER:
            return _newspaper(run, text)
        _step(run, ImportRun.Status.READING, 40, "识别文件并比对现有台账")
        preview = desk_preview(run, text, encoding)
    except GazetteFormatError as error:
        return _finish(run, ImportRun.Status.REFUSED, _refusal(run, error))
    except Exception as error:  # recorded for the administrator; the traceback goes to the log
        log.exception("upload %s failed", run.pk)
        return _finish(run, ImportRun.Status.FAILED, f"处理失败：{error}")
    run.preview = preview
    if preview.get("kind") not in (None, "gazette"):
        run.kind = SourceDocument.Kind.NOTICE  # a notice or table on its own, not a whole issue
    run.counts = {"parsed": preview["parsed"], "plan": preview["plan"]}
    run.warnings = preview["warnings"]
    quiet = not (preview["units_new"] or preview["errors"] or preview.get("needs_target"))
    if run.revision == 0 and preview["unchanged"] and quiet:
        # Nothing to confirm: the file says exactly what the ledger holds.
        earlier = preview.get("earlier_run")
        since = f"，与第 {earlier['pk']} 次导入的文件相同" if earlier else ""
        return _finish(run, ImportRun.Status.UNCHANGED, f"{preview['plan']}：与台账完全一致{since}，无需确认")
    run.status, run.progress, run.stage = ImportRun.Status.PREVIEW, 100, ""
    run.message = f"{preview['plan']}：待确认"
    run.save()
    return run


def upload_apply(run: ImportRun) -> ImportRun:
    """Write what the preview showed: the same file, decisions and plan."""
    if run.status != ImportRun.Status.APPLYING or run.payload is None:
        return run
    try:
        return import_upload(run)
    except GazetteFormatError as error:
        return _finish(run, ImportRun.Status.REFUSED, _refusal(run, error))
    except Exception as error:
        log.exception("upload %s failed", run.pk)
        return _finish(run, ImportRun.Status.FAILED, f"导入失败，台账未改动：{error}")


STUCK_MESSAGE = "处理超时：后台任务中断（如工作进程重启），台账未改动。可以重试，或取消。"


def uploads_reap(*, now: dt.datetime | None = None) -> int:
    """Mark runs stuck in a working step past the timeout as failed, keeping the file for a retry.

    A worker killed mid-import rolls its transaction back, and the task is redelivered
    (acks_late); this catches the rest, so no progress bar polls forever. Returns how many.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=settings.LEDGER_JOB_TIMEOUT_MINUTES)
    stuck = ImportRun.objects.filter(status__in=ImportRun.WORKING).filter(
        Q(confirmed_at__isnull=True, started_at__lt=cutoff) | Q(confirmed_at__lt=cutoff)
    )
    return stuck.update(status=ImportRun.Status.FAILED, message=STUCK_MESSAGE, finished_at=now, stage="")


def upload_retry(run: ImportRun) -> bool:
    """Start a failed run again from its file: the import if it had been confirmed, else the preview."""
    confirmed = run.confirmed_at is not None
    moved = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.FAILED, payload__isnull=False).update(
        status=ImportRun.Status.APPLYING if confirmed else ImportRun.Status.QUEUED,
        progress=10 if confirmed else 0,
        stage="写入台账" if confirmed else "等待处理",
        message="",
        finished_at=None,
    )
    if not moved:
        return False
    from . import tasks

    task = tasks.upload_apply if confirmed else tasks.upload_prepare
    transaction.on_commit(lambda: task.delay(run.pk))
    return True


def upload_cancel(run: ImportRun) -> bool:
    """Cancel a run waiting for confirmation, or a failed one that could be retried."""
    return bool(
        ImportRun.objects.filter(
            Q(status=ImportRun.Status.PREVIEW) | Q(status=ImportRun.Status.FAILED, payload__isnull=False),
            pk=run.pk,
        ).update(
            status=ImportRun.Status.CANCELLED,
            payload=None,
            finished_at=timezone.now(),
            message="已取消，未导入",
        )
    )


def _newspaper(run: ImportRun, text: str) -> ImportRun:
    _step(run, ImportRun.Status.READING, 50, "拆分报纸文章并匹配任务")
    result, _ = import_newspaper_file(
        data=text.encode("utf-8"),
        filename=run.filename,
        user=run.user,
        published_on=run.published_on,
        run=run,
    )
    run.document = result.document
    run.counts = {
        "articles": result.articles,
        "suggestions": result.suggestions,
        "leftovers": len(result.leftovers),
    }
    summary = f"报纸版面：{result.articles} 篇文章，{result.suggestions} 条任务建议"
    if result.created:
        return _finish(run, ImportRun.Status.IMPORTED, summary)
    if result.changes:
        # Already known, but this upload changed it (a corrected date): say what, not "no change".
        return _finish(
            run,
            ImportRun.Status.UPDATED,
            f"已更新：{'；'.join(result.changes)}。{summary}（已作的确认保持不变）",
        )
    return _finish(run, ImportRun.Status.UNCHANGED, f"{summary}（此前已导入，文章与已作的确认保持不变）")


def _refusal(run: ImportRun, error: GazetteFormatError) -> str:
    """The Chinese half of the refusal for the page; both halves go to the log."""
    log.info("upload %s refused: %s", run.pk, error.message.replace("\n", " "))
    return error.message.split("\n", 1)[0]


def _finish(run: ImportRun, status: str, message: str) -> ImportRun:
    run.status, run.message, run.finished_at = status, message, timezone.now()
    run.progress, run.stage, run.payload = 100, "", None
    run.save()
    return run
