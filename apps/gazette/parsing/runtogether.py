"""A table whose cells ran together: text copied from a Word file with no separators at all.

Document-sharing sites give a table as one line per page: "序号项目名称…配合单位1增加教育
资源供给…。何海平教育局经开区各街道2促进就业…". Such a table can still be read: the
header is a run of known column names after 序号; a row starts at the next number that
follows the end of a unit name; inside a row every sentence ending in "。" is text, and
what follows it is the responsible part — a person's name (jieba knows names) and the
unit names one after another, cut where a unit's last word ends (局 / 街道 / 公司 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import UnitRef
from .tables import HOST, LEAD, NUMBER, UNITS, column_role
from .text import Line
from .units import split_unit_list

COLUMN_END = re.compile(
    r".{0,8}?(?:名称|内容|领导|单位|部门|时限|任务|目标|事项|实事|进度|备注|类型|要求|地点|时间|金额|责任人)"
)
UNIT_ENDS = (
    "办公室",
    "委员会",
    "办事处",
    "街道",
    "公司",
    "集团",
    "中心",
    "分局",
    "局",
    "区",
    "园",
    "镇",
    "乡",
    "委",
    "办",
    "院",
    "会",
    "部",
    "队",
    "所",
    "站",
    "社",
    "馆",
    "联",
)
LONGER_ENDS = ("办公室", "委员会", "办事处", "公司", "中心", "分局", "街道", "集团")
PAGE_MARK = re.compile(r"^(\d{1,2})、")


@dataclass
class Part:
    text: str
    leads: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)


@dataclass
class RunRow:
    number: int
    line: int
    parts: list[Part]


def joined_pages(lines: list[Line]) -> str:
    """The pages joined again, without the page counters (1、 2、 3、) the site put before them."""
    text, page = "", 1
    for line in lines:
        mark = PAGE_MARK.match(line.text)
        if mark and int(mark[1]) == page:
            text += line.text[mark.end() :]
            page += 1
        elif page > 1:
            text += line.text
    return text


def header(text: str) -> tuple[int, int, list[str]] | None:
    """(start, end, column roles) of a run of column names after 序号."""
    start = text.find("序号")
    if start < 0:
        return None
    roles, position = [NUMBER], start + 2
    while (match := COLUMN_END.match(text, position)) and column_role(match[0]):
        roles.append(column_role(match[0]))
        position = match.end()
    return (start, position, roles) if len(roles) >= 4 and {HOST, UNITS} & set(roles) else None


def rows(text: str, roles: list[str]) -> list[RunRow]:
    """The rows of the table body, each cut into its text and responsible parts."""
    found, expected = [], 1
    starts = []
    for match in re.finditer(r"(?<![\d.])(\d{1,3})(?=[\u4e00-\u9fff])", text):
        before = text[: match.start()]
        if int(match[1]) == expected and (expected == 1 or before.endswith((*UNIT_ENDS, ")", "）"))):
            starts.append((expected, match.start(), match.end()))
            expected += 1
    for index, (number, _, body_start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        found.append(RunRow(number, 0, _parts(text[body_start:end], with_lead=LEAD in roles)))
    return found


def _parts(body: str, *, with_lead: bool) -> list[Part]:
    parts, rest = [], body
    while rest:
        stop = rest.find("。")
        if stop < 0:
            parts.append(Part(rest))
            break
        part, rest = Part(rest[: stop + 1]), rest[stop + 1 :]
        rest = _responsible(part, rest, with_lead=with_lead)
        parts.append(part)
    return parts


def _responsible(part: Part, rest: str, *, with_lead: bool) -> str:
    """Read the name and units that follow a sentence; returns what is left of the row."""
    from apps.words import cut_with_flags

    tokens = cut_with_flags(rest[:60])
    named = with_lead and bool(tokens) and tokens[0][1] == "nr"
    if named:
        part.leads.append(tokens[0][0])
        rest = rest[len(tokens[0][0]) :]
    start = rest
    while rest:
        end = _unit_end(rest)
        if end is None:
            break
        first_word = cut_with_flags(rest[:end])[0]
        if first_word[1].startswith("v") and len(first_word[0]) >= 2:
            break  # a sentence (推进…), not a unit
        part.units.append(rest[:end])
        rest = rest[end:]
    if with_lead and not named and rest:
        part.units = []  # no name before them and a sentence after: words of the text, not units
        return start
    return rest


def _unit_end(text: str) -> int | None:
    """Where the first unit name of ``text`` ends (after its bracketed part, if any)."""
    depth, before_bracket = 0, ""
    for k, ch in enumerate(text):
        if ch in "（(":
            depth, before_bracket = depth + 1, before_bracket or text[:k]
            continue
        if ch in ")）" and depth:
            depth -= 1
            if not depth and before_bracket.endswith(UNIT_ENDS):
                return k + 1
            continue
        if depth:
            continue
        if ch in "，,。；;、" or not re.match(r"[\u4e00-\u9fff]", ch):
            return None
        head = text[: k + 1]
        if k >= 2 and head.endswith(UNIT_ENDS) and text[k + 1 : k + 2] not in ("（", "("):
            longer = any(text[k - 1 :].startswith(e) or text[k:].startswith(e) for e in LONGER_ENDS)
            if not longer or head.endswith(LONGER_ENDS):
                return k + 1
    return None


def read(lines: list[Line]) -> tuple[list[RunRow], list[str]] | None:
    """(rows, column roles) of a run-together table, or None when ``lines`` hold none."""
    text = joined_pages(lines) or "".join(line.text for line in lines)
    found = header(text)
    if found is None:
        return None
    _, end, roles = found
    body = text[end:]
    while (again := header(body)) is not None:
        body = body[: again[0]] + body[again[1] :]  # the header repeated on a new page
    read_rows = [r for r in rows(body, roles) if any(p.units for p in r.parts)]
    return (read_rows, roles) if read_rows else None


def row_units(row: RunRow, roles: list[str]) -> list[UnitRef]:
    """Each part's first unit hosts when the table has a host column; the others are co-units."""
    units: list[UnitRef] = []
    for part in row.parts:
        for index, name in enumerate(part.units):
            refs, _ = split_unit_list(name)
            for ref in refs:
                ref.role = ("host" if index == 0 else "co") if HOST in roles else ""
                if ref.name not in {u.name for u in units}:
                    units.append(ref)
    return units
