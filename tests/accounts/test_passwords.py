"""Password rules on every path that sets a password: user page, security page, admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts.models import Profile
from apps.accounts.passwords import CharacterClassesValidator
from apps.audit.models import AuditEvent

from .roles import STRONG, client_for, make_user

# The assessor's list plus each rule's edge: short, too few classes, like the user name.
WEAK = [
    "12345678",
    "password",
    "admin123",
    "Password1",  # 9 characters
    "abcdefghijkl",  # one class
    "abcdefgh1234",  # two classes
    "ABCDEFGH!!!!",  # two classes
    "Zhangsan2024!",  # like the user name
    "Qwerty123456",  # common (three classes, 12 characters)
    "1234567890123",  # numeric
]


def test_the_validator_counts_character_classes():
    validator = CharacterClassesValidator(min_classes=3)
    assert validator.classes("Aa1!") == ["大写字母", "小写字母", "数字", "符号"]
    for ok in ["Abcdefgh12", "abcdefg12!", "ABCDEFG12#", "督查台账abc12"]:
        validator.validate(ok)
    with pytest.raises(ValidationError, match="至少 3 类"):
        validator.validate("abcdefgh12")


@pytest.mark.parametrize("password", WEAK)
def test_settings_refuse_weak_passwords_in_chinese(db, password):
    user = User(username="zhangsan", first_name="张三")
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert all(any("\u4e00" <= c <= "\u9fff" for c in message) for message in error.value.messages)


def test_strong_password_passes(db):
    validate_password(STRONG, User(username="zhangsan"))


def new_user(client, password: str, username: str = "zhangsan"):
    return client.post(
        reverse("accounts:user_new"),
        {
            "username": username,
            "full_name": "张三",
            "password": password,
            "role": "supervisor",
            "is_active": "on",
        },
    )


@pytest.mark.parametrize("password", WEAK)
def test_user_page_refuses_weak_passwords(sysadmin, password):
    response = new_user(sysadmin, password)
    assert response.status_code == 200
    assert "密码" in response.content.decode()
    assert not User.objects.filter(username="zhangsan").exists()


def test_user_page_creates_with_a_strong_password_to_change_at_first_login(sysadmin):
    assert new_user(sysadmin, STRONG).status_code == 302
    user = User.objects.get(username="zhangsan")
    assert user.check_password(STRONG) and user.profile.must_change_password
    event = AuditEvent.objects.get(action="user_created")
    assert (event.username, event.target, event.ip) == ("xitong", "zhangsan", "127.0.0.1")


@pytest.mark.parametrize("password", WEAK[:5])
def test_security_admin_reset_refuses_weak_passwords(security, password, plan):
    target = make_user("zhangsan", Profile.Role.SUPERVISOR)
    response = security.post(
        reverse("accounts:user_security", args=[target.pk]),
        {"action": "password", "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.check_password(STRONG)


def test_security_admin_reset_forces_a_change(security):
    target = make_user("zhangsan", Profile.Role.SUPERVISOR)
    new = "Reset#Ledger2024"
    response = security.post(
        reverse("accounts:user_security", args=[target.pk]),
        {"action": "password", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password(new) and target.profile.must_change_password
    assert AuditEvent.objects.filter(action="password_reset", target="zhangsan", username="anquan").exists()


@pytest.fixture
def root(db):
    return client_for(User.objects.create_superuser("root", password=STRONG))


@pytest.mark.parametrize("password", WEAK[:5])
def test_admin_add_user_refuses_weak_passwords(root, password):
    response = root.post(
        reverse("admin:auth_user_add"),
        {"username": "zhangsan", "usable_password": "true", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="zhangsan").exists()


@pytest.mark.parametrize("password", WEAK[:5])
def test_admin_set_password_refuses_weak_passwords(root, password):
    target = make_user("zhangsan", Profile.Role.SUPERVISOR)
    response = root.post(
        reverse("admin:auth_user_password_change", args=[target.pk]),
        {"usable_password": "true", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.check_password(STRONG)


def test_admin_set_password_forces_a_change_and_is_audited(root):
    target = make_user("zhangsan", Profile.Role.SUPERVISOR)
    new = "Admin#Reset2024"
    response = root.post(
        reverse("admin:auth_user_password_change", args=[target.pk]),
        {"usable_password": "true", "password1": new, "password2": new},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password(new) and target.profile.must_change_password
    assert AuditEvent.objects.filter(action="password_reset", target="zhangsan", username="root").exists()
