"""One search row per searchable thing, holding its jieba tokens.

Chinese has no spaces, so PostgreSQL's parsers cannot cut it; jieba cuts the text once,
at indexing time, and the row keeps the words space-separated in ``tokens``. On
PostgreSQL a GIN index on to_tsvector('simple', tokens) makes the search an index
lookup ranked by ts_rank; on SQLite the same rows are searched with a fallback (see
selectors.py).
"""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        ITEM = "item", "事项"
        UNIT = "unit", "单位"
        OFFICIAL = "official", "领导"
        REPORT = "report", "进展"
        ARTICLE = "article", "报道"

    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    object_id = models.PositiveIntegerField()
    plan = models.ForeignKey("tracking.Plan", on_delete=models.CASCADE, null=True, blank=True)
    item = models.ForeignKey(
        "tracking.Item", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )  # the item a row is about (the item itself, or a report's item): access follows it
    title = models.CharField("标题", max_length=200)
    text = models.TextField("正文", blank=True)
    tokens = models.TextField("分词")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"
