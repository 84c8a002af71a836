"""Reads of the supervision loop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from apps.tracking.models import Item, ItemUnit, Official, Plan, Unit

from .models import (
    Contribution,
    Instruction,
    InstructionReply,
    PeriodKind,
    ProgressReport,
    Reminder,
    ReviewEvent,
    TargetActual,
)
from .periods import Period
from .standings import closed_weeks


def item_reports(*, item: Item) -> list[ProgressReport]:
    return list(
        ProgressReport.objects.filter(item=item)
        .select_related("unit", "author", "reviewer")
        .prefetch_related(
            Prefetch("actuals", queryset=TargetActual.objects.select_related("target")),
            Prefetch("contributions", queryset=Contribution.objects.select_related("unit", "author")),
            Prefetch("events", queryset=ReviewEvent.objects.select_related("actor")),
            "attachments",
        )
        .order_by("-period_start")
    )


def item_instructions(*, item: Item) -> list[Instruction]:
    return list(
        item.instructions.select_related("official", "author").prefetch_related(
            Prefetch("replies", queryset=InstructionReply.objects.select_related("unit", "author"))
        )
    )


def item_open_reminders(*, item: Item) -> list[Reminder]:
    return list(item.reminders.filter(resolved_at__isnull=True).select_related("unit"))


def review_queue() -> QuerySet[ProgressReport]:
    """Submitted reports, oldest first: the supervision office works through them in order."""
    return (
        ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED)
        .select_related("item__plan", "unit", "author")
        .prefetch_related(Prefetch("actuals", queryset=TargetActual.objects.select_related("target")))
        .order_by("submitted_at", "pk")
    )


def unit_due(*, unit: Unit, period: Period) -> list[tuple[Item, ProgressReport | None]]:
    """The items ``unit`` hosts, each with its report for ``period`` (or None)."""
    items = list(
        Item.objects.filter(
            unit_links__unit=unit, unit_links__role=ItemUnit.Role.HOST, withdrawn_at__isnull=True
        )
        .select_related("plan")
        .order_by("-kind", "number")
    )
    reports = {
        r.item_id: r
        for r in ProgressReport.objects.filter(
            item__in=items, period_kind=period.kind, period_start=period.start
        )
    }
    return [(item, reports.get(item.pk)) for item in items]


def open_reminders(*, units: list[Unit]) -> list[Reminder]:
    if not units:
        return []
    return list(
        Reminder.objects.filter(unit__in=units, resolved_at__isnull=True)
        .select_related("item", "unit")
        .order_by("-created_at")[:10]
    )


def _host_links() -> Prefetch:
    return Prefetch(
        "unit_links",
        queryset=ItemUnit.objects.filter(role=ItemUnit.Role.HOST).select_related("unit").order_by("order"),
        to_attr="host_links",
    )


@dataclass
class CoRow:
    """An item the unit co-hosts: the host's report of the period, and the unit's part in it."""

    item: Item
    report: ProgressReport | None
    contribution: Contribution | None


@dataclass
class Landing:
    """A unit's landing page: what is waiting for it, most urgent first."""

    returned: list[ProgressReport] = field(default_factory=list)
    instructions: list[Instruction] = field(default_factory=list)
    rows: list[tuple[Item, ProgressReport | None]] = field(default_factory=list)
    co_rows: list[CoRow] = field(default_factory=list)


def unit_landing(*, unit: Unit, period: Period) -> Landing:
    """Returned reports (any period), unanswered 批示, this period's host items, co-hosted items."""
    returned = list(
        ProgressReport.objects.filter(
            unit=unit, status=ProgressReport.Status.RETURNED, item__withdrawn_at__isnull=True
        )
        .select_related("item")
        .order_by("-reviewed_at", "-period_start")
    )
    instructions = list(
        Instruction.objects.filter(
            item__in=Item.objects.filter(unit_links__unit=unit, withdrawn_at__isnull=True)
        )
        .exclude(replies__unit=unit)
        .select_related("item", "official")
        .order_by("-created_at")
    )
    return Landing(
        returned=returned,
        instructions=instructions,
        rows=unit_due(unit=unit, period=period),
        co_rows=unit_co_items(unit=unit, period=period),
    )


def unit_co_items(*, unit: Unit, period: Period) -> list[CoRow]:
    items = list(
        Item.objects.filter(
            pk__in=ItemUnit.objects.filter(unit=unit, role=ItemUnit.Role.CO).values("item"),
            withdrawn_at__isnull=True,
        )
        .prefetch_related(_host_links())
        .order_by("-kind", "number")
    )
    reports = {
        r.item_id: r
        for r in ProgressReport.objects.filter(
            item__in=items, period_kind=period.kind, period_start=period.start
        )
    }
    contributions = {
        c.report_id: c for c in Contribution.objects.filter(report__in=list(reports.values()), unit=unit)
    }
    rows = []
    for item in items:
        report = reports.get(item.pk)
        rows.append(CoRow(item, report, contributions.get(report.pk) if report else None))
    return rows


@dataclass
class LeaderOverview:
    items: list[Item]
    week: Period | None  # the last closed week
    late: list[tuple[Unit, list[Item]]]  # host units that did not report it
    instructions: list[Instruction]


def leader_overview(*, official: Official, plan: Plan, now: dt.datetime, rules=None) -> LeaderOverview:
    """The items an official leads, the host units late for the last closed week, his 批示 and the replies."""
    items = list(
        Item.objects.filter(
            plan=plan,
            pk__in=official.item_links.values("item"),
            withdrawn_at__isnull=True,
        )
        .prefetch_related(_host_links())
        .order_by("-kind", "number")
    )
    weeks = closed_weeks(plan, now, rules)
    week = weeks[-1] if weeks else None
    late: dict[Unit, list[Item]] = {}
    if week is not None:
        reported = set(
            ProgressReport.objects.filter(
                item__in=items,
                period_kind=PeriodKind.WEEK,
                period_start=week.start,
                status__in=[ProgressReport.Status.SUBMITTED, ProgressReport.Status.APPROVED],
            ).values_list("item_id", flat=True)
        )
        for item in items:
            if item.pk in reported or item.status == Item.Status.DONE:
                continue
            for link in item.host_links:
                if not link.unit.is_group:
                    late.setdefault(link.unit, []).append(item)
    instructions = list(
        Instruction.objects.filter(official=official, item__plan=plan)
        .select_related("item")
        .prefetch_related(
            Prefetch("replies", queryset=InstructionReply.objects.select_related("unit", "author"))
        )
        .order_by("-created_at")
    )
    return LeaderOverview(
        items=items,
        week=week,
        late=sorted(late.items(), key=lambda pair: (-len(pair[1]), pair[0].name)),
        instructions=instructions,
    )
