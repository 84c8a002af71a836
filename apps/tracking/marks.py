"""Texts cut into runs for templates: an item's text with its targets marked in place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Target


@dataclass(frozen=True)
class Run:
    text: str
    target: Target | None = None


def text_with_targets(text: str, targets: Iterable[Target]) -> list[Run]:
    """The text as runs; each target's source phrase becomes its own marked run."""
    spans: list[tuple[int, int, Target]] = []
    cursor = 0
    for target in sorted(targets, key=lambda t: t.order):
        start = text.find(target.source_text, cursor)
        if start < 0:
            start = text.find(target.source_text)
        if start < 0 or any(s < start + len(target.source_text) and start < e for s, e, _ in spans):
            continue
        spans.append((start, start + len(target.source_text), target))
        cursor = start + len(target.source_text)
    runs: list[Run] = []
    position = 0
    for start, end, target in sorted(spans, key=lambda s: s[0]):
        if start > position:
            runs.append(Run(text[position:start]))
        runs.append(Run(text[start:end], target))
        position = end
    if position < len(text):
        runs.append(Run(text[position:]))
    return runs
