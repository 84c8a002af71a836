"""The ledger's own words for jieba: officials, units and their aliases, companies, projects.

One tokenizer (apps.words, which the gazette parser uses too) serves evidence matching
and search, so a word that is one word to the search box (宁德时代, 区发改局, 金大丰) is
one word when articles are scored too.
"""

from __future__ import annotations

import re

from apps import words

from .models import Item, Official, Unit, UnitAlias

# Words too common in these documents to say what a text is about.
STOP = words.GENERIC_WORDS | {
    "我们",
    "他们",
    "一个",
    "进行",
    "通过",
    "目前",
    "今年",
    "去年",
    "以来",
    "同时",
    "其中",
    "相关",
    "积极",
    "不断",
    "有效",
    "进一步",
    "工作者",
    "济宁",
    "济宁市",
    "全市",
    "我市",
    "市委",
    "市政府",
    "区委",
    "区政府",
    "各级",
    "部门",
    "单位",
    "群众",
    "人民",
    "政府",
    "社会",
    "经济",
    "高质量",
    "重要",
    "主要",
    "万元",
    "亿元",
}
_NUMERIC = re.compile(r"^[\d.%％]+$")


def ledger_words() -> set[str]:
    """Names of officials and units (with aliases) and short livelihood project titles: one query."""
    names = (
        Official.objects.order_by()
        .values_list("name")
        .union(
            Unit.objects.exclude(kind=Unit.Kind.GROUP).order_by().values_list("name"),
            UnitAlias.objects.order_by().values_list("name"),
            Item.objects.filter(kind=Item.Kind.LIVELIHOOD).order_by().values_list("title"),
        )
    )
    found = set(words.DOMAIN_WORDS) | {name for (name,) in names if len(name) <= 12}
    return {w for w in found if len(w) >= 2}


def load() -> None:
    """Teach jieba the ledger's words (once per word per process)."""
    words.add_words(ledger_words())


def tokens(text: str, *, search: bool = False) -> list[str]:
    """Content words of a text, in order, for scoring and indexing.

    With ``search``, jieba's search mode also yields the parts of long words, so 托育综合服务中心
    is found by 托育 and 区发展和改革局 by 发展和改革局.
    """
    tokenizer = words.tokenizer()
    return [
        t
        for t in (
            t.strip().lower() for t in (tokenizer.cut_for_search(text) if search else tokenizer.cut(text))
        )
        if len(t) >= 2 and t not in STOP and not _NUMERIC.match(t) and any(ch.isalnum() for ch in t)
    ]
