"""Tables of items, however they reached us: tab rows, '|' rows, or one cell per line.

A web table copied as text comes as rows joined with ' | ', as one cell per line ending
' |', or as one cell per line with blank lines between; a Word or PDF table as tab rows.
All are read as one stream of cells. The header row is found by its column names
(序号 · 重点工作 · 牵头单位 · 配合单位 · 责任单位 · 责任领导 …), a row starts at the cell
holding the next number, and a row's cells are put in their columns by position when
their count matches the header, otherwise by what each cell looks like (an empty cell
vanishes in flattening, and a cell of three units may come as three lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import marker
from .text import Line, strip_spaces
from .units import looks_like_unit, split_unit_list

NUMBER, TEXT, TITLE, LEAD, HOST, CO, UNITS, OTHER = (
    "number",
    "text",
    "title",
    "lead",
    "host",
    "co",
    "units",
    "other",
)
UNIT_ROLES = (HOST, CO, UNITS)
# Checked in order: the first role whose words a header name contains.
COLUMN_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        OTHER,
        (
            "任务数",
            "时限",
            "时间",
            "进度",
            "备注",
            "类型",
            "要求",
            "地点",
            "金额",
            "投资",
            "责任人",
            "联系人",
            "完成情况",
            "指标值",
            "目标值",
        ),
    ),
    (NUMBER, ("序号", "编号")),
    (LEAD, ("领导",)),
    (HOST, ("牵头单位", "牵头部门", "主办", "主责单位", "牵头责任单位")),
    (CO, ("配合", "协办", "协同", "参与")),
    (UNITS, ("责任单位", "承办单位", "责任部门", "实施单位")),
    (TITLE, ("名称",)),
    (TEXT, ("工作", "任务", "内容", "目标", "实事", "项目", "指标", "事项")),
)


@dataclass
class Cell:
    line: int
    text: str


@dataclass
class Column:
    name: str
    role: str


@dataclass
class Row:
    number: int
    line: int
    cells: list[Cell]
    columns: list[Column]
    heading: str = ""  # the heading row above it (一、… (牵头领导：…))
    values: dict[str, list[str]] = field(default_factory=dict)  # role -> cell texts
    overflow: list[Cell] = field(default_factory=list)
    complete: bool = True


@dataclass
class TableRead:
    rows: list[Row] = field(default_factory=list)
    preamble: list[Cell] = field(default_factory=list)  # cells before the first header
    loose: list[Cell] = field(default_factory=list)
    headings: list[Cell] = field(default_factory=list)


def column_role(name: str) -> str | None:
    compact = strip_spaces(name)
    if not compact or len(compact) > 14:
        return None
    for role, words in COLUMN_WORDS:
        if any(word in compact for word in words):
            return role
    return None


def cells_of(lines: list[Line]) -> list[Cell]:
    """One cell per table cell: '|' and tab rows split, bare '|' lines dropped."""
    cells = []
    for line in lines:
        text = line.text
        if "\t" in text or "|" in text:
            parts = [p.strip() for p in re.split(r"\t|\|", text)]
            cells += [Cell(line.no, p) for p in parts if p]
        else:
            cells.append(Cell(line.no, text))
    return cells


def header_at(cells: list[Cell], index: int) -> list[Column] | None:
    """The columns of a header row starting at ``cells[index]`` (序号 …), if it is one."""
    if column_role(cells[index].text) != NUMBER:
        return None
    columns = [Column(strip_spaces(cells[index].text), NUMBER)]
    names = [c.text for c in cells[index + 1 : index + 14]]
    while names:
        name = names.pop(0)
        role = column_role(name)
        if role is None and names and column_role(name + names[0]) not in (None, NUMBER):
            name = name + names.pop(0)  # a header cell broken over two lines (区本级 / 任务数)
            role = column_role(name)
        if role is None or role == NUMBER:
            break
        columns.append(Column(strip_spaces(name), role))
    roles = {c.role for c in columns}
    if len(columns) < 3 or not (roles & {TEXT, TITLE}):
        return None
    return columns


def has_table(lines: list[Line]) -> bool:
    cells = cells_of(lines)
    return any(header_at(cells, i) for i in range(len(cells)))


def read_table(lines: list[Line]) -> TableRead:
    """Rows of every table in ``lines``; text before the first header is the preamble."""
    cells = cells_of(lines)
    result = TableRead()
    columns: list[Column] | None = None
    row: Row | None = None
    heading, previous, index = "", 0, 0
    while index < len(cells):
        cell = cells[index]
        header = header_at(cells, index)
        if header:
            columns, row, previous = header, None, 0
            index += len(header)
            continue
        number = int(cell.text) if re.fullmatch(r"\d{1,3}", cell.text) else None
        if (
            columns is not None
            and number is not None
            and number == previous + 1
            and (row is None or row.cells)
        ):
            row = Row(number, cell.line, [], columns, heading)
            result.rows.append(row)
            previous = number
        elif _is_heading(cell.text):
            heading, row = cell.text, None
            result.headings.append(cell)
        elif row is not None:
            row.cells.append(cell)
        elif columns is None:
            result.preamble.append(cell)
        else:
            result.loose.append(cell)
        index += 1
    for each in result.rows:
        _fill(each)
    if result.rows:
        last = result.rows[-1]
        last.complete = _ends_whole(last)
    return result


def _is_heading(text: str) -> bool:
    found = marker(text)
    return bool(found and found.kind in ("一、", "（一）") and "。" not in text[:-1])


def _fill(row: Row) -> None:
    columns = [c for c in row.columns if c.role != NUMBER]
    slots: list[list[str]] = [[] for _ in columns]
    if len(row.cells) == len(columns):
        for slot, cell in zip(slots, row.cells, strict=True):
            slot.append(cell.text)
    else:
        current = -1
        for cell in row.cells:
            later = next(
                (j for j in range(current + 1, len(columns)) if _accepts(columns[j].role, cell.text)), None
            )
            absorbs = current >= 0 and _absorbs(columns[current].role, cell.text)
            if later is not None and (not absorbs or columns[later].role in UNIT_ROLES):
                current = later
                slots[current].append(cell.text)
            elif absorbs:
                slots[current].append(cell.text)
            else:
                row.overflow.append(cell)
    for column, slot in zip(columns, slots, strict=True):
        if slot:
            row.values.setdefault(column.role, []).append(
                "、".join(slot) if column.role in UNIT_ROLES else "".join(slot)
            )
    row.values["_filled"] = [c.name for c, s in zip(columns, slots, strict=True) if s]


def unit_cell(text: str) -> bool:
    if "。" in text or len(text) > 300 or re.search(r"\d", text):
        return False
    refs, _ = split_unit_list(text)
    # A list cut off at the end of an excerpt ends in a piece of a name (…区统计局、区).
    whole = refs[:-1] if len(refs) > 1 and len(refs[-1].raw) <= 2 else refs
    return bool(whole) and all(
        looks_like_unit(re.sub(r"[（(][^()（）]*[)）]$", "", ref.raw)) and len(ref.raw) >= 2 for ref in whole
    )


def name_cell(text: str) -> bool:
    return bool(
        re.fullmatch(r"[\u4e00-\u9fff]{2,4}(?:[、，,\s]+[\u4e00-\u9fff]{2,4})*", text)
    ) and not unit_cell(text)


def _accepts(role: str, text: str) -> bool:
    if role in (TEXT, TITLE):
        return True
    if role == LEAD:
        return name_cell(text)
    if role in UNIT_ROLES:
        return unit_cell(text)
    return not unit_cell(text)


def _absorbs(role: str, text: str) -> bool:
    if role in UNIT_ROLES:
        return unit_cell(text)
    return role in (TEXT, TITLE) and not unit_cell(text)


def _ends_whole(row: Row) -> bool:
    """The table's last row is whole when its last column is there and its last unit is a name."""
    columns = [c for c in row.columns if c.role != NUMBER]
    if not columns or columns[-1].name not in row.values.get("_filled", []):
        return False
    unit_texts = [t for role in UNIT_ROLES for t in row.values.get(role, [])]
    if not unit_texts:
        return False
    refs, _ = split_unit_list(unit_texts[-1])
    return bool(refs) and len(refs[-1].raw) >= 3
