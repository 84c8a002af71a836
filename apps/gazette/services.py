"""Importing a file's bytes in one call: read, write into the ledger (ledger.py), say what was done.

``gazette_import`` serves the command line and the seed import; the browser upload works
step by step through ``ledger`` (read, preview with the administrator's decisions, apply).
Both are recorded as runs by the upload desk (apps.intake); this app knows nothing of runs.
A file the parser refuses raises GazetteFormatError before anything is written. Re-importing the same file changes nothing; a revised file
updates rows in place (same ids), so progress, reviews and evidence attached to items
survive; an item missing from the revised notice is marked withdrawn, never deleted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from apps.tracking.models import SourceDocument

from . import ledger
from .decisions import Decisions
from .parsing.files import read_text
from .preview import parsed_counts


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


# An import's outcome (the upload desk's run statuses of the same names).
IMPORTED, UPDATED, UNCHANGED = "imported", "updated", "unchanged"


@dataclass
class GazetteImport:
    """What one import did, for the caller to keep (the upload desk records it on its run)."""

    document: SourceDocument
    kind: str
    filename: str
    file_hash: str
    finished_at: dt.datetime
    status: str
    counts: dict[str, Any]
    warnings: list[dict[str, Any]]
    message: str


def gazette_import(
    *, data: bytes, filename: str = "", user=None, mapping=None, target: dict | None = None
) -> GazetteImport:
    """Import one gazette issue, or a notice on its own, from the bytes of an uploaded file.

    Raises GazetteFormatError (nothing written) when the file is not such a document, or
    when a notice alone names no district and year and ``target`` ({"plan": id} or
    {"district": …, "year": …}) does not either. ``mapping`` sends unit names the ledger
    does not know to existing units (name -> unit id). A caller that records the outcome
    does so inside its own transaction, with the import.
    """
    text, encoding = read_text(data, filename)
    document = ledger.read(text)
    outcome = ledger.apply(
        document,
        text=text,
        encoding=encoding,
        filename=filename,
        target=ledger.Target.resolve(document, target),
        decisions=Decisions(units={k: int(v) for k, v in (mapping or {}).items() if str(v).isdigit()}),
        user=user,
    )
    return outcome_record(outcome, filename=filename, file_hash=sha256(data))


def outcome_record(outcome: ledger.Outcome, *, filename: str, file_hash: str) -> GazetteImport:
    """What an import did, in the words the run keeps."""
    changes, gazette, plan = outcome.changes, outcome.gazette, outcome.plan
    if changes.any:
        status = IMPORTED if changes.counts.get("plan", {}).get("created") else UPDATED
    else:
        status = UNCHANGED
    parts = []
    if outcome.covers.breakdown:
        parts.append(f"{len(gazette.breakdown.tasks)} 项任务")
    if gazette.livelihood:
        parts.append(f"{len(gazette.livelihood.projects)} 件民生实事")
    if gazette.division:
        parts.append(f"{len(gazette.division.leaders)} 位领导分工")
    return GazetteImport(
        document=outcome.source,
        kind=outcome.source.kind,
        filename=filename,
        file_hash=file_hash,
        finished_at=timezone.now(),
        status=status,
        counts={
            "parsed": parsed_counts(gazette),
            "changes": changes.as_dict(),
            "plan": plan.key,
            "plan_id": plan.pk,
        },
        warnings=[{"line": w.line, "message": w.message, "text": w.text} for w in gazette.warnings]
        + [{"line": d["line"], "message": d["message"], "text": d["text"]} for d in outcome.done],
        message=f"{plan.key}：{'，'.join(parts) or '无事项'}",
    )


def gazette_preview(
    *, data: bytes, filename: str = "", mapping=None, target: dict | None = None
) -> dict[str, Any]:
    """What importing these bytes would change (the import, rolled back). Raises like the import."""
    text, encoding = read_text(data, filename)
    document = ledger.read(text)
    return ledger.preview(
        document,
        text=text,
        encoding=encoding,
        filename=filename,
        target=ledger.Target.resolve(document, target),
        decisions=Decisions(units={k: int(v) for k, v in (mapping or {}).items() if str(v).isdigit()}),
    )
