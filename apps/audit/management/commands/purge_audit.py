"""python manage.py purge_audit --before YYYY-MM-DD — drop audit records past the retention period.

Refuses any date inside the retention period (AUDIT_RETENTION_DAYS, at least 180 days);
the purge itself is recorded.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.audit.models import AuditEvent, AuditLogImmutable
from apps.audit.services import Action, audit_record


class Command(BaseCommand):
    help = f"清理早于指定日期的审计记录（至少保留 {settings.AUDIT_RETENTION_DAYS} 天）。"

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, type=date.fromisoformat, help="日期，如 2024-01-01")

    def handle(self, *args, before: date, **options):
        moment = timezone.make_aware(datetime.combine(before, time.min))
        try:
            deleted = AuditEvent.objects.purge_before(moment)
        except AuditLogImmutable as error:
            raise CommandError(str(error)) from error
        audit_record(
            action=Action.AUDIT_PURGED,
            username="manage.py",
            target=f"before {before.isoformat()}",
            detail={"deleted": deleted},
        )
        self.stdout.write(self.style.SUCCESS(f"已清理 {deleted} 条 {before.isoformat()} 之前的审计记录。"))
