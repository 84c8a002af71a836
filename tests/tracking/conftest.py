from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from apps.accounts.models import Profile
from apps.tracking.models import Unit


def _client(client, username: str, role: str, units=()):
    user = User.objects.create_user(username, password="pw-123456", first_name=username)
    profile = Profile.objects.create(user=user, role=role)
    profile.units.set(units)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def staff_client(client, db):
    """A supervision-office user: sees everything, corrects items, unit roles and units."""
    return _client(client, "duchashi", Profile.Role.SUPERVISOR)


@pytest.fixture
def reader_client(client, db):
    """The supervision office reading the ledger (same role as staff_client)."""
    return _client(client, "reader", Profile.Role.SUPERVISOR)


@pytest.fixture
def liaison_client(client, plan):
    """区商务局's liaison: may read its own items, may not correct anything."""
    return _client(client, "shangwu", Profile.Role.LIAISON, units=[Unit.objects.get(name="区商务局")])
