"""The ledger's filters (django-filter); every filter lives in the URL, so a view can be bookmarked."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from .models import Chapter, Discrepancy, Item, ItemOfficial, ItemUnit, Official, Plan, Unit, UnitAlias
from .pinyin import PinyinChoiceIterator

UNIT_ROLES = [("", "主办或协办"), ("host", "主办"), ("co", "协办")]


class _PinyinIterator(django_filters.fields.ModelChoiceIterator, PinyinChoiceIterator):
    pass


class _PinyinField(django_filters.fields.ModelChoiceField):
    iterator = _PinyinIterator


class PinyinModelChoiceFilter(django_filters.ModelChoiceFilter):
    """Long lists of Chinese names (units, officials) in pinyin order: 区财政局 under C."""

    field_class = _PinyinField


class ItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="filter_keyword")
    kind = django_filters.ChoiceFilter(label="类别", choices=Item.Kind.choices, empty_label="全部")
    chapter = django_filters.ModelChoiceFilter(
        label="章节", queryset=Chapter.objects.none(), empty_label="全部章节"
    )
    official = PinyinModelChoiceFilter(
        label="牵头领导", queryset=Official.objects.none(), method="filter_official", empty_label="全部领导"
    )
    unit = PinyinModelChoiceFilter(
        label="承办单位", queryset=Unit.objects.none(), method="filter_unit", empty_label="全部单位"
    )
    unit_role = django_filters.ChoiceFilter(
        label="单位角色", choices=UNIT_ROLES[1:], method="filter_nothing", empty_label="主办或协办"
    )
    status = django_filters.ChoiceFilter(label="状态", choices=Item.Status.choices, empty_label="全部")
    light = django_filters.ChoiceFilter(label="亮灯", choices=Item.Light.choices, empty_label="全部")
    deadline = django_filters.DateFromToRangeFilter(
        label="完成时限",
        widget=django_filters.widgets.RangeWidget(attrs={"type": "date"}),
    )
    overdue = django_filters.BooleanFilter(
        label="仅看已逾期", method="filter_overdue", widget=forms.CheckboxInput
    )
    has_discrepancy = django_filters.BooleanFilter(
        label="与报告有差异", method="filter_discrepancy", widget=forms.CheckboxInput
    )

    class Meta:
        model = Item
        fields: list[str] = []

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.filters["chapter"].queryset = Chapter.objects.filter(plan=plan).order_by("number")
        self.filters["official"].queryset = Official.objects.filter(item_links__item__plan=plan).distinct()
        self.filters["unit"].queryset = Unit.objects.filter(item_links__item__plan=plan).distinct()
        start, end = self.filters["deadline"].field.widget.widgets
        start.attrs["aria-label"], end.attrs["aria-label"] = "完成时限起", "完成时限止"

    def filter_nothing(self, queryset, name, value):
        return queryset  # read by filter_unit

    def filter_keyword(self, queryset, name, value):
        """Literal matches (any spelling typed) or jieba-word matches in the item or its reports."""
        from apps.search.selectors import item_ids

        literal = queryset
        words = value.split()
        for word in words:
            in_units = ItemUnit.objects.filter(
                Q(unit__name__icontains=word)
                | Q(unit__in=UnitAlias.objects.filter(name__icontains=word).values("unit"))
            ).values("item")
            in_officials = ItemOfficial.objects.filter(official__name__icontains=word).values("item")
            literal = literal.filter(
                Q(title__icontains=word)
                | Q(text__icontains=word)
                | Q(pk__in=in_units)
                | Q(pk__in=in_officials)
            )
        return queryset.filter(Q(pk__in=literal.values("pk")) | Q(pk__in=item_ids(value, plan=None)))

    def filter_official(self, queryset, name, value):
        return queryset.filter(pk__in=ItemOfficial.objects.filter(official=value).values("item"))

    def filter_unit(self, queryset, name, value):
        links = ItemUnit.objects.filter(unit=value)
        role = self.form.cleaned_data.get("unit_role")
        if role:
            links = links.filter(role=role)
        return queryset.filter(pk__in=links.values("item"))

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(deadline__lt=today).exclude(status=Item.Status.DONE)

    def filter_discrepancy(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Discrepancy.objects.filter(item__isnull=False).values("item"))
