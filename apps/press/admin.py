from django.contrib import admin

from .models import Article, ArticleLink


class LinkInline(admin.TabularInline):
    model = ArticleLink
    extra = 0
    raw_id_fields = ("item",)
    readonly_fields = ("score", "words", "decided_by", "decided_at")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("display_title", "document", "published_on", "byline", "photo")
    list_filter = ("photo", "year")
    search_fields = ("title", "body", "byline")
    inlines = [LinkInline]


@admin.register(ArticleLink)
class ArticleLinkAdmin(admin.ModelAdmin):
    list_display = ("article", "item", "score", "status", "decided_by")
    list_filter = ("status",)
    raw_id_fields = ("article", "item")
