"""Item numbers as a sequence the parser accounts for.

A lost line break glues an item onto the previous one (…各镇街）61.积极承办…), and PDF
extraction may split a number from its dot (61 / .积极承办…). Both are repaired here
before the items are found; numbers still not found are reported by number, with the
line where they may hide, so no item is ever dropped in silence.
"""

from __future__ import annotations

import re

from .text import Line

CLOSING = ")）]】"
OPENING = "(（[【"
# A new item or heading right after a closing bracket: 61. / 61、 / （二） / 三、
GLUED = re.compile(
    r"(?<=[)）\]】])\s*(?=(?:\d{1,3}\s*(?:、|\.(?!\d))|[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)\S)"
)
TRAILER_WORD = re.compile(r"(?:领导|单位|部门|主办|协办)\s*[:：]")


def unglued(lines: list[Line]) -> tuple[list[Line], list[tuple[int, str]]]:
    """Lines with glued items split apart and split numbers joined (same line numbers),
    and a note for each repair."""
    out: list[Line] = []
    notes: list[tuple[int, str]] = []
    for line in lines:
        text = line.text
        if out and re.match(r"^[.．、]\s*[\u4e00-\u9fff“]", text):
            number = re.search(r"(?<![\d.])(\d{1,3})$", out[-1].text)
            if number:
                head = out[-1].text[: number.start()]
                out[-1:] = [Line(out[-1].no, head)] if head else []
                text = number[1] + text
                notes.append(
                    (line.no, f"编号“{number[1]}”与其后的“{text[len(number[1]) :][:1]}”被拆在两行，已接上")
                )
        parts = _split_after_trailers(text)
        if len(parts) > 1:
            notes.append((line.no, f"第 {line.no} 行粘连了 {len(parts)} 项（缺少换行），已拆开"))
        out.extend(Line(line.no, part) for part in parts)
    return [line for line in out if line.text], notes


def _split_after_trailers(text: str) -> list[str]:
    parts, start = [], 0
    for match in GLUED.finditer(text):
        end = match.start()
        opening = max(text.rfind(ch, start, end) for ch in OPENING)
        if opening >= start and TRAILER_WORD.search(text, opening, end):
            parts.append(text[start:end])
            start = match.end()
    parts.append(text[start:])
    return [piece for part in parts for piece in _split_heading(part)]


HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])")
# A heading glued to the item after it: 二、聚力制造强区建设1.壮大优势产业集群…
ITEM_IN_HEADING = re.compile(r"(?<=[\u4e00-\u9fff])(?=\d{1,3}(?:、|\.(?!\d))[\u4e00-\u9fff“])")
# A heading glued to the sentence before it: …通知如下：一、总体要求
HEADING_AFTER_SENTENCE = re.compile(r"(?<=[。：:；;])(?=[一二三四五六七八九十]{1,3}、[^。；;]{2,40}$)")


def _split_heading(text: str) -> list[str]:
    if HEADING_START.match(text):
        match = ITEM_IN_HEADING.search(text)
        if match and "。" not in text[: match.start()] and match.start() <= 60:
            return [text[: match.start()], text[match.start() :]]
        return [text]
    match = HEADING_AFTER_SENTENCE.search(text)
    if match:
        return [text[: match.start()], text[match.start() :]]
    return [text]


def missing_message(missing: list[int], lines: list[Line], *, upto: int) -> str:
    """未找到第 61–62 项的开头；第 372 行可能粘连."""
    span = f"{missing[0]}" if len(missing) == 1 else f"{missing[0]}–{missing[-1]}"
    message = f"未找到第 {span} 项的开头"
    pattern = re.compile(rf"(?<![\d.]){missing[0]}\s*(?:[、.](?!\d))")
    for line in reversed(lines[:upto]):
        found = pattern.search(line.text)
        if found and found.start() > 0:
            return f"{message}；第 {line.no} 行可能粘连"
    return f"{message}，请核对原文"
