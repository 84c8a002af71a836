"""The preview step of an upload: what the administrator sees, corrects and confirms.

The preview is the real import rolled back, computed with the decisions stored on the run.
A correction (a role, an official, a line, a column, the plan) is stored and the preview
computed again by a worker; the page then shows exactly what confirming will write. A
confirmation names the preview's revision: if anything changed since the page was drawn
(another administrator's correction, a choice made but not yet previewed), nothing is
confirmed and the page says why. Every step is one conditional UPDATE of the run.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from apps.gazette import ledger
from apps.gazette.corrections import as_gazette, guess_target
from apps.gazette.decisions import Decisions, from_form
from apps.gazette.parsing import GazetteFormatError
from apps.gazette.parsing.model import Document
from apps.gazette.preview import parsed_counts
from apps.tracking.models import Official, Plan, Unit

from .models import ImportRun
from .services import earlier_run

CONFIRMED, REVISED, STALE, BLOCKED, GONE = "confirmed", "revised", "stale", "blocked", "gone"
COLUMN_ROLES = [
    ("text", "任务内容"),
    ("title", "名称/简称"),
    ("number", "序号"),
    ("lead", "牵头领导"),
    ("host", "牵头单位（主办）"),
    ("co", "配合单位（协办）"),
    ("units", "责任单位（列第一位者牵头）"),
    ("deadline", "完成时限"),
    ("other", "其他（不导入）"),
]


def desk_preview(run: ImportRun, text: str, encoding: str) -> dict[str, Any]:
    """The preview of a decoded upload under the run's decisions and chosen plan."""
    decisions = Decisions.load(run.decisions)
    document = ledger.read(text, columns=decisions.columns or None)
    try:
        target = ledger.Target.resolve(document, run.target)
    except GazetteFormatError:
        if document.gazette is not None:
            raise
        return _target_needed(document, encoding)
    preview = ledger.preview(
        document, text=text, encoding=encoding, filename=run.filename, target=target, decisions=decisions
    )
    preview["plan_choice"] = document.gazette is None
    preview["earlier_run"] = earlier_run(run.file_hash)
    return preview


def _target_needed(document: Document, encoding: str) -> dict[str, Any]:
    """A notice that names neither district nor year: read, but waiting for a plan."""
    gazette = as_gazette(document, district="", city="", year=0)
    guess = guess_target(document)
    return {
        "needs_target": True,
        "plan_choice": True,
        "plan": "（请选择导入到的计划）",
        "kind": document.kind,
        "kind_label": ledger.KIND_LABELS.get(document.kind, document.kind),
        "evidence": document.evidence,
        "target": {"district": guess["district"], "city": "", "year": guess["year"], "plan": None},
        "covers": [],
        "notice": {"title": document.title, "number": "", "issued_on": ""},
        "encoding": encoding,
        "parsed": parsed_counts(gazette),
        "columns": document.columns,
        "warnings": [{"line": w.line, "message": w.message, "text": w.text} for w in document.warnings],
        "errors": [{"line": e.line, "message": e.message, "text": e.text} for e in document.errors],
        "unplaced": [],
        "rows": [],
        "units_new": [],
        "officials_new": [],
        "unchanged": False,
        "items_new": [],
        "items_changed": [],
        "items_withdrawn": [],
        "items_restored": [],
    }


def choices_from_post(run: ImportRun, post) -> tuple[Decisions, dict[str, Any]]:
    """The decisions and plan the form asks for, kept only where the preview offered them."""
    preview = run.preview
    target = run.target or {}
    if preview.get("plan_choice"):
        target = _target_from_post(post)
    district = _district_of(preview, target)
    units = (
        set(Unit.objects.filter(district__name=district).values_list("pk", flat=True)) if district else set()
    )
    officials = (
        set(Official.objects.filter(district__name=district).values_list("pk", flat=True))
        if district
        else set()
    )
    return from_form(post, preview, units=units, officials=officials), target


def _target_from_post(post) -> dict[str, Any]:
    plan = str(post.get("target_plan", "")).strip()
    if plan.isdigit() and Plan.objects.filter(pk=int(plan)).exists():
        return {"plan": int(plan)}
    district = " ".join(str(post.get("target_district", "")).split())[:40]
    city = " ".join(str(post.get("target_city", "")).split())[:40]
    year = str(post.get("target_year", "")).strip()
    target: dict[str, Any] = {}
    if district:
        target["district"] = district
    if city:
        target["city"] = city
    if year.isdigit() and 2000 <= int(year) <= timezone.localdate().year + 1:
        target["year"] = int(year)
    return target


