"""Forms of the supervision loop."""

from __future__ import annotations

from django import forms

from apps.tracking.models import Item, Unit


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    progress = forms.CharField(label="本期进展", widget=forms.Textarea(attrs={"rows": 4}))
    percent = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100)
    problems = forms.CharField(label="存在问题", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_steps = forms.CharField(label="下步打算", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    drop_reason = forms.CharField(
        label="进度下降原因",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="完成进度低于上期时必填；督查室审核通过前，台账仍显示上期进度",
    )
    attachments = MultipleFileField(
        label="附件", required=False, help_text="图片（png、jpg）、PDF、Office 文件，每个不超过 10 MB"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unit = forms.ModelChoiceField(label="报送单位", queryset=Unit.objects.none())

    def __init__(self, *args, item: Item, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.units = units
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            # One host unit: nothing to choose, so the field is neither shown nor required.
            self.fields["unit"].required = False
            self.fields["unit"].widget = forms.HiddenInput()
        self.target_fields = []
        for target in item.targets.all():
            name = f"actual_{target.pk}"
            self.fields[name] = forms.DecimalField(
                label=f"{target.label}（目标 {target.value_text}{target.unit_of_measure}）",
                required=False,
                min_value=0,
                max_digits=16,
                decimal_places=4,
            )
            self.target_fields.append(name)

    def clean_unit(self):
        return self.cleaned_data.get("unit") or (self.units[0] if len(self.units) == 1 else None)

    def actuals(self) -> dict[int, object]:
        return {int(name.split("_")[1]): self.cleaned_data.get(name) for name in self.target_fields}

    def target_bound_fields(self):
        return [self[name] for name in self.target_fields]


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", widget=forms.Textarea(attrs={"rows": 2}))


class ContributionForm(forms.Form):
    text = forms.CharField(label="协办进展", widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.ModelChoiceField(label="协办单位", queryset=Unit.objects.none())

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].required = False
            self.fields["unit"].widget = forms.HiddenInput()

    def clean_unit(self):
        return self.cleaned_data.get("unit") or (self.units[0] if len(self.units) == 1 else None)


class InstructionForm(forms.Form):
    text = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    """A unit's answer to a 批示. Without a unit chosen the answer is the first of ``units``
    (a host unit before a co-unit)."""

    text = forms.CharField(label="办理情况", widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.ModelChoiceField(label="答复单位", queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].widget = forms.HiddenInput()

    def clean_unit(self):
        return self.cleaned_data.get("unit") or (self.units[0] if self.units else None)


class ReminderForm(forms.Form):
    unit = forms.ModelChoiceField(label="催办单位", queryset=Unit.objects.none())
    message = forms.CharField(label="催办内容", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, item: Item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(item_links__item=item).exclude(
            kind=Unit.Kind.GROUP
        )
