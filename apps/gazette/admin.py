"""Admin for source documents and import runs; runs are a log and cannot be edited."""

from django.contrib import admin

from .models import Appointment, ChronicleEntry, ImportRun, SourceDocument


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "issue", "kind", "published_on", "filename", "updated_at"]
    list_filter = ["kind"]
    readonly_fields = ["content_hash", "raw_text", "encoding", "filename", "created_at", "updated_at"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "kind", "filename", "status", "user", "message"]
    list_filter = ["kind", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChronicleEntry)
class ChronicleEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "end_date", "text"]
    list_filter = ["district", "date"]
    search_fields = ["text"]
    filter_horizontal = ["officials"]


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ["decided_on", "person", "action", "position"]
    list_filter = ["action"]
    search_fields = ["person", "position", "text"]
