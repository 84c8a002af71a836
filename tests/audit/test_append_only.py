"""The audit log is append-only: in the application, in the admin, on PostgreSQL; kept 180 days."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEvent, AuditLogImmutable
from apps.audit.services import audit_record
from tests.accounts.roles import STRONG, client_for


def old_event(days: int) -> AuditEvent:
    return AuditEvent.objects.create(
        action="logout", username=f"aged{days}", at=timezone.now() - dt.timedelta(days=days)
    )


def test_application_refuses_changes_and_deletes(db):
    event = audit_record(action="login_success", username="zhangsan")
    event.username = "someone-else"
    with pytest.raises(AuditLogImmutable):
        event.save()
    with pytest.raises(AuditLogImmutable):
        event.delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(username="x")
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditLogImmutable):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).username == "zhangsan"


@pytest.fixture
def root(db):
    return client_for(User.objects.create_superuser("root", password=STRONG))


def test_admin_shows_the_log_read_only_and_to_auditors_only(root, auditor):
    event = audit_record(action="login_success", username="zhangsan")
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    # The superuser (system administrator) cannot even read it: the auditor's log.
    assert root.get(reverse("admin:audit_auditevent_changelist")).status_code == 403
    User.objects.filter(pk=auditor.user.pk).update(is_staff=True)
    assert auditor.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert auditor.get(change).status_code == 200  # the view page, no save button
    for client in (root, auditor):
        assert client.post(change, {"username": "x", "action": "logout"}).status_code == 403
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).username == "zhangsan"


def test_purge_refuses_records_younger_than_180_days(db):
    old_event(200)
    young = old_event(100)
    before = (timezone.localdate() - dt.timedelta(days=150)).isoformat()
    with pytest.raises(CommandError, match="至少保存 180 天"):
        call_command("purge_audit", "--before", before, stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "purge_audit", "--before", (timezone.localdate() - dt.timedelta(days=181)).isoformat(), stdout=out
    )
    assert "已清理 1 条" in out.getvalue()
    assert not AuditEvent.objects.filter(username="aged200").exists()
    assert AuditEvent.objects.filter(pk=young.pk).exists()
    assert AuditEvent.objects.filter(action="audit_purged").exists()


def test_retention_cannot_be_configured_below_180_days(settings):
    assert settings.AUDIT_RETENTION_DAYS >= 180


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_trigger_refuses_raw_updates_and_deletes(db):
    event = audit_record(action="login_success", username="zhangsan")
    aged = old_event(200)
    for sql in [
        "UPDATE audit_auditevent SET username = 'x' WHERE id = %s",
        "UPDATE audit_auditevent SET at = now() - interval '400 days' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [aged.pk])
    assert AuditEvent.objects.filter(pk=event.pk, username="zhangsan").exists()
    assert not AuditEvent.objects.filter(pk=aged.pk).exists()
    # Removing an account only blanks the link; the name stays.
    user = User.objects.create_user("gone", password=STRONG)
    kept = audit_record(action="logout", user=user)
    user.delete()
    kept = AuditEvent.objects.get(pk=kept.pk)
    assert (kept.user_id, kept.username) == (None, "gone")
