"""Admin for what a gazette records besides the ledger: chronicle entries and appointments."""

from django.contrib import admin

from .models import Appointment, ChronicleEntry


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
