"""Writing a parsed gazette into the ledger: one transaction, idempotent, update in place.

``gazette_import`` is the one entry point, used by the ``import_gazette`` command now
and by the browser upload later. A file the parser refuses raises GazetteFormatError
before anything is written. Re-importing the same file changes nothing; a revised file
updates rows in place (same ids), so progress, reviews and evidence attached to items
survive; an item missing from the revised notice is marked withdrawn, never deleted.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.tracking.models import (
    District,
    Plan,
)

from .changes import Changes
from .importer import LedgerImporter
from .models import Appointment, ChronicleEntry, ImportRun, SourceDocument
from .parsing import Gazette, GazetteFormatError, parse_gazette
from .parsing.files import read_text
from .parsing.text import decode
from .preview import parsed_counts, preview_summary


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def gazette_import(
    *, data: bytes, filename: str = "", user=None, run: ImportRun | None = None, mapping=None
) -> ImportRun:
    """Import one gazette issue (or a notice on its own) from the bytes of a .txt, .docx or .pdf.

    Raises GazetteFormatError (nothing written) when the file is not such a document.
    ``mapping`` sends unit names the ledger does not know to existing units (name -> unit id);
    ``run`` is the upload's run, finished here instead of a new one.
    """
    started = timezone.now()
    text, encoding = read_text(data, filename)
    gazette = parse_gazette(text)
    changes = Changes(reason=f"导入公报 {filename}".strip(), user=user)
    with transaction.atomic():
        plan = _write(changes, gazette, text=text, encoding=encoding, filename=filename, mapping=mapping)
        if changes.any:
            created = changes.counts.get("plan", {}).get("created")
            status = ImportRun.Status.IMPORTED if created else ImportRun.Status.UPDATED
            from apps.search.services import rebuild

            rebuild()  # new officials and units change the dictionary, so every row is recut
        else:
            status = ImportRun.Status.UNCHANGED
        values = {
            "document": plan.source,
            "kind": SourceDocument.Kind.GAZETTE,
            "filename": filename,
            "file_hash": sha256(data),
            "finished_at": timezone.now(),
            "status": status,
            "counts": {
                "parsed": parsed_counts(gazette),
                "changes": changes.as_dict(),
                "plan": plan.key,
                "plan_id": plan.pk,
            },
            "warnings": [{"line": w.line, "message": w.message, "text": w.text} for w in gazette.warnings],
            "message": f"{plan.key}：{len(gazette.breakdown.tasks)} 项任务，"
            f"{len(gazette.livelihood.projects) if gazette.livelihood else 0} 件民生实事",
        }
        if run is None:
            return ImportRun.objects.create(user=user, started_at=started, **values)
        for name, value in values.items():
            setattr(run, name, value)
        run.progress, run.stage, run.payload = 100, "", None
        run.save()
        return run


class _DryRun(Exception):
    """Raised inside the preview's transaction so that everything it wrote is rolled back."""


def gazette_preview(*, data: bytes, filename: str = "", mapping=None) -> dict[str, Any]:
    """What importing this file would change, computed by importing it and rolling back.

    Running the real import keeps the preview honest: whatever the import would create,
    update or withdraw is exactly what is listed. Raises GazetteFormatError like the import.
    """
    text, encoding = read_text(data, filename)
    gazette = parse_gazette(text)
    changes = Changes(reason="预览")
    try:
        with transaction.atomic():
            plan = _write(changes, gazette, text=text, encoding=encoding, filename=filename, mapping=mapping)
            plan_key = plan.key
            raise _DryRun
    except _DryRun:
        pass
    return preview_summary(gazette, changes, plan_key=plan_key, encoding=encoding, file_hash=sha256(data))


def _write(
    changes: Changes, gazette: Gazette, *, text: str, encoding: str, filename: str, mapping=None
) -> Plan:
    district = changes.upsert(District, {"name": gazette.district}, {"city": gazette.city})
    document = _document(changes, gazette, district, text=text, encoding=encoding, filename=filename)
    plan = _plan(changes, gazette, district, document)
    importer = LedgerImporter(changes, gazette, district, plan, mapping=mapping or {})
    importer.run()
    _chronicle(changes, gazette, document, importer)
    _appointments(changes, gazette, district, document)
    return plan


def _document(
    changes: Changes, gazette: Gazette, district: District, *, text: str, encoding: str, filename: str
) -> SourceDocument:
    lookup = {"kind": SourceDocument.Kind.GAZETTE, "title": gazette.title, "issue": gazette.issue}
    values: dict[str, Any] = {
        "number": gazette.total_issue,
        "published_on": gazette.published_on,
        "district": district,
        "content_hash": sha256(text),
    }
    existing = SourceDocument.objects.filter(**lookup).first()
    if existing is None or existing.content_hash != values["content_hash"]:
        # Only a new text replaces the stored one; the same text in another encoding
        # or under another file name is the same document.
        values.update(raw_text=text, encoding=encoding, filename=filename)
    return changes.upsert(SourceDocument, lookup, values)


