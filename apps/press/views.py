"""Newspaper pages, their articles, and staff decisions on suggested evidence."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.accounts import access
from apps.tracking.models import SourceDocument

from . import selectors, services
from .models import Article, ArticleLink


def page_list(request: HttpRequest) -> HttpResponse:
    access.require_supervisor(request.user, "只有督查室可以处理报纸报道。")
    return render(request, "press/pages.html", {"pages": selectors.pages()})


def page_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_supervisor(request.user, "只有督查室可以处理报纸报道。")
    document = get_object_or_404(SourceDocument, pk=pk, kind=SourceDocument.Kind.NEWSPAPER)
    return render(
        request,
        "press/page.html",
        {"document": document, "articles": selectors.page_articles(document=document)},
    )


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        article = selectors.article_detail(pk=pk)
    except Article.DoesNotExist as missing:
        raise Http404("没有这篇报道。") from missing
    links = selectors.article_links_for(article=article, user=request.user)
    if not links and not access.is_supervisor(request.user):
        raise PermissionDenied("这篇报道不是您可查看事项的佐证材料。")
    return render(
        request,
        "press/article.html",
        {"article": article, "links": links, "can_decide": access.is_supervisor(request.user)},
    )


@require_POST
def link_decide(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_supervisor(request.user, "只有督查室可以处理报纸报道。")
    link = get_object_or_404(ArticleLink.objects.select_related("article", "item"), pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("confirm", "reject"):
        return HttpResponse("decision 只能是 confirm 或 reject。", status=400)
    services.link_decide(link=link, user=request.user, confirm=decision == "confirm")
    if request.headers.get("HX-Request"):
        show_item = bool(request.POST.get("show_item"))  # the same row as the page it sits on
        return render(request, "press/_link.html", {"link": link, "can_decide": True, "show_item": show_item})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    return redirect(target or "press:article", *([] if target else [link.article_id]))
