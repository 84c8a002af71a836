"""Reads for newspaper evidence."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from apps.accounts import access
from apps.tracking.models import Item, SourceDocument

from .models import Article, ArticleLink


def item_article_links(*, item: Item, with_suggestions: bool) -> list[ArticleLink]:
    statuses = [ArticleLink.Status.CONFIRMED]
    if with_suggestions:
        statuses.append(ArticleLink.Status.SUGGESTED)
    return list(
        ArticleLink.objects.filter(item=item, status__in=statuses)
        .select_related("article__document")
        .order_by("status", "-score")
    )


def pages() -> QuerySet[SourceDocument]:
    return (
        SourceDocument.objects.filter(kind=SourceDocument.Kind.NEWSPAPER)
        .annotate(
            n_articles=Count("articles", distinct=True),
            n_suggested=Count(
                "articles__links", filter=Q(articles__links__status="suggested"), distinct=True
            ),
            n_confirmed=Count(
                "articles__links", filter=Q(articles__links__status="confirmed"), distinct=True
            ),
        )
        .order_by("-published_on", "-created_at")
    )


def page_articles(*, document: SourceDocument) -> list[Article]:
    return list(document.articles.prefetch_related("links__item").order_by("order"))


def article_links_for(*, article: Article, user) -> list[ArticleLink]:
    """The office sees every link; others only confirmed evidence for items they can see."""
    links = list(article.links.all())
    if access.is_supervisor(user):
        return links
    confirmed = {link.item_id: link for link in links if link.status == ArticleLink.Status.CONFIRMED}
    visible = access.visible_items(user, Item.objects.filter(pk__in=confirmed))
    return [confirmed[pk] for pk in visible.values_list("pk", flat=True)]


def article_detail(*, pk: int) -> Article:
    return Article.objects.select_related("document").prefetch_related("links__item__plan").get(pk=pk)
