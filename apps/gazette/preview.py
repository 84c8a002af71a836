"""The preview an administrator reads before confirming an import, as plain JSON.

The upload desk (apps.intake) stores it on its run, so the page shows it without parsing
again and the run keeps a record of what was shown when it was confirmed.
"""

from __future__ import annotations

import difflib
from typing import Any

from apps.tracking.models import District, Item, Unit

from .parsing import Gazette

KIND_LABELS = dict(Item.Kind.choices)
SUGGEST_RATIO = 0.6  # below this a name is too far from every known unit to suggest one


def preview_summary(gazette: Gazette, changes, *, plan_key: str, encoding: str) -> dict[str, Any]:
    notice = gazette.breakdown
    return {
        "plan": plan_key,
        "district": gazette.district,
        "year": gazette.year,
        "title": gazette.title,
        "issue": gazette.issue,
        "notice": {"title": notice.title, "number": notice.number, "issued_on": _date(notice.issued_on)},
        "encoding": encoding,
        "parsed": parsed_counts(gazette),
        "counts": changes.as_dict(),
        "unchanged": not changes.any,
        "items_new": [_labelled(i) for i in changes.items_new],
        "items_changed": [_labelled(i) for i in changes.items_changed.values()],
        "items_withdrawn": [_labelled(i) for i in changes.items_withdrawn],
        "items_restored": [_labelled(i) for i in changes.items_restored],
        "items_missing": [_labelled(i) for i in changes.items_missing],
        "units_new": _with_suggestions(changes.units_new, gazette.district),
        "units_mapped": changes.units_mapped,
        "officials_new": list(dict.fromkeys(changes.officials_new)),
        "discrepancies": _discrepancies(gazette),
        "warnings": [{"line": w.line, "message": w.message, "text": w.text} for w in gazette.warnings],
        "errors": [{"line": e.line, "message": e.message, "text": e.text} for e in gazette.errors],
        "unplaced": [{"line": u.line, "text": u.text, "reason": u.reason} for u in gazette.unplaced],
    }


def parsed_counts(gazette: Gazette) -> dict[str, int]:
    return {
        "tasks": len(gazette.breakdown.tasks),
        "chapters": len(gazette.breakdown.chapters),
        "livelihood_projects": len(gazette.livelihood.projects) if gazette.livelihood else 0,
        "leaders": len(gazette.division.leaders) if gazette.division else 0,
        "substitution_pairs": len(gazette.division.pairs) if gazette.division else 0,
        "main_targets": len(gazette.breakdown.main_targets),
        "targets": sum(len(t.targets) for t in gazette.breakdown.tasks)
        + (sum(len(p.targets) for p in gazette.livelihood.projects) if gazette.livelihood else 0),
        "appointments": len(gazette.appointments),
        "chronicle_entries": len(gazette.chronicle),
        "discrepancies": len(gazette.breakdown.differences)
        + sum(len(t.differences) for t in gazette.breakdown.tasks)
        + sum(len(c.differences) for c in gazette.breakdown.chapters),
        "warnings": len(gazette.warnings),
    }


def _date(value) -> str:
    return value.isoformat() if value else ""


def _labelled(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "kind_label": KIND_LABELS.get(entry["kind"], entry["kind"])}


def _with_suggestions(units: list[dict[str, str]], district_name: str) -> list[dict[str, Any]]:
    """Each new unit with the closest unit the district already has, if one is close."""
    district = District.objects.filter(name=district_name).first()
    known = list(Unit.objects.filter(district=district).values_list("pk", "name")) if district else []
    out, seen = [], set()
    for unit in units:
        if unit["name"] in seen:
            continue
        seen.add(unit["name"])
        best = max(
            known,
            key=lambda pair: difflib.SequenceMatcher(None, unit["name"], pair[1]).ratio(),
            default=None,
        )
        ratio = difflib.SequenceMatcher(None, unit["name"], best[1]).ratio() if best else 0
        out.append(
            {
                **unit,
                "suggestion": {"pk": best[0], "name": best[1]} if best and ratio >= SUGGEST_RATIO else None,
            }
        )
    return out


def _discrepancies(gazette: Gazette) -> list[dict[str, str]]:
    found = []
    notice = gazette.breakdown
    for diff in notice.differences:
        found.append({"where": "总体要求", "report": diff.report, "notice": diff.notice})
    for chapter in notice.chapters:
        for diff in chapter.differences:
            found.append(
                {"where": f"第{chapter.numeral}章标题", "report": diff.report, "notice": diff.notice}
            )
    for task in notice.tasks:
        for diff in task.differences:
            found.append({"where": f"任务 {task.number}", "report": diff.report, "notice": diff.notice})
    return found
