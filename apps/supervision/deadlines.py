"""The deadline-day notice: on the morning the weekly report is due, tell each host unit's
liaisons which of its items are still unreported. One notice per unit and week, however
often beat runs it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse

from apps.notifications.models import Notification
from apps.notifications.services import notify, unit_liaisons
from apps.tracking.models import Item, ItemUnit, Unit

from . import clock
from .models import PeriodKind, ProgressReport
from .periods import period_of
from .standings import deadline_rules, reporting_start


def deadline_notices(*, now: dt.datetime | None = None) -> list[Notification]:
    """Run daily: acts only on the day of this week's deadline, before it passes."""
    now = now or clock.now()
    week = period_of(PeriodKind.WEEK, now.date())
    deadline = week.deadline(deadline_rules())
    if deadline.date() != now.date() or now >= deadline:
        return []
    reported = ProgressReport.objects.filter(
        period_kind=PeriodKind.WEEK,
        period_start=week.start,
        status__in=[ProgressReport.Status.SUBMITTED, ProgressReport.Status.APPROVED],
    ).values("item")
    links = (
        ItemUnit.objects.filter(
            role=ItemUnit.Role.HOST, item__plan__year=week.end.year, item__withdrawn_at__isnull=True
        )
        .exclude(item__status=Item.Status.DONE)
        .exclude(unit__kind=Unit.Kind.GROUP)
        .exclude(item__in=reported)
        .select_related("item__plan", "unit")
        .order_by("unit__name", "-item__kind", "item__number")
    )
    due: dict[Unit, list[Item]] = defaultdict(list)
    for link in links:
        if week.end >= reporting_start(link.item.plan):
            due[link.unit].append(link.item)
    urls = {
        unit: reverse("supervision:unit_due", args=[unit.pk]) + f"?period={week.start:%Y-%m-%d}"
        for unit in due
    }
    sent = set(
        Notification.objects.filter(kind=Notification.Kind.DEADLINE, url__in=urls.values()).values_list(
            "url", flat=True
        )
    )
    created = []
    for unit, items in due.items():
        if urls[unit] in sent:
            continue
        created += notify(
            users=unit_liaisons([unit]),
            kind=Notification.Kind.DEADLINE,
            title=f"今天 {deadline:%H:%M} 截止：{unit.name}{week.short_label}还有 {len(items)} 项进展未报送",
            body="\n".join(str(item) for item in items),
            url=urls[unit],
            at=now,
        )
    return created
