"""The numbers of a period: one layer read by the dashboard and by every export, so they agree.

``period_report(plan=…, period=…, params=…)`` filters items exactly like the ledger
(the same FilterSet and query parameters), finds each item's latest report within the
period, and counts: by light, by chapter, by lead official, by host unit, reporting
compliance (on time / late / missing per item and host unit for the period's weeks), the
units to commend and to name, the red items with their problems, and what changed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import QueryDict
from django.utils import timezone

from apps.supervision import snapshots, standings
from apps.supervision.models import ProgressReport, ReviewEvent
from apps.supervision.periods import WEEK, Period, period_of
from apps.supervision.standings import ReportText
from apps.tracking.filters import ItemFilter
from apps.tracking.models import Item, ItemUnit, LeaderUnit, Plan
from apps.tracking.selectors import ledger_queryset

LIGHTS = [value for value, _ in Item.Light.choices]
LIGHT_LABELS = dict(Item.Light.choices)


@dataclass
class Row:
    """One item in a period's report. ``light``, ``status`` and ``progress`` are the item's
    standing in that period (a closed period's snapshot, or now for the current one), not
    necessarily today's values on the item: exports read these, never ``item.light``."""

    item: Item
    hosts: list[str]
    co_units: list[str]
    leads: list[str]
    report: ReportText | None
    light: str = ""
    status: str = ""
    progress: int | None = None

    def __post_init__(self) -> None:
        self.light = self.light or self.item.light
        self.status = self.status or self.item.status
        if self.progress is None:
            self.progress = self.item.progress


@dataclass
class UnitScore:
    name: str
    unit_id: int
    items: int = 0
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    progress_total: int = 0
    red: int = 0

    @property
    def on_time_rate(self) -> float:
        return self.on_time / self.expected if self.expected else 1.0

    @property
    def progress(self) -> float:
        return self.progress_total / self.items if self.items else 0.0


@dataclass
class PeriodReport:
    plan: Plan
    period: Period
    params: dict
    rows: list[Row]
    by_light: dict[str, int]
    by_chapter: list[dict]
    by_official: list[dict]
    units: list[UnitScore]
    expected: int
    on_time: int
    late: int
    missing: int
    commend: list[UnitScore] = field(default_factory=list)
    name: list[UnitScore] = field(default_factory=list)
    red_rows: list[Row] = field(default_factory=list)
    newly_red: list[Item] = field(default_factory=list)
    done_in_period: list[Item] = field(default_factory=list)
    returned: list[ReviewEvent] = field(default_factory=list)

    @property
    def tasks(self) -> list[Row]:
        return [r for r in self.rows if r.item.kind == Item.Kind.TASK]

    @property
    def livelihood(self) -> list[Row]:
        return [r for r in self.rows if r.item.kind == Item.Kind.LIVELIHOOD]

    @property
    def reported_units_on_time(self) -> int:
        return sum(1 for u in self.units if u.expected and u.on_time == u.expected)

    @property
    def reporting_units(self) -> int:
        return sum(1 for u in self.units if u.expected)


def filtered_items(*, plan: Plan, params: dict) -> list[Item]:
    data = QueryDict(mutable=True)
    for key, value in params.items():
        if value not in (None, ""):
            data[key] = value
    filterset = ItemFilter(data, queryset=ledger_queryset(plan=plan), plan=plan)
    items = filterset.qs if filterset.is_valid() else ledger_queryset(plan=plan).none()
    return list(
        items.filter(withdrawn_at__isnull=True)
        .select_related("plan")
        .prefetch_related(
            Prefetch("unit_links", queryset=ItemUnit.objects.select_related("unit").order_by("order")),
            "targets",
        )
    )


def _livelihood_leads(plan: Plan, items: list[Item]) -> dict[int, list[str]]:
    """Livelihood projects name no lead official: the leaders who supervise their host units do."""
    supervisors: dict[int, list[str]] = defaultdict(list)
    for link in LeaderUnit.objects.filter(
        assignment__plan=plan, relation=LeaderUnit.Relation.SUPERVISES
    ).select_related("assignment__official"):
        supervisors[link.unit_id].append(link.assignment.official.name)
    leads = {}
    for item in items:
        if item.kind == Item.Kind.LIVELIHOOD:
            hosts = [link.unit_id for link in item.unit_links.all() if link.role == ItemUnit.Role.HOST]
            leads[item.pk] = list(dict.fromkeys(name for unit in hosts for name in supervisors[unit]))
    return leads


def period_report(*, plan: Plan, period: Period, params: dict | None = None) -> PeriodReport:
    """The period's numbers: a closed period from its snapshot, the open one live."""
    params = {k: v for k, v in (params or {}).items() if k not in ("format", "period", "period_kind", "date")}
    items = filtered_items(plan=plan, params=params)
    standings = snapshots.period_standings(plan=plan, items=items, period=period)
    project_leads = (
        _livelihood_leads(plan, items) if any(i.kind == Item.Kind.LIVELIHOOD for i in items) else {}
    )
    rows = []
    for item in items:
        links = list(item.unit_links.all())
        standing = standings.get(item.pk)
        rows.append(
            Row(
                item=item,
                hosts=[link.unit.name for link in links if link.role == ItemUnit.Role.HOST],
                co_units=[link.unit.name for link in links if link.role == ItemUnit.Role.CO],
                leads=[link.official.name for link in item.official_links.all()]
                or project_leads.get(item.pk, []),
                report=standing.report if standing else None,
                light=standing.light if standing else Item.Light.NONE,
                status=standing.status if standing else item.status,
                progress=standing.progress if standing else 0,
            )
        )
    result = PeriodReport(
        plan=plan,
        period=period,
        params=params,
        rows=rows,
        by_light=_by_light(rows),
        by_chapter=_by_chapter(rows),
        by_official=_by_official(rows),
        units=[],
        expected=0,
        on_time=0,
        late=0,
        missing=0,
    )
    _compliance(result, rows, standings)
    result.red_rows = [r for r in rows if r.light == Item.Light.RED]
    _changes(result, items)
    return result


def _by_light(rows: list[Row]) -> dict[str, int]:
    counts = Counter(r.light for r in rows)
    return {light: counts.get(light, 0) for light in LIGHTS}


def _by_chapter(rows: list[Row]) -> list[dict]:
    groups: dict[str, list[Row]] = defaultdict(list)
    order: dict[str, tuple] = {}
    for row in rows:
        chapter = row.item.chapter
        key = str(chapter) if chapter else "民生实事"
        groups[key].append(row)
        order[key] = (chapter.number if chapter else 99,)
    return [
        {
            "name": key,
            "chapter_id": next((r.item.chapter_id for r in group), None),
            "count": len(group),
            "progress": round(sum(r.progress for r in group) / len(group), 1),
            "lights": _by_light(group),
        }
        for key, group in sorted(groups.items(), key=lambda kv: order[kv[0]])
    ]


def _by_official(rows: list[Row]) -> list[dict]:
    groups: dict[str, list[Row]] = defaultdict(list)
    ids: dict[str, int] = {}
    for row in rows:
        for link in row.item.official_links.all():
            groups[link.official.name].append(row)
            ids[link.official.name] = link.official_id
    return sorted(
        (
            {
                "name": name,
                "official_id": ids[name],
                "count": len(group),
                "progress": round(sum(r.progress for r in group) / len(group), 1),
                "lights": _by_light(group),
            }
            for name, group in groups.items()
        ),
        key=lambda d: -d["count"],
    )


def _compliance(result: PeriodReport, rows: list[Row], standings: dict) -> None:
    """Per host unit: the period's due weeks reported by their deadline, late, or missing."""
    scores: dict[int, UnitScore] = {}
    for row in rows:
        standing = standings.get(row.item.pk)
        for outcome in standing.units if standing else []:
            if outcome.role != ItemUnit.Role.HOST or outcome.is_group:
                continue
            score = scores.setdefault(
                outcome.unit_id, UnitScore(name=outcome.unit_name, unit_id=outcome.unit_id)
            )
            score.items += 1
            score.progress_total += row.progress
            score.red += row.light == Item.Light.RED
            score.expected += outcome.expected
            score.on_time += outcome.on_time
            score.late += outcome.late
            score.missing += outcome.missing
    result.units = sorted(scores.values(), key=lambda s: (-s.on_time_rate, -s.progress, s.name))
    result.expected = sum(s.expected for s in scores.values())
    result.on_time = sum(s.on_time for s in scores.values())
    result.late = sum(s.late for s in scores.values())
    result.missing = sum(s.missing for s in scores.values())
    average = sum(s.progress for s in result.units) / len(result.units) if result.units else 0
    result.commend = [
        s
        for s in result.units
        if s.expected and s.on_time == s.expected and s.progress >= average and not s.red
    ]
    result.name = [s for s in result.units if s.missing or s.late or s.red]


def _changes(result: PeriodReport, items: list[Item]) -> None:
    """Newly red since the previous period, done within it, reports returned within it."""
    start = timezone.make_aware(dt.datetime.combine(result.period.start, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(result.period.end, dt.time.max))
    before = lights_as_of(plan=result.plan, items=items, moment=start)
    red_now = {r.item.pk for r in result.rows if r.light == Item.Light.RED}
    result.newly_red = [i for i in items if i.pk in red_now and before.get(i.pk) != Item.Light.RED]
    done_ids = set(
        ProgressReport.objects.filter(
            item__in=items,
            status=ProgressReport.Status.APPROVED,
            percent__gte=100,
            reviewed_at__range=(start, end),
        ).values_list("item_id", flat=True)
    )
    result.done_in_period = [i for i in items if i.pk in done_ids]
    result.returned = list(
        ReviewEvent.objects.filter(
            report__item__in=items, action=ReviewEvent.Action.RETURNED, at__range=(start, end)
        )
        .select_related("report__item", "report__unit")
        .order_by("at")
    )


def lights_as_of(*, plan: Plan, items: list[Item], moment: dt.datetime) -> dict[int, str]:
    """Each item's light as the rule set it at ``moment``, from the reports as they stood then."""
    period = period_of(WEEK, moment.date())
    found = standings.standings_at(plan=plan, items=items, period=period, moment=moment)
    return {item_id: standing.light for item_id, standing in found.items()}


def lights_over_weeks(*, plan: Plan, items: list[Item], until: dt.datetime, weeks: int = 8) -> list[dict]:
    """Counts per light over the last ``weeks`` weeks: closed weeks from their snapshots, the
    current week live — so the last point always equals the dashboard's pie."""
    current = period_of(WEEK, until.date())
    first = standings.reporting_start(plan)
    series = []
    for back in range(weeks - 1, -1, -1):
        week = period_of(WEEK, current.start - dt.timedelta(weeks=back))
        if week.end < first:
            continue
        found = snapshots.period_standings(plan=plan, items=items, period=week)
        lights = Counter(s.light for s in found.values())
        label = week.label.split("（")[0] + ("（本周）" if week == current else "")
        series.append({"week": label, "lights": {light: lights.get(light, 0) for light in LIGHTS}})
    return series
