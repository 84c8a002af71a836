"""Reads of the ledger, each prepared once with the joins its callers need."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from . import formats
from .models import (
    Discrepancy,
    Item,
    ItemOfficial,
    ItemUnit,
    LeaderAssignment,
    LeaderUnit,
    Official,
    Plan,
    Unit,
)
from .pinyin import pinyin_sorted

PLAN_KEY = re.compile(r"^(?P<year>\d{4})-(?P<district>.+)$")


class PlanNotFound(LookupError):
    pass


def plan_by_key(key: str) -> Plan:
    """The plan named like 2024-兖州区."""
    match = PLAN_KEY.match(key.strip())
    if not match:
        raise PlanNotFound(f"计划应写作“年度-区县”，如 2024-兖州区；收到“{key}”")
    plan = (
        Plan.objects.select_related("district")
        .filter(year=int(match["year"]), district__name=match["district"])
        .first()
    )
    if plan is None:
        known = (
            "、".join(p.key for p in Plan.objects.select_related("district")) or "（尚无计划，请先导入公报）"
        )
        raise PlanNotFound(f"没有计划“{key}”。已有：{known}")
    return plan


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.select_related("district").prefetch_related("targets")


def ledger_items(*, plans: list[Plan]) -> QuerySet[Item]:
    """Items of the plans with officials, units, targets and differences prefetched."""
    return (
        Item.objects.filter(plan__in=plans)
        .select_related("plan__district", "chapter")
        .prefetch_related(
            Prefetch(
                "official_links", queryset=ItemOfficial.objects.select_related("official").order_by("order")
            ),
            Prefetch("unit_links", queryset=ItemUnit.objects.select_related("unit").order_by("order")),
            "targets",
            "discrepancies",
        )
        .order_by("plan__year", "plan__district__name", "-kind", "number")
    )


def plan_officials(*, plan: Plan) -> list[tuple[Official, LeaderAssignment | None]]:
    """Everyone who leads an item of the plan or has a share of its division of labour."""
    assignments = {
        a.official_id: a
        for a in LeaderAssignment.objects.filter(plan=plan)
        .select_related("official", "substitute", "acting")
        .prefetch_related(
            Prefetch("unit_links", queryset=LeaderUnit.objects.select_related("unit").order_by("order"))
        )
    }
    leading = Official.objects.filter(item_links__item__plan=plan).distinct()
    officials = {a.official.pk: a.official for a in assignments.values()}
    officials.update({o.pk: o for o in leading})
    ordered = sorted(
        officials.values(), key=lambda o: (assignments[o.pk].order if o.pk in assignments else 99, o.name)
    )
    return [(official, assignments.get(official.pk)) for official in ordered]


def district_units(*, plans: list[Plan]) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(district__in={p.district_id for p in plans})
        .prefetch_related("aliases")
        .order_by("kind", "name")
    )


def plan_discrepancies(*, plans: list[Plan]) -> QuerySet[Discrepancy]:
    return (
        Discrepancy.objects.filter(plan__in=plans)
        .select_related("plan__district", "item", "chapter")
        .order_by("plan_id", "scope", "item__number", "chapter__number", "order")
    )


# --- pages -------------------------------------------------------------------------------

LIGHT_ORDER = ["red", "yellow", "green", "none", "done"]


def ledger_queryset(*, plan: Plan) -> QuerySet[Item]:
    """The ledger's rows: one query for items, one each for officials and host units."""
    from django.db.models import Case, Count, IntegerField, Q, Value, When

    return (
        Item.objects.filter(plan=plan)
        .select_related("chapter")
        .prefetch_related(
            Prefetch(
                "official_links", queryset=ItemOfficial.objects.select_related("official").order_by("order")
            ),
            Prefetch(
                "unit_links",
                queryset=ItemUnit.objects.filter(role=ItemUnit.Role.HOST)
                .select_related("unit")
                .order_by("order"),
                to_attr="host_links",
            ),
        )
        .annotate(
            co_count=Count("unit_links", filter=Q(unit_links__role=ItemUnit.Role.CO), distinct=True),
            light_rank=Case(
                *[When(light=light, then=Value(rank)) for rank, light in enumerate(LIGHT_ORDER)],
                output_field=IntegerField(),
            ),
        )
        .order_by("-kind", "number")
    )


