"""Users with their role and bindings, in the Django admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from .models import Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ["units"]
    autocomplete_fields = ["official"]
    verbose_name_plural = "角色与绑定"


admin.site.unregister(User)


@admin.register(User)
class LedgerUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "first_name", "email", "role", "is_active", "last_login"]

    @admin.display(description="角色")
    def role(self, user):
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else ("超级管理员" if user.is_superuser else "—")
