from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts

from apps.tracking.models import Official, Unit
from apps.tracking.pinyin import PinyinModelChoiceField, PinyinModelMultipleChoiceField

from .models import Profile

# The system administrator assigns the working roles; the three privileged ones
# (系统管理员、安全管理员、安全审计员) are granted by the security administrator only.
WORKING_ROLES = [(value, label) for value, label in Profile.Role.choices if value not in Profile.PRIVILEGED]


def password_help() -> str:
    return " ".join(password_validators_help_texts())


class UserForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150)
    email = forms.EmailField(label="电子邮箱", required=False, help_text="用于接收催办邮件")
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput,
        required=False,
        strip=False,
        help_text="首次登录时须修改。",
    )
    role = forms.ChoiceField(label="角色", choices=WORKING_ROLES)
    # Long lists of Chinese names: in pinyin order (区财政局 under C).
    units = PinyinModelMultipleChoiceField(
        label="所属单位（联络员）",
        queryset=Unit.objects.exclude(kind=Unit.Kind.GROUP),
        required=False,
    )
    official = PinyinModelChoiceField(
        label="对应领导（牵头领导）", queryset=Official.objects.all(), required=False, empty_label="（无）"
    )
    is_active = forms.BooleanField(
        label="启用", required=False, initial=True, help_text="账号不删除；停用后不能登录，记录中仍保留姓名。"
    )

    def __init__(self, *args, editing: bool = False, privileged: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            self.fields["username"].disabled = True
            del self.fields["password"]
        else:
            self.fields["password"].required = True
            self.fields["password"].help_text = f"首次登录时须修改。{password_help()}"
        if privileged:
            # A privileged account's role is the security administrator's to change.
            self.fields["role"].choices = Profile.Role.choices
            self.fields["role"].disabled = True
            self.fields["role"].help_text = "该角色只能由安全管理员变更。"


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=Profile.Role.choices)


class UnlockForm(forms.Form):
    kind = forms.ChoiceField(choices=[("username", "用户名"), ("ip", "IP 地址")])
    value = forms.CharField(max_length=150)
