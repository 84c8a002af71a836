"""Newspaper articles split out of a page, and their links to ledger items as evidence.

A link starts as a suggestion (scored by keyword similarity) and becomes evidence only
when supervision staff confirm it; a rejected suggestion is kept so that re-importing
the page does not suggest it again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Article(models.Model):
    document = models.ForeignKey("tracking.SourceDocument", on_delete=models.CASCADE, related_name="articles")
    order = models.PositiveIntegerField("版面顺序")
    title = models.CharField("标题", max_length=200, blank=True)
    byline = models.CharField("署名", max_length=200, blank=True)
    body = models.TextField("正文")
    photo = models.BooleanField("图片新闻", default=False)
    published_on = models.DateField("日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    districts = models.JSONField("提到的区县", default=list, blank=True)
    first_line = models.PositiveIntegerField("原文行号", default=0)

    class Meta:
        verbose_name = "报道"
        verbose_name_plural = "报道"
        ordering = ["document", "order"]
        constraints = [models.UniqueConstraint(fields=["document", "order"], name="article_unique_order")]

    def __str__(self) -> str:
        return self.display_title

    @property
    def words_text(self) -> str:
        return f"{self.title}\n{self.body}"

    @property
    def display_title(self) -> str:
        """Photos often have no headline: their caption's first clause stands in."""
        if self.title:
            return self.title
        first = self.body.split("。", 1)[0].split("，", 1)[0]
        return f"{'图片新闻：' if self.photo else ''}{first[:30]}"


class ArticleLink(models.Model):
    class Status(models.TextChoices):
        SUGGESTED = "suggested", "待确认"
        CONFIRMED = "confirmed", "已确认"
        REJECTED = "rejected", "已否决"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")
    item = models.ForeignKey("tracking.Item", on_delete=models.CASCADE, related_name="article_links")
    score = models.FloatField("相似度")
    words = models.JSONField("共有关键词", default=list, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "报道关联"
        verbose_name_plural = "报道关联"
        ordering = ["-score"]
        constraints = [models.UniqueConstraint(fields=["article", "item"], name="article_link_unique")]

    def __str__(self) -> str:
        return f"{self.article} → {self.item}"
