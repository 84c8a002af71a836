"""What an import changes, row by row: the ledger writes go through ``Changes`` so the
preview can list them (new, changed field by field, withdrawn) before anything is kept."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import models

LOOKUP = object()  # "look the row up": Changes.upsert's default for ``existing``


class Changes:
    """Counts of what an import created, updated and removed, per kind of row."""

    def __init__(self, *, reason: str = "", user=None) -> None:
        self.counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.reason = reason  # written into the change history of every row saved
        self.user = user
        # What a person reviewing the import needs to see, item by item (the preview).
        self.items_new: list[dict[str, Any]] = []
        self.items_changed: dict[tuple[str, int], dict[str, Any]] = {}
        self.items_withdrawn: list[dict[str, Any]] = []
        self.items_restored: list[dict[str, Any]] = []
        self.items_missing: list[dict[str, Any]] = []  # not found, but the file has reading errors
        self.units_new: list[dict[str, str]] = []
        self.units_mapped: list[dict[str, Any]] = []
        self.officials_new: list[str] = []
        self.officials_mapped: list[dict[str, str]] = []
        self.rows: list[dict[str, Any]] = []  # every item's leads and units as they will be written

    def item_changed(self, item, field: str, before: Any, after: Any) -> None:
        entry = self.items_changed.setdefault(
            (item.kind, item.number),
            {"kind": item.kind, "number": item.number, "title": item.title, "fields": []},
        )
        entry["fields"].append({"field": field, "before": shown(before), "after": shown(after)})

    def add(self, model: type[models.Model], what: str, n: int = 1) -> None:
        if n:
            self.counts[model._meta.model_name][what] += n

    @property
    def any(self) -> bool:
        return any(n for per in self.counts.values() for n in per.values())

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {name: dict(per) for name, per in sorted(self.counts.items())}

    def upsert(
        self,
        model: type[models.Model],
        lookup: dict[str, Any],
        values: dict[str, Any],
        *,
        existing: Any = LOOKUP,
    ) -> Any:
        """Create the row, or update only the fields whose value differs.

        A caller that preloaded the rows passes ``existing`` (the row, or None) and saves
        the lookup query.
        """
        obj = model.objects.filter(**lookup).first() if existing is LOOKUP else existing
        if obj is None:
            self.add(model, "created")
            obj = model(**lookup, **values)
            self._attribute(obj)
            obj.save(force_insert=True)
            return obj
        changed = [name for name, value in values.items() if differs(obj, name, value)]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            if any(f.name == "updated_at" for f in model._meta.fields):
                changed.append("updated_at")
            self._attribute(obj)
            obj.save(update_fields=changed)
            self.add(model, "updated")
        return obj

    def _attribute(self, obj: models.Model) -> None:
        """Who and why, for models that keep a change history."""
        obj._change_reason = self.reason
        if self.user is not None:
            obj._history_user = self.user

    def delete_stale(self, model: type[models.Model], rows: Iterable[models.Model], keep: set[int]) -> None:
        """Delete the preloaded ``rows`` whose id is not in ``keep``, in one query."""
        stale = [row.pk for row in rows if row.pk not in keep]
        if stale:
            model.objects.filter(pk__in=stale).delete()
            self.add(model, "deleted", len(stale))

    def delete(self, queryset: models.QuerySet) -> None:
        count = queryset.count()
        if count:
            queryset.delete()
            self.add(queryset.model, "deleted", count)


def shown(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value) or "（空）"
    text = str(value)
    return text if len(text) <= 300 else text[:300] + "…"


# Fields of an item shown in the preview when they change (source_line moves with every edit).
PREVIEWED_FIELDS = {
    "chapter": "章节",
    "section": "小节",
    "title": "简称",
    "text": "任务内容",
    "deadline": "完成时限",
    "deadline_note": "时限说明",
    "report_passage": "政府工作报告原文",
}


def differs(obj: models.Model, name: str, value: Any) -> bool:
    field = obj._meta.get_field(name)
    if field.many_to_one:
        # Compare ids: reading the related object would cost a query per row.
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value
