"""Finding a task's source passage in the adopted work report, and what differs.

The breakdown notice copies the report paragraph by paragraph, splitting some
paragraphs into several tasks and dropping the paragraph's lead phrase. Each task is
matched to the report paragraph that shares most of its 4-character shingles; the
passage is the stretch of that paragraph the task covers; the differences are the
character-level edits between the two (whitespace ignored).
"""

from __future__ import annotations

from difflib import SequenceMatcher

from apps.tracking.alignment import merged_edits

from .model import Difference
from .text import strip_spaces

SHINGLE = 4
CONTEXT = 8
MIN_BLOCK = 4  # shorter common runs are chance, not the same sentence


def shingles(text: str) -> set[str]:
    return {text[i : i + SHINGLE] for i in range(max(len(text) - SHINGLE + 1, 1))}


def best_paragraph(text: str, candidates: list[str]) -> tuple[int, float]:
    """Index of the candidate sharing most shingles with ``text``, and that share (0–1)."""
    mine = shingles(strip_spaces(text))
    best, best_score = -1, 0.0
    for index, candidate in enumerate(candidates):
        score = len(mine & shingles(strip_spaces(candidate))) / max(len(mine), 1)
        if score > best_score:
            best, best_score = index, score
    return best, best_score


def passage(notice_text: str, paragraph: str) -> str:
    """The part of ``paragraph`` that ``notice_text`` corresponds to (both without spaces)."""
    notice, report = strip_spaces(notice_text), strip_spaces(paragraph)
    blocks = [
        b
        for b in SequenceMatcher(None, report, notice, autojunk=False).get_matching_blocks()
        if b.size >= MIN_BLOCK
    ]
    if not blocks:
        return ""
    start, end = blocks[0].a, blocks[-1].a + blocks[-1].size
    # Widen to the notice's ends when the first/last block does not start/end it:
    # what lies between is a difference, not outside the passage.
    start = max(0, start - blocks[0].b)
    end = min(len(report), end + (len(notice) - blocks[-1].b - blocks[-1].size))
    return report[start:end]


def differences(report_text: str, notice_text: str) -> list[Difference]:
    """Every place where the notice's wording departs from the report's."""
    report, notice = strip_spaces(report_text), strip_spaces(notice_text)
    matcher = SequenceMatcher(None, report, notice, autojunk=False)
    found = []
    for tag, a1, a2, b1, b2 in merged_edits(matcher.get_opcodes()):
        if tag == "equal":
            continue
        found.append(
            Difference(
                report=report[a1:a2],
                notice=notice[b1:b2],
                report_context=report[max(0, a1 - CONTEXT) : a2 + CONTEXT],
                notice_context=notice[max(0, b1 - CONTEXT) : b2 + CONTEXT],
                position=b1,
            )
        )
    return found
