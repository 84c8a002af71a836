"""Source documents, import runs, and what a gazette records besides the ledger.

A source document is one published issue (a gazette issue, a newspaper page) with its
raw text. Its identity is the issue, not the bytes: a corrected re-publication of the
same issue replaces the text and keeps what is linked to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SourceDocument(models.Model):
    class Kind(models.TextChoices):
        GAZETTE = "gazette", "政府公报"
        NEWSPAPER = "newspaper", "报纸版面"

    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    title = models.CharField("标题", max_length=200)
    issue = models.CharField("期号", max_length=60, blank=True)  # 2024年第1-3期
    number = models.CharField("总期号", max_length=60, blank=True)  # 总第121-123期
    published_on = models.DateField("出版日期", null=True, blank=True)
    district = models.ForeignKey(
        "tracking.District", on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    raw_text = models.TextField("原文")
    content_hash = models.CharField("内容摘要（SHA-256）", max_length=64, db_index=True)
    encoding = models.CharField("编码", max_length=20, default="utf-8")
    filename = models.CharField("文件名", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "来源文件"
        verbose_name_plural = "来源文件"
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "title", "issue"], name="document_unique_issue")
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.issue}".strip()


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
    mapping = models.JSONField("单位对应", default=dict, blank=True)  # name as written -> unit id
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.filename} {self.get_status_display()}"

    @property
    def working(self) -> bool:
        return self.status in self.WORKING


class ChronicleEntry(models.Model):
    """One entry of a gazette's chronicle (大事记)."""

    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="chronicle_entries")
    district = models.ForeignKey(
        "tracking.District", on_delete=models.PROTECT, related_name="chronicle_entries"
    )
    order = models.PositiveIntegerField("排序")
    date = models.DateField("日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    text = models.TextField("内容")
    names = models.JSONField("提到的领导", default=list, blank=True)
    officials = models.ManyToManyField("tracking.Official", related_name="chronicle_entries", blank=True)
    source_line = models.PositiveIntegerField("原文行号", null=True, blank=True)

    class Meta:
        verbose_name = "大事记"
        verbose_name_plural = "大事记"
        ordering = ["date", "order"]
        constraints = [models.UniqueConstraint(fields=["document", "order"], name="chronicle_unique_order")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.text[:30]}"


class Appointment(models.Model):
    """An appointment or removal (任免) published in a gazette."""

    class Action(models.TextChoices):
        APPOINT = "appoint", "任命"
        REMOVE = "remove", "免去"
        HIRE = "hire", "聘任"
        END_HIRE = "end_hire", "解聘"
        NOTE = "note", "机构/职务变更"

    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="appointments")
    district = models.ForeignKey("tracking.District", on_delete=models.PROTECT, related_name="appointments")
    order = models.PositiveIntegerField("排序")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    person = models.CharField("姓名", max_length=20, blank=True)
    action = models.CharField("类型", max_length=10, choices=Action.choices)
    position = models.CharField("职务", max_length=200, blank=True)
    text = models.TextField("原文")

    class Meta:
        verbose_name = "人事任免"
        verbose_name_plural = "人事任免"
        ordering = ["decided_on", "order"]
        constraints = [models.UniqueConstraint(fields=["document", "order"], name="appointment_unique_order")]

    def __str__(self) -> str:
        return self.text[:40]
