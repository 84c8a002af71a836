"""The audit log in the Django admin: readable by auditors only, never added to, changed or deleted."""

from django.contrib import admin

from apps.accounts import access

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "ip", "action", "outcome", "target"]
    list_filter = ["action", "outcome"]
    search_fields = ["username", "target"]
    date_hierarchy = "at"
    actions = None

    def has_view_permission(self, request, obj=None):
        return access.is_auditor(request.user)

    def has_module_permission(self, request):
        return access.is_auditor(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
