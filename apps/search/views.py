"""The global search page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.tracking.plans import current_plan

from . import selectors
from .models import SearchEntry


def search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    kinds = [kind] if kind in SearchEntry.Kind.values else None
    hits = selectors.search(q, user=request.user, plan=current_plan(request), kinds=kinds) if q else []
    groups: dict[str, list] = {}
    for hit in hits:
        groups.setdefault(hit.entry.get_kind_display(), []).append(hit)
    return render(
        request,
        "search/results.html",
        {
            "q": q,
            "kind": kind,
            "kinds": SearchEntry.Kind.choices,
            "hits": hits,
            "groups": groups,
            "words": selectors.query_words(q) if q else [],
        },
    )
