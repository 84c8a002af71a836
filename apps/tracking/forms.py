"""Forms of the staff pages; validation that needs the database lives in services."""

from __future__ import annotations

from django import forms

from .models import Item, ItemUnit, Unit
from .pinyin import PinyinModelChoiceField


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = ["title", "deadline", "text"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {"title": "台账和报表中显示的简短名称", "deadline": "修改后，重新导入公报不会覆盖"}


class UnitRolesForm(forms.Form):
    """One host/co choice per unit linked to the item."""

    def __init__(self, *args, links: list[ItemUnit], **kwargs):
        super().__init__(*args, **kwargs)
        self.links = links
        for link in links:
            self.fields[f"role_{link.pk}"] = forms.ChoiceField(
                label=link.unit.name,
                choices=ItemUnit.Role.choices,
                initial=link.role,
                widget=forms.RadioSelect,
            )

    def roles(self) -> dict[int, str]:
        return {link.pk: self.cleaned_data[f"role_{link.pk}"] for link in self.links}

    def rows(self):
        return [(link, self[f"role_{link.pk}"]) for link in self.links]


class UnitMergeForm(forms.Form):
    keep = PinyinModelChoiceField(label="保留的单位", queryset=Unit.objects.none(), empty_label="请选择单位")
    absorb = PinyinModelChoiceField(
        label="并入的单位",
        queryset=Unit.objects.none(),
        empty_label="请选择单位",
        help_text="它的名称成为保留单位的别名，它的事项和分管关系转到保留单位",
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(district=district)
        self.fields["keep"].queryset = units
        self.fields["absorb"].queryset = units

    def clean(self):
        data = super().clean()
        if data.get("keep") and data.get("keep") == data.get("absorb"):
            raise forms.ValidationError("请选择两个不同的单位。")
        return data
