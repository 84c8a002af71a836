"""The supervision loop: weekly progress reports, their review, reminders and instructions.

A progress report belongs to one item and one reporting period (a week by default) and
is written by the item's host unit; co-units add their contribution to it. It moves
draft → submitted → approved, or → returned (with a reason) → submitted again. Every
change is kept in the change history; ``version`` guards against two people overwriting
each other.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class PeriodKind(models.TextChoices):
    WEEK = "week", "周"
    TEN_DAY = "ten_day", "旬"
    MONTH = "month", "月"


RULES_CACHE_KEY = "supervision:deadline-rules"


class DeadlineRule(models.Model):
    """When the report of a period is due, counted from the period's last day.

    Defaults (no row): a week is due on its Friday at 17:00 (two days before Sunday);
    a ten-day period and a month on their last day at 17:00.
    """

    kind = models.CharField("周期", max_length=8, choices=PeriodKind.choices, unique=True)
    days_before_end = models.PositiveSmallIntegerField("截止日距周期末天数", default=0)
    time = models.TimeField("截止时间", default=dt.time(17, 0))

    class Meta:
        verbose_name = "报送截止规则"
        verbose_name_plural = "报送截止规则"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：周期末前 {self.days_before_end} 天 {self.time:%H:%M}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(RULES_CACHE_KEY)  # every page reads the rules from the cache

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(RULES_CACHE_KEY)
        return result


class ProgressReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        APPROVED = "approved", "已审核通过"
        RETURNED = "returned", "已退回"

    item = models.ForeignKey("tracking.Item", on_delete=models.CASCADE, related_name="reports")
    period_kind = models.CharField("周期", max_length=8, choices=PeriodKind.choices, default=PeriodKind.WEEK)
    period_start = models.DateField("周期开始")
    period_end = models.DateField("周期结束")
    unit = models.ForeignKey(
        "tracking.Unit", on_delete=models.PROTECT, related_name="reports", verbose_name="报送单位"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    progress = models.TextField("本期进展")
    percent = models.PositiveSmallIntegerField("完成进度（%）", default=0)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步打算", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="填报人",
    )
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    return_reason = models.TextField("退回原因", blank=True)
    # A percent lower than the previous period's needs a reason, and the office looks at it.
    drop_reason = models.TextField("进度下降原因", blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(verbose_name="进展变更记录", excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "进展报送"
        verbose_name_plural = "进展报送"
        ordering = ["-period_start", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "period_kind", "period_start"], name="report_unique_period"
            ),
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="report_percent_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.period_start:%Y-%m-%d} {self.get_status_display()}"

    @property
    def counts_as_reported(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.APPROVED)


class TargetActual(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="actuals")
    target = models.ForeignKey("tracking.Target", on_delete=models.CASCADE, related_name="actuals")
    value = models.DecimalField("实际值", max_digits=16, decimal_places=4)
    history = HistoricalRecords(verbose_name="指标实际值变更记录")

    class Meta:
        verbose_name = "指标实际值"
        verbose_name_plural = "指标实际值"
        constraints = [models.UniqueConstraint(fields=["report", "target"], name="actual_unique_target")]

    def __str__(self) -> str:
        return f"{self.target.label}：{self.value}"


class Contribution(models.Model):
    """A co-unit's part of the host's report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="contributions")
    unit = models.ForeignKey("tracking.Unit", on_delete=models.PROTECT, related_name="contributions")
    text = models.TextField("协办进展")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(verbose_name="协办进展变更记录", excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "协办进展"
        verbose_name_plural = "协办进展"
        constraints = [models.UniqueConstraint(fields=["report", "unit"], name="contribution_unique_unit")]

    def __str__(self) -> str:
        return f"{self.unit}：{self.text[:30]}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"reports/{instance.report.item.plan_id}/{instance.report_id}/{filename}"


class Attachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to=attachment_path)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    kind = models.CharField("类型", max_length=10)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.name


class ReviewEvent(models.Model):
    """One step of a report's way: submitted, approved, returned (with the reason)."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "报送"
        APPROVED = "approved", "审核通过"
        RETURNED = "returned", "退回"

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField("原因", blank=True)
    at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.report}"


class Reminder(models.Model):
    """A 催办: a host unit has not reported an item for a period."""

    class Kind(models.TextChoices):
        AUTO = "auto", "逾期自动催办"
        MANUAL = "manual", "督查室催办"

    item = models.ForeignKey("tracking.Item", on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey("tracking.Unit", on_delete=models.CASCADE, related_name="reminders")
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices, default=PeriodKind.WEEK)
    period_start = models.DateField("周期开始")
    kind = models.CharField("方式", max_length=8, choices=Kind.choices)
    message = models.TextField("催办内容")
    created_at = models.DateTimeField("催办时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "催办"
        verbose_name_plural = "催办"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "unit", "period_kind", "period_start", "kind"],
                condition=models.Q(kind="auto"),
                name="reminder_one_auto_per_period",
            )
        ]

    def __str__(self) -> str:
        return self.message


class Instruction(models.Model):
    """A lead official's instruction (批示) on an item, visible to its units."""

    item = models.ForeignKey("tracking.Item", on_delete=models.CASCADE, related_name="instructions")
    official = models.ForeignKey("tracking.Official", on_delete=models.PROTECT, related_name="instructions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField("批示内容")
    # Set by the service from the ledger's clock, so a demo on a pinned day dates it that day.
    created_at = models.DateTimeField("批示时间", default=timezone.now)
    history = HistoricalRecords(verbose_name="批示变更记录")

    class Meta:
        verbose_name = "批示"
        verbose_name_plural = "批示"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.official}：{self.text[:30]}"


