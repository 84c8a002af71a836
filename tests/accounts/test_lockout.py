"""Lockout after repeated failures (django-axes) on both login forms, and its release."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Profile
from apps.audit.models import AuditEvent

from .roles import STRONG, make_user

LOGIN_FORMS = ["/login/", "/admin/login/"]


def guess(client: Client, url: str, username: str, password: str, ip: str = "10.0.0.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_twenty_wrong_passwords_then_the_right_one_is_refused(db, url):
    """The assessor's attack: 20 guesses, then the right password. Refused on both forms."""
    make_user("shangwu", Profile.Role.LIAISON)
    User.objects.create_superuser("root", password=STRONG)
    for username in ("shangwu", "root"):
        client = Client()
        codes = [
            guess(client, url, username, f"wrong-{n}", ip=f"10.0.1.{len(username)}").status_code
            for n in range(20)
        ]
        assert codes[:4] == [200] * 4  # the form again, with an error
        assert set(codes[4:]) == {429}  # the 5th failure locks
        right = guess(client, url, username, STRONG, ip=f"10.0.1.{len(username)}")
        assert right.status_code == 429
        assert "_auth_user_id" not in client.session
        html = right.content.decode()
        assert "登录已被暂时锁定" in html and "请于" in html and "再试" in html


def test_lockout_message_says_when_to_try_again(db):
    make_user("shangwu", Profile.Role.LIAISON)
    client = Client()
    for n in range(5):
        response = guess(client, "/login/", "shangwu", f"x{n}")
    until = timezone.localtime(timezone.now() + dt.timedelta(minutes=30))
    assert response.status_code == 429
    assert until.strftime("%H:%M") in response.content.decode() or (
        (until - dt.timedelta(minutes=1)).strftime("%H:%M") in response.content.decode()
    )


def test_lockout_is_per_address_across_user_names(db):
    """Trying one password against many accounts from one machine is caught too."""
    victim = make_user("shuiwu", Profile.Role.LIAISON)
    client = Client()
    for n in range(5):
        guess(client, "/login/", f"user{n}", "Password123", ip="10.9.9.9")
    assert guess(client, "/login/", victim.username, STRONG, ip="10.9.9.9").status_code == 429
    # The account itself is not locked: from another address it signs in.
    assert guess(Client(), "/login/", victim.username, STRONG, ip="10.9.9.10").status_code == 302


def test_lockout_is_per_user_across_addresses(db):
    make_user("shuiwu", Profile.Role.LIAISON)
    for n in range(5):
        guess(Client(), "/login/", "shuiwu", "wrong", ip=f"10.8.0.{n}")
    assert guess(Client(), "/login/", "shuiwu", STRONG, ip="10.8.0.99").status_code == 429


def test_lockout_ends_after_the_cool_off(db):
    make_user("shangwu", Profile.Role.LIAISON)
    for n in range(5):
        guess(Client(), "/login/", "shangwu", f"x{n}")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=29)):
        assert guess(Client(), "/login/", "shangwu", STRONG).status_code == 429
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=29 + 31)):
        assert guess(Client(), "/login/", "shangwu", STRONG).status_code == 302


def test_a_success_resets_the_count(db):
    make_user("shangwu", Profile.Role.LIAISON)
    for n in range(4):
        guess(Client(), "/login/", "shangwu", f"x{n}")
    assert guess(Client(), "/login/", "shangwu", STRONG).status_code == 302
    for n in range(4):
        assert guess(Client(), "/login/", "shangwu", f"y{n}").status_code == 200


def test_limits_come_from_settings(db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    make_user("shangwu", Profile.Role.LIAISON)
    codes = [guess(Client(), "/login/", "shangwu", f"x{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]


def test_security_admin_sees_and_releases_a_lockout(db, security):
    make_user("shangwu", Profile.Role.LIAISON)
    for n in range(5):
        guess(Client(), "/login/", "shangwu", f"x{n}", ip="10.0.0.8")
    page = security.get(reverse("accounts:lockouts")).content.decode()
    assert "shangwu" in page and "10.0.0.8" in page and "解除锁定" in page
    response = security.post(reverse("accounts:lockout_release"), {"kind": "username", "value": "shangwu"})
    assert response.status_code == 302
    security.post(reverse("accounts:lockout_release"), {"kind": "ip", "value": "10.0.0.8"})
    assert guess(Client(), "/login/", "shangwu", STRONG, ip="10.0.0.8").status_code == 302
    unlocks = AuditEvent.objects.filter(action="unlock")
    assert {e.target for e in unlocks} == {"shangwu", "10.0.0.8"}
    assert {e.username for e in unlocks} == {"anquan"}


def test_lockout_page_costs_a_fixed_number_of_queries(db, security, django_assert_max_num_queries):
    for n in range(12):
        guess(Client(), "/login/", f"user{n}", "x", ip=f"10.7.0.{n % 3}")
    security.get(reverse("accounts:lockouts"))
    with django_assert_max_num_queries(12):
        assert security.get(reverse("accounts:lockouts")).status_code == 200


@pytest.mark.parametrize("who", ["sysadmin", "auditor", "supervisor", "liaison"])
def test_only_the_security_admin_unlocks(db, who, request):
    for n in range(5):
        guess(Client(), "/login/", "target", f"x{n}")
    client = request.getfixturevalue(who)
    assert client.get(reverse("accounts:lockouts")).status_code == 403
    assert (
        client.post(reverse("accounts:lockout_release"), {"kind": "username", "value": "target"}).status_code
        == 403
    )
    assert not AuditEvent.objects.filter(action="unlock").exists()
