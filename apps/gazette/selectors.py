"""What the gazette provides to other pages: a plan's chronicle, as evidence on the item page."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.tracking.models import Plan

from .models import ChronicleEntry


def plan_chronicle(plan: Plan) -> QuerySet[ChronicleEntry]:
    return (
        ChronicleEntry.objects.filter(district=plan.district_id, date__year=plan.year)
        .prefetch_related("officials")
        .order_by("date", "order")
    )
