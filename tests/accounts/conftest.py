from __future__ import annotations

import pytest

from apps.accounts.models import Profile
from apps.tracking.models import Unit

from .roles import client_for, make_user


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # Dozens of logins per test: the production hasher would take seconds each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sysadmin(db):
    return client_for(make_user("xitong", Profile.Role.ADMIN))


@pytest.fixture
def security(db):
    return client_for(make_user("anquan", Profile.Role.SECURITY))


@pytest.fixture
def auditor(db):
    return client_for(make_user("shenji", Profile.Role.AUDITOR))


@pytest.fixture
def supervisor(db):
    return client_for(make_user("duchashi", Profile.Role.SUPERVISOR))


@pytest.fixture
def liaison(plan):
    return client_for(make_user("shangwu", Profile.Role.LIAISON, units=[Unit.objects.get(name="区商务局")]))
