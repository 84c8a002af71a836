from django.contrib import admin

from .models import ReportFile


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    list_display = ["plan", "period_label", "format", "status", "rows", "created_by", "created_at"]
    list_filter = ["format", "status", "period_kind"]
