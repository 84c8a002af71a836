"""Admin: deadline rules are editable; reports, reviews and reminders are shown, not edited
(their way through the workflow and the change history must stay as they happened)."""

from django.contrib import admin

from .models import DeadlineRule, Instruction, ProgressReport, Reminder, ReviewEvent


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "days_before_end", "time"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["item", "period_start", "unit", "status", "percent", "submitted_at", "is_demo"]
    list_filter = ["status", "period_kind", "is_demo"]


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdmin):
    list_display = ["report", "action", "actor", "at", "reason"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["item", "unit", "period_start", "kind", "created_at", "resolved_at"]
    list_filter = ["kind"]


@admin.register(Instruction)
class InstructionAdmin(ReadOnlyAdmin):
    list_display = ["item", "official", "created_at", "text"]
