"""Which ledger items a newspaper article is evidence for: BM25 over jieba tokens.

The items of a plan are the corpus; the article's distinct content words are the query.
A word found in few items (金大丰, 钢帘线) weighs much more than one found in many
(产业, 项目). A suggestion needs a score over ``MIN_SCORE`` *and* at least one shared
word that is distinctive (a known name, or three characters or more) and rare among the
items, so an article sharing only common words with an item never becomes a suggestion.
Staff confirm or reject each one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from apps.tracking.lexicon import tokens

K1, B = 1.5, 0.75
MIN_SCORE = 3.0
RARE_DF = 3  # a word in at most this many items says which items an article is about
TOP = 5

# Districts and counties of 济宁市, with the short forms papers use (兖州, 任城).
JINING_DISTRICTS = {
    "任城区": ("任城区", "任城"),
    "兖州区": ("兖州区", "兖州"),
    "曲阜市": ("曲阜市", "曲阜"),
    "邹城市": ("邹城市", "邹城"),
    "微山县": ("微山县", "微山"),
    "鱼台县": ("鱼台县", "鱼台"),
    "金乡县": ("金乡县", "金乡"),
    "嘉祥县": ("嘉祥县", "嘉祥"),
    "汶上县": ("汶上县", "汶上"),
    "泗水县": ("泗水县", "泗水"),
    "梁山县": ("梁山县", "梁山"),
    "济宁高新区": ("济宁高新区",),
    "太白湖新区": ("太白湖新区", "太白湖"),
    "济宁经开区": ("济宁经济技术开发区", "济宁经开区", "经开区"),
}


def districts_named(text: str, extra: Sequence[str] = ()) -> list[str]:
    """The districts an article names, full or short form (兖州 for 兖州区)."""
    forms = dict(JINING_DISTRICTS)
    for name in extra:
        forms.setdefault(name, (name, name[:-1]) if name[-1:] in "区县市" and len(name) > 2 else (name,))
    return [name for name, spellings in forms.items() if any(s in text for s in spellings)]


@dataclass
class Match:
    key: int
    score: float
    words: list[str]


class Corpus:
    """BM25 index over a fixed set of documents (the items of one plan)."""

    def __init__(self, documents: dict[int, str], names: set[str] = frozenset()) -> None:
        self.names = names
        self.tf = {key: Counter(tokens(text)) for key, text in documents.items()}
        self.length = {key: sum(tf.values()) for key, tf in self.tf.items()}
        self.avg = sum(self.length.values()) / max(len(self.length), 1)
        self.df: Counter[str] = Counter()
        for tf in self.tf.values():
            self.df.update(tf.keys())
        n = len(self.tf)
        self.idf = {t: math.log(1 + (n - df + 0.5) / (df + 0.5)) for t, df in self.df.items()}

    def score(self, query: set[str], key: int) -> tuple[float, list[str]]:
        tf, length = self.tf[key], self.length[key]
        total, shared = 0.0, []
        for term in query:
            f = tf.get(term)
            if not f:
                continue
            shared.append(term)
            total += self.idf[term] * f * (K1 + 1) / (f + K1 * (1 - B + B * length / self.avg))
        shared.sort(key=lambda t: (self.df[t], -len(t)))
        return total, shared

    def distinctive(self, term: str) -> bool:
        return self.df[term] <= RARE_DF and (len(term) >= 3 or term in self.names)

    def matches(self, text: str, *, top: int = TOP, min_score: float = MIN_SCORE) -> list[Match]:
        query = set(tokens(text))
        found = []
        for key in self.tf:
            score, shared = self.score(query, key)
            if score >= min_score and any(self.distinctive(t) for t in shared):
                found.append(Match(key, round(score, 2), shared[:8]))
        found.sort(key=lambda m: -m.score)
        return found[:top]
