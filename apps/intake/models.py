"""The upload desk's record: one import run per file, from the command line or the browser.

The table keeps the name it had when the gazette app owned the model.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apps.tracking.models import SourceDocument


class ImportRun(models.Model):
    """One import: from the command line (finished at once) or an upload (queued, previewed, confirmed).

    An upload keeps its bytes until it is imported, refused or cancelled, so the worker that
    previews it and the one that applies it read the same file.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        READING = "reading", "解析中"
        PREVIEW = "preview", "待确认"
        APPLYING = "applying", "导入中"
        IMPORTED = "imported", "已导入"
        UPDATED = "updated", "已更新"
        UNCHANGED = "unchanged", "无变化"
        REFUSED = "refused", "已拒绝"
        FAILED = "failed", "失败"
        CANCELLED = "cancelled", "已取消"

    WORKING = (Status.QUEUED, Status.READING, Status.APPLYING)
    DONE = (Status.IMPORTED, Status.UPDATED, Status.UNCHANGED)

    document = models.ForeignKey(
        SourceDocument, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_runs"
    )
    kind = models.CharField("类型", max_length=12, choices=SourceDocument.Kind.choices, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    filename = models.CharField("文件名", max_length=255, blank=True)
    file_hash = models.CharField("文件摘要（SHA-256）", max_length=64)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    status = models.CharField("结果", max_length=12, choices=Status.choices)
    counts = models.JSONField("数量", default=dict, blank=True)
    warnings = models.JSONField("提示", default=list, blank=True)
    message = models.TextField("说明", blank=True)
    # The upload's life: its bytes, what the administrator asked for, the preview and the go-ahead.
    payload = models.BinaryField("上传文件", null=True, blank=True, editable=False)
    file_size = models.PositiveIntegerField("文件大小（字节）", default=0)
    wanted = models.CharField("上传类型", max_length=12, blank=True)  # "" = recognise from the text
    published_on = models.DateField("报纸出版日期", null=True, blank=True)
    progress = models.PositiveSmallIntegerField("进度", default=0)
    stage = models.CharField("当前步骤", max_length=60, blank=True)
    preview = models.JSONField("预览", default=dict, blank=True)
    # What the administrator chose in the preview (decisions.Decisions: units, officials, roles,
    # lines, columns, accepted errors) and the plan a notice alone goes into; ``revision``
    # counts the previews, so a confirmation is for the preview the administrator saw.
    decisions = models.JSONField("预览中的处理", default=dict, blank=True)
    target = models.JSONField("导入到的计划", default=dict, blank=True)
    revision = models.PositiveIntegerField("预览版本", default=0)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-started_at"]
        db_table = "gazette_importrun"

    def __str__(self) -> str:
        return f"{self.filename} {self.get_status_display()}"

    @property
    def working(self) -> bool:
        return self.status in self.WORKING
