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

from django.http import QueryDict

from apps.supervision import clock, services
from apps.supervision.models import ProgressReport, ReviewEvent
from apps.supervision.periods import WEEK, Period, periods_between
from apps.tracking.filters import ItemFilter
from apps.tracking.models import Item, ItemUnit, Plan
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
    report: ProgressReport | None
    light: str = ""
    status: str = ""
    progress: int = 0

    def __post_init__(self) -> None:
        self.light = self.light or self.item.light
        self.status = self.status or self.item.status
        self.progress = self.progress if self.progress else self.item.progress


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
    return list(items.filter(withdrawn_at__isnull=True).prefetch_related("unit_links__unit"))


def period_report(*, plan: Plan, period: Period, params: dict | None = None) -> PeriodReport:
    params = {k: v for k, v in (params or {}).items() if k not in ("format", "period", "period_kind", "date")}
    items = filtered_items(plan=plan, params=params)
    item_ids = [i.pk for i in items]
    reports = list(
        ProgressReport.objects.filter(
            item_id__in=item_ids,
            period_start__lte=period.end,
            period_start__gte=period.start - dt.timedelta(days=6),
        ).order_by("period_start")
    )
    latest: dict[int, ProgressReport] = {}
    for report in reports:
        if report.counts_as_reported and report.period_start <= period.end:
            latest[report.item_id] = report
    rows = []
    for item in items:
        links = list(item.unit_links.all())
        rows.append(
            Row(
                item=item,
                hosts=[link.unit.name for link in links if link.role == ItemUnit.Role.HOST],
                co_units=[link.unit.name for link in links if link.role == ItemUnit.Role.CO],
                leads=[link.official.name for link in item.official_links.all()],
                report=latest.get(item.pk),
            )
        )
    result = PeriodReport(
        plan=plan,
        period=period,
        params=params,
        rows=rows,
        by_light=_by_light(items),
        by_chapter=_by_chapter(rows),
        by_official=_by_official(rows),
        units=[],
        expected=0,
        on_time=0,
        late=0,
        missing=0,
    )
    _compliance(result, items, reports)
    result.red_rows = [r for r in rows if r.item.light == Item.Light.RED]
    _changes(result, items)
    return result


def _by_light(items: list[Item]) -> dict[str, int]:
    counts = Counter(i.light for i in items)
    return {light: counts.get(light, 0) for light in LIGHTS}


def _by_chapter(rows: list[Row]) -> list[dict]:
    groups: dict[str, list[Item]] = defaultdict(list)
    order: dict[str, tuple] = {}
    for row in rows:
        chapter = row.item.chapter
        key = str(chapter) if chapter else "民生实事"
        groups[key].append(row.item)
        order[key] = (chapter.number if chapter else 99,)
    return [
        {
            "name": key,
            "chapter_id": next((i.chapter_id for i in items), None),
            "count": len(items),
            "progress": round(sum(i.progress for i in items) / len(items), 1),
            "lights": _by_light(items),
        }
        for key, items in sorted(groups.items(), key=lambda kv: order[kv[0]])
    ]


def _by_official(rows: list[Row]) -> list[dict]:
    groups: dict[str, list[Item]] = defaultdict(list)
    ids: dict[str, int] = {}
    for row in rows:
        for link in row.item.official_links.all():
            groups[link.official.name].append(row.item)
            ids[link.official.name] = link.official_id
    return sorted(
        (
            {
                "name": name,
                "official_id": ids[name],
                "count": len(items),
                "progress": round(sum(i.progress for i in items) / len(items), 1),
                "lights": _by_light(items),
            }
            for name, items in groups.items()
        ),
        key=lambda d: -d["count"],
    )


def _compliance(result: PeriodReport, items: list[Item], reports: list[ProgressReport]) -> None:
    """Per host unit: the period's closed weeks, reported by their deadline, late, or missing."""
    now = clock.now()
    rules = services.deadline_rules()
    weeks = [
        w
        for w in periods_between(WEEK, result.period.start, result.period.end)
        if w.end <= result.period.end + dt.timedelta(days=6)
        and w.deadline(rules) <= now
        and w.start >= services.reporting_start(result.plan)
    ]
    if result.period.kind != WEEK:
        weeks = [w for w in weeks if result.period.start <= w.deadline(rules).date() <= result.period.end]
    by_key = {(r.item_id, r.period_start): r for r in reports}
    scores: dict[int, UnitScore] = {}
    for item in items:
        for link in item.unit_links.all():
            if link.role != ItemUnit.Role.HOST or link.unit.is_group:
                continue
            score = scores.setdefault(link.unit_id, UnitScore(name=link.unit.name, unit_id=link.unit_id))
            score.items += 1
            score.progress_total += item.progress
            score.red += item.light == Item.Light.RED
            for week in weeks:
                score.expected += 1
                report = by_key.get((item.pk, week.start))
                if report is None or not report.counts_as_reported or report.submitted_at is None:
                    score.missing += 1
                elif report.submitted_at <= week.deadline(rules):
                    score.on_time += 1
                else:
                    score.late += 1
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
    start = dt.datetime.combine(result.period.start, dt.time.min, tzinfo=clock.now().tzinfo)
    end = dt.datetime.combine(result.period.end, dt.time.max, tzinfo=clock.now().tzinfo)
    before = lights_as_of(items=items, moment=start)
    result.newly_red = [i for i in items if i.light == Item.Light.RED and before.get(i.pk) != Item.Light.RED]
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


def lights_as_of(*, items: list[Item], moment: dt.datetime) -> dict[int, str]:
    """Each item's light as the rule would have set it at ``moment``, from the reports submitted by then."""
    reports: dict[int, list[ProgressReport]] = defaultdict(list)
    for report in ProgressReport.objects.filter(item__in=items, submitted_at__lte=moment).prefetch_related(
        "actuals"
    ):
        reports[report.item_id].append(report)
    rules = services.deadline_rules()
    return {
        item.pk: services.item_standing(item, reports[item.pk], now=moment, rules=rules).light
        for item in items
    }


def lights_over_weeks(*, plan: Plan, items: list[Item], until: dt.datetime, weeks: int = 8) -> list[dict]:
    """Counts per light at each of the last ``weeks`` weekly deadlines (for the trend chart)."""
    rules = services.deadline_rules()
    closed = services.closed_weeks(plan, until, rules)[-weeks:]
    series = []
    for week in closed:
        lights = Counter(lights_as_of(items=items, moment=week.deadline(rules)).values())
        series.append(
            {"week": week.label.split("（")[0], "lights": {light: lights.get(light, 0) for light in LIGHTS}}
        )
    return series