class InstructionReply(models.Model):
    """A unit's answer to a 批示: what it has done about it (办理情况)."""

    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="replies")
    unit = models.ForeignKey("tracking.Unit", on_delete=models.PROTECT, related_name="instruction_replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="答复人",
    )
    text = models.TextField("办理情况")
    created_at = models.DateTimeField("答复时间")

    class Meta:
        verbose_name = "批示办理情况"
        verbose_name_plural = "批示办理情况"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.unit}：{self.text[:30]}"


class PeriodSnapshot(models.Model):
    """A plan's standing as a reporting period closed: what every report of that period reads.

    Taken when the period closes (by beat, after its last day) and on demand; a closed
    period's reports, exports and charts read it instead of today's values.
    """

    plan = models.ForeignKey("tracking.Plan", on_delete=models.CASCADE, related_name="snapshots")
    period_kind = models.CharField("周期", max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField("周期开始")
    period_end = models.DateField("周期结束")
    as_of = models.DateTimeField("截至时刻")
    taken_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = "周期快照"
        verbose_name_plural = "周期快照"
        ordering = ["plan", "period_kind", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_kind", "period_start"], name="snapshot_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.get_period_kind_display()} {self.period_start:%Y-%m-%d}"


class ItemSnapshot(models.Model):
    """One item's standing in a period snapshot."""

    snapshot = models.ForeignKey(PeriodSnapshot, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey("tracking.Item", on_delete=models.CASCADE, related_name="snapshots")
    status = models.CharField("状态", max_length=12)
    light = models.CharField("亮灯", max_length=8)
    reason = models.CharField("亮灯依据", max_length=120, blank=True)
    progress = models.PositiveSmallIntegerField("完成进度（%）", default=0)
    report = models.ForeignKey(
        ProgressReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report_status = models.CharField("进展状态", max_length=10, blank=True)
    report_progress = models.TextField("本期进展", blank=True)
    report_problems = models.TextField("存在问题", blank=True)
    report_next_steps = models.TextField("下步打算", blank=True)
    report_percent = models.PositiveSmallIntegerField("填报进度", null=True, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    actuals = models.JSONField("指标实际值", default=dict, blank=True)  # target id -> value text
    expected = models.PositiveSmallIntegerField("应报期数", default=0)
    received = models.PositiveSmallIntegerField("已报期数", default=0)

    class Meta:
        verbose_name = "事项快照"
        verbose_name_plural = "事项快照"
        constraints = [models.UniqueConstraint(fields=["snapshot", "item"], name="itemsnapshot_unique")]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.item_id} {self.light}"


class UnitSnapshot(models.Model):
    """Whether a host or co-unit reported an item on time in a snapshot's period."""

    class Outcome(models.TextChoices):
        ON_TIME = "on_time", "按时"
        LATE = "late", "迟报"
        MISSING = "missing", "未报"
        NOT_DUE = "not_due", "无需报送"

    snapshot = models.ForeignKey(PeriodSnapshot, on_delete=models.CASCADE, related_name="units")
    item = models.ForeignKey("tracking.Item", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("tracking.Unit", on_delete=models.CASCADE, related_name="+")
    role = models.CharField("角色", max_length=8)  # host | co
    expected = models.PositiveSmallIntegerField("应报", default=0)
    on_time = models.PositiveSmallIntegerField("按时", default=0)
    late = models.PositiveSmallIntegerField("迟报", default=0)
    missing = models.PositiveSmallIntegerField("未报", default=0)

    class Meta:
        verbose_name = "单位报送快照"
        verbose_name_plural = "单位报送快照"
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "item", "unit"], name="unitsnapshot_unique")
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.unit_id} {self.outcome}"

    @property
    def outcome(self) -> str:
        if not self.expected:
            return self.Outcome.NOT_DUE
        if self.missing:
            return self.Outcome.MISSING
        if self.late:
            return self.Outcome.LATE
        return self.Outcome.ON_TIME


class BackfillPermit(models.Model):
    """The supervision office's leave for a unit to report a period that is no longer open
    (a missed week) — recorded, and used once."""

    item = models.ForeignKey("tracking.Item", on_delete=models.CASCADE, related_name="backfill_permits")
    period_kind = models.CharField("周期", max_length=8, choices=PeriodKind.choices, default=PeriodKind.WEEK)
    period_start = models.DateField("周期开始")
    reason = models.CharField("原因", max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="批准人",
    )
    granted_at = models.DateTimeField("批准时间")
    used_at = models.DateTimeField("补报时间", null=True, blank=True)

    class Meta:
        verbose_name = "补报许可"
        verbose_name_plural = "补报许可"
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.item} {self.period_start:%Y-%m-%d} 补报"
