"""Users with their role and bindings, in the Django admin.

Users are never deleted here (deactivate them), so history and audit rows keep their
names; role and password changes made here are audited like those of the user pages.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils import timezone

from apps.audit.services import Action, audit_record

from .models import Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ["units"]
    autocomplete_fields = ["official"]
    verbose_name_plural = "角色与绑定"
    readonly_fields = ["password_changed_at"]


admin.site.unregister(User)


@admin.register(User)
class LedgerUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "first_name", "email", "role", "is_active", "last_login"]
    actions = None

    @admin.display(description="角色")
    def role(self, user):
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else ("超级管理员" if user.is_superuser else "—")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            audit_record(
                action=Action.USER_CHANGED,
                request=request,
                target=obj.username,
                detail={"fields": form.changed_data, "via": "admin"},
            )
        else:
            audit_record(
                action=Action.USER_CREATED, request=request, target=obj.username, detail={"via": "admin"}
            )

    def save_formset(self, request, form, formset, change):
        old_roles = {
            profile.pk: profile.role
            for profile in Profile.objects.filter(
                pk__in=[f.instance.pk for f in formset.forms if f.instance.pk]
            )
        }
        instances = formset.save(commit=False)
        for profile in instances:
            if not change:
                # An account added here starts with a password its owner must change.
                profile.must_change_password = True
                profile.password_changed_at = timezone.now()
            profile.save()
            if old_roles.get(profile.pk, "") != profile.role:
                audit_record(
                    action=Action.ROLE_CHANGED,
                    request=request,
                    target=profile.user.username,
                    detail={"from": old_roles.get(profile.pk, ""), "to": profile.role, "via": "admin"},
                )
        formset.save_m2m()

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            own = user.pk == request.user.pk
            # Someone else's password set by an administrator must be changed by its owner.
            Profile.objects.filter(user=user).update(
                must_change_password=not own, password_changed_at=timezone.now()
            )
            audit_record(
                action=Action.PASSWORD_CHANGED if own else Action.PASSWORD_RESET,
                request=request,
                target=user.username,
                detail={"via": "admin"},
            )
        return response
