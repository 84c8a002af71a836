"""The ledger table (django-tables2): one row per item, sortable, light shown with its label."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from . import formats
from .models import Item


def _label(text: str, name: str) -> dict:
    """Cell attributes: a class per column for CSS, and the label phones show before the value."""
    return {"td": {"data-label": text, "class": name}, "th": {"class": name}}


class ItemTable(tables.Table):
    number = tables.Column(verbose_name="序号", order_by=("-kind", "number"), attrs=_label("序号", "number"))
    title = tables.Column(verbose_name="任务（摘要）", attrs=_label("任务", "title"))
    lead_officials = tables.Column(
        verbose_name="牵头领导", empty_values=(), orderable=False, attrs=_label("牵头领导", "lead_officials")
    )
    host = tables.Column(
        verbose_name="主办单位", empty_values=(), orderable=False, attrs=_label("主办单位", "host")
    )
    co_count = tables.Column(verbose_name="协办", attrs=_label("协办单位数", "co_count"))
    light = tables.Column(
        verbose_name="亮灯", order_by=("light_rank", "number"), attrs=_label("亮灯", "light")
    )
    progress = tables.Column(verbose_name="进度", attrs=_label("进度", "progress"))
    deadline = tables.Column(verbose_name="完成时限", attrs=_label("完成时限", "deadline"))
    last_reported_at = tables.Column(
        verbose_name="最近报送", default="未报送", attrs=_label("最近报送", "last_reported_at")
    )

    class Meta:
        model = Item
        fields = [
            "number",
            "title",
            "lead_officials",
            "host",
            "co_count",
            "light",
            "progress",
            "deadline",
            "last_reported_at",
        ]
        attrs = {"class": "ledger"}
        row_attrs = {"data-item": lambda record: record.pk}
        empty_text = "没有符合条件的事项。"
        per_page = 100

    def render_number(self, record: Item):
        prefix = "" if record.kind == Item.Kind.TASK else "实事"
        return f"{prefix}{record.number}"

    def render_title(self, record: Item, value: str):
        url = reverse("tracking:item", args=[record.pk])
        withdrawn = format_html(' <span class="badge muted">已撤销</span>') if record.withdrawn_at else ""
        return format_html('<a href="{}">{}</a>{}', url, value, withdrawn)

    def render_lead_officials(self, record: Item):
        return (
            format_html_join(
                "、",
                '<a href="{}">{}</a>',
                (
                    (reverse("tracking:official", args=[link.official_id]), link.official.name)
                    for link in record.official_links.all()
                ),
            )
            or "—"
        )

    def render_host(self, record: Item):
        links = record.host_links
        if not links:
            return "—"
        html = format_html_join(
            "、",
            '<a href="{}">{}</a>',
            ((reverse("tracking:unit", args=[link.unit_id]), link.unit.name) for link in links),
        )
        if any(link.inferred for link in links):
            html = format_html(
                '{} <span class="badge inferred" title="主办单位按规则推断，待督查室确认">推断</span>', html
            )
        return html

    def render_light(self, record: Item):
        return light_badge(record)

    def render_deadline(self, value):
        return formats.day_text(value)

    def render_last_reported_at(self, value):
        return formats.moment_short(value)  # Beijing time, narrow column: 06-07 09:00

    def render_progress(self, value: int):
        return format_html(
            # <progress>, not a styled span: the coming CSP forbids style="" attributes.
            '<progress class="bar" value="{0}" max="100" aria-label="进度 {0}%">{0}%</progress>'
            ' <span class="bar-text">{0}%</span>',
            value,
        )


def light_badge(item: Item):
    return format_html('<span class="light light-{}">{}</span>', item.light, item.get_light_display())
