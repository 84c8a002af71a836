"""The ledger as a JSON document and as a flat CSV table (the export contract)."""

from __future__ import annotations

import csv
import io
from typing import Any

from .cells import csv_text
from .models import Discrepancy, Item, ItemUnit, LeaderUnit, Plan, Target
from .selectors import district_units, ledger_items, plan_discrepancies, plan_officials


def target_dict(target: Target) -> dict[str, Any]:
    return {
        "label": target.label,
        "value": target.value_text,
        "unit": target.unit_of_measure,
        "comparison": target.comparison,
        "increase": target.increase,
        "source": target.source_text,
    }


def item_dict(item: Item) -> dict[str, Any]:
    units = list(item.unit_links.all())
    return {
        "plan": item.plan.key,
        "kind": item.kind,
        "number": item.number,
        "chapter": str(item.chapter) if item.chapter else None,
        "title": item.title,
        "text": item.text,
        "lead_officials": [link.official.name for link in item.official_links.all()],
        "host_units": [link.unit.name for link in units if link.role == ItemUnit.Role.HOST],
        "co_units": [link.unit.name for link in units if link.role == ItemUnit.Role.CO],
        "host_inferred": any(link.inferred for link in units if link.role == ItemUnit.Role.HOST),
        "targets": [target_dict(t) for t in item.targets.all()],
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "deadline_note": item.deadline_note,
        "report_passage": item.report_passage,
        "discrepancies": len(item.discrepancies.all()),
        "withdrawn": item.withdrawn_at is not None,
    }


def plan_dict(plan: Plan) -> dict[str, Any]:
    return {
        "key": plan.key,
        "district": plan.district.name,
        "city": plan.district.city,
        "year": plan.year,
        "notice": plan.notice_number,
        "notice_title": plan.notice_title,
        "notice_issued_on": plan.notice_issued_on.isoformat() if plan.notice_issued_on else None,
        "livelihood_notice": plan.livelihood_number,
        "division_notice": plan.division_number,
        "report_delivered_on": plan.report_delivered_on.isoformat() if plan.report_delivered_on else None,
        "host_note": plan.host_note,
        "targets": [target_dict(t) for t in plan.targets.all() if t.item_id is None],
    }


def discrepancy_dict(d: Discrepancy) -> dict[str, Any]:
    return {
        "plan": d.plan.key,
        "scope": d.scope,
        "item": d.item.number if d.item else None,
        "chapter": str(d.chapter) if d.chapter else None,
        "report": d.report_context,
        "notice": d.notice_context,
        "report_change": d.report_text,
        "notice_change": d.notice_text,
    }


def ledger_document(plans: list[Plan]) -> dict[str, Any]:
    officials = []
    for plan in plans:
        for official, assignment in plan_officials(plan=plan):
            links = list(assignment.unit_links.all()) if assignment else []
            officials.append(
                {
                    "plan": plan.key,
                    "name": official.name,
                    "position": official.position,
                    "duties": assignment.duties if assignment else "",
                    "supervises": [
                        link.unit.name for link in links if link.relation == LeaderUnit.Relation.SUPERVISES
                    ],
                    "liaises": [
                        link.unit.name for link in links if link.relation == LeaderUnit.Relation.LIAISES
                    ],
                    "liaison_work": assignment.liaison_work.split("、")
                    if assignment and assignment.liaison_work
                    else [],
                    "substitute": assignment.substitute.name
                    if assignment and assignment.substitute
                    else None,
                    "acting_when_absent": assignment.acting.name
                    if assignment and assignment.acting
                    else None,
                }
            )
    return {
        "plans": [plan_dict(p) for p in plans],
        "items": [item_dict(i) for i in ledger_items(plans=plans)],
        "officials": officials,
        "units": [
            {"name": u.name, "aliases": sorted(a.name for a in u.aliases.all()), "kind": u.kind}
            for u in district_units(plans=plans)
        ],
        "discrepancies": [discrepancy_dict(d) for d in plan_discrepancies(plans=plans)],
    }


CSV_COLUMNS = [
    ("plan", "计划"),
    ("kind", "类别"),
    ("number", "序号"),
    ("chapter", "章节"),
    ("title", "简称"),
    ("text", "内容"),
    ("lead_officials", "牵头领导"),
    ("host_units", "主办单位"),
    ("co_units", "协办单位"),
    ("host_inferred", "主办单位为推断"),
    ("targets", "指标"),
    ("deadline", "完成时限"),
    ("discrepancies", "与报告差异处数"),
]
KIND_LABELS = {Item.Kind.TASK: "任务", Item.Kind.LIVELIHOOD: "民生实事"}
COMPARISON_SIGNS = {"=": "", ">=": "≥", "<=": "≤"}


def ledger_csv(plans: list[Plan]) -> str:
    """Items as a flat table, UTF-8 with a BOM so Excel and WPS read the Chinese right.

    Every field goes through ``csv_text``: a title or unit name typed as a formula is
    written with a leading quote, so a spreadsheet shows it instead of running it.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([label for _, label in CSV_COLUMNS])
    for item in ledger_items(plans=plans):
        row = item_dict(item)
        row["kind"] = KIND_LABELS[item.kind]
        row["host_inferred"] = "是" if row["host_inferred"] else "否"
        row["targets"] = "；".join(
            f"{t['label']}{COMPARISON_SIGNS[t['comparison']]}{t['value']}{t['unit']}" for t in row["targets"]
        )
        for key in ("lead_officials", "host_units", "co_units"):
            row[key] = "、".join(row[key])
        writer.writerow([csv_text(row[key]) for key, _ in CSV_COLUMNS])
    return out.getvalue()
