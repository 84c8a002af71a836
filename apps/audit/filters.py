"""The auditor's search over the log: by account, event, outcome and date range."""

from __future__ import annotations

import django_filters

from .models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(label="用户名", lookup_expr="icontains")
    action = django_filters.ChoiceFilter(
        label="事件", choices=AuditEvent.Action.choices, empty_label="全部事件"
    )
    outcome = django_filters.ChoiceFilter(
        label="结果", choices=AuditEvent.Outcome.choices, empty_label="全部"
    )
    ip = django_filters.CharFilter(label="IP 地址", lookup_expr="startswith")
    target = django_filters.CharFilter(label="对象", lookup_expr="icontains")
    at = django_filters.DateFromToRangeFilter(
        label="日期",
        field_name="at__date",
        widget=django_filters.widgets.RangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEvent
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start, end = self.filters["at"].field.widget.widgets
        start.attrs["aria-label"], end.attrs["aria-label"] = "日期起", "日期止"
