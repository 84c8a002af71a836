from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from apps.accounts.models import Profile
from apps.tracking.models import Item, Official, Unit


def make_user(username: str, role: str, *, units=(), official=None) -> User:
    user = User.objects.create_user(
        username, password="pw-123456", first_name=username, email=f"{username}@example.cn"
    )
    profile = Profile.objects.create(user=user, role=role, official=official)
    profile.units.set(units)
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def commerce(plan) -> Unit:
    return Unit.objects.get(name="区商务局")


@pytest.fixture
def liaison(commerce):
    """区商务局's liaison: hosts tasks 9, 11, 12, 17; co-hosts 2 and 23."""
    return client_for(make_user("shangwu", Profile.Role.LIAISON, units=[commerce]))


@pytest.fixture
def other_liaison(plan):
    return client_for(make_user("shuiwu", Profile.Role.LIAISON, units=[Unit.objects.get(name="区水务局")]))


@pytest.fixture
def supervisor(plan):
    return client_for(make_user("duchashi", Profile.Role.SUPERVISOR))


@pytest.fixture
def leader(plan):
    return client_for(
        make_user("songenquan", Profile.Role.LEADER, official=Official.objects.get(name="宋恩全"))
    )


def task(plan, number: int) -> Item:
    return Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=number)
