"""Who a user is in the supervision loop: a role, and the units or official it is bound to.

The three roles of 三员分立 are kept apart: the system administrator (users, units,
imports), the security administrator (roles, lockouts, password resets) and the auditor
(reads and exports the audit log, nothing else).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Profile(models.Model):
    class Role(models.TextChoices):
        SUPERVISOR = "supervisor", "督查室"
        LIAISON = "liaison", "承办单位联络员"
        LEADER = "leader", "牵头领导（含秘书）"
        ADMIN = "admin", "系统管理员"
        SECURITY = "security", "安全管理员"
        AUDITOR = "auditor", "安全审计员"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField("角色", max_length=12, choices=Role.choices)
    units = models.ManyToManyField(
        "tracking.Unit",
        blank=True,
        related_name="liaisons",
        verbose_name="所属单位",
        help_text="联络员负责报送的单位",
    )
    official = models.ForeignKey(
        "tracking.Official",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name="对应领导",
        help_text="牵头领导本人或其秘书的账号",
    )
    phone = models.CharField("电话", max_length=30, blank=True)
    must_change_password = models.BooleanField(
        "须修改密码", default=False, help_text="新建账号或管理员重置密码后，登录时须先修改密码"
    )
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    history = HistoricalRecords(verbose_name="账号变更记录", m2m_fields=[units])

    class Meta:
        verbose_name = "账号角色"
        verbose_name_plural = "账号角色"

    PRIVILEGED = (Role.ADMIN, Role.SECURITY, Role.AUDITOR)

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
