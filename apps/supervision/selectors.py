"""Reads of the supervision loop."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from apps.tracking.models import Item, ItemUnit, Unit

from .models import Contribution, Instruction, ProgressReport, Reminder, ReviewEvent, TargetActual
from .periods import Period


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
    return list(item.instructions.select_related("official", "author"))


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
