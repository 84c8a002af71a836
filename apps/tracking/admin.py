"""Admin for the ledger: the administrator's fallback until the staff pages exist."""

from django.contrib import admin

from .models import (
    Chapter,
    Discrepancy,
    District,
    Item,
    ItemOfficial,
    ItemUnit,
    LeaderAssignment,
    LeaderUnit,
    Official,
    Plan,
    SourceDocument,
    Target,
    Unit,
    UnitAlias,
)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "city"]


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "issue", "kind", "published_on", "filename", "updated_at"]
    list_filter = ["kind"]
    readonly_fields = ["content_hash", "raw_text", "encoding", "filename", "created_at", "updated_at"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "notice_number", "notice_issued_on", "livelihood_number", "division_number"]
    list_select_related = ["district"]


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan", "report_title"]
    list_filter = ["plan"]


class ItemOfficialInline(admin.TabularInline):
    model = ItemOfficial
    extra = 0
    autocomplete_fields = ["official"]


class ItemUnitInline(admin.TabularInline):
    model = ItemUnit
    extra = 0
    autocomplete_fields = ["unit"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["order", "label", "value_text", "unit_of_measure", "comparison", "increase", "source_text"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "title", "chapter", "deadline", "withdrawn_at"]
    list_display_links = ["number", "title"]
    list_filter = ["plan", "kind", "chapter"]
    search_fields = ["title", "text"]
    list_select_related = ["chapter"]
    inlines = [ItemOfficialInline, ItemUnitInline, TargetInline]


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0
    fields = ["name", "district"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "district"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__name"]
    inlines = [UnitAliasInline]


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "district"]
    search_fields = ["name"]


class LeaderUnitInline(admin.TabularInline):
    model = LeaderUnit
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(LeaderAssignment)
class LeaderAssignmentAdmin(admin.ModelAdmin):
    list_display = ["official", "plan", "order", "substitute", "presides"]
    list_filter = ["plan"]
    inlines = [LeaderUnitInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["label", "value_text", "unit_of_measure", "comparison", "increase", "item", "plan"]
    list_filter = ["plan", "unit_of_measure"]
    search_fields = ["label", "source_text"]


@admin.register(Discrepancy)
class DiscrepancyAdmin(admin.ModelAdmin):
    list_display = ["scope", "item", "chapter", "report_context", "notice_context"]
    list_filter = ["plan", "scope"]
