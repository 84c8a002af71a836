"""Writes by supervision staff: item corrections, unit roles, unit merges.

Each write runs in one transaction and leaves a trace in the change history
(django-simple-history) with the user and a reason.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.search import services as search

from .models import Item, ItemUnit, LeaderUnit, Unit, UnitAlias


def _attribute(obj, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason


@transaction.atomic
def item_update(*, item: Item, user, title: str, text: str, deadline: dt.date | None) -> list[str]:
    """Correct an item's short title, text or deadline; returns the fields that changed.

    A field staff changed is remembered in ``staff_edited`` so a re-import keeps it.
    """
    title, text = title.strip(), text.strip()
    if not title:
        raise ValidationError({"title": "简称不能为空。"})
    if not text:
        raise ValidationError({"text": "任务内容不能为空。"})
    if deadline is not None and deadline.year < item.plan.year:
        raise ValidationError({"deadline": f"完成时限不能早于 {item.plan.year} 年。"})
    new = {"title": title, "text": text, "deadline": deadline}
    changed = [name for name, value in new.items() if getattr(item, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(item, name, new[name])
    item.staff_edited = sorted(set(item.staff_edited) | set(changed))
    _attribute(item, user, "督查室修改")
    item.save()
    search.index_items([item])
    return changed


@transaction.atomic
def item_unit_roles_set(*, item: Item, user, roles: dict[int, str]) -> int:
    """Confirm or correct the host/co role of each of the item's units; returns how many changed.

    Every link becomes staff-confirmed (it survives re-imports); an item keeps at least one host.
    """
    links = {link.pk: link for link in ItemUnit.objects.select_for_update().filter(item=item)}
    if set(roles) != set(links):
        raise ValidationError("承办单位已被修改，请刷新页面后重试。")
    if any(role not in ItemUnit.Role.values for role in roles.values()):
        raise ValidationError("角色只能是主办或协办。")
    if ItemUnit.Role.HOST not in roles.values():
        raise ValidationError("每个事项至少需要一个主办单位。")
    changed = 0
    for pk, role in roles.items():
        link = links[pk]
        if link.role == role and link.source == ItemUnit.Source.STAFF:
            continue
        changed += link.role != role
        link.role, link.source = role, ItemUnit.Source.STAFF
        _attribute(link, user, "督查室确认承办单位角色")
        link.save()
    return changed


@transaction.atomic
def unit_merge(*, keep: Unit, absorb: Unit, user) -> Unit:
    """Merge ``absorb`` into ``keep``: its items, leaders and names move over, it is deleted.

    Where both were linked to the same item, one link remains: host if either hosted.
    """
    if keep.pk == absorb.pk:
        raise ValidationError("不能把单位与自身合并。")
    if keep.district_id != absorb.district_id:
        raise ValidationError("只能合并同一区县的单位。")
    reason = f"合并单位：{absorb.name} 并入 {keep.name}"
    kept_links = {link.item_id: link for link in ItemUnit.objects.filter(unit=keep)}
    for link in ItemUnit.objects.filter(unit=absorb):
        twin = kept_links.get(link.item_id)
        if twin is None:
            link.unit = keep
            _attribute(link, user, reason)
            link.save()
            continue
        if link.role == ItemUnit.Role.HOST and twin.role != ItemUnit.Role.HOST:
            twin.role = ItemUnit.Role.HOST
            _attribute(twin, user, reason)
            twin.save()
        _attribute(link, user, reason)
        link.delete()
    kept_leader_links = set(LeaderUnit.objects.filter(unit=keep).values_list("assignment_id", "relation"))
    for link in LeaderUnit.objects.filter(unit=absorb):
        if (link.assignment_id, link.relation) in kept_leader_links:
            link.delete()
        else:
            link.unit = keep
            link.save()
    for alias in UnitAlias.objects.filter(unit=absorb):
        alias.unit = keep
        _attribute(alias, user, reason)
        alias.save()
    name = absorb.name
    _attribute(absorb, user, reason)
    search.forget_unit(absorb.pk)
    absorb.delete()
    alias = UnitAlias(district=keep.district, unit=keep, name=name)
    _attribute(alias, user, reason)
    alias.save()
    _attribute(keep, user, reason)
    keep.save()
    search.index_units([keep])
    search.index_items(Item.objects.filter(unit_links__unit=keep))  # the alias now finds them
    return keep
