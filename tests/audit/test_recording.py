"""What the audit log records: logins, logouts, failures, lockouts, denials, downloads, imports."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from apps.accounts.models import Profile
from apps.audit.middleware import attachment_filename
from apps.audit.models import AuditEvent
from tests.accounts.roles import STRONG, make_user


def events(action: str):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_login_success_failure_and_logout_are_recorded(db):
    make_user("zhangsan", Profile.Role.SUPERVISOR)
    client = Client()
    client.post("/login/", {"username": "zhangsan", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    client.post("/login/", {"username": "nobody", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    client.post("/login/", {"username": "zhangsan", "password": STRONG}, REMOTE_ADDR="10.1.2.3")
    client.post(reverse("logout"), REMOTE_ADDR="10.1.2.3")
    failures = events("login_failure")
    assert [(e.username, e.ip, e.outcome, e.user_id) for e in failures] == [
        ("zhangsan", "10.1.2.3", "failure", None),
        ("nobody", "10.1.2.3", "failure", None),
    ]
    [success] = events("login_success")
    [logout] = events("logout")
    user = User.objects.get(username="zhangsan")
    assert (success.user, success.username, success.ip, success.target) == (
        user,
        "zhangsan",
        "10.1.2.3",
        "/login/",
    )
    assert (logout.user, logout.ip) == (user, "10.1.2.3")


def test_admin_login_failures_are_recorded(db):
    User.objects.create_superuser("root", password=STRONG)
    Client().post("/admin/login/", {"username": "root", "password": "nope"}, REMOTE_ADDR="10.1.2.4")
    [event] = events("login_failure")
    assert (event.username, event.ip, event.target) == ("root", "10.1.2.4", "/admin/login/")


def test_lockout_and_refused_attempts_are_recorded(db):
    make_user("zhangsan", Profile.Role.SUPERVISOR)
    client = Client()
    for n in range(7):
        client.post("/login/", {"username": "zhangsan", "password": f"x{n}"}, REMOTE_ADDR="10.1.2.5")
    assert len(events("login_failure")) == 7
    assert len(events("lockout")) >= 1
    lockout = events("lockout")[0]
    assert (lockout.username, lockout.ip, lockout.outcome) == ("zhangsan", "10.1.2.5", "denied")
    assert [e.outcome for e in events("login_failure")][-2:] == ["denied", "denied"]


def test_permission_denial_is_recorded_with_user_url_and_message(liaison, plan):
    url = reverse("reports:home") + "?period_kind=week"
    assert liaison.get(url).status_code == 403
    [event] = events("permission_denied")
    assert (event.username, event.target, event.outcome) == ("shangwu", url, "denied")
    assert event.detail["message"] == "只有督查室可以查看报表。"
    assert event.detail["view"] == "reports:home" and event.detail["method"] == "GET"


def test_forbidden_post_is_recorded_even_though_the_view_rolled_back(liaison, plan):
    user = make_user("victim", Profile.Role.SUPERVISOR)
    assert liaison.post(reverse("accounts:user_edit", args=[user.pk]), {"full_name": "x"}).status_code == 403
    assert events("permission_denied")[0].detail["method"] == "POST"


def test_report_download_is_recorded(supervisor, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = supervisor.post(reverse("reports:create", args=[plan.pk]), {"format": "csv"})
    download = supervisor.get(response.url)
    assert download.status_code == 200
    [event] = events("download")
    assert event.username == "duchashi" and event.target == response.url
    assert event.detail["filename"].endswith(".csv") and event.detail["view"] == "reports:download"


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ('attachment; filename="ledger.csv"', "ledger.csv"),
        ("attachment; filename*=utf-8''%E5%8F%B0%E8%B4%A6.xlsx", "台账.xlsx"),
        ('inline; filename="scan.pdf"', "scan.pdf"),
        ("attachment", ""),
        ("", None),
    ],
)
def test_attachment_filename(header, name):
    from django.http import HttpResponse

    response = HttpResponse()
    if header:
        response["Content-Disposition"] = header
    assert attachment_filename(response) == name


def test_import_cancel_is_recorded(sysadmin, plan):
    from django.utils import timezone

    from apps.intake.models import ImportRun

    run = ImportRun.objects.create(
        status=ImportRun.Status.PREVIEW, file_hash="0" * 64, started_at=timezone.now()
    )
    assert sysadmin.post(reverse("intake:cancel", args=[run.pk])).status_code == 302
    [event] = events("import_cancelled")
    assert event.username == "xitong" and event.detail["pk"] == run.pk


def test_import_confirm_by_another_role_is_a_denial_not_a_confirmation(supervisor, plan):
    from django.utils import timezone

    from apps.intake.models import ImportRun

    run = ImportRun.objects.create(
        status=ImportRun.Status.PREVIEW, file_hash="0" * 64, started_at=timezone.now()
    )
    assert supervisor.post(reverse("intake:confirm", args=[run.pk])).status_code == 403
    assert events("permission_denied") and not events("import_confirmed")


def test_records_keep_the_name_when_the_account_is_gone(db):
    user = make_user("zhangsan", Profile.Role.SUPERVISOR)
    Client().post("/login/", {"username": "zhangsan", "password": STRONG})
    user.delete()
    [event] = events("login_success")
    assert event.user is None and event.username == "zhangsan"
