"""Who may see and do what: the one place object-level access is decided.

- administrator (superuser or role admin) and supervision office: every item; review,
  reminders, corrections;
- unit liaison: the items his units host or co-host; reports for the items they host,
  contributions for those they co-host;
- lead official (or his secretary): the items he leads and the items of the units he
  supervises; instructions on the items he leads;
- security administrator: roles, lockouts and password resets; auditor: the audit log.
  Neither sees any item (三员分立).
A user without a role sees nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet

from apps.tracking.models import Item, ItemOfficial, ItemUnit, LeaderUnit, Official, Unit

from .models import Profile

SUPERVISOR, LIAISON, LEADER, ADMIN, SECURITY, AUDITOR = (
    Profile.Role.SUPERVISOR,
    Profile.Role.LIAISON,
    Profile.Role.LEADER,
    Profile.Role.ADMIN,
    Profile.Role.SECURITY,
    Profile.Role.AUDITOR,
)


def role(user) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return ADMIN
    profile = _profile(user)
    return profile.role if profile else None


def _profile(user) -> Profile | None:
    if not hasattr(user, "_ledger_profile"):
        user._ledger_profile = Profile.objects.filter(user=user).select_related("official").first()
    return user._ledger_profile


def profile(user) -> Profile | None:
    """The signed-in user's profile, read once per request."""
    return _profile(user) if user.is_authenticated else None


def is_supervisor(user) -> bool:
    return role(user) in (SUPERVISOR, ADMIN)


def is_admin(user) -> bool:
    return role(user) == ADMIN


def is_security_admin(user) -> bool:
    return role(user) == SECURITY


def is_auditor(user) -> bool:
    return role(user) == AUDITOR


def can_list_users(user) -> bool:
    """The user list serves both administrators: the system one edits, the security one grants."""
    return role(user) in (ADMIN, SECURITY)


def user_units(user) -> list[Unit]:
    if not hasattr(user, "_ledger_units"):
        profile = _profile(user)
        user._ledger_units = list(profile.units.all()) if profile and profile.role == LIAISON else []
    return user._ledger_units


def user_official(user) -> Official | None:
    profile = _profile(user)
    return profile.official if profile and profile.role == LEADER else None


def visible_items(user, queryset: QuerySet[Item]) -> QuerySet[Item]:
    """``queryset`` narrowed to the items ``user`` may see."""
    current = role(user)
    if current in (SUPERVISOR, ADMIN):
        return queryset
    if current == LIAISON:
        return queryset.filter(pk__in=ItemUnit.objects.filter(unit__in=user_units(user)).values("item"))
    if current == LEADER and user_official(user):
        official = user_official(user)
        leads = ItemOfficial.objects.filter(item=OuterRef("pk"), official=official)
        # Units he supervises under the item's own plan's division of labour.
        supervised = ItemUnit.objects.filter(
            item=OuterRef("pk"),
            unit__leader_links__relation=LeaderUnit.Relation.SUPERVISES,
            unit__leader_links__assignment__official=official,
            unit__leader_links__assignment__plan=OuterRef("plan"),
        )
        return queryset.filter(Exists(leads) | Exists(supervised))
    return queryset.none()


def can_view_item(user, item: Item) -> bool:
    return visible_items(user, Item.objects.filter(pk=item.pk)).exists()


def require_supervisor(user, message: str = "只有督查室可以进行此操作。") -> None:
    if not is_supervisor(user):
        raise PermissionDenied(message)


def require_admin(user, message: str = "只有系统管理员可以进行此操作。") -> None:
    if not is_admin(user):
        raise PermissionDenied(message)


def require_security_admin(user, message: str = "只有安全管理员可以进行此操作。") -> None:
    if not is_security_admin(user):
        raise PermissionDenied(message)


def require_item(user, item: Item) -> None:
    if not can_view_item(user, item):
        raise PermissionDenied("无权查看该事项。")


def hosting_units(user, item: Item) -> list[Unit]:
    """The user's units that host ``item``: they write its report."""
    if is_supervisor(user):
        return []
    ids = {u.pk for u in user_units(user)}
    return [
        link.unit for link in item.unit_links.all() if link.role == ItemUnit.Role.HOST and link.unit_id in ids
    ]


def co_units(user, item: Item) -> list[Unit]:
    ids = {u.pk for u in user_units(user)}
    return [
        link.unit for link in item.unit_links.all() if link.role == ItemUnit.Role.CO and link.unit_id in ids
    ]


def can_instruct(user, item: Item) -> Official | None:
    """The official in whose name ``user`` may write an instruction on ``item``."""
    official = user_official(user)
    if official and any(link.official_id == official.pk for link in item.official_links.all()):
        return official
    return None


def can_view_unit(user, unit: Unit) -> bool:
    current = role(user)
    if current in (SUPERVISOR, ADMIN):
        return True
    if current == LIAISON:
        return unit.pk in {u.pk for u in user_units(user)}
    if current == LEADER and user_official(user):
        return LeaderUnit.objects.filter(assignment__official=user_official(user), unit=unit).exists() or (
            ItemUnit.objects.filter(unit=unit, item__official_links__official=user_official(user)).exists()
        )
    return False


def visible_unit_ids(user) -> list[int] | QuerySet:
    """Ids of the units whose page ``user`` may open (the same rule as can_view_unit, in bulk)."""
    current = role(user)
    if current in (SUPERVISOR, ADMIN):
        return Unit.objects.values("pk")
    if current == LIAISON:
        return [u.pk for u in user_units(user)]
    official = user_official(user) if current == LEADER else None
    if official is None:
        return []
    supervised = LeaderUnit.objects.filter(assignment__official=official).values_list("unit", flat=True)
    led = ItemUnit.objects.filter(item__official_links__official=official).values_list("unit", flat=True)
    return sorted(set(supervised) | set(led))


def can_view_official(user, official: Official) -> bool:
    current = role(user)
    if current in (SUPERVISOR, ADMIN):
        return True
    if current == LEADER:
        return user_official(user) == official
    # A liaison works through his unit's items; a leader's page would list items of other units.
    return False
