"""Chronicle entries as evidence for an item: they name its projects or its lead officials.

A suggestion, not a verdict: entries sharing distinctive words with the item (jieba
TF-IDF keywords such as 宁德时代, 钢帘线) rank first; entries that only name one of the
item's lead officials follow. Staff confirmation of evidence comes with newspaper import.

The chronicle is the gazette's: the gazette app registers where a plan's entries come from
(``chronicle_sources``, filled in its AppConfig.ready), so the ledger imports nothing of it.
An entry is anything with ``text``, ``date``, ``order`` and an ``officials`` manager.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from apps import words

from .models import Item, Official, Plan

# Each returns a plan's chronicle entries, in date order (the gazette app registers one).
chronicle_sources: list[Callable[[Plan], Iterable[Any]]] = []


def plan_chronicle(plan: Plan) -> list[Any]:
    """The plan's chronicle entries, from every registered source."""
    return [entry for source in chronicle_sources for entry in source(plan)]


@dataclass
class Evidence:
    entry: Any
    keywords: list[str] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)

    @property
    def score(self) -> int:
        return sum(len(k) for k in self.keywords) * 10 + len(self.officials)


def chronicle_evidence(item: Item, officials: Iterable[Official], entries: Iterable[Any]) -> list[Evidence]:
    keywords = words.keywords(item.text)
    lead_ids = {o.pk for o in officials}
    found = []
    for entry in entries:
        matched = [k for k in keywords if k in entry.text]
        named = [o for o in entry.officials.all() if o.pk in lead_ids]
        if matched or named:
            found.append(Evidence(entry, matched, named))
    found.sort(key=lambda e: (-e.score, e.entry.date, e.entry.order))
    return found
