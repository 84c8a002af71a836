"""Forced and expired password changes, idle and absolute session limits, demo accounts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Profile
from apps.audit.models import AuditEvent

from .roles import STRONG, make_user

NEW = "Changed#Ledger2025"


def login(username: str, password: str = STRONG) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def change(client: Client, old: str = STRONG, new: str = NEW):
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_first_login_leads_to_the_change_page_until_changed(plan):
    make_user("zhangsan", Profile.Role.SUPERVISOR, must_change_password=True)
    client = login("zhangsan")
    for url in ["/", reverse("tracking:units"), reverse("reports:home"), "/admin/", reverse("search:search")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("accounts:password_change"), url
    assert client.post(reverse("tracking:units")).url == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "首次登录或密码被重置，请先修改密码" in page and "修改密码" in page
    # The new password follows the rules too.
    assert change(client, new="abcdefgh12").status_code == 200
    assert change(client).status_code == 302
    assert client.get("/").status_code == 200
    profile = Profile.objects.get(user__username="zhangsan")
    assert not profile.must_change_password and profile.password_changed_at
    assert AuditEvent.objects.filter(action="password_changed", username="zhangsan").exists()


def test_an_htmx_request_is_told_to_go_to_the_change_page(db):
    make_user("zhangsan", Profile.Role.SUPERVISOR, must_change_password=True)
    response = login("zhangsan").get(reverse("tracking:units"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("accounts:password_change")


def test_logout_stays_possible_before_the_change(db):
    make_user("zhangsan", Profile.Role.SUPERVISOR, must_change_password=True)
    client = login("zhangsan")
    assert client.post(reverse("logout")).url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_everyone_can_change_his_password(plan):
    make_user("zhangsan", Profile.Role.LIAISON)
    client = login("zhangsan")
    assert "修改密码" in client.get("/").content.decode()
    assert change(client, old="wrong-one").status_code == 200
    assert change(client).status_code == 302
    assert User.objects.get(username="zhangsan").check_password(NEW)
    # The session survives its own password change.
    assert client.get(reverse("tracking:units")).status_code == 200


def test_expired_password_must_be_changed(plan, settings):
    user = make_user("zhangsan", Profile.Role.SUPERVISOR)
    Profile.objects.filter(user=user).update(password_changed_at=timezone.now() - dt.timedelta(days=89))
    client = login("zhangsan")
    assert client.get(reverse("tracking:units")).status_code == 200
    Profile.objects.filter(user=user).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    response = client.get(reverse("tracking:units"))
    assert response.url == reverse("accounts:password_change")
    assert "90 天" in client.get(response.url).content.decode()
    settings.PASSWORD_EXPIRY_DAYS = 120
    assert client.get(reverse("tracking:units")).status_code == 200


def test_users_without_the_flag_are_not_forced(plan):
    # As the other test suites create their users (force_login, no flag): nothing changes.
    make_user("zhangsan", Profile.Role.SUPERVISOR)
    assert login("zhangsan").get(reverse("tracking:units")).status_code == 200


def test_idle_session_is_signed_out(plan):
    make_user("zhangsan", Profile.Role.SUPERVISOR)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = login("zhangsan")
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.get(reverse("tracking:units")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=29 + 31), tick=False):
        response = client.get(reverse("tracking:units"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert "_auth_user_id" not in client.session
        assert "超过 30 分钟未操作" in client.get(response.url).content.decode()
    with time_machine.travel(start, tick=False):
        client = login("zhangsan")
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        response = client.get(reverse("tracking:units"), HTTP_HX_REQUEST="true")
        assert response.status_code == 204 and response["HX-Redirect"] == reverse("login")
    event = AuditEvent.objects.filter(action="session_expired").first()
    assert event.username == "zhangsan" and "30 分钟" in event.detail["reason"]


def test_active_session_ends_after_eight_hours(plan):
    make_user("zhangsan", Profile.Role.SUPERVISOR)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = login("zhangsan")
    for minutes in range(20, 8 * 60, 20):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("tracking:units")).status_code == 200, minutes
    with time_machine.travel(start + dt.timedelta(hours=8, minutes=1), tick=False):
        response = client.get(reverse("tracking:units"))
        assert response.url.startswith(reverse("login"))
    assert "8 小时" in AuditEvent.objects.get(action="session_expired").detail["reason"]


def test_session_cookie_does_not_outlive_the_limit(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_IDLE_MINUTES == 30 and settings.PASSWORD_EXPIRY_DAYS == 90


def test_demo_accounts_are_impossible_without_debug(plan, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("ensure_demo_admin", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("demo_progress", "--weeks", "2", stdout=io.StringIO())
    assert not User.objects.filter(username="admin").exists()
    assert not Profile.objects.filter(user__first_name__contains="演示").exists()


def test_demo_accounts_are_not_forced_to_change(plan, settings):
    settings.DEBUG = True
    with time_machine.travel(dt.datetime(2024, 6, 14, 10, 0, tzinfo=dt.UTC), tick=False):
        call_command("demo_progress", "--weeks", "1", stdout=io.StringIO())
    call_command("ensure_demo_admin", stdout=io.StringIO())
    demo = Profile.objects.filter(user__first_name__contains="演示")
    assert demo.exists() and not demo.filter(must_change_password=True).exists()


def test_the_admin_password_change_leads_to_the_audited_page(db):
    User.objects.create_superuser("root", password=STRONG)
    response = login("root").get("/admin/password_change/")
    assert response.url == reverse("accounts:password_change")
