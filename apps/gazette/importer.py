"""Mapping a parsed gazette onto the ledger's rows (plan, chapters, items, officials, units,
targets, differences), through ``Changes``; called by services.gazette_import in its transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

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

from .changes import PREVIEWED_FIELDS, Changes, differs
from .corrections import LIVELIHOOD, TASK, Covers
from .decisions import Decisions, item_key
from .parsing import Gazette
from .parsing import model as parsed
from .parsing.hosts import infer_hosts


class LedgerImporter:
    """Maps the parsed notices of one gazette onto one plan's rows."""

    def __init__(
        self,
        changes: Changes,
        gazette: Gazette,
        district: District,
        plan: Plan,
        *,
        decisions: Decisions | None = None,
        covers: Covers | None = None,
        mapping: dict | None = None,
    ) -> None:
        self.changes = changes
        self.gazette = gazette
        self.district = district
        self.plan = plan
        self.decisions = decisions or Decisions(
            units={name: int(pk) for name, pk in (mapping or {}).items() if str(pk).isdigit()}
        )
        # A whole gazette speaks for tasks (and projects when it has them); a notice alone
        # speaks only for what it holds.
        self.covers = covers or Covers(
            frozenset({TASK} | ({LIVELIHOOD} if gazette.livelihood else set())), True
        )
        self.units_by_name: dict[str, Unit] = {}
        self.units_by_pk: dict[int, Unit] = {}
        for unit in Unit.objects.filter(district=district):
            self.units_by_name[unit.name] = unit
            self.units_by_pk[unit.pk] = unit
        # Names the administrator sent to an existing unit in the preview (name -> unit id).
        self.mapping = self.decisions.units
        for alias in UnitAlias.objects.filter(district=district).select_related("unit"):
            self.units_by_name[alias.name] = alias.unit
        self.officials: dict[str, Official] = {o.name: o for o in Official.objects.filter(district=district)}
        self.officials_by_pk = {o.pk: o for o in self.officials.values()}
        self.item_leads: dict[int, list[str]] = {}  # item id -> its lead officials, for the preview
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
        seen: set[int] = set()
        if self.covers.breakdown:
            chapters = self._chapters()
            self._main_targets()
            for task in self.gazette.breakdown.tasks:
                item = self._task(task, chapters.get(task.chapter), supervises)
                seen.add(item.pk)
            self._discrepancies(chapters)
        if self.gazette.livelihood:
            for project in self.gazette.livelihood.projects:
                seen.add(self._project(project).pk)
        # A notice uploaded without the livelihood projects says nothing about them.
        covered = self.covers.kinds
        gone = [
            i.pk
            for i in self.items.values()
            if i.kind in covered and i.pk not in seen and i.withdrawn_at is None
        ]
        back = [i.pk for i in self.items.values() if i.pk in seen and i.withdrawn_at is not None]
        missing = set()
        if self.gazette.errors:
            # The parser may have lost what is missing: keep it, and say so, never withdraw it.
            missing, gone = set(gone), []
        for item in self.items.values():
            brief = {"kind": item.kind, "number": item.number, "title": item.title}
            if item.pk in gone:
                self.changes.items_withdrawn.append(brief)
            elif item.pk in missing:
                self.changes.items_missing.append(brief)
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
        mapped = self.officials_by_pk.get(self.decisions.officials.get(name, 0))
        if official is None and mapped is not None:
            # The administrator said who this is (a name written differently, a new title).
            self.changes.officials_mapped.append({"name": name, "official": mapped.name})
            self.officials[name] = mapped
            return mapped
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
            links = [
                (ref, unit, ItemUnit.Role.HOST if ref.role == "host" else ItemUnit.Role.CO)
                for ref, unit in units
            ]
            source = ItemUnit.Source.NOTICE
        else:
            hosts = set(
                infer_hosts(
                    [u.pk for _, u in units],
                    task.lead_officials,
                    supervises,
                    is_group=lambda pk: next(u for _, u in units if u.pk == pk).is_group,
                )
            )
            links = [
                (ref, unit, ItemUnit.Role.HOST if unit.pk in hosts else ItemUnit.Role.CO)
                for ref, unit in units
            ]
            source = ItemUnit.Source.INFERRED
        self._item_units(item, links, source=source)
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
        self._item_officials(item, project.lead_officials)
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
                if name in values and differs(existing, name, values[name]):
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
        officials = list({o.pk: o for o in (self.official(name) for name in names)}.values())
        after = [official.name for official in officials]
        before = [link.official.name for link in sorted(existing.values(), key=lambda link: link.order)]
        if existing and before != after:
            self.changes.item_changed(item, "牵头领导", before, after)
        self.item_leads[item.pk] = after
        kept = set()
        for order, official in enumerate(officials, start=1):
            link = self.changes.upsert(
                ItemOfficial,
                {"item": item, "official": official},
                {"order": order},
                existing=existing.get(official.pk),
            )
            kept.add(link.pk)
        self.changes.delete_stale(ItemOfficial, existing.values(), kept)

    def _item_units(
        self,
        item: Item,
        links: Iterable[tuple[parsed.UnitRef, Unit, str]],
        *,
        source: str,
    ) -> None:
        """Link the item's units; a role the administrator set in the preview wins and is kept
        as confirmed by staff. Each item's outcome is listed for the preview to show and edit."""
        existing = self.item_units[item.pk]
        key = item_key(item.kind, item.number)
        staff = {pk: link.role for pk, link in existing.items() if link.source == ItemUnit.Source.STAFF}
        # Without a decision: the role staff confirmed before, else the notice's or the rule's.
        parsed_roles = {ref.name: staff.get(unit.pk, role) for ref, unit, role in links}
        links = [(ref, unit, self.decisions.role(key, ref.name) or role) for ref, unit, role in links]
        self.changes.rows.append(
            {
                "key": key,
                "kind": item.kind,
                "number": item.number,
                "title": item.title or item.text[:40],
                "leads": self.item_leads.get(item.pk, []),
                "units": [
                    {
                        "name": ref.name,
                        "raw": ref.raw,
                        "unit": unit.name,
                        "role": self.decisions.role(key, ref.name) or parsed_roles[ref.name],
                        "parsed": parsed_roles[ref.name],
                        "source": self._source(existing.get(unit.pk), key, ref.name, source),
                    }
                    for ref, unit, role in links
                ],
            }
        )
        if existing:
            before = [link.unit.name for link in sorted(existing.values(), key=lambda link: link.order)]
            after = [unit.name for _, unit, _ in links]
            if before != after:
                self.changes.item_changed(item, "承办单位", before, after)
        kept = set()
        for order, (ref, unit, role) in enumerate(links, start=1):
            values: dict[str, Any] = {"order": order, "written_as": ref.raw}
            current = existing.get(unit.pk)
            if self.decisions.role(key, ref.name):
                values.update(role=role, source=ItemUnit.Source.STAFF)
            elif current is None or current.source != ItemUnit.Source.STAFF:
                # A role staff confirmed or corrected outlives re-imports.
                values.update(role=role, source=source)
            link = self.changes.upsert(ItemUnit, {"item": item, "unit": unit}, values, existing=current)
            kept.add(link.pk)
        self.changes.delete_stale(ItemUnit, existing.values(), kept)

    def _source(self, current: ItemUnit | None, key: str, name: str, source: str) -> str:
        if self.decisions.role(key, name) or (
            current is not None and current.source == ItemUnit.Source.STAFF
        ):
            return ItemUnit.Source.STAFF
        return source

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
            wanted.append(diff_values(diff, order, scope=Discrepancy.Scope.PLAN))
        for chapter in notice.chapters:
            for order, diff in enumerate(chapter.differences, start=1):
                wanted.append(
                    diff_values(
                        diff, order, scope=Discrepancy.Scope.CHAPTER, chapter=chapters[chapter.number]
                    )
                )
        for task in notice.tasks:
            for order, diff in enumerate(task.differences, start=1):
                wanted.append(diff_values(diff, order, scope=Discrepancy.Scope.ITEM, item=items[task.number]))
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


def diff_values(
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
