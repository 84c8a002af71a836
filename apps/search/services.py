"""Keeping the search rows in step with the ledger.

Writers call the narrow functions (an edited item, a saved report, an imported page);
``rebuild`` redoes everything and runs after a gazette import and from the
``rebuild_search_index`` command. Rows are replaced, never patched: a row is cheap.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from apps.tracking import lexicon
from apps.tracking.models import Item, Official, Unit

from .models import SearchEntry

Kind = SearchEntry.Kind


def _tokens(*parts: str) -> str:
    words = lexicon.tokens(" ".join(p for p in parts if p), search=True)
    # Leading and trailing spaces let the SQLite fallback match whole words with LIKE '% w %'.
    return f" {' '.join(words)} "


def _replace(kind: str, rows: list[SearchEntry], ids: Iterable[int]) -> int:
    with transaction.atomic():
        SearchEntry.objects.filter(kind=kind, object_id__in=list(ids)).delete()
        SearchEntry.objects.bulk_create(rows)
    return len(rows)


def index_items(items: Iterable[Item]) -> int:
    lexicon.load()
    items = list(
        Item.objects.filter(pk__in=[i.pk for i in items]).prefetch_related(
            "official_links__official", "unit_links__unit__aliases", "targets"
        )
    )
    rows = []
    for item in items:
        officials = [link.official.name for link in item.official_links.all()]
        units = [link.unit for link in item.unit_links.all()]
        names = [u.name for u in units] + [a.name for u in units for a in u.aliases.all()]
        rows.append(
            SearchEntry(
                kind=Kind.ITEM,
                object_id=item.pk,
                plan_id=item.plan_id,
                item=item,
                title=f"{item.get_kind_display()} {item.number} · {item.title}"[:200],
                text=item.text,
                tokens=_tokens(
                    item.title, item.text, *officials, *names, *(t.label for t in item.targets.all())
                ),
            )
        )
    return _replace(Kind.ITEM, rows, [i.pk for i in items])


def index_units(units: Iterable[Unit]) -> int:
    lexicon.load()
    units = list(Unit.objects.filter(pk__in=[u.pk for u in units]).prefetch_related("aliases"))
    rows = [
        SearchEntry(
            kind=Kind.UNIT,
            object_id=unit.pk,
            title=unit.name,
            text="别名：" + "、".join(a.name for a in unit.aliases.all()) if unit.aliases.all() else "",
            tokens=_tokens(unit.name, *(a.name for a in unit.aliases.all())),
        )
        for unit in units
    ]
    return _replace(Kind.UNIT, rows, [u.pk for u in units])


def index_officials(officials: Iterable[Official]) -> int:
    lexicon.load()
    officials = list(
        Official.objects.filter(pk__in=[o.pk for o in officials]).prefetch_related("assignments")
    )
    rows = []
    for official in officials:
        duties = " ".join(a.duties for a in official.assignments.all())
        rows.append(
            SearchEntry(
                kind=Kind.OFFICIAL,
                object_id=official.pk,
                title=f"{official.name} {official.position}".strip()[:200],
                text=duties,
                tokens=_tokens(official.name, official.position, duties),
            )
        )
    return _replace(Kind.OFFICIAL, rows, [o.pk for o in officials])


def index_reports(reports: Iterable) -> int:
    from apps.supervision.models import ProgressReport

    lexicon.load()
    reports = list(
        ProgressReport.objects.filter(pk__in=[r.pk for r in reports]).select_related("item", "unit")
    )
    rows = [
        SearchEntry(
            kind=Kind.REPORT,
            object_id=report.pk,
            plan_id=report.item.plan_id,
            item_id=report.item_id,
            title=f"{report.item.get_kind_display()} {report.item.number} · {report.period_start:%Y-%m-%d} 周进展",
            text="\n".join(p for p in (report.progress, report.problems, report.next_steps) if p),
            tokens=_tokens(report.progress, report.problems, report.next_steps, report.unit.name),
        )
        for report in reports
    ]
    return _replace(Kind.REPORT, rows, [r.pk for r in reports])


def index_articles(articles: Iterable) -> int:
    from apps.press.models import Article

    lexicon.load()
    articles = list(Article.objects.filter(pk__in=[a.pk for a in articles]))
    rows = [
        SearchEntry(
            kind=Kind.ARTICLE,
            object_id=article.pk,
            title=article.display_title[:200],
            text=article.body,
            tokens=_tokens(article.title, article.body),
        )
        for article in articles
    ]
    return _replace(Kind.ARTICLE, rows, [a.pk for a in articles])


def forget_reports(pks: list[int]) -> None:
    SearchEntry.objects.filter(kind=Kind.REPORT, object_id__in=pks).delete()


def forget_unit(pk: int) -> None:
    SearchEntry.objects.filter(kind=Kind.UNIT, object_id=pk).delete()


def rebuild() -> int:
    """Everything, from scratch: after a gazette import, and on demand."""
    from apps.press.models import Article
    from apps.supervision.models import ProgressReport

    SearchEntry.objects.all().delete()
    return (
        index_items(Item.objects.all())
        + index_units(Unit.objects.exclude(kind=Unit.Kind.GROUP))
        + index_officials(Official.objects.all())
        + index_reports(ProgressReport.objects.all())
        + index_articles(Article.objects.all())
    )