def item_detail(*, pk: int) -> Item:
    return (
        Item.objects.select_related("plan__district", "chapter")
        .prefetch_related(
            Prefetch(
                "official_links", queryset=ItemOfficial.objects.select_related("official").order_by("order")
            ),
            Prefetch("unit_links", queryset=ItemUnit.objects.select_related("unit").order_by("order")),
            "targets",
            Prefetch("discrepancies", queryset=Discrepancy.objects.order_by("order")),
        )
        .get(pk=pk)
    )


def item_history(*, item: Item, limit: int = 100) -> list[dict]:
    """The item's changes and its units' and officials' changes, newest first, with what changed."""
    records = list(item.history.select_related("history_user"))
    records += list(ItemUnit.history.filter(item_id=item.pk).select_related("history_user", "unit"))
    records += list(ItemOfficial.history.filter(item_id=item.pk).select_related("history_user", "official"))
    from apps.supervision.models import ProgressReport

    records += list(ProgressReport.history.filter(item_id=item.pk).select_related("history_user"))
    records.sort(key=lambda r: (r.history_date, r.history_id))
    previous: dict[tuple[str, int], object] = {}
    entries = []
    for record in records:
        key = (record._meta.model_name, record.id)
        before = previous.get(key)
        previous[key] = record
        changes = []
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before)
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                changes.append([field, change.old, change.new])
            if not changes:
                continue
        entries.append(
            {
                "when": record.history_date,
                "user": record.history_user,
                "reason": record.history_change_reason or "",
                "type": record.history_type,
                "subject": _subject(record),
                "changes": changes,
            }
        )
    entries.reverse()
    entries = entries[:limit]
    names = _related_names([c for e in entries for c in e["changes"]])

    def shown(field, value) -> str:
        if field.many_to_one and (field.related_model, value) in names:
            return names[(field.related_model, value)]
        return _display(field, value)

    for entry in entries:
        entry["changes"] = [
            (str(field.verbose_name), shown(field, old), shown(field, new))
            for field, old, new in entry["changes"]
        ]
    return entries


def _related_names(changes: list) -> dict[tuple, str]:
    """A changed reviewer or unit is shown by name, not by its number: one query per model."""
    wanted: dict[type, set] = {}
    for field, old, new in changes:
        if field.many_to_one:
            wanted.setdefault(field.related_model, set()).update(v for v in (old, new) if v is not None)
    names = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=ids):
            label = obj.get_full_name() or obj.get_username() if hasattr(obj, "get_full_name") else str(obj)
            names[(model, obj.pk)] = label
    return names


def _subject(record) -> str:
    if record._meta.model_name == "historicalitemunit":
        return f"承办单位 {record.unit.name}（{dict(ItemUnit.Role.choices).get(record.role, record.role)}）"
    if record._meta.model_name == "historicalitemofficial":
        return f"牵头领导 {record.official.name}"
    if record._meta.model_name == "historicalprogressreport":
        return f"进展 {record.period_start:%Y-%m-%d} 这一周"
    return "事项"


def _display(field, value) -> str:
    if value is None or value == "":
        return "（空）"
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, dt.datetime):
        return formats.moment_text(value)  # Beijing time, not the stored UTC
    if isinstance(value, dt.date):
        return formats.day_text(value)
    if isinstance(value, Decimal):
        return formats.number_text(value)
    return str(value)


def unit_detail(*, unit: Unit, plan: Plan) -> dict:
    links = list(
        ItemUnit.objects.filter(unit=unit, item__plan=plan)
        .select_related("item")
        .order_by("-item__kind", "item__number")
    )
    overseers = list(
        LeaderUnit.objects.filter(unit=unit, assignment__plan=plan)
        .select_related("assignment__official")
        .order_by("relation", "assignment__order")
    )
    return {
        "aliases": list(unit.aliases.order_by("name")),
        "hosted": [link for link in links if link.role == ItemUnit.Role.HOST],
        "co_hosted": [link for link in links if link.role == ItemUnit.Role.CO],
        "supervisors": [
            link.assignment.official for link in overseers if link.relation == LeaderUnit.Relation.SUPERVISES
        ],
        "liaisons": [
            link.assignment.official for link in overseers if link.relation == LeaderUnit.Relation.LIAISES
        ],
    }


