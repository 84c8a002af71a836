"""Account writes: create a user with a role and its bindings, change them, and the
security administrator's writes (role, password reset, unlock). Every write is audited.

Users are deactivated, never deleted, so history and audit rows keep naming them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.audit.services import Action, audit_record

from .models import Profile


def _check(role: str, units, official) -> None:
    if role == Profile.Role.LIAISON and not units:
        raise ValidationError({"units": "联络员至少要绑定一个单位。"})
    if role == Profile.Role.LEADER and official is None:
        raise ValidationError({"official": "牵头领导账号要对应一位领导。"})


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error


@transaction.atomic
def user_create(
    *,
    username: str,
    full_name: str,
    email: str,
    password: str,
    role: str,
    units,
    official,
    by=None,
    request=None,
) -> User:
    """A new account; its initial password must be changed at the first login."""
    _check(role, units, official)
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": "该用户名已存在。"})
    _check_password(password, User(username=username, email=email, first_name=full_name))
    user = User.objects.create_user(username, email=email, password=password, first_name=full_name)
    profile = Profile.objects.create(
        user=user,
        role=role,
        official=official if role == Profile.Role.LEADER else None,
        must_change_password=True,
        password_changed_at=timezone.now(),
    )
    if role == Profile.Role.LIAISON:
        profile.units.set(units)
    audit_record(action=Action.USER_CREATED, request=request, user=by, target=username, detail={"role": role})
    return user


@transaction.atomic
def user_update(
    *,
    user: User,
    full_name: str,
    email: str,
    role: str,
    units,
    official,
    is_active: bool,
    by=None,
    request=None,
) -> User:
    _check(role, units, official)
    before = {"full_name": user.first_name, "email": user.email, "is_active": user.is_active}
    user.first_name, user.email, user.is_active = full_name, email, is_active
    user.save()
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"role": role})
    old_role = profile.role
    profile.role = role
    profile.official = official if role == Profile.Role.LEADER else None
    profile.save()
    profile.units.set(units if role == Profile.Role.LIAISON else [])
    after = {"full_name": full_name, "email": email, "is_active": is_active}
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    audit_record(action=Action.USER_CHANGED, request=request, user=by, target=user.username, detail=changed)
    if old_role != role:
        _role_audit(user, old_role, role, by=by, request=request)
    return user


def _role_audit(user: User, old: str, new: str, *, by, request) -> None:
    audit_record(
        action=Action.ROLE_CHANGED,
        request=request,
        user=by,
        target=user.username,
        detail={"from": old, "to": new},
    )


@transaction.atomic
def user_set_role(*, user: User, role: str, by: User, request=None) -> User:
    """The security administrator grants or withdraws a role (never his own)."""
    if user.pk == by.pk:
        raise ValidationError({"role": "不能变更自己的角色。"})
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"role": role})
    _check(role, profile.units.all() if role == Profile.Role.LIAISON else (), profile.official)
    old = profile.role
    if old != role:
        profile.role = role
        profile.save(update_fields=["role"])
        _role_audit(user, old, role, by=by, request=request)
    return user


@transaction.atomic
def user_reset_password(*, user: User, password: str, by: User, request=None) -> User:
    """An administrator sets a new password; its owner must change it at the next login."""
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    Profile.objects.filter(user=user).update(must_change_password=True, password_changed_at=timezone.now())
    audit_record(action=Action.PASSWORD_RESET, request=request, user=by, target=user.username)
    return user


def password_changed(*, user: User, request=None) -> None:
    """The owner changed his password (the form has validated and saved it)."""
    Profile.objects.filter(user=user).update(must_change_password=False, password_changed_at=timezone.now())
    if hasattr(user, "_ledger_profile"):
        del user._ledger_profile
    audit_record(action=Action.PASSWORD_CHANGED, request=request, user=user, target=user.username)


@dataclass(frozen=True)
class Lockout:
    kind: str  # "username" or "ip"
    value: str
    failures: int
    last_attempt: datetime

    @property
    def until(self) -> datetime:
        return self.last_attempt + settings.AXES_COOLOFF_TIME


def lockouts() -> list[Lockout]:
    """User names and addresses locked out now (failures are counted per name and per address)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since).values_list(
        "username", "ip_address", "failures_since_start", "attempt_time"
    )
    totals: dict[tuple[str, str], list] = {}
    for username, ip, failures, at in attempts:
        for key in (("username", username), ("ip", ip)):
            if key[1]:
                entry = totals.setdefault(key, [0, at])
                entry[0] += failures
                entry[1] = max(entry[1], at)
    return sorted(
        (
            Lockout(kind, value, failures, last)
            for (kind, value), (failures, last) in totals.items()
            if failures >= settings.AXES_FAILURE_LIMIT
        ),
        key=lambda lockout: lockout.last_attempt,
        reverse=True,
    )


@transaction.atomic
def lockout_release(*, kind: str, value: str, by: User, request=None) -> int:
    """Unlock a user name or an address: its failed attempts are forgotten."""
    if not value or kind not in ("username", "ip"):
        raise ValidationError("请指定要解除锁定的用户名或 IP 地址。")
    count = axes_reset(username=value) if kind == "username" else axes_reset(ip=value)
    audit_record(
        action=Action.UNLOCK,
        request=request,
        user=by,
        target=value,
        detail={"kind": kind, "attempts_removed": count},
    )
    return count
