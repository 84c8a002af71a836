"""Period snapshots: each item's standing recorded when a reporting period closes.

A report, export or chart of a closed period reads its snapshot, so the May report shows
May's lights and progress in July. A snapshot is taken by beat after each period closes
(``snapshots_close``), by ``demo_progress`` for the demo's past weeks, and on demand — the
first read of a closed period without one takes it, from the reports as they stood at the
close (standings.standings_at), which gives the same answer as a snapshot taken on time.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from apps.tracking.models import Item, ItemUnit, Plan

from . import clock, standings
from .models import ItemSnapshot, PeriodKind, PeriodSnapshot, UnitSnapshot
from .periods import Period, periods_between
from .standings import ItemStanding, ReportText, UnitOutcome, close_moment, is_closed, standings_at


def plan_items(plan: Plan) -> list[Item]:
    """The plan's live items with what the calculator reads."""
    return list(
        Item.objects.filter(plan=plan, withdrawn_at__isnull=True)
        .select_related("plan")
        .prefetch_related(
            "targets",
            Prefetch("unit_links", queryset=ItemUnit.objects.select_related("unit").order_by("order")),
        )
    )


@transaction.atomic
def snapshot_take(*, plan: Plan, period: Period, moment: dt.datetime | None = None) -> PeriodSnapshot:
    """Record the plan's standing for ``period`` as of ``moment`` (default: the period's close).

    Replaces an earlier snapshot of the same period (an on-demand one of a then-open period).
    """
    moment = moment or close_moment(period)
    items = plan_items(plan)
    standings = standings_at(plan=plan, items=items, period=period, moment=moment)
    PeriodSnapshot.objects.filter(plan=plan, period_kind=period.kind, period_start=period.start).delete()
    snapshot = PeriodSnapshot.objects.create(
        plan=plan,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        as_of=moment,
        taken_at=clock.now(),
    )
    ItemSnapshot.objects.bulk_create(_item_row(snapshot, s) for s in standings.values())
    UnitSnapshot.objects.bulk_create(
        UnitSnapshot(
            snapshot=snapshot,
            item_id=s.item_id,
            unit_id=u.unit_id,
            role=u.role,
            expected=u.expected,
            on_time=u.on_time,
            late=u.late,
            missing=u.missing,
        )
        for s in standings.values()
        for u in s.units
    )
    return snapshot


def _item_row(snapshot: PeriodSnapshot, s: ItemStanding) -> ItemSnapshot:
    r = s.report
    return ItemSnapshot(
        snapshot=snapshot,
        item_id=s.item_id,
        status=s.status,
        light=s.light,
        reason=s.reason[:120],
        progress=s.progress,
        report_id=r.report_id if r else None,
        report_status=r.status if r else "",
        report_progress=r.progress if r else "",
        report_problems=r.problems if r else "",
        report_next_steps=r.next_steps if r else "",
        report_percent=r.percent if r else None,
        submitted_at=r.submitted_at if r else None,
        actuals={str(k): v for k, v in r.actuals.items()} if r else {},
        expected=s.expected,
        received=s.received,
    )


def snapshot_for(*, plan: Plan, period: Period) -> PeriodSnapshot:
    """The closed period's snapshot, taken now if it is missing or was taken before the close."""
    snapshot = PeriodSnapshot.objects.filter(
        plan=plan, period_kind=period.kind, period_start=period.start
    ).first()
    if snapshot is not None and snapshot.as_of >= close_moment(period):
        return snapshot
    try:
        return snapshot_take(plan=plan, period=period)
    except IntegrityError:  # another request took it at the same moment: read theirs
        return PeriodSnapshot.objects.get(plan=plan, period_kind=period.kind, period_start=period.start)


def snapshot_standings(snapshot: PeriodSnapshot, item_ids: list[int]) -> dict[int, ItemStanding]:
    """The stored standings of ``item_ids``, in the calculator's own shape."""
    units: dict[int, list[UnitOutcome]] = {}
    for row in UnitSnapshot.objects.filter(snapshot=snapshot, item_id__in=item_ids).select_related("unit"):
        units.setdefault(row.item_id, []).append(
            UnitOutcome(
                unit_id=row.unit_id,
                unit_name=row.unit.name,
                role=row.role,
                is_group=row.unit.is_group,
                expected=row.expected,
                on_time=row.on_time,
                late=row.late,
                missing=row.missing,
            )
        )
    result = {}
    for row in ItemSnapshot.objects.filter(snapshot=snapshot, item_id__in=item_ids):
        report = None
        if row.report_status:
            report = ReportText(
                progress=row.report_progress,
                problems=row.report_problems,
                next_steps=row.report_next_steps,
                percent=row.report_percent or 0,
                status=row.report_status,
                submitted_at=row.submitted_at,
                report_id=row.report_id,
                actuals={int(k): v for k, v in row.actuals.items()},
            )
        result[row.item_id] = ItemStanding(
            item_id=row.item_id,
            status=row.status,
            light=row.light,
            reason=row.reason,
            progress=row.progress,
            report=report,
            expected=row.expected,
            received=row.received,
            units=units.get(row.item_id, []),
        )
    return result


def period_standings(*, plan: Plan, items: list[Item], period: Period) -> dict[int, ItemStanding]:
    """A closed period from its snapshot; the open one computed live by the same calculator."""
    now = clock.now()
    if is_closed(period, now):
        return snapshot_standings(snapshot_for(plan=plan, period=period), [i.pk for i in items])
    return standings_at(plan=plan, items=items, period=period, moment=now)


def snapshots_close(*, now: dt.datetime | None = None, plans=None) -> int:
    """Take the snapshot of every closed period of the plans' years that has none yet.

    Run by beat after midnight (a period closes at the end of its last day), and by
    demo_progress for the demo's past weeks. Returns how many it took.
    """
    now = now or clock.now()
    plans = plans if plans is not None else Plan.objects.filter(year__in=[now.year, now.year - 1])
    taken = 0
    for plan in plans:
        first = standings.reporting_start(plan)
        last = min(now.date(), dt.date(plan.year, 12, 31))
        taken_as_of = dict(
            ((kind, start), as_of)
            for kind, start, as_of in PeriodSnapshot.objects.filter(plan=plan).values_list(
                "period_kind", "period_start", "as_of"
            )
        )
        for kind in PeriodKind.values:
            for period in periods_between(kind, first, last):
                as_of = taken_as_of.get((kind, period.start))
                if is_closed(period, now) and (as_of is None or as_of < close_moment(period)):
                    snapshot_take(plan=plan, period=period)
                    taken += 1
    return taken