def official_detail(*, official: Official, plan: Plan) -> dict:
    assignment = (
        LeaderAssignment.objects.filter(plan=plan, official=official)
        .select_related("substitute", "acting")
        .prefetch_related(
            Prefetch("unit_links", queryset=LeaderUnit.objects.select_related("unit").order_by("order"))
        )
        .first()
    )
    led = list(
        Item.objects.filter(plan=plan, official_links__official=official)
        .prefetch_related(
            Prefetch(
                "unit_links",
                queryset=ItemUnit.objects.filter(role=ItemUnit.Role.HOST)
                .select_related("unit")
                .order_by("order"),
                to_attr="host_links",
            )
        )
        .order_by("-kind", "number")
    )
    supervised = (
        [link.unit for link in assignment.unit_links.all() if link.relation == LeaderUnit.Relation.SUPERVISES]
        if assignment
        else []
    )
    liaised = (
        [link.unit for link in assignment.unit_links.all() if link.relation == LeaderUnit.Relation.LIAISES]
        if assignment
        else []
    )
    unit_items: dict[int, list[ItemUnit]] = {u.pk: [] for u in supervised}
    if supervised:
        for link in (
            ItemUnit.objects.filter(unit__in=supervised, item__plan=plan)
            .select_related("item")
            .order_by("-item__kind", "item__number")
        ):
            unit_items[link.unit_id].append(link)
    return {
        "assignment": assignment,
        "led": led,
        "supervised": [
            (
                unit,
                unit_items[unit.pk],
                sum(link.role == ItemUnit.Role.HOST for link in unit_items[unit.pk]),
                sum(link.role == ItemUnit.Role.CO for link in unit_items[unit.pk]),
            )
            for unit in supervised
        ],
        "liaised": liaised,
        "acting_for": list(
            LeaderAssignment.objects.filter(plan=plan, acting=official).select_related("official")
        ),
    }


def plan_overview(*, plan: Plan) -> dict:
    from django.db.models import Count

    items = Item.objects.filter(plan=plan, withdrawn_at__isnull=True)
    by_kind = dict(items.values_list("kind").annotate(n=Count("pk")))
    by_light = dict(items.values_list("light").annotate(n=Count("pk")))
    by_chapter = list(
        plan.chapters.annotate(n=Count("items")).order_by("number").values("pk", "numeral", "title", "n")
    )
    return {
        "tasks": by_kind.get(Item.Kind.TASK, 0),
        "livelihood": by_kind.get(Item.Kind.LIVELIHOOD, 0),
        "lights": [(value, label, by_light.get(value, 0)) for value, label in Item.Light.choices],
        "chapters": by_chapter,
        "discrepancies": Discrepancy.objects.filter(plan=plan).count(),
        "items_with_discrepancies": Discrepancy.objects.filter(plan=plan, item__isnull=False)
        .values("item")
        .distinct()
        .count(),
        "inferred_hosts": ItemUnit.objects.filter(
            item__plan=plan, source=ItemUnit.Source.INFERRED, role=ItemUnit.Role.HOST
        )
        .values("item")
        .distinct()
        .count(),
        "targets": plan.targets.filter(item__isnull=False).count(),
        "main_targets": list(plan.targets.filter(item__isnull=True).order_by("order")),
    }


def unit_list(*, plan: Plan) -> list[tuple[str, list[Unit]]]:
    """The plan's units grouped by kind, each with how many items it hosts and co-hosts."""
    from django.db.models import Count, Q

    units = (
        Unit.objects.filter(district=plan.district_id)
        .annotate(
            hosted=Count(
                "item_links", filter=Q(item_links__item__plan=plan, item_links__role=ItemUnit.Role.HOST)
            ),
            co_hosted=Count(
                "item_links", filter=Q(item_links__item__plan=plan, item_links__role=ItemUnit.Role.CO)
            ),
        )
        .prefetch_related("aliases")
        .order_by("name")
    )
    groups: dict[str, list[Unit]] = {}
    for unit in pinyin_sorted(units):  # a directory: 区财政局 under C
        groups.setdefault(unit.get_kind_display(), []).append(unit)
    order = [label for _, label in Unit.Kind.choices]
    return sorted(groups.items(), key=lambda g: order.index(g[0]))


def official_list(*, plan: Plan) -> list[tuple[Official, LeaderAssignment | None, int]]:
    from django.db.models import Count

    led = dict(
        ItemOfficial.objects.filter(item__plan=plan)
        .values_list("official")
        .annotate(n=Count("item"))
        .order_by()
    )
    return [
        (official, assignment, led.get(official.pk, 0)) for official, assignment in plan_officials(plan=plan)
    ]
