"""Where every item stood at a moment: the one calculator behind lights, reports and snapshots.

``standings_at(plan=…, items=…, period=…, moment=…)`` reads each item's reports as they were
at ``moment`` (a report counts from its first submission; its status is the last review
event by then) and gives, per item, the light rule's result (apps/supervision/lights.py via
item_standing), the period's report as it read then, and per host and co-unit
whether it reported the period's closed weeks on time. The live pages call it with now;
a period snapshot stores what it returned when the period closed.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.utils import timezone

from apps.tracking.models import Item, ItemUnit, Plan, Target

from . import clock, lights
from .models import (
    RULES_CACHE_KEY,
    Contribution,
    DeadlineRule,
    PeriodKind,
    ProgressReport,
    ReviewEvent,
    TargetActual,
)
from .periods import DEFAULT_RULES, WEEK, Period, period_of, periods_between

STATUS_AFTER = {
    ReviewEvent.Action.SUBMITTED: ProgressReport.Status.SUBMITTED,
    ReviewEvent.Action.APPROVED: ProgressReport.Status.APPROVED,
    ReviewEvent.Action.RETURNED: ProgressReport.Status.RETURNED,
}


@dataclass
class ReportText:
    """A period's report as it read at the moment (what exports print)."""

    progress: str
    problems: str
    next_steps: str
    percent: int
    status: str
    submitted_at: dt.datetime | None
    report_id: int | None = None
    actuals: dict[int, str] = field(default_factory=dict)


@dataclass
class UnitOutcome:
    unit_id: int
    unit_name: str
    role: str  # host | co
    is_group: bool
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0


@dataclass
class ItemStanding:
    item_id: int
    status: str
    light: str
    reason: str
    progress: int
    report: ReportText | None
    expected: int = 0
    received: int = 0
    units: list[UnitOutcome] = field(default_factory=list)


def deadline_rules() -> dict[str, tuple[int, dt.time]]:
    """The deadline of each period kind: the defaults, overridden by the admin's DeadlineRule rows.

    Read on every page (lights follow deadlines), so kept in the cache for a minute; saving a
    rule clears it (DeadlineRule.save)."""
    rules = cache.get(RULES_CACHE_KEY)
    if rules is None:
        rules = dict(DEFAULT_RULES)
        for rule in DeadlineRule.objects.all():
            rules[rule.kind] = (rule.days_before_end, rule.time)
        cache.set(RULES_CACHE_KEY, rules, 60)
    return rules


def reporting_start(plan: Plan) -> dt.date:
    """The first reporting week begins the Monday after the breakdown notice."""
    issued = plan.notice_issued_on or dt.date(plan.year, 1, 1)
    return period_of(PeriodKind.WEEK, issued).next().start


def closed_weeks(plan: Plan, until: dt.datetime, rules=None) -> list[Period]:
    """Weekly periods from the first reporting week whose deadline has passed by ``until``."""
    start = reporting_start(plan)
    end_of_year = dt.date(plan.year, 12, 31)
    weeks = periods_between(PeriodKind.WEEK, start, min(until.date(), end_of_year))
    return [w for w in weeks if w.deadline(rules) <= until]


def progress_source(reports: list[ProgressReport]) -> ProgressReport | None:
    """The report whose percent the ledger shows: the latest submitted or approved one, except
    a drop the office has not yet approved (it shows once reviewed)."""
    counted = [
        r
        for r in reports
        if r.counts_as_reported and not (r.drop_reason and r.status == ProgressReport.Status.SUBMITTED)
    ]
    return max(counted, key=lambda r: r.period_start, default=None)


def item_standing(
    item: Item, reports: list[ProgressReport], *, now: dt.datetime, rules=None
) -> lights.Standing:
    reported = [r for r in reports if r.counts_as_reported]
    latest = max(reported, key=lambda r: r.period_start, default=None)
    source = progress_source(reports)
    progress = effective_progress(item, source) if source else 0
    done_flag = bool(latest and latest.percent >= 100 and latest.status == ProgressReport.Status.APPROVED)
    weeks = closed_weeks(item.plan, now, rules)
    reported_starts = {r.period_start for r in reported if r.period_kind == PeriodKind.WEEK}
    missed = 0
    for week in reversed(weeks):
        if week.start in reported_starts:
            break
        missed += 1
    return lights.standing(
        today=now.date(),
        start=reporting_start(item.plan) - dt.timedelta(days=7),
        deadline=item.deadline or dt.date(item.plan.year, 12, 31),
        progress=progress,
        missed=missed,
        done=done_flag,
        reported=bool(reported),
        rule=getattr(settings, "LIGHT_RULE", None),
    )


