"""Writing a parsed gazette into the ledger: one transaction, idempotent, update in place.

``gazette_import`` is the one entry point, used by the ``import_gazette`` command now
and by the browser upload later. A file the parser refuses raises GazetteFormatError
before anything is written. Re-importing the same file changes nothing; a revised file
updates rows in place (same ids), so progress, reviews and evidence attached to items
survive; an item missing from the revised notice is marked withdrawn, never deleted.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from apps.tracking.models import (
    Chapter,
    Discrepancy,
    District,
    Item,
    ItemOfficial,
    ItemUnit,
    LeaderAssignment,
    LeaderUnit,
    Official,
    Plan,
    Target,
    Unit,
    UnitAlias,
)

from .models import Appointment, ChronicleEntry, ImportRun, SourceDocument
from .parsing import Gazette, GazetteFormatError, parse_gazette
from .parsing import model as parsed
from .parsing.files import read_text
from .parsing.hosts import infer_hosts
from .parsing.text import decode
from .preview import parsed_counts, preview_summary

LOOKUP = object()  # "look the row up": Changes.upsert's default for ``existing``


class Changes:
    """Counts of what an import created, updated and removed, per kind of row."""

    def __init__(self, *, reason: str = "", user=None) -> None:
        self.counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.reason = reason  # written into the change history of every row saved
        self.user = user
        # What a person reviewing the import needs to see, item by item (the preview).
        self.items_new: list[dict[str, Any]] = []
        self.items_changed: dict[tuple[str, int], dict[str, Any]] = {}
        self.items_withdrawn: list[dict[str, Any]] = []
        self.items_restored: list[dict[str, Any]] = []
        self.units_new: list[dict[str, str]] = []
        self.units_mapped: list[dict[str, Any]] = []
        self.officials_new: list[str] = []

    def item_changed(self, item, field: str, before: Any, after: Any) -> None:
        entry = self.items_changed.setdefault(
            (item.kind, item.number),
            {"kind": item.kind, "number": item.number, "title": item.title, "fields": []},
        )
        entry["fields"].append({"field": field, "before": _shown(before), "after": _shown(after)})

    def add(self, model: type[models.Model], what: str, n: int = 1) -> None:
        if n:
            self.counts[model._meta.model_name][what] += n

    @property
    def any(self) -> bool:
        return any(n for per in self.counts.values() for n in per.values())

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {name: dict(per) for name, per in sorted(self.counts.items())}

    def upsert(
        self,
        model: type[models.Model],
        lookup: dict[str, Any],
        values: dict[str, Any],
        *,
        existing: Any = LOOKUP,
    ) -> Any:
        """Create the row, or update only the fields whose value differs.

        A caller that preloaded the rows passes ``existing`` (the row, or None) and saves
        the lookup query.
        """
        obj = model.objects.filter(**lookup).first() if existing is LOOKUP else existing
        if obj is None:
            self.add(model, "created")
            obj = model(**lookup, **values)
            self._attribute(obj)
            obj.save(force_insert=True)
            return obj
        changed = [name for name, value in values.items() if _differs(obj, name, value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            if any(f.name == "updated_at" for f in model._meta.fields):
                changed.append("updated_at")
            self._attribute(obj)
            obj.save(update_fields=changed)
            self.add(model, "updated")
        return obj

    def _attribute(self, obj: models.Model) -> None:
        """Who and why, for models that keep a change history."""
        obj._change_reason = self.reason
        if self.user is not None:
            obj._history_user = self.user

    def delete_stale(self, model: type[models.Model], rows: Iterable[models.Model], keep: set[int]) -> None:
        """Delete the preloaded ``rows`` whose id is not in ``keep``, in one query."""
        stale = [row.pk for row in rows if row.pk not in keep]
        if stale:
            model.objects.filter(pk__in=stale).delete()
            self.add(model, "deleted", len(stale))

    def delete(self, queryset: models.QuerySet) -> None:
        count = queryset.count()
        if count:
            queryset.delete()
            self.add(queryset.model, "deleted", count)


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value) or "（空）"
    text = str(value)
    return text if len(text) <= 300 else text[:300] + "…"


# Fields of an item shown in the preview when they change (source_line moves with every edit).
PREVIEWED_FIELDS = {
    "chapter": "章节",
    "section": "小节",
    "title": "简称",
    "text": "任务内容",
    "deadline": "完成时限",
    "deadline_note": "时限说明",
    "report_passage": "政府工作报告原文",
}


def _differs(obj: models.Model, name: str, value: Any) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_one:
        # Compare ids: reading the related object would cost a query per row.
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


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
    importer = _LedgerImporter(changes, gazette, district, plan, mapping=mapping or {})
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


class _LedgerImporter:
    """Maps the parsed notices of one gazette onto one plan's rows."""

    def __init__(
        self, changes: Changes, gazette: Gazette, district: District, plan: Plan, *, mapping: dict
    ) -> None:
        self.changes = changes
        self.gazette = gazette
        self.district = district
        self.plan = plan
        self.units_by_name: dict[str, Unit] = {}
        self.units_by_pk: dict[int, Unit] = {}
        for unit in Unit.objects.filter(district=district):
            self.units_by_name[unit.name] = unit
            self.units_by_pk[unit.pk] = unit
        # Names the administrator sent to an existing unit in the preview (name -> unit id).
        self.mapping = {name: int(pk) for name, pk in mapping.items() if str(pk).isdigit()}
        for alias in UnitAlias.objects.filter(district=district).select_related("unit"):
            self.units_by_name[alias.name] = alias.unit
        self.officials: dict[str, Official] = {o.name: o for o in Official.objects.filter(district=district)}
        # Everything below is loaded once, so an unchanged re-import costs a handful of queries.
        self.items = {(i.kind, i.number): i for i in Item.objects.filter(plan=plan)}
        self.item_officials: dict[int, dict[int, ItemOfficial]] = defaultdict(dict)
        for link in ItemOfficial.objects.filter(item__plan=plan).select_related("official"):
            self.item_officials[link.item_id][link.official_id] = link
        self.item_units: dict[int, dict[int, ItemUnit]] = defaultdict(dict)
        for link in ItemUnit.objects.filter(item__plan=plan).select_related("unit"):
            self.item_units[link.item_id][link.unit_id] = link
        self.targets: dict[int | None, list[Target]] = defaultdict(list)
        for target in Target.objects.filter(plan=plan).order_by("order"):
            self.targets[target.item_id].append(target)

    def run(self) -> None:
        self._officials()
        supervises = self._division()
        chapters = self._chapters()
        self._main_targets()
        seen: set[int] = set()
        for task in self.gazette.breakdown.tasks:
            item = self._task(task, chapters.get(task.chapter), supervises)
            seen.add(item.pk)
        if self.gazette.livelihood:
            for project in self.gazette.livelihood.projects:
                seen.add(self._project(project).pk)
        self._discrepancies(chapters)
        # A notice uploaded without the livelihood projects says nothing about them.
        covered = {Item.Kind.TASK} | ({Item.Kind.LIVELIHOOD} if self.gazette.livelihood else set())
        gone = [
            i.pk
            for i in self.items.values()
            if i.kind in covered and i.pk not in seen and i.withdrawn_at is None
        ]
        back = [i.pk for i in self.items.values() if i.pk in seen and i.withdrawn_at is not None]
        for item in self.items.values():
            brief = {"kind": item.kind, "number": item.number, "title": item.title}
            if item.pk in gone:
                self.changes.items_withdrawn.append(brief)
            elif item.pk in back:
                self.changes.items_restored.append(brief)
        if gone:
            self.changes.add(
                Item, "withdrawn", Item.objects.filter(pk__in=gone).update(withdrawn_at=timezone.now())
            )
        if back:
            self.changes.add(Item, "restored", Item.objects.filter(pk__in=back).update(withdrawn_at=None))

    # --- people and units ---

    def official(self, name: str) -> Official:
        position = self.gazette.positions.get(name, "")
        official = self.officials.get(name)
        if official is None:
            self.changes.officials_new.append(name)
        if official is None or (position and official.position != position):
            official = self.changes.upsert(
                Official, {"district": self.district, "name": name}, {"position": position or "区领导"}
            )
            self.officials[name] = official
        return official

    def unit(self, ref: parsed.UnitRef) -> Unit:
        unit = self.units_by_name.get(ref.raw) or self.units_by_name.get(ref.name)
        if unit is None:
            mapped = self.mapping.get(ref.raw) or self.mapping.get(ref.name)
            unit = self.units_by_pk.get(mapped) if mapped else None
            if unit is not None:
                self.changes.units_mapped.append({"name": ref.name, "raw": ref.raw, "unit": unit.name})
        if unit is None:
            self.changes.units_new.append({"name": ref.name, "raw": ref.raw, "kind": ref.kind})
            unit = self.changes.upsert(
                Unit, {"district": self.district, "name": ref.name}, {"kind": ref.kind}
            )
            self.units_by_name[ref.name] = unit
            self.units_by_pk[unit.pk] = unit
        for spelling in {ref.raw, ref.name} - {unit.name}:
            if spelling not in self.units_by_name:
                self.changes.upsert(UnitAlias, {"district": self.district, "name": spelling}, {"unit": unit})
                self.units_by_name[spelling] = unit
        return unit

    def _officials(self) -> None:
        names = []
        if self.gazette.division:
            names += [leader.name for leader in self.gazette.division.leaders]
        for task in self.gazette.breakdown.tasks:
            names += task.lead_officials
        for name in dict.fromkeys(names):
            self.official(name)

    def _division(self) -> dict[str, set[int]]:
        """Write the division of labour; return who supervises which unit ids."""
        division = self.gazette.division
        supervises: dict[str, set[int]] = {}
        if division is None:
            return supervises
        pairs = {a: b for a, b in division.pairs} | {b: a for a, b in division.pairs}
        acting = dict(division.acting)
        assignments = {a.official_id: a for a in LeaderAssignment.objects.filter(plan=self.plan)}
        unit_links: dict[int, dict[tuple[int, str], LeaderUnit]] = defaultdict(dict)
        for link in LeaderUnit.objects.filter(assignment__plan=self.plan):
            unit_links[link.assignment_id][(link.unit_id, link.relation)] = link
        kept = set()
        for leader in division.leaders:
            official = self.official(leader.name)
            assignment = self.changes.upsert(
                LeaderAssignment,
                {"plan": self.plan, "official": official},
                {
                    "order": leader.order,
                    "duties": leader.duties,
                    "liaison_work": "、".join(leader.liaison_work),
                    "presides": leader.presides,
                    "substitute": self.official(pairs[leader.name]) if leader.name in pairs else None,
                    "acting": self.official(acting[leader.name]) if leader.name in acting else None,
                },
                existing=assignments.get(official.pk),
            )
            kept.add(assignment.pk)
            existing_links = unit_links[assignment.pk]
            links = set()
            for relation, refs in (
                (LeaderUnit.Relation.SUPERVISES, leader.supervises),
                (LeaderUnit.Relation.LIAISES, leader.liaises),
            ):
                for order, ref in enumerate(refs, start=1):
                    unit = self.unit(ref)
                    link = self.changes.upsert(
                        LeaderUnit,
                        {"assignment": assignment, "unit": unit, "relation": relation},
                        {"order": order},
                        existing=existing_links.get((unit.pk, relation)),
                    )
                    links.add(link.pk)
                    if relation == LeaderUnit.Relation.SUPERVISES:
                        supervises.setdefault(leader.name, set()).add(unit.pk)
            self.changes.delete_stale(LeaderUnit, existing_links.values(), links)
        self.changes.delete_stale(LeaderAssignment, assignments.values(), kept)
        return supervises

    # --- chapters, items, targets ---

    def _chapters(self) -> dict[int, Chapter]:
        chapters = {}
        for chapter in self.gazette.breakdown.chapters:
            chapters[chapter.number] = self.changes.upsert(
                Chapter,
                {"plan": self.plan, "number": chapter.number},
                {"numeral": chapter.numeral, "title": chapter.title, "report_title": chapter.report_title},
            )
        unused = (
            Chapter.objects.filter(plan=self.plan).exclude(number__in=chapters).filter(items__isnull=True)
        )
        self.changes.delete(unused)
        return chapters

    def _task(self, task: parsed.Task, chapter: Chapter | None, supervises: dict[str, set[int]]) -> Item:
        item = self._item(
            Item.Kind.TASK,
            task.number,
            {
                "chapter": chapter,
                "section": task.section,
                "title": task.title,
                "text": task.text,
                "report_passage": task.report_passage,
                "report_heading": task.report_heading,
                "deadline": task.deadline,
                "deadline_note": task.deadline_note,
                "source_line": task.line,
            },
        )
        self._item_officials(item, task.lead_officials)
        units = [(ref, self.unit(ref)) for ref in task.units]
        if any(ref.role for ref, _ in units):
            # The notice says who hosts (牵头单位/主办 … 配合单位/协办): nothing to infer.
            self._item_units(
                item,
                [
                    (ref, unit, ItemUnit.Role.HOST if ref.role == "host" else ItemUnit.Role.CO)
                    for ref, unit in units
                ],
                source=ItemUnit.Source.NOTICE,
            )
            self._targets(item, task.targets)
            return item
        hosts = set(
            infer_hosts(
                [u.pk for _, u in units],
                task.lead_officials,
                supervises,
                is_group=lambda pk: next(u for _, u in units if u.pk == pk).is_group,
            )
        )
        self._item_units(
            item,
            [
                (ref, unit, ItemUnit.Role.HOST if unit.pk in hosts else ItemUnit.Role.CO)
                for ref, unit in units
            ],
            source=ItemUnit.Source.INFERRED,
        )
        self._targets(item, task.targets)
        return item

    def _project(self, project: parsed.LivelihoodProject) -> Item:
        item = self._item(
            Item.Kind.LIVELIHOOD,
            project.number,
            {
                "chapter": None,
                "section": "",
                "title": project.title,
                "text": project.text,
                "report_passage": "",
                "report_heading": "",
                "deadline": project.deadline,
                "deadline_note": project.deadline_note,
                "source_line": project.line,
            },
        )
        self._item_officials(item, [])
        links = [(ref, self.unit(ref), ItemUnit.Role.HOST) for ref in project.host_units]
        links += [(ref, self.unit(ref), ItemUnit.Role.CO) for ref in project.co_units]
        self._item_units(item, links, source=ItemUnit.Source.NOTICE)
        self._targets(item, project.targets)
        return item

    def _item(self, kind: str, number: int, values: dict[str, Any]) -> Item:
        existing = self.items.get((kind, number))
        if existing is not None:
            # What staff corrected by hand outlives re-imports.
            values = {k: v for k, v in values.items() if k not in existing.staff_edited}
            for name, label in PREVIEWED_FIELDS.items():
                if name in values and _differs(existing, name, values[name]):
                    before = getattr(existing, name)
                    self.changes.item_changed(existing, label, before, values[name])
        else:
            self.changes.items_new.append({"kind": kind, "number": number, "title": values["title"]})
        item = self.changes.upsert(
            Item, {"plan": self.plan, "kind": kind, "number": number}, values, existing=existing
        )
        self.items[(kind, number)] = item
        return item

    def _item_officials(self, item: Item, names: Sequence[str]) -> None:
        existing = self.item_officials[item.pk]
        before = [link.official.name for link in sorted(existing.values(), key=lambda link: link.order)]
        if existing and before != list(names):
            self.changes.item_changed(item, "牵头领导", before, list(names))
        kept = set()
        for order, name in enumerate(names, start=1):
            official = self.official(name)
            link = self.changes.upsert(
                ItemOfficial,
                {"item": item, "official": official},
                {"order": order},
                existing=existing.get(official.pk),
            )
            kept.add(link.pk)
        self.changes.delete_stale(ItemOfficial, existing.values(), kept)

    def _item_units(
        self, item: Item, links: Iterable[tuple[parsed.UnitRef, Unit, str]], *, source: str
    ) -> None:
        existing = self.item_units[item.pk]
        links = list(links)
        if existing:
            before = [link.unit.name for link in sorted(existing.values(), key=lambda link: link.order)]
            after = [unit.name for _, unit, _ in links]
            if before != after:
                self.changes.item_changed(item, "承办单位", before, after)
        kept = set()
        for order, (ref, unit, role) in enumerate(links, start=1):
            values: dict[str, Any] = {"order": order, "written_as": ref.raw}
            current = existing.get(unit.pk)
            if current is None or current.source != ItemUnit.Source.STAFF:
                # A role staff confirmed or corrected outlives re-imports.
                values.update(role=role, source=source)
            link = self.changes.upsert(ItemUnit, {"item": item, "unit": unit}, values, existing=current)
            kept.add(link.pk)
        self.changes.delete_stale(ItemUnit, existing.values(), kept)

    def _targets(self, item: Item | None, targets: Sequence[parsed.Target]) -> None:
        """Match targets by label and unit first, then by position, so ids stay stable."""
        existing = self.targets[item.pk if item else None]
        used: set[int] = set()
        for order, target in enumerate(targets, start=1):
            match = next(
                (
                    t
                    for t in existing
                    if t.pk not in used and (t.label, t.unit_of_measure) == (target.label, target.unit)
                ),
                None,
            ) or next((t for t in existing if t.pk not in used and t.order == order), None)
            values = {
                "order": order,
                "label": target.label,
                "value": target.value,
                "value_text": target.value_text,
                "unit_of_measure": target.unit,
                "comparison": target.comparison,
                "increase": target.increase,
                "source_text": target.source_text[:300],
            }
            if match is None:
                match = Target.objects.create(plan=self.plan, item=item, **values)
                self.changes.add(Target, "created")
            else:
                self.changes.upsert(Target, {"pk": match.pk}, values, existing=match)
            used.add(match.pk)
        self.changes.delete_stale(Target, existing, used)

    def _main_targets(self) -> None:
        self._targets(None, self.gazette.breakdown.main_targets)

    def _discrepancies(self, chapters: dict[int, Chapter]) -> None:
        items = {number: i for (kind, number), i in self.items.items() if kind == Item.Kind.TASK}
        wanted: list[dict[str, Any]] = []
        notice = self.gazette.breakdown
        for order, diff in enumerate(notice.differences, start=1):
            wanted.append(_diff_values(diff, order, scope=Discrepancy.Scope.PLAN))
        for chapter in notice.chapters:
            for order, diff in enumerate(chapter.differences, start=1):
                wanted.append(
                    _diff_values(
                        diff, order, scope=Discrepancy.Scope.CHAPTER, chapter=chapters[chapter.number]
                    )
                )
        for task in notice.tasks:
            for order, diff in enumerate(task.differences, start=1):
                wanted.append(
                    _diff_values(diff, order, scope=Discrepancy.Scope.ITEM, item=items[task.number])
                )
        fields = list(wanted[0]) if wanted else []
        current = [
            {f: getattr(d, f) for f in fields}
            for d in Discrepancy.objects.filter(plan=self.plan)
            .order_by("pk")
            .select_related("item", "chapter")
        ]
        if current != wanted:
            # Differences carry nothing of their own: when they change, replace them whole.
            self.changes.delete(Discrepancy.objects.filter(plan=self.plan))
            Discrepancy.objects.bulk_create(Discrepancy(plan=self.plan, **values) for values in wanted)
            self.changes.add(Discrepancy, "created", len(wanted))


def _diff_values(
    diff: parsed.Difference, order: int, *, scope: str, item=None, chapter=None
) -> dict[str, Any]:
    return {
        "scope": scope,
        "item": item,
        "chapter": chapter,
        "order": order,
        "report_text": diff.report[:400],
        "notice_text": diff.notice[:400],
        "report_context": diff.report_context[:500],
        "notice_context": diff.notice_context[:500],
        "position": diff.position,
    }


def _chronicle(
    changes: Changes, gazette: Gazette, document: SourceDocument, importer: _LedgerImporter
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
