"""What a gazette records besides the ledger: its chronicle and its appointments.

Both hang off the issue they were published in, a source document of the ledger
(apps.tracking.models.SourceDocument).
"""

from __future__ import annotations

from django.db import models


class ChronicleEntry(models.Model):
    """One entry of a gazette's chronicle (大事记)."""

    document = models.ForeignKey(
        "tracking.SourceDocument", on_delete=models.CASCADE, related_name="chronicle_entries"
    )
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

    document = models.ForeignKey(
        "tracking.SourceDocument", on_delete=models.CASCADE, related_name="appointments"
    )
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
