"""The chronicle (大事记): dated entries, the people they name, and their positions."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from .context import ParseContext
from .masthead import NAME
from .model import (
    BreakdownNotice,
    ChronicleEntry,
    DivisionOfLabour,
)
from .text import (
    Line,
    ends_sentence,
    join_paragraphs,
    join_two,
    strip_spaces,
)

CHRONICLE_ENTRY = re.compile(r"^(?P<day>\d{1,2})(?:[-—–－](?P<end>\d{1,2}))?日\s*")
MONTH = re.compile(r"^(\d{4})年(\d{1,2})月$")


def read_chronicle(lines: list[Line], known: list[str], ctx: ParseContext) -> list[ChronicleEntry]:
    entries: list[ChronicleEntry] = []
    year = month = None
    current: ChronicleEntry | None = None
    last_day = 0

    def starts_new(text: str) -> bool:
        return bool(MONTH.match(text) or CHRONICLE_ENTRY.match(text) or text.startswith("△"))

    for para in join_paragraphs(lines[1:], starts_new):
        text = para.text
        month_match = MONTH.match(text)
        if month_match:
            year, month, last_day = int(month_match[1]), int(month_match[2]), 0
            continue
        if year is None:
            continue
        entry = CHRONICLE_ENTRY.match(text)
        if entry and int(entry["day"]) >= last_day:
            day = int(entry["day"])
            end = int(entry["end"]) if entry["end"] else None
            current = ChronicleEntry(
                date=dt.date(year, month, day),
                end_date=dt.date(year, month, end) if end else None,
                text=text[entry.end() :].strip(),
                names=[],
                line=para.no,
            )
            last_day = day
            entries.append(current)
        elif text.startswith("△") and current is not None:
            current = ChronicleEntry(
                date=current.date, end_date=current.end_date, text=text[1:].strip(), names=[], line=para.no
            )
            entries.append(current)
        elif current is not None:
            current.text = join_two(current.text, text)
            ctx.warn(para.no, "大事记：此行不是新条目，已并入上一条", text[:40])
    for entry in entries:
        if not ends_sentence(entry.text):
            entry.text += "。"
        entry.names = sorted((name for name in known if name in entry.text), key=entry.text.index)
    _similar_names(known, ctx)
    return entries


def _similar_names(names: list[str], ctx: ParseContext) -> None:
    """Two names one character apart (戴宪亭 / 戴宪亨) are likely one person mis-typed."""
    for i, left in enumerate(names):
        for right in names[i + 1 :]:
            if len(left) == len(right) == 3 and left[:2] == right[:2]:
                ctx.warn(0, f"大事记中“{left}”与“{right}”仅差一字，可能是同一人，请核对")


def known_names(
    breakdown: BreakdownNotice, division: DivisionOfLabour | None, chronicle: list[Line]
) -> list[str]:
    """People the chronicle may name: the leaders, the lead officials, and every 区领导 listed."""
    names: list[str] = []
    if division:
        names += [leader.name for leader in division.leaders]
    for task in breakdown.tasks:
        names += task.lead_officials
    text = "".join(line.text for line in chronicle)
    for match in re.finditer(r"区领导([^。]+?)(?:等)?(?:出席|参加|陪同|列席)", text):
        for piece in re.split(r"[、，]", match[1]):
            piece = re.sub(r"[（(]挂职[)）]", "", piece)
            if re.fullmatch(NAME, piece) and not re.search(r"(常委|书记|区长|主席|主任)$", piece):
                names.append(piece)
    for match in re.finditer(rf"区委(?:副)?书记(?:、区长)?({NAME}?)(?=[，。、出主先参赴代在])", text):
        names.append(match[1])
    return list(dict.fromkeys(names))


TITLE_END = re.compile(r"(书记|区长|主席|主任|局长|部长|常委|县长|市长)$")


def positions_of(lines: list[Line], known: list[str], division: DivisionOfLabour | None) -> dict[str, str]:
    """Each known person's position, from the titles the text puts before the name."""
    text = "".join(strip_spaces(line.text) for line in lines)
    others = "|".join(re.escape(n) for n in sorted(known, key=len, reverse=True))
    seen: dict[str, Counter[str]] = {name: Counter() for name in known}
    for name in known:
        for match in re.finditer(re.escape(name), text):
            before = text[max(0, match.start() - 30) : match.start()]
            cut = max(before.rfind(ch) for ch in "。，；：“”△ ")
            before = before[cut + 1 :]
            if others:
                pieces = re.split(others, before)
                before = pieces[-1]
            before = re.sub(r"^.*区领导", "", before).strip("、")
            if TITLE_END.search(before) and len(before) <= 24:
                seen[name][before] += 1
    positions = {}
    for name, counter in seen.items():
        if counter:
            positions[name] = max(counter, key=lambda t: (counter[t], len(t)))
    if division:
        for leader in division.leaders:
            if leader.name not in positions:
                positions[leader.name] = "区长" if leader.presides else "副区长"
    for name in known:
        if re.search(rf"{re.escape(name)}[（(]挂职[)）]", text) and not positions.get(name, "").endswith(
            "（挂职）"
        ):
            positions[name] = positions.get(name, "区领导") + "（挂职）"
    return positions
