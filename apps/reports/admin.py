from django.contrib import admin

from .models import ReportFile


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    """The report archive is a record of what was issued: visible, never edited or deleted here."""

    list_display = ["plan", "period_label", "format", "status", "rows", "created_by", "created_at"]
    list_filter = ["format", "status", "period_kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
