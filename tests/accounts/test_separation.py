"""三员分立: the system administrator, the security administrator and the auditor each do
only their own work; no one can alter or delete the audit log; users are never deleted."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from apps.accounts import access
from apps.accounts.models import Profile
from apps.audit.models import AuditEvent

from .roles import STRONG, client_for, make_user

ROLES = ["sysadmin", "security", "auditor", "supervisor", "liaison"]
# Which role may open which page (GET); everyone else gets 403.
PAGES = {
    "accounts:users": {"sysadmin", "security"},
    "accounts:user_new": {"sysadmin"},
    "accounts:lockouts": {"security"},
    "audit:events": {"auditor"},
    "audit:export": {"auditor"},
    "intake:imports": {"sysadmin"},
}


@pytest.mark.parametrize("who", ROLES)
def test_each_role_opens_only_its_own_pages(who, request, plan):
    client = request.getfixturevalue(who)
    target = make_user("target", Profile.Role.SUPERVISOR)
    pages = {
        **{name: reverse(name) for name in PAGES},
        "accounts:user_edit": reverse("accounts:user_edit", args=[target.pk]),
        "accounts:user_security": reverse("accounts:user_security", args=[target.pk]),
    }
    allowed = {**PAGES, "accounts:user_edit": {"sysadmin"}, "accounts:user_security": {"security"}}
    for name, url in pages.items():
        status = client.get(url).status_code
        assert status == (200 if who in allowed[name] else 403), (who, name, status)


@pytest.mark.parametrize("who", ["security", "auditor"])
def test_security_admin_and_auditor_see_no_items(who, request, plan):
    client = request.getfixturevalue(who)
    from apps.tracking.models import Item

    assert not access.visible_items(client.user, Item.objects.all()).exists()
    assert client.get(reverse("tracking:item", args=[Item.objects.first().pk])).status_code == 403


def test_system_admin_cannot_grant_privileged_roles(sysadmin):
    for role in Profile.PRIVILEGED:
        response = sysadmin.post(
            reverse("accounts:user_new"),
            {
                "username": f"new-{role}",
                "full_name": "新人",
                "password": STRONG,
                "role": role,
                "is_active": "on",
            },
        )
        assert response.status_code == 200
    assert not User.objects.filter(username__startswith="new-").exists()


def test_system_admin_cannot_change_a_privileged_role(sysadmin):
    auditor = make_user("shenji2", Profile.Role.AUDITOR)
    response = sysadmin.post(
        reverse("accounts:user_edit", args=[auditor.pk]),
        {"full_name": "审计", "role": "supervisor", "is_active": "on"},
    )
    assert response.status_code == 302  # the other fields are saved; the role field is disabled
    assert Profile.objects.get(user=auditor).role == Profile.Role.AUDITOR


def test_security_admin_grants_roles_and_it_is_audited(security):
    user = make_user("zhangsan", Profile.Role.SUPERVISOR)
    url = reverse("accounts:user_security", args=[user.pk])
    assert security.post(url, {"action": "role", "role": "auditor"}).status_code == 302
    assert Profile.objects.get(user=user).role == "auditor"
    event = AuditEvent.objects.get(action="role_changed")
    assert (event.username, event.target, event.detail) == (
        "anquan",
        "zhangsan",
        {"from": "supervisor", "to": "auditor"},
    )


def test_security_admin_cannot_change_his_own_role(security):
    url = reverse("accounts:user_security", args=[security.user.pk])
    response = security.post(url, {"action": "role", "role": "admin"})
    assert response.status_code == 200 and "不能变更自己的角色" in response.content.decode()
    assert Profile.objects.get(user=security.user).role == "security"


def test_role_change_by_the_system_admin_is_audited(sysadmin, plan):
    user = make_user("zhangsan", Profile.Role.SUPERVISOR)
    from apps.tracking.models import Official

    official = Official.objects.get(name="宋恩全")
    response = sysadmin.post(
        reverse("accounts:user_edit", args=[user.pk]),
        {"full_name": "张三", "role": "leader", "official": official.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="role_changed", target="zhangsan", username="xitong").exists()
    assert AuditEvent.objects.filter(action="user_changed", target="zhangsan").exists()


@pytest.fixture
def root(db):
    return client_for(User.objects.create_superuser("root", password=STRONG))


def test_users_are_deactivated_not_deleted_in_the_admin(root):
    user = make_user("zhangsan", Profile.Role.SUPERVISOR)
    assert root.get(reverse("admin:auth_user_delete", args=[user.pk])).status_code == 403
    assert root.post(reverse("admin:auth_user_delete", args=[user.pk]), {"post": "yes"}).status_code == 403
    response = root.post(
        reverse("admin:auth_user_changelist"), {"action": "delete_selected", "_selected_action": [user.pk]}
    )
    assert response.status_code in (200, 302)
    assert User.objects.filter(pk=user.pk).exists()


def test_role_change_in_the_admin_is_audited(root):
    user = make_user("zhangsan", Profile.Role.SUPERVISOR)
    page = root.get(reverse("admin:auth_user_change", args=[user.pk]))
    form = page.context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("password", "groups", "user_permissions")
    }
    data.update(
        {
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
            "profile-TOTAL_FORMS": "1",
            "profile-INITIAL_FORMS": "1",
            "profile-MIN_NUM_FORMS": "0",
            "profile-MAX_NUM_FORMS": "1",
            "profile-0-id": str(user.profile.pk),
            "profile-0-user": str(user.pk),
            "profile-0-role": "auditor",
            "profile-0-phone": "",
        }
    )
    data["is_active"] = "on"
    response = root.post(reverse("admin:auth_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert Profile.objects.get(user=user).role == "auditor"
    event = AuditEvent.objects.get(action="role_changed")
    assert (event.username, event.target, event.detail["to"]) == ("root", "zhangsan", "auditor")


@pytest.mark.parametrize(
    ("role", "home"), [("auditor", "audit:events"), ("security", "accounts:users"), ("supervisor", "home")]
)
def test_each_role_lands_on_its_own_page(db, role, home):
    from django.test import Client

    make_user("zhangsan", role)
    response = Client().post("/login/", {"username": "zhangsan", "password": STRONG})
    assert response.url == reverse(home)
