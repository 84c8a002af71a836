"""The accounts of every role, for the identity and audit tests (one definition, shared)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from apps.accounts.models import Profile

STRONG = "Yanzhou#Ledger24"


def make_user(
    username: str, role: str | None, *, units=(), official=None, password: str = STRONG, **flags
) -> User:
    user = User.objects.create_user(username, password=password, first_name=username)
    if role is not None:
        profile = Profile.objects.create(user=user, role=role, official=official, **flags)
        profile.units.set(units)
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    client.user = user
    return client
