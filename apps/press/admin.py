from django.contrib import admin

from .models import Article, ArticleLink


class LinkInline(admin.TabularInline):
    model = ArticleLink
    extra = 0
    can_delete = False
    fields = readonly_fields = ("item", "score", "words", "status", "decided_by", "decided_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("display_title", "document", "published_on", "byline", "photo")
    list_filter = ("photo", "year")
    search_fields = ("title", "body", "byline")
    inlines = [LinkInline]


@admin.register(ArticleLink)
class ArticleLinkAdmin(admin.ModelAdmin):
    """Read-only: who decided a link and when is a record; decisions are made on the item or press pages."""

    list_display = ("article", "item", "score", "status", "decided_by", "decided_at")
    list_filter = ("status",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
