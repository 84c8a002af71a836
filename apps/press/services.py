"""Bringing newspaper pages in: register the page, split it, suggest evidence, let staff decide.

``newspaper_import`` is the one entry point, used by the upload desk (apps.intake: the
``import_newspaper`` command, the seed import and the browser upload), which reads the
file and records the import as a run. It is idempotent: the same page imported twice keeps
one document, the same articles, and every decision staff already made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from apps.search.services import index_articles
from apps.tracking import formats, lexicon
from apps.tracking.models import Item, Plan, SourceDocument

from .matching import Corpus, districts_named
from .models import Article, ArticleLink
from .parsing import masthead_date, page_date, page_number, split_page, years_named


@dataclass
class NewspaperResult:
    document: SourceDocument
    created: bool
    articles: int
    suggestions: int
    leftovers: list[tuple[int, str]]
    # What a re-upload changed on a known page, for the run's message (日期 2024-03-01 → 2024-03-02 …).
    changes: list[str] = field(default_factory=list)


def newspaper_import(
    *, data: bytes, filename: str = "", published_on: dt.date | None = None, encoding: str = "utf-8"
) -> NewspaperResult:
    """Register a page, split it into articles and suggest the items each is evidence for.

    ``data`` is the page's text in UTF-8: the upload desk reads the file (UTF-8 or GB18030,
    ``encoding`` says which it was) and records the import.
    """
    with transaction.atomic():
        document, created = newspaper_register(
            text=data.decode("utf-8-sig"), filename=filename, encoding=encoding
        )
        page = split_page(document.raw_text)
        day = (
            masthead_date(document.raw_text)
            or published_on
            or document.published_on
            or page_date(document.raw_text)
        )
        before = document.published_on
        _name_page(document, day=day)
        changes = (
            []
            if created or before == document.published_on
            else [
                f"日期 {formats.day_text(before, empty='（无）')} → {formats.day_text(document.published_on)}"
            ]
        )
        year = day.year if day else max(years_named(document.raw_text), default=None)
        known = {a.order: a for a in document.articles.all()}
        articles, updated = [], 0
        for parsed in page.articles:
            values = {
                "title": parsed.title[:200],
                "byline": parsed.byline[:200],
                "body": parsed.body,
                "photo": parsed.photo,
                "published_on": day,
                "year": year,
                "districts": districts_named(parsed.words_text()),
                "first_line": parsed.first_line,
            }
            article = known.pop(parsed.order, None)
            if article is None:
                article = Article.objects.create(document=document, order=parsed.order, **values)
            elif any(getattr(article, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(article, key, value)
                article.save()
                updated += 1
            articles.append(article)
        for stale in known.values():
            stale.delete()
        if not created and (updated or known):
            changes.append(f"文章 {updated} 篇更新、{len(known)} 篇删除")
        suggestions = suggest_links(articles)
        index_articles(articles)
    return NewspaperResult(document, created, len(articles), suggestions, page.leftovers, changes)


def newspaper_register(
    *, text: str, filename: str = "", encoding: str = "utf-8"
) -> tuple[SourceDocument, bool]:
    """Keep a newspaper page as a source document (its articles are split out afterwards).

    Returns (document, created). The same text registered twice is one document.
    """
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SourceDocument.objects.get_or_create(
        kind=SourceDocument.Kind.NEWSPAPER,
        title="济宁日报",
        issue=f"版面 {digest[:12]}",
        defaults={"raw_text": text, "content_hash": digest, "encoding": encoding, "filename": filename},
    )


def _name_page(document: SourceDocument, *, day: dt.date | None) -> None:
    """Date and page number, so the page reads 济宁日报 2024年3月2日 第1版 (press/_page_name.html).

    Only display fields change: the document is still found by its title and content-hash
    issue, so a re-upload matches it as before.
    """
    number = page_number(document.raw_text)
    label = f"第{number}版" if number else ""
    changed = []
    if day and document.published_on != day:
        document.published_on = day
        changed.append("published_on")
    if label and document.number != label:
        document.number = label
        changed.append("number")
    if changed:
        document.save(update_fields=changed)


def eligible_plans(article: Article, plans: list[Plan]) -> list[Plan]:
    """Plans an article can be evidence for: it names the plan's district, in the plan's year.

    An article of the first quarter of the next year (annual summaries) still counts;
    one about 任城区 or 曲阜 does not count for 兖州区 unless it names 兖州 too.
    """
    found = []
    for plan in plans:
        if plan.district.name not in districts_named(article.words_text, [plan.district.name]):
            continue
        day = article.published_on
        in_year = article.year == plan.year or (
            day is not None and day.year == plan.year + 1 and day.month <= 3
        )
        if in_year:
            found.append(plan)
    return found


def suggest_links(articles: list[Article]) -> int:
    """(Re)compute suggestions; confirmed and rejected links are staff decisions and stay."""
    lexicon.load()
    names = lexicon.ledger_words()
    plans = list(Plan.objects.select_related("district"))
    corpora: dict[int, Corpus] = {}
    made = 0
    for article in articles:
        existing = {link.item_id: link for link in article.links.all()}
        wanted: dict[int, tuple[float, list[str]]] = {}
        for plan in eligible_plans(article, plans):
            if plan.pk not in corpora:
                items = Item.objects.filter(plan=plan, withdrawn_at__isnull=True)
                corpora[plan.pk] = Corpus({i.pk: f"{i.title}\n{i.text}" for i in items}, names)
            for match in corpora[plan.pk].matches(article.words_text):
                wanted[match.key] = (match.score, match.words)
        for item_id, (score, shared) in wanted.items():
            link = existing.pop(item_id, None)
            if link is None:
                ArticleLink.objects.create(article=article, item_id=item_id, score=score, words=shared)
                made += 1
            elif (link.score, link.words) != (score, shared):
                link.score, link.words = score, shared
                link.save(update_fields=["score", "words"])
        for link in existing.values():
            if link.status == ArticleLink.Status.SUGGESTED:
                link.delete()
    return made


def link_decide(*, link: ArticleLink, user, confirm: bool) -> ArticleLink:
    """Staff confirm an article as evidence for an item, or reject the suggestion."""
    link.status = ArticleLink.Status.CONFIRMED if confirm else ArticleLink.Status.REJECTED
    link.decided_by = user
    link.decided_at = timezone.now()
    link.save(update_fields=["status", "decided_by", "decided_at"])
    return link