def _plan(changes: Changes, gazette: Gazette, district: District, document: SourceDocument) -> Plan:
    notice, livelihood, division, report = (
        gazette.breakdown,
        gazette.livelihood,
        gazette.division,
        gazette.work_report,
    )
    values: dict[str, Any] = {
        "notice_number": notice.number,
        "notice_title": notice.title,
        "notice_issued_on": notice.issued_on,
        "general_requirements": notice.general_requirements,
        "host_note": notice.host_note,
        "source": document,
    }
    # A revised notice uploaded on its own says nothing about the other documents.
    if livelihood:
        values.update(livelihood_number=livelihood.number, livelihood_title=livelihood.title)
    if division:
        values.update(division_number=division.number, division_issued_on=division.issued_on)
    if report:
        values.update(report_delivered_on=report.delivered_on, report_speaker=report.speaker)
    return changes.upsert(Plan, {"district": district, "year": gazette.year}, values)


def _chronicle(
    changes: Changes, gazette: Gazette, document: SourceDocument, importer: LedgerImporter
) -> None:
    """Chronicle entries, linked to every district leader they name (created if new)."""
    district = importer.district
    existing = {
        e.order: e for e in ChronicleEntry.objects.filter(document=document).prefetch_related("officials")
    }
    kept = set()
    for order, entry in enumerate(gazette.chronicle, start=1):
        current = existing.get(order)
        row = changes.upsert(
            ChronicleEntry,
            {"document": document, "order": order},
            {
                "district": district,
                "date": entry.date,
                "end_date": entry.end_date,
                "text": entry.text,
                "names": entry.names,
                "source_line": entry.line,
            },
            existing=current,
        )
        wanted = {importer.official(name).pk for name in entry.names}
        linked = {o.pk for o in current.officials.all()} if current else set()
        if linked != wanted:
            row.officials.set(wanted)
            changes.add(ChronicleEntry, "relinked")
        kept.add(row.pk)
    changes.delete_stale(ChronicleEntry, existing.values(), kept)


def _appointments(changes: Changes, gazette: Gazette, district: District, document: SourceDocument) -> None:
    existing = {a.order: a for a in Appointment.objects.filter(document=document)}
    kept = set()
    for order, appointment in enumerate(gazette.appointments, start=1):
        row = changes.upsert(
            Appointment,
            {"document": document, "order": order},
            {
                "district": district,
                "decided_on": gazette.appointments_date,
                "person": appointment.person,
                "action": appointment.action,
                "position": appointment.position,
                "text": appointment.text,
            },
            existing=existing.get(order),
        )
        kept.add(row.pk)
    changes.delete_stale(Appointment, existing.values(), kept)


def already_imported(data: bytes) -> bool:
    """Whether these exact bytes were imported before and their document is still here."""
    return ImportRun.objects.filter(
        file_hash=sha256(data),
        status__in=[ImportRun.Status.IMPORTED, ImportRun.Status.UPDATED, ImportRun.Status.UNCHANGED],
        document__isnull=False,
    ).exists()


NEWSPAPER_MARKS = ("本报记者", "本报通讯员", "本报济宁讯", "□记者", "■本报", "本报讯")


def looks_like_newspaper(data: bytes) -> bool:
    """A newspaper page carries reporters' bylines (□记者 … / 本报济宁讯) and no notice."""
    try:
        text, _ = decode(data)
    except GazetteFormatError:
        return False
    marks = sum(text.count(mark) for mark in NEWSPAPER_MARKS)
    return marks >= 2 and "任务目标的通知" not in text


def newspaper_register(
    *, data: bytes, filename: str = "", user=None, run: ImportRun | None = None
) -> tuple[SourceDocument, bool]:
    """Keep a newspaper page as a source document (its articles are split out later).

    Returns (document, created). The same text registered twice is one document.
    """
    started = timezone.now()
    text, encoding = decode(data)
    digest = sha256(text)
    with transaction.atomic():
        document, created = SourceDocument.objects.get_or_create(
            kind=SourceDocument.Kind.NEWSPAPER,
            title="济宁日报",
            issue=f"版面 {digest[:12]}",
            defaults={"raw_text": text, "content_hash": digest, "encoding": encoding, "filename": filename},
        )
        if run is not None:
            return document, created
        ImportRun.objects.create(
            document=document,
            kind=SourceDocument.Kind.NEWSPAPER,
            user=user,
            filename=filename,
            file_hash=sha256(data),
            started_at=started,
            finished_at=timezone.now(),
            status=ImportRun.Status.IMPORTED if created else ImportRun.Status.UNCHANGED,
            message="报纸版面已登记" if created else "报纸版面已存在",
        )
    return document, created
