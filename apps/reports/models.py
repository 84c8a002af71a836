"""The report archive: every generated weekly / ten-day / monthly report, to download again."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportFile(models.Model):
    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel 台账"
        DOCX = "docx", "Word 通报"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    plan = models.ForeignKey("tracking.Plan", on_delete=models.CASCADE, related_name="report_files")
    format = models.CharField("格式", max_length=4, choices=Format.choices)
    period_kind = models.CharField("周期", max_length=8)
    period_start = models.DateField("周期开始")
    period_end = models.DateField("周期结束")
    period_label = models.CharField("周期", max_length=60)
    filters = models.JSONField("筛选条件", default=dict, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField("进度", default=0)
    file = models.FileField("文件", upload_to="reports/archive/", blank=True)
    rows = models.PositiveIntegerField("事项数", default=0)
    error = models.TextField("错误", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="生成人",
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "报表归档"
        verbose_name_plural = "报表归档"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan} {self.period_label} {self.get_format_display()}"

    @property
    def filename(self) -> str:
        kind = {"week": "周报", "ten_day": "旬报", "month": "月报"}.get(self.period_kind, "报表")
        suffix = "通报" if self.format == self.Format.DOCX else kind
        return f"{self.plan.year}年{self.plan.district.name}政府工作报告任务落实情况{suffix}（{self.period_label}）.{self.format}"
