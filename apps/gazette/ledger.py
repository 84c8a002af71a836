"""Any document the intake read, written into the plan it belongs to — for real or as a preview.

The intake decodes a file once and hands the text here. ``read`` tells what the text is
(a whole gazette issue, or a breakdown, livelihood or division notice alone); ``preview``
imports it inside a transaction that is rolled back, so what it lists is exactly what
``apply`` will write with the same decisions; ``apply`` writes it. A gazette names its own
district and year; a notice alone goes into the plan the administrator picked or created
(``target``), and changes only what it covers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from apps.tracking.models import District, Plan, SourceDocument

from .changes import Changes
from .corrections import Covers, as_gazette, attach_lines, covers, guess_target
from .decisions import Decisions
from .importer import LedgerImporter
from .models import Appointment, ChronicleEntry
from .parsing import Document, GazetteFormatError, parse_document
from .parsing.model import Gazette
from .preview import preview_summary

KIND_LABELS = {
    "gazette": "政府公报（整期）",
    "breakdown": "分解落实通知",
    "livelihood": "民生实事通知",
    "division": "领导分工通知",
}


@dataclass
class Target:
    """The plan a document goes into: an existing one, or a district and year to create."""

    district: str
    city: str
    year: int
    plan_id: int | None = None

    @classmethod
    def resolve(cls, document: Document, chosen: dict[str, Any] | None) -> Target:
        """The administrator's choice when there is one, else what the document says.

        Raises GazetteFormatError when neither names a district and a year.
        """
        if document.gazette is not None:  # an issue names its own district and year
            g = document.gazette
            return cls(district=g.district, city=g.city, year=g.year)
        chosen = chosen or {}
        if chosen.get("plan"):
            plan = Plan.objects.select_related("district").filter(pk=chosen["plan"]).first()
            if plan is not None:
                return cls(plan.district.name, plan.district.city, plan.year, plan.pk)
        guess = guess_target(document)
        district = str(chosen.get("district") or guess["district"] or "").strip()
        year = chosen.get("year") or guess["year"]
        if not district or not year:
            raise GazetteFormatError(
                expected_zh="能确定所属区县和年度的通知，或在预览中选择要导入的计划",
                found_zh="未写明发文机关或年度的通知",
                expected_en="a notice naming its issuer and year, or a plan chosen in the preview",
                found_en="a notice naming neither",
            )
        plan = Plan.objects.filter(district__name=district, year=int(year)).first()
        city = str(chosen.get("city") or guess.get("city") or "")
        return cls(district, city, int(year), plan.pk if plan else None)

    def as_dict(self) -> dict[str, Any]:
        return {"district": self.district, "city": self.city, "year": self.year, "plan": self.plan_id}


@dataclass
class Outcome:
    plan: Plan
    source: SourceDocument
    changes: Changes
    gazette: Gazette
    covers: Covers
    done: list[dict[str, Any]]  # the unplaced lines the administrator attached or ignored


def read(text: str, *, columns: dict[str, str] | None = None) -> Document:
    """What the text is; raises GazetteFormatError (in Chinese and English) when it is none."""
    return parse_document(text, columns=columns)


def write(
    document: Document,
    *,
    text: str,
    encoding: str,
    filename: str,
    target: Target,
    decisions: Decisions,
    changes: Changes,
) -> Outcome:
    """Write the document into its plan through ``changes``; the caller owns the transaction."""
    gazette = as_gazette(document, district=target.district, city=target.city, year=target.year)
    done = attach_lines(gazette, decisions)
    scope = covers(document)
    district = changes.upsert(
        District, {"name": target.district}, {"city": target.city} if target.city else {}
    )
    kind = SourceDocument.Kind.GAZETTE if document.gazette is not None else SourceDocument.Kind.NOTICE
    source = _document(changes, gazette, district, kind=kind, text=text, encoding=encoding, filename=filename)
    if scope.breakdown:
        plan = _plan(changes, gazette, district, source)
    else:
        plan = _plan_for(changes, gazette, district, source)
    importer = LedgerImporter(changes, gazette, district, plan, decisions=decisions, covers=scope)
    importer.run()
    if document.gazette is not None:
        _chronicle(changes, gazette, source, importer)
        _appointments(changes, gazette, district, source)
    return Outcome(plan=plan, source=source, changes=changes, gazette=gazette, covers=scope, done=done)


def _plan_for(changes: Changes, gazette: Gazette, district: District, source) -> Plan:
    """The plan a livelihood or division notice alone goes into; its breakdown fields stay."""
    values: dict[str, Any] = {}
    if gazette.livelihood:
        values.update(livelihood_number=gazette.livelihood.number, livelihood_title=gazette.livelihood.title)
    if gazette.division:
        values.update(division_number=gazette.division.number, division_issued_on=gazette.division.issued_on)
    existing = Plan.objects.filter(district=district, year=gazette.year).first()
    if existing is None:
        values.update(notice_number="", notice_title="", source=source)
    return changes.upsert(Plan, {"district": district, "year": gazette.year}, values, existing=existing)


def _document(
    changes: Changes,
    gazette: Gazette,
    district: District,
    *,
    kind: str,
    text: str,
    encoding: str,
    filename: str,
) -> SourceDocument:
    lookup = {"kind": kind, "title": gazette.title, "issue": gazette.issue}
    values: dict[str, Any] = {
        "number": gazette.total_issue,
        "published_on": gazette.published_on,
        "district": district,
        "content_hash": hashlib.sha256(text.encode("utf-8")).hexdigest(),
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


class _DryRun(Exception):
    """Raised inside the preview's transaction so that everything it wrote is rolled back."""


def preview(
    document: Document,
    *,
    text: str,
    encoding: str,
    filename: str,
    target: Target,
    decisions: Decisions,
) -> dict[str, Any]:
    """What ``apply`` would write, listed for the administrator, with nothing kept."""
    changes = Changes(reason="预览")
    try:
        with transaction.atomic():
            outcome = write(
                document,
                text=text,
                encoding=encoding,
                filename=filename,
                target=target,
                decisions=decisions,
                changes=changes,
            )
            plan_key, plan_new = outcome.plan.key, target.plan_id is None
            raise _DryRun
    except _DryRun:
        pass
    summary = preview_summary(outcome.gazette, changes, plan_key=plan_key, encoding=encoding)
    summary.update(
        kind=document.kind,
        kind_label=KIND_LABELS.get(document.kind, document.kind),
        evidence=document.evidence,
        target=target.as_dict(),
        plan_new=plan_new and bool(changes.counts.get("plan", {}).get("created")),
        covers=sorted(outcome.covers.kinds),
        rows=changes.rows,
        officials_mapped=changes.officials_mapped,
        columns=getattr(document, "columns", []) or [],
        attached=outcome.done,
        decisions=decisions.dump(),
    )
    return summary


def apply(
    document: Document,
    *,
    text: str,
    encoding: str,
    filename: str,
    target: Target,
    decisions: Decisions,
    user=None,
) -> Outcome:
    """Write the document for real, in one transaction; the search index follows new names."""
    changes = Changes(reason=f"导入 {filename}".strip(), user=user)
    with transaction.atomic():
        outcome = write(
            document,
            text=text,
            encoding=encoding,
            filename=filename,
            target=target,
            decisions=decisions,
            changes=changes,
        )
        if changes.any:
            from apps.search.services import rebuild

            rebuild()
    return outcome