def _district_of(preview: dict[str, Any], target: dict[str, Any]) -> str:
    if target.get("plan"):
        return Plan.objects.filter(pk=target["plan"]).values_list("district__name", flat=True).first() or ""
    return (
        target.get("district") or (preview.get("target") or {}).get("district") or preview.get("district", "")
    )


def upload_revise(run: ImportRun, *, decisions: Decisions, target: dict[str, Any], revision: str) -> str:
    """Store the corrections and compute the preview again (a worker does, as for the first one)."""
    if not _same_revision(run, revision):
        return STALE
    moved = ImportRun.objects.filter(
        pk=run.pk, status=ImportRun.Status.PREVIEW, revision=run.revision
    ).update(
        status=ImportRun.Status.QUEUED,
        progress=0,
        stage="按所作处理重新预览",
        decisions=decisions.dump(),
        target=target,
        revision=F("revision") + 1,
    )
    if not moved:
        return GONE
    from . import tasks

    transaction.on_commit(lambda: tasks.upload_prepare.delay(run.pk))
    return REVISED


def upload_confirm(
    run: ImportRun, *, user, decisions: Decisions, target: dict[str, Any], revision: str
) -> str:
    """Queue the import of exactly what the preview showed, or say why not.

    REVISED: the form holds choices the preview does not show yet, so it is computed again
    first. STALE: the preview changed since the page was drawn. BLOCKED: the preview has
    errors not accepted, or no plan. GONE: already confirmed or cancelled (two clicks, two
    administrators: one import).
    """
    if not _same_revision(run, revision):
        return STALE
    stored = Decisions.load(run.decisions)
    if _without_acceptance(decisions) != _without_acceptance(stored) or (
        run.preview.get("plan_choice") and target != (run.target or {})
    ):
        return upload_revise(run, decisions=decisions, target=target, revision=revision)
    if run.preview.get("needs_target") or (run.preview.get("errors") and not decisions.accepted):
        return BLOCKED
    moved = ImportRun.objects.filter(
        pk=run.pk, status=ImportRun.Status.PREVIEW, revision=run.revision
    ).update(
        status=ImportRun.Status.APPLYING,
        progress=10,
        stage="写入台账",
        decisions=decisions.dump(),
        confirmed_by=user,
        confirmed_at=timezone.now(),
    )
    if not moved:
        return GONE
    from . import tasks

    transaction.on_commit(lambda: tasks.upload_apply.delay(run.pk))
    return CONFIRMED


def _same_revision(run: ImportRun, revision: str) -> bool:
    return str(revision).strip() == str(run.revision)


def _without_acceptance(decisions: Decisions) -> dict[str, Any]:
    data = decisions.dump()
    data.pop("accepted")
    return data


def review_context(run: ImportRun) -> dict[str, Any]:
    """What the preview page offers to choose from: the district's units, officials and plans.

    Rows are split into those to check (a role inferred by the rule) and the rest. After
    confirmation, each new unit name shows what it was sent to.
    """
    preview = run.preview or {}
    rows = preview.get("rows", [])
    corrected = set((run.decisions or {}).get("roles", {}))
    # Inferred roles to check, and the rows corrected here (so a change stays in sight).
    check = [r for r in rows if r["key"] in corrected or any(u["source"] == "inferred" for u in r["units"])]
    rest = [r for r in rows if r not in check]
    context: dict[str, Any] = {
        "rows_check": check,
        "rows_rest": rest,
        "role_groups": [
            {"label": "需要核对：角色按规则推断的事项", "rows": check, "open": True},
            {"label": "通知写明或已核对的事项", "rows": rest, "open": not check and len(rest) <= 20},
        ],
        "column_roles": COLUMN_ROLES,
        "units_new": preview.get("units_new", []),
        "units": [],
        "officials": [],
        "plans": [],
    }
    district = _district_of(preview, run.target or {})
    if run.status == ImportRun.Status.PREVIEW:
        if district:
            context["units"] = list(
                Unit.objects.filter(district__name=district).order_by("name").values("pk", "name")
            )
            context["officials"] = list(
                Official.objects.filter(district__name=district)
                .order_by("name")
                .values("pk", "name", "position")
            )
        if preview.get("plan_choice"):
            context["plans"] = list(
                Plan.objects.order_by("district__name", "-year").values(
                    "pk", "year", "district__name", "district__city"
                )
            )
    elif (run.decisions or {}).get("units"):
        mapped = run.decisions["units"]
        chosen = dict(Unit.objects.filter(pk__in=mapped.values()).values_list("pk", "name"))
        context["units_new"] = [
            {**u, "decision": chosen.get(mapped.get(u["name"]))} for u in context["units_new"]
        ]
    return context