def effective_progress(item: Item, report: ProgressReport) -> int:
    """The reported percent, capped by the share of targets the reported actuals reach."""
    actuals = {a.target_id: a.value for a in report.actuals.all()}
    shares = []
    for target in item.targets.all():
        if target.pk in actuals and target.value and target.comparison != Target.Comparison.LTE:
            shares.append(min(Decimal(1), actuals[target.pk] / target.value))
    if not shares:
        return report.percent
    return min(report.percent, int(100 * sum(shares) / len(shares)))


def item_standing_refresh(*, item: Item, now: dt.datetime | None = None, rules=None) -> bool:
    """Recompute and store the item's status, light, progress and last report; True if changed."""
    now = now or clock.now()
    reports = list(item.reports.prefetch_related("actuals"))
    result = item_standing(item, reports, now=now, rules=rules)
    reported = [r for r in reports if r.counts_as_reported]
    source = progress_source(reports)
    values = {
        "status": result.status,
        "light": result.light,
        "progress": effective_progress(item, source) if source else 0,
        "last_reported_at": max((r.submitted_at for r in reported if r.submitted_at), default=None),
    }
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if changed:
        for name in changed:
            setattr(item, name, values[name])
        item._history_user, item._change_reason = None, f"重新计算亮灯：{result.reason}"
        item.save(update_fields=[*changed, "updated_at"])
    return bool(changed)


def standings_refresh(*, plan: Plan | None = None, now: dt.datetime | None = None) -> int:
    """Recompute every live item (nightly, and when a deadline passes); returns how many changed."""
    now = now or clock.now()
    rules = deadline_rules()
    items = Item.objects.filter(withdrawn_at__isnull=True).select_related("plan").prefetch_related("targets")
    plans = Plan.objects.all()
    if plan is not None:
        items, plans = items.filter(plan=plan), plans.filter(pk=plan.pk)
    changed = sum(item_standing_refresh(item=item, now=now, rules=rules) for item in items)
    plans.update(lights_computed_at=now)
    return changed


def last_deadline(now: dt.datetime, rules=None) -> dt.datetime:
    """The latest weekly deadline at or before ``now``: lights change when one passes."""
    week = period_of(PeriodKind.WEEK, now.date())
    deadline = week.deadline(rules)
    return deadline if deadline <= now else week.previous().deadline(rules)


def stale_plans(*, now: dt.datetime, rules=None):
    """Plans whose lights predate the last weekly deadline, or lie ahead of a pinned clock."""
    boundary = last_deadline(now, rules or deadline_rules())
    return Plan.objects.filter(
        Q(lights_computed_at__isnull=True)
        | Q(lights_computed_at__lt=boundary)
        | Q(lights_computed_at__gt=now)
    )


def standings_ensure_fresh(*, now: dt.datetime | None = None) -> int:
    """Recompute the stale plans' lights (see stale_plans); returns how many items changed.

    Beat recomputes right after each deadline; this catches a missed run or a clock that was
    moved, so no page shows a light older than the last deadline.
    """
    now = now or clock.now()
    return sum(standings_refresh(plan=plan, now=now) for plan in stale_plans(now=now))


# --- a period's standing at a moment ---------------------------------------------------------


def close_moment(period: Period) -> dt.datetime:
    """A period closes at the end of its last day (Beijing time)."""
    return timezone.make_aware(dt.datetime.combine(period.end, dt.time(23, 59, 59)))


def is_closed(period: Period, now: dt.datetime) -> bool:
    return now > close_moment(period)


def due_weeks(plan: Plan, period: Period, moment: dt.datetime, rules) -> list[Period]:
    """The weeks whose report falls due within ``period`` and by ``moment``."""
    first = reporting_start(plan)
    weeks = [
        w
        for w in periods_between(WEEK, period.start - dt.timedelta(days=6), period.end)
        if w.start >= first and w.deadline(rules) <= moment
    ]
    if period.kind == WEEK:
        return [w for w in weeks if w.start == period.start]
    return [w for w in weeks if period.start <= w.deadline(rules).date() <= period.end]


