"""Numbered items of a notice, whatever its numbering style and depth.

Notices number their parts 一、 / （一） / 1. or 1、 / （1） / ① and nest them two or
three deep, and districts differ in which level holds the items. The item level is
found, not assumed: it is the numbering whose blocks each carry one trailer naming
officials or units (牵头领导：… 承办单位：…). Numbering met between items (after a
trailer, before the next item) are headings: the innermost heading level whose numbers
do not restart gives the chapters, levels inside it are sections, levels outside it are
structure (二、重点任务分工). Numbering inside an item before its trailer is a sub-point
and stays in the item's text.

Two layouts name no labels. A prose trailer closes an item — （A、B牵头，C及D按职责分工负责）
— and counts as its trailer. A chapter heading may name the unit that leads every item
under it (一、县发改局牵头工作（8项）): the numbering under such headings holds the items.

Every line ends up in an item, a heading, the preamble, or the list of loose lines the
caller reports, so nothing is dropped without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import sequence
from .text import Line, chinese_numeral, ends_sentence, join_two
from .units import GROUP_NAME, looks_like_unit, split_unit_list

CN_DIGITS = "一二三四五六七八九十"
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("一、", re.compile(rf"^([{CN_DIGITS}]{{1,3}})\s*[、.]\s*")),
    ("（一）", re.compile(rf"^[（(]\s*([{CN_DIGITS}]{{1,3}})\s*[)）]\s*")),
    # 1. / 1、 — not 1.5万亩 or 10.5%, which a line broken anywhere may start with.
    ("1.", re.compile(r"^(\d{1,3})\s*(?:、|\.(?!\d))\s*")),
    ("（1）", re.compile(r"^[（(]\s*(\d{1,3})\s*[)）]\s*")),
    ("①", re.compile(r"^([\u2460-\u2473])\s*")),
)

LEAD_LABELS = (
    "牵头领导",
    "牵头负责领导",
    "牵头责任领导",
    "责任领导",
    "分管领导",
    "联系领导",
    "包抓领导",
    "牵头区领导",
    "责任区领导",
    "分管区领导",
    "牵头县领导",
    "责任县领导",
    "牵头市领导",
    "责任市领导",
    "分管市领导",
    "牵头省领导",
    "分管省领导",
    "责任省领导",
)
HOST_LABELS = ("牵头单位", "牵头责任单位", "牵头部门", "主办单位", "主责单位", "主办")
CO_LABELS = (
    "配合单位",
    "协同责任单位",
    "共同责任单位",
    "协办单位",
    "参与单位",
    "配合部门",
    "协同单位",
    "协办",
)
MIXED_LABELS = ("承办单位", "责任单位", "部门分工", "责任分工")
ALL_LABELS = LEAD_LABELS + HOST_LABELS + CO_LABELS + MIXED_LABELS
LABEL = re.compile(r"(?P<label>" + "|".join(sorted(ALL_LABELS, key=len, reverse=True)) + r")\s*[:：]")
SAME_TRAILER = 400  # labels this close, with no bracket closed between them, are one trailer

# A trailer in prose at the very end of an item: （A、B牵头，C及D按职责分工负责） or （A牵头）.
_UNITS = r"(?:[^()（）:：。]|[（(][^()（）:：。]*[)）])"
CO_VERBS = r"按职责分工负责|按职责分工落实|按职责负责|分工负责|共同负责|配合|参与|协助|负责"
PROSE_BODY = re.compile(
    rf"(?:由)?(?P<hosts>{_UNITS}{{2,200}}?)(?:分别)?牵头"
    rf"(?:[，,；;](?P<co>{_UNITS}{{2,300}}?)(?:{CO_VERBS}))?"
)
PROSE_TRAILER = re.compile(rf"[（(](?P<body>{PROSE_BODY.pattern})[)）][。．.；;]?\s*$")
# A chapter heading naming who leads its items: 一、县示范区管委会牵头工作 / 张三县长牵头重点工作.
LEADER_IN_HEADING = re.compile(
    r"^(?:由)?(?P<who>[^，,。；;：:（(]{2,40}?)牵头(?:的)?(?:重点)?(?:工作|任务|事项)"
)
UNIT_LEVEL = re.compile(r"^(?:[省市区县镇乡]|团[区县市])")
PERSON_TITLE = re.compile(r"(?:长|常委|委员|书记|主任|同志|领导)$")


def prose_trailer(text: str) -> re.Match[str] | None:
    """The prose trailer ending ``text``, when what it names before 牵头 (and after) are units."""
    match = PROSE_TRAILER.search(text)
    if match and _all_units(match["hosts"]) and (match["co"] is None or _all_units(match["co"])):
        return match
    return None


def heading_hosts(title: str) -> list[str]:
    """The units a chapter heading names as leading its items; [] when it names people.

    A person's name may end like a unit (张建会), so a short name counts as a unit only
    with a level in front (县文旅局) or as a group (各乡镇).
    """
    match = LEADER_IN_HEADING.match(title.strip())
    if not match or not _all_units(match["who"]):
        return []
    names = [ref.raw for ref in split_unit_list(match["who"])[0]]
    if not all(len(n) >= 5 or UNIT_LEVEL.match(n) or GROUP_NAME.match(n) for n in names):
        return []
    return names


def _all_units(text: str) -> bool:
    refs, _ = split_unit_list(text)
    return bool(refs) and all(
        looks_like_unit(re.sub(r"[（(][^()（）]*[)）]$", "", ref.raw)) and not PERSON_TITLE.search(ref.raw)
        for ref in refs
    )


@dataclass(frozen=True)
class Marker:
    kind: str  # one of the MARKERS keys, e.g. "1." (also covers 1、)
    number: int
    rest: str  # the line after the marker


def marker(text: str) -> Marker | None:
    for kind, pattern in MARKERS:
        match = pattern.match(text)
        if match:
            raw = match[1]
            if kind == "①":
                number = ord(raw) - 0x2460 + 1
            elif raw.isdigit():
                number = int(raw)
            else:
                try:
                    number = chinese_numeral(raw)
                except (KeyError, ValueError):
                    return None
            return Marker(kind, number, text[match.end() :])
    return None


@dataclass
class Heading:
    kind: str
    number: int
    title: str
    line: int


@dataclass
class Block:
    """One numbered item: its lines (marker line first) and the headings above it."""

    number: int  # as printed
    lines: list[Line]
    headings: list[Heading]  # outermost first


@dataclass
class Layout:
    item_kind: str | None
    heading_kinds: list[str]  # outermost first
    preamble: list[Line] = field(default_factory=list)  # before the first item or heading
    blocks: list[Block] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    loose: list[Line] = field(default_factory=list)  # between items, in no item
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message): items perhaps lost
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line, message): items recovered


def label_starts(text: str, starts: tuple[str, ...]) -> int:
    """How many trailers ``text`` holds: runs of labels, each run counted once.

    A label continues the trailer of the label before it when the text between them
    closes no bracket it did not open (牵头单位：县发改局(粮食局)；责任单位：…), and is
    not far off; after a closed bracket a label opens a new trailer (a glued next item).
    """
    count, last_end = 0, None
    if starts and prose_trailer(text):
        count += 1
    for match in LABEL.finditer(text):
        if match["label"] not in starts:
            continue
        if last_end is None or not _same_trailer(text[last_end : match.start()]):
            count += 1
        last_end = match.end()
    return count


def _same_trailer(gap: str) -> bool:
    depth = 0
    for ch in gap:
        if ch in "（([【":
            depth += 1
        elif ch in ")）]】":
            depth -= 1
            if depth < 0:
                return False
    return len(gap) <= SAME_TRAILER


def trailer_starts(lines: list[Line]) -> tuple[str, ...]:
    """The labels that may open a trailer here: all of them, once the text holds any trailer."""
    if any(LABEL.search(line.text) or prose_trailer(line.text) for line in lines):
        return ALL_LABELS
    return ()


def layout(lines: list[Line]) -> Layout:
    """Split ``lines`` into preamble, headings, item blocks and loose lines."""
    lines, repairs = sequence.unglued(lines)
    raw = [marker(line.text) for line in lines]
    marks = _sequenced(raw)
    starts = trailer_starts(lines)
    kinds = list(dict.fromkeys(m.kind for m in marks if m))
    item_kind = (
        _item_kind(lines, marks, kinds, starts)
        if starts
        else _under_host_headings(marks) or _most_numbered(marks, kinds)
    )
    if item_kind is None:
        return Layout(None, [], preamble=list(lines), notes=repairs)
    inside = _inside_items(lines, marks, item_kind, starts)
    heading_kinds = [
        k
        for k in kinds
        if k != item_kind
        and sum(1 for i, m in enumerate(marks) if m and m.kind == k and not inside[i])
        > sum(1 for i, m in enumerate(marks) if m and m.kind == k and inside[i])
    ]
    result = Layout(item_kind, heading_kinds, notes=repairs)
    current: dict[str, Heading] = {}
    block: Block | None = None
    last_heading: Heading | None = None
    for index, line in enumerate(lines):
        mark = marks[index]
        item = _item_start(lines, raw, index, result, block, starts)
        if item is not None:
            block = Block(item.number, [line], [current[k] for k in heading_kinds if k in current])
            result.blocks.append(block)
            last_heading = None
        elif mark and mark.kind in heading_kinds and not inside[index]:
            heading = Heading(mark.kind, mark.number, mark.rest, line.no)
            level = heading_kinds.index(mark.kind)
            for inner in heading_kinds[level:]:
                current.pop(inner, None)
            current[mark.kind] = heading
            result.headings.append(heading)
            block, last_heading = None, heading
        elif block is not None and _own_item(block, line, starts):
            block = Block(block.number + 1, [line], block.headings)
            result.blocks.append(block)
            result.notes.append(
                (line.no, f"此行没有编号，但有自己的牵头/责任单位，按第 {block.number} 项处理")
            )
        elif block is not None:
            block.lines.append(line)
        elif last_heading is not None and _continues_heading(last_heading.title, line.text):
            last_heading.title = join_two(last_heading.title, line.text)
        elif not result.blocks:
            result.preamble.append(line)  # also text under a heading before the first item (总体要求)
        else:
            result.loose.append(line)
    return result


def _item_start(
    lines: list[Line], raw: list[Marker | None], index: int, result: Layout, block: Block | None, starts
) -> Marker | None:
    """The marker at ``index`` if it opens the next item; a number out of sequence is reported.

    The next number, or 1 when numbering starts over, always opens an item. Another number
    opens one only where the item before has its trailer and this one has its own: then a
    lost or glued line, not a sentence broken before a "3、", is the likelier cause, and
    the numbers not found are reported one by one instead of dropping every later item.
    """
    mark = raw[index]
    if mark is None or mark.kind != result.item_kind:
        return None
    previous = result.blocks[-1].number if result.blocks else 0
    if mark.number in (previous + 1, 1):
        return mark
    closed = block is None or any(label_starts(line.text, starts) for line in block.lines)
    if not starts or not closed or not _region_has_trailer(lines, raw, index, mark.kind, starts):
        return None
    line = lines[index].no
    if previous < mark.number <= previous + 10:
        missing = list(range(previous + 1, mark.number))
        result.errors.append((line, sequence.missing_message(missing, lines, upto=index)))
        return mark
    if mark.number <= previous:
        what = "重复" if any(b.number == mark.number for b in result.blocks) else "顺序错乱"
        result.errors.append((line, f"编号 {mark.number} {what}（前一项为 {previous}），请核对原文"))
        return mark
    return None


def _region_has_trailer(lines: list[Line], raw: list[Marker | None], index: int, kind: str, starts) -> bool:
    for offset in range(index, len(lines)):
        if offset > index and raw[offset] and raw[offset].kind == kind:
            return False
        if label_starts(lines[offset].text, starts):
            return True
    return False


def _own_item(block: Block, line: Line, starts: tuple[str, ...]) -> bool:
    """A line without a number, after an item's trailer, that carries a trailer of its own."""
    if not starts or not any(label_starts(ln.text, starts) for ln in block.lines):
        return False
    match = LABEL.search(line.text)
    return bool(match and match["label"] in starts and _starts_own_trailer(line.text))


