"""AuditEvent: one row per security-relevant event, never changed once written."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditLogImmutable(Exception):
    """Raised when code tries to change or delete an audit record."""


def retention_cutoff():
    """Rows older than this may be purged; younger rows are kept whatever anyone asks."""
    return timezone.now() - timedelta(days=settings.AUDIT_RETENTION_DAYS)


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogImmutable("审计记录不可修改。")

    def delete(self):
        raise AuditLogImmutable("审计记录不可删除。")

    def purge_before(self, moment) -> int:
        """Delete the rows before ``moment``, which must be past the retention period."""
        if moment > retention_cutoff():
            raise AuditLogImmutable(
                f"审计记录至少保存 {settings.AUDIT_RETENTION_DAYS} 天，不能清理更近的记录。"
            )
        deleted, _ = models.QuerySet.delete(self.filter(at__lt=moment))
        return deleted


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN_SUCCESS = "login_success", "登录成功"
        LOGIN_FAILURE = "login_failure", "登录失败"
        LOCKOUT = "lockout", "账号锁定"
        LOGOUT = "logout", "退出登录"
        SESSION_EXPIRED = "session_expired", "会话超时退出"
        PERMISSION_DENIED = "permission_denied", "越权访问被拒绝"
        DOWNLOAD = "download", "下载"
        EXPORT = "export", "导出"
        IMPORT_CONFIRMED = "import_confirmed", "确认导入"
        IMPORT_CANCELLED = "import_cancelled", "取消导入"
        USER_CREATED = "user_created", "新建账号"
        USER_CHANGED = "user_changed", "修改账号"
        ROLE_CHANGED = "role_changed", "变更角色"
        PASSWORD_CHANGED = "password_changed", "修改密码"
        PASSWORD_RESET = "password_reset", "重置密码"
        UNLOCK = "unlock", "解除锁定"
        AUDIT_PURGED = "audit_purged", "清理过期审计记录"
        BACKFILL_GRANTED = "backfill_granted", "开通补报"

    class Outcome(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"
        DENIED = "denied", "拒绝"

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="账号",
    )
    # Kept as text so the record still names the person when the account is gone.
    username = models.CharField("用户名", max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    action = models.CharField("事件", max_length=24, choices=Action.choices, db_index=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    target = models.CharField("对象", max_length=500, blank=True, help_text="网址、文件名或被操作的账号")
    detail = models.JSONField("详情", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '—'} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogImmutable("审计记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogImmutable("审计记录不可删除。")
