"""Messages to a person: returned reports, reminders (催办), instructions (批示) and replies,
review results, approaching deadlines. Shown in the header's count and the message centre;
mailed too when mail is configured."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    class Kind(models.TextChoices):
        RETURNED = "returned", "进展被退回"
        APPROVED = "approved", "进展审核通过"
        REMINDER = "reminder", "催办"
        INSTRUCTION = "instruction", "领导批示"
        REPLY = "reply", "批示办理情况"
        DEADLINE = "deadline", "报送截止提醒"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="接收人",
    )
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间")
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title