def _as_of(reports: list[ProgressReport], moment: dt.datetime) -> list[ProgressReport]:
    """Copies of the reports as they stood at ``moment``; reports not yet submitted are left out."""
    out = []
    for report in reports:
        events = [e for e in report.events.all() if e.at <= moment]
        if events:
            first_submitted = next((e.at for e in events if e.action == ReviewEvent.Action.SUBMITTED), None)
            status = STATUS_AFTER[events[-1].action]
        elif report.submitted_at and report.submitted_at <= moment:
            first_submitted, status = report.submitted_at, report.status
        else:
            continue
        seen = copy.copy(report)
        seen.status = status
        seen.submitted_at = first_submitted or report.submitted_at
        out.append(seen)
    return out


def reports_by_item(items: list[Item], *, until: dt.date) -> dict[int, list[ProgressReport]]:
    """Every report of the items up to a period end, with the events and actuals the rule reads."""
    grouped: dict[int, list[ProgressReport]] = defaultdict(list)
    reports = (
        ProgressReport.objects.filter(item__in=items, period_start__lte=until)
        .prefetch_related(
            Prefetch("events", queryset=ReviewEvent.objects.order_by("at", "pk")),
            Prefetch("actuals", queryset=TargetActual.objects.order_by("pk")),
            Prefetch(
                "contributions", queryset=Contribution.objects.only("report_id", "unit_id", "updated_at")
            ),
        )
        .order_by("period_start", "pk")
    )
    for report in reports:
        grouped[report.item_id].append(report)
    return grouped


def standings_at(
    *, plan: Plan, items: list[Item], period: Period, moment: dt.datetime, rules=None
) -> dict[int, ItemStanding]:
    """Each item's standing at ``moment``, with its report and unit outcomes for ``period``.

    ``items`` need ``plan``, ``targets`` and ``unit_links__unit`` (prefetched).
    """
    rules = rules or deadline_rules()
    weeks = due_weeks(plan, period, moment, rules)
    grouped = reports_by_item(items, until=period.end)
    result = {}
    for item in items:
        seen = _as_of(grouped.get(item.pk, []), moment)
        standing = item_standing(item, seen, now=moment, rules=rules)
        counted = [r for r in seen if r.counts_as_reported]
        latest_ever = max(counted, key=lambda r: r.period_start, default=None)
        in_period = [
            r for r in counted if period.start - dt.timedelta(days=6) <= r.period_start <= period.end
        ]
        latest = max(in_period, key=lambda r: r.period_start, default=None)
        by_week = {r.period_start: r for r in counted if r.period_kind == WEEK}
        row = ItemStanding(
            item_id=item.pk,
            status=standing.status,
            light=standing.light,
            reason=standing.reason,
            progress=effective_progress(item, latest_ever) if latest_ever else 0,
            report=_text(latest) if latest else None,
            expected=len(weeks),
            received=sum(1 for w in weeks if w.start in by_week),
        )
        row.units = _unit_outcomes(item, weeks, by_week, rules)
        result[item.pk] = row
    return result


def _text(report: ProgressReport) -> ReportText:
    return ReportText(
        progress=report.progress,
        problems=report.problems,
        next_steps=report.next_steps,
        percent=report.percent,
        status=report.status,
        submitted_at=report.submitted_at,
        report_id=report.pk,
        actuals={a.target_id: str(a.value) for a in report.actuals.all()},
    )


def _unit_outcomes(item: Item, weeks: list[Period], by_week: dict, rules) -> list[UnitOutcome]:
    """Hosts: the week's report submitted by its deadline (else late, or missing). Co-units: a
    contribution to that report (its timing is not judged: the host's report carries the date)."""
    outcomes = []
    for link in item.unit_links.all():
        outcome = UnitOutcome(
            unit_id=link.unit_id,
            unit_name=link.unit.name,
            role=link.role,
            is_group=link.unit.is_group,
        )
        for week in weeks:
            report = by_week.get(week.start)
            if link.role == ItemUnit.Role.HOST:
                outcome.expected += 1
                if report is None or report.submitted_at is None:
                    outcome.missing += 1
                elif report.submitted_at <= week.deadline(rules):
                    outcome.on_time += 1
                else:
                    outcome.late += 1
            elif report is not None:
                # A co-unit adds to the host's report; with no report there is nothing to add to.
                outcome.expected += 1
                if any(c.unit_id == link.unit_id for c in report.contributions.all()):
                    outcome.on_time += 1
                else:
                    outcome.missing += 1
        outcomes.append(outcome)
    return outcomes