def _sequenced(marks: list[Marker | None]) -> list[Marker | None]:
    """Keep a marker only where its number follows the last of its kind or starts over at 1.

    A line broken anywhere may begin with "3、" or "（二）" from the middle of a sentence;
    such a number rarely continues the sequence of its kind.
    """
    last: dict[str, int] = {}
    kept: list[Marker | None] = []
    for mark in marks:
        # A skip of one (a lost line) is kept here; layout() reports it by number.
        if mark and (mark.number == 1 or (mark.kind in last and 0 < mark.number - last[mark.kind] <= 2)):
            last[mark.kind] = mark.number
            kept.append(mark)
        else:
            kept.append(None)
    return kept


def _item_kind(
    lines: list[Line], marks: list[Marker | None], kinds: list[str], starts: tuple[str, ...]
) -> str | None:
    """The numbering whose blocks hold exactly one trailer each, best.

    A trailer on label lines (牵头单位：… / 责任单位：…) counts once; a line after a trailer
    that carries its own (an item whose number was lost) counts as an item of its own; the
    last block may be cut off by the end of an excerpt and is not held against its kind.
    """
    best, best_score = None, (0, 0, 0)
    hosted = _hosted(marks)
    for kind in kinds:
        counts: list[int] = []
        given: list[bool] = []  # blocks whose heading names their lead unit
        unnumbered = 0  # items this numbering leaves without a number of their own
        previous_label_line = False
        for index, line in enumerate(lines):
            mark = marks[index]
            if mark and mark.kind == kind:
                counts.append(0)
                given.append(hosted[index])
            label_line = bool(LABEL.match(line.text))
            if counts:
                found = label_starts(line.text, starts)
                if counts[-1] and found and marker(line.text) is None and _starts_own_trailer(line.text):
                    counts.append(0)
                    given.append(False)
                    unnumbered += 1
                if not (label_line and previous_label_line):
                    counts[-1] += found
            previous_label_line = label_line
        counts = [1 if c == 0 and g else c for c, g in zip(counts, given, strict=True)]
        judged = counts[:-1] if counts and counts[-1] == 0 else counts
        ones = sum(1 for c in judged if c == 1)
        score = ones - sum(1 for c in judged if c == 0) - sum(c - 1 for c in judged if c > 1)
        if score > 0 and (score, -unnumbered, len(counts)) > best_score:
            best, best_score = kind, (score, -unnumbered, len(counts))
    return best


