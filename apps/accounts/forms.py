from __future__ import annotations

from django import forms

from apps.tracking.models import Official, Unit
from apps.tracking.pinyin import PinyinModelChoiceField, PinyinModelMultipleChoiceField

from .models import Profile


class UserForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150)
    email = forms.EmailField(label="电子邮箱", required=False, help_text="用于接收催办邮件")
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, required=False, min_length=8)
    role = forms.ChoiceField(label="角色", choices=Profile.Role.choices)
    # Long lists of Chinese names: in pinyin order (区财政局 under C).
    units = PinyinModelMultipleChoiceField(
        label="所属单位（联络员）",
        queryset=Unit.objects.exclude(kind=Unit.Kind.GROUP),
        required=False,
    )
    official = PinyinModelChoiceField(
        label="对应领导（牵头领导）", queryset=Official.objects.all(), required=False, empty_label="（无）"
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            self.fields["username"].disabled = True
            del self.fields["password"]
        else:
            self.fields["password"].required = True
