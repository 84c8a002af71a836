"""Account writes: create a user with a role and its bindings, or change them."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Profile


def _check(role: str, units, official) -> None:
    if role == Profile.Role.LIAISON and not units:
        raise ValidationError({"units": "联络员至少要绑定一个单位。"})
    if role == Profile.Role.LEADER and official is None:
        raise ValidationError({"official": "牵头领导账号要对应一位领导。"})


@transaction.atomic
def user_create(
    *, username: str, full_name: str, email: str, password: str, role: str, units, official
) -> User:
    _check(role, units, official)
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": "该用户名已存在。"})
    user = User.objects.create_user(username, email=email, password=password, first_name=full_name)
    profile = Profile.objects.create(
        user=user, role=role, official=official if role == Profile.Role.LEADER else None
    )
    if role == Profile.Role.LIAISON:
        profile.units.set(units)
    return user


@transaction.atomic
def user_update(
    *, user: User, full_name: str, email: str, role: str, units, official, is_active: bool
) -> User:
    _check(role, units, official)
    user.first_name, user.email, user.is_active = full_name, email, is_active
    user.save()
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"role": role})
    profile.role = role
    profile.official = official if role == Profile.Role.LEADER else None
    profile.save()
    profile.units.set(units if role == Profile.Role.LIAISON else [])
    return user