def _starts_own_trailer(text: str) -> bool:
    match = LABEL.search(text)
    return bool(match and match.start() >= 8 and text[match.start() - 1] in "（([【")


def _hosted(marks: list[Marker | None]) -> list[bool]:
    """For each line: is it under a heading that names the unit leading its items?"""
    flags, host_kind = [], None
    for mark in marks:
        flags.append(host_kind is not None)
        if mark and heading_hosts(mark.rest):
            host_kind = mark.kind
        elif mark and mark.kind == host_kind:
            host_kind = None
    return flags


def _under_host_headings(marks: list[Marker | None]) -> str | None:
    """The numbering under the first heading that names the unit leading its items."""
    for index, mark in enumerate(marks):
        if mark and heading_hosts(mark.rest):
            return next((m.kind for m in marks[index + 1 :] if m and m.kind != mark.kind), None)
    return None


def _most_numbered(marks: list[Marker | None], kinds: list[str]) -> str | None:
    """Without trailers (a project list naming no units) the most used numbering holds the items."""
    counts = {k: sum(1 for m in marks if m and m.kind == k) for k in kinds}
    return max(counts, key=counts.get) if counts else None


def _inside_items(
    lines: list[Line], marks: list[Marker | None], item_kind: str, starts: tuple[str, ...]
) -> list[bool]:
    """For each line: is it inside an item that has not yet reached its trailer?

    An item whose heading names its lead unit needs no trailer of its own.
    """
    inside, open_item = [], False
    hosted = _hosted(marks)
    for index, line in enumerate(lines):
        mark = marks[index]
        if mark and mark.kind == item_kind:
            open_item = True
        inside.append(open_item and not (mark and mark.kind == item_kind))
        if open_item and (not starts or hosted[index] or label_starts(line.text, starts)):
            open_item = False
    return inside


def _continues_heading(title: str, text: str) -> bool:
    """A heading broken over two lines: neither part is a sentence and together they are short."""
    # Only a long heading reaches the end of a printed line; its remainder is short.
    return (
        not ends_sentence(title)
        and len(title) >= 16
        and len(text) <= 30
        and "。" not in text
        and not text.endswith(("：", ":"))
    )
