"""Chinese search over items, units, officials, reports and articles.

The query is cut with the same jieba dictionary as the index; every word must match.
PostgreSQL: to_tsvector('simple', tokens) @@ plainto_tsquery, GIN-indexed, ranked by
ts_rank. SQLite: whole-word LIKE on the same tokens, ranked by how often and how
rarely the words occur (a small TF-IDF) — the same rows, in nearly the same order.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet, Value
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.accounts import access
from apps.tracking import lexicon
from apps.tracking.models import Item

from .models import SearchEntry

Kind = SearchEntry.Kind


def query_words(q: str) -> list[str]:
    """The query's words; a query of only common words still searches for them."""
    lexicon.load()
    words = lexicon.tokens(q)
    if not words:
        words = [w for w in re.split(r"\s+", q.strip().lower()) if w]
    return list(dict.fromkeys(words))


@dataclass
class Hit:
    entry: SearchEntry
    rank: float
    snippet: SafeString

    @property
    def url(self) -> str:
        entry = self.entry
        if entry.kind == Kind.ITEM:
            return reverse("tracking:item", args=[entry.object_id])
        if entry.kind == Kind.REPORT:
            return reverse("tracking:item", args=[entry.item_id]) + f"#report-{entry.object_id}"
        if entry.kind == Kind.UNIT:
            return reverse("tracking:unit", args=[entry.object_id])
        if entry.kind == Kind.OFFICIAL:
            return reverse("tracking:official", args=[entry.object_id])
        return reverse("press:article", args=[entry.object_id])


def _visible(user, rows: QuerySet[SearchEntry]) -> QuerySet[SearchEntry]:
    if access.is_supervisor(user):
        return rows
    from apps.press.models import ArticleLink

    items = access.visible_items(user, Item.objects.all()).values("pk")
    evidence = ArticleLink.objects.filter(status=ArticleLink.Status.CONFIRMED, item__in=items).values(
        "article_id"
    )
    allowed = rows.filter(kind__in=[Kind.ITEM, Kind.REPORT], item__in=items)
    allowed |= rows.filter(kind=Kind.ARTICLE, object_id__in=evidence)
    # Units and officials only where their page would open (access.can_view_unit / _official):
    # a liaison finds his own units, a leader the units he supervises or whose items he leads,
    # and his own entry — never another leader's duties or a unit he may not open.
    allowed |= rows.filter(kind=Kind.UNIT, object_id__in=access.visible_unit_ids(user))
    official = access.user_official(user)
    if official:
        allowed |= rows.filter(kind=Kind.OFFICIAL, object_id=official.pk)
    return allowed


def matching(q: str, *, plan=None, kinds=None) -> QuerySet[SearchEntry]:
    """Rows containing every word of the query (unranked)."""
    words = query_words(q)
    rows = SearchEntry.objects.all()
    if plan is not None:
        rows = rows.filter(plan__isnull=True) | rows.filter(plan=plan)
    if kinds:
        rows = rows.filter(kind__in=kinds)
    if not words:
        return rows.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        return rows.annotate(vector=SearchVector("tokens", config="simple")).filter(
            vector=SearchQuery(" ".join(words), config="simple", search_type="plain")
        )
    for word in words:
        rows = rows.filter(tokens__contains=f" {word} ")
    return rows


def item_ids(q: str, *, plan) -> QuerySet:
    """Ids of the plan's items matching the query: by their own text or by their reports."""
    rows = matching(q, plan=plan, kinds=[Kind.ITEM, Kind.REPORT])
    return rows.values("item_id")


def search(q: str, *, user, plan=None, kinds=None, limit: int = 60) -> list[Hit]:
    words = query_words(q)
    rows = _visible(user, matching(q, plan=plan, kinds=kinds))
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        ranked = rows.annotate(
            rank=SearchRank(
                SearchVector("tokens", config="simple"),
                SearchQuery(" ".join(words), config="simple", search_type="plain"),
                # divided by the length of the row: a short row naming the word is about it
                normalization=Value(2),
            )
        ).order_by("-rank", "kind", "object_id")[:limit]
        scored = [(entry, entry.rank) for entry in ranked]
    else:
        scored = _rank_fallback(list(rows), words)[:limit]
    return [
        Hit(entry, rank, highlight(entry.text or entry.title, [*words, q.strip()])) for entry, rank in scored
    ]


def _rank_fallback(rows: list[SearchEntry], words: list[str]) -> list[tuple[SearchEntry, float]]:
    total = SearchEntry.objects.count() or 1
    idf = {
        w: math.log(1 + total / (1 + SearchEntry.objects.filter(tokens__contains=f" {w} ").count()))
        for w in words
    }
    scored = []
    for entry in rows:
        tokens = entry.tokens.split()
        counts = sum(idf[w] * tokens.count(w) for w in words)
        scored.append((entry, counts / math.sqrt(len(tokens) or 1)))
    scored.sort(key=lambda pair: (-pair[1], pair[0].kind, pair[0].object_id))
    return scored


def highlight(text: str, terms: list[str], width: int = 60) -> SafeString:
    """A window of the text around the first match, every term marked (HTML-escaped)."""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return escape(text[: width * 2])
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - width) if first else 0
    window = text[start : start + width * 2 + 20]
    parts, last = [], 0
    for match in pattern.finditer(window):
        parts.append(escape(window[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(window[last:]))
    prefix = "…" if start else ""
    suffix = "…" if start + len(window) < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)
