"""Tables of items, however they reached us: tab rows, '|' rows, or one cell per line.

A web table copied as text comes as rows joined with ' | ', as one cell per line ending
' |', or as one cell per line with blank lines between; a Word or PDF table as tab rows.
All are read as one stream of cells. The header row is found by its column names
(序号 · 重点工作 · 牵头单位 · 配合单位 · 责任单位 · 责任领导 …), a row starts at the cell
holding the next number, and a row's cells are put in their columns by position when
their count matches the header, otherwise by what each cell looks like (an empty cell
vanishes in flattening, and a cell of three units may come as three lines).

A header row that is one tab or '|' line (a spreadsheet's, a Word or PDF table's) is read
whole: a column whose name no COLUMN_WORDS match is kept as "other" (its cells ignored)
and marked unknown, so the preview can ask what it holds. The administrator's answer is
a column map (header name → role, or "ignore") set with ``column_map`` around the parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from .blocks import marker
from .text import Line, strip_spaces
from .units import looks_like_unit, split_unit_list

NUMBER, TEXT, TITLE, LEAD, HOST, CO, UNITS, DEADLINE, OTHER = (
    "number",
    "text",
    "title",
    "lead",
    "host",
    "co",
    "units",
    "deadline",
    "other",
)
UNIT_ROLES = (HOST, CO, UNITS)
IGNORE = "ignore"  # a column map's answer for a column to leave out
ROLES = (NUMBER, TEXT, TITLE, LEAD, HOST, CO, UNITS, DEADLINE, OTHER)
_COLUMN_MAP: ContextVar[dict[str, str]] = ContextVar("column_map", default={})  # noqa: B039 (never mutated)
# Checked in order: the first role whose words a header name contains.
COLUMN_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (DEADLINE, ("时限", "完成时间", "完成期限", "截止时间")),
    # "任务和要求" is the task's own column; "要求" alone is another column.
    (
        TEXT,
        ("任务和要求", "任务及要求", "任务与要求", "内容和要求", "内容及要求", "目标和要求", "目标及要求"),
    ),
    (
        OTHER,
        (
            "任务数",
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
    column: int = -1  # its place in a tab row, empty cells counted; -1 elsewhere


@dataclass
class Column:
    name: str
    role: str
    known: bool = True  # some COLUMN_WORDS matched its name
    mapped: str = ""  # the role (or "ignore") a column map gave it
    column: int = -1  # its place in a tab header row; -1 elsewhere


@contextmanager
def column_map(columns: dict[str, str] | None) -> Iterator[None]:
    """Within the block, header names in ``columns`` (spaces aside) get the role given there."""
    mapping = {strip_spaces(name): role for name, role in (columns or {}).items()}
    for name, role in mapping.items():
        if role not in (*ROLES, IGNORE):
            raise ValueError(f"unknown column role {role!r} for {name!r}")
    token = _COLUMN_MAP.set(mapping)
    try:
        yield
    finally:
        _COLUMN_MAP.reset(token)


def _column(name: str, *, whole_row: bool = False) -> Column | None:
    """The column a header name stands for: the column map's role, else COLUMN_WORDS'.

    In a whole header row an unknown name is a column of role "other", marked unknown.
    """
    compact = strip_spaces(name)
    words = column_role(name)
    mapped = _COLUMN_MAP.get().get(compact, "")
    if mapped:
        return Column(compact, OTHER if mapped == IGNORE else mapped, words is not None, mapped)
    if words is None:
        return Column(compact, OTHER, False) if whole_row and compact and len(compact) <= 20 else None
    return Column(compact, words)


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
    column: int = -1  # where its number stood in its tab row


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
    """One cell per table cell: '|' and tab rows split, bare '|' lines dropped.

    A cell letter-spaced one character at a time (刘 强, 就 业 工 程) is closed up.
    """
    cells = []
    for line in lines:
        text = line.text
        if "\t" in text:  # a Word, PDF or spreadsheet row: where each cell stands is kept
            parts = [_closed_up(p) for p in re.split(r"\t|\|", text)]
            tabbed = "|" not in text
            cells += [Cell(line.no, p, i if tabbed else -1) for i, p in enumerate(parts) if p]
        elif "|" in text:
            parts = [_closed_up(p) for p in text.split("|")]
            cells += [Cell(line.no, p) for p in parts if p]
        else:
            cells.append(Cell(line.no, text))
    return cells


def _closed_up(text: str) -> str:
    text = text.strip()
    return text.replace(" ", "") if re.fullmatch(r"[\u4e00-\u9fff](?: [\u4e00-\u9fff])+", text) else text


def header_at(cells: list[Cell], index: int) -> list[Column] | None:
    """The columns of a header row starting at ``cells[index]`` (序号 …), if it is one."""
    first = _column(cells[index].text)
    if first is None or first.role != NUMBER:
        return _numberless(cells, index)
    columns = _whole_row(cells, index) or _flowing(cells, index, first)
    roles = {c.role for c in columns}
    if len(columns) < 3 or not (roles & {TEXT, TITLE}):
        return None
    return columns


def _numberless(cells: list[Cell], index: int) -> list[Column] | None:
    """A one-line header without a 序号 column (项目 | 目标 | 责任领导 | 责任单位 |).

    It is one only when at least three of its names are known columns, one of them a text
    column and one a lead or unit column; its rows are then its following lines, in order.
    """
    if index > 0 and cells[index - 1].line == cells[index].line:
        return None
    columns = _whole_row(cells, index, first_named=True)
    if not columns:
        return None
    known = [c for c in columns if c.known and c.role != OTHER]
    roles = {c.role for c in known}
    if len(known) < 3 or not roles & {TEXT, TITLE} or not roles & {LEAD, *UNIT_ROLES}:
        return None
    return columns


def _whole_row(cells: list[Cell], index: int, *, first_named: bool = False) -> list[Column] | None:
    """A header that is one tab or '|' line: every cell of the line is a column."""
    row = []
    for cell in cells[index:]:
        if cell.line != cells[index].line or (row and re.fullmatch(r"\d{1,3}", cell.text)):
            break
        row.append(cell)
    if len(row) < 3:
        return None
    columns = [_column(cell.text, whole_row=True) for cell in row]
    named = columns if first_named else columns[1:]
    if any(column is None for column in named) or any(c.role == NUMBER for c in named):
        return None
    for column, cell in zip(columns, row, strict=True):
        if column is not None:
            column.column = cell.column
    return [c for c in columns if c is not None]


def _flowing(cells: list[Cell], index: int, first: Column) -> list[Column]:
    """A header one cell per line: its columns end at the first name that is not a column's."""
    columns = [first]
    names = [c.text for c in cells[index + 1 : index + 14]]
    while names:
        name = names.pop(0)
        column = _column(name)
        if column is None and names and (joined := _column(name + names[0])) and joined.role != NUMBER:
            names.pop(0)  # a header cell broken over two lines (区本级 / 任务数)
            column = joined
        if column is None or column.role == NUMBER:
            break
        columns.append(column)
    return columns


def header_columns(lines: list[Line]) -> list[Column]:
    """The header of the first item table in ``lines`` (empty when there is none)."""
    cells = cells_of(lines)
    return next((header for i in range(len(cells)) if (header := header_at(cells, i))), [])


def has_table(lines: list[Line]) -> bool:
    cells = cells_of(lines)
    return any(header_at(cells, i) for i in range(len(cells)))


def read_table(lines: list[Line]) -> TableRead:
    """Rows of every table in ``lines``; text before the first header is the preamble."""
    cells = cells_of(lines)
    result = TableRead()
    columns: list[Column] | None = None
    row: Row | None = None
    heading, previous, index, after_header = "", 0, 0, False
    while index < len(cells):
        cell = cells[index]
        header = header_at(cells, index)
        if header:
            columns, row, previous, after_header = header, None, 0, True
            index += len(header)
            continue
        number = int(cell.text) if re.fullmatch(r"\d{1,3}", cell.text) else None
        # Right under its header, a table continued from an earlier page (or cut from a page)
        # starts at whatever number it has.
        continued = after_header and previous == 0 and row is None
        after_header = False
        numberless = columns is not None and all(c.role != NUMBER for c in columns)
        if numberless and _row_start(cells, index):
            if _starts_item(cells, index, columns) or row is None:
                row = Row(previous + 1, cell.line, [], columns, heading, column=0 if cell.column >= 0 else -1)
                result.rows.append(row)
                previous += 1
            row.cells += [c for c in cells[index:] if c.line == cell.line]
            index += len([c for c in cells[index:] if c.line == cell.line])
            continue
        if numberless and row is not None and cell.line != row.cells[-1].line:
            row = None  # a line that is no row ends a table without numbers
        if (
            columns is not None
            and number is not None
            and (number == previous + 1 or (continued and number > 1))
            and (row is None or row.cells)
            and not numberless
        ):
            row = Row(number, cell.line, [], columns, heading, column=cell.column)
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


def _row_start(cells: list[Cell], index: int) -> bool:
    """The first cell of a line holding two or more cells (a '|' or tab row)."""
    line = cells[index].line
    first = index == 0 or cells[index - 1].line != line
    return first and index + 1 < len(cells) and cells[index + 1].line == line


def _starts_item(cells: list[Cell], index: int, columns: list[Column]) -> bool:
    """In a table without numbers each row line is an item, unless it continues the one above.

    A line shorter than the header with no unit cell is a sub-row under merged cells.
    """
    own = [c for c in cells[index:] if c.line == cells[index].line]
    return len(own) >= len(columns) or any(unit_cell(c.text) for c in own)


def _is_heading(text: str) -> bool:
    found = marker(text)
    return bool(found and found.kind in ("一、", "（一）") and "。" not in text[:-1])


def _fill(row: Row) -> None:
    columns = [c for c in row.columns if c.role != NUMBER]
    slots: list[list[str]] = [[] for _ in columns]
    places = {c.column: i for i, c in enumerate(columns) if c.column >= 0}
    if places and len(places) == len(columns) and row.column >= 0 and all(c.column >= 0 for c in row.cells):
        # Tab rows under a tab header: each cell in its column, a continuation row (empty
        # number, merged cells above) adding to the cells of the same columns.
        for cell, place in _placed(row, columns):
            if place in places:
                slots[places[place]].append(cell.text)
            else:
                row.overflow.append(cell)
    elif len(row.cells) == len(columns):
        for slot, cell in zip(slots, row.cells, strict=True):
            slot.append(cell.text)
    else:
        current = -1
        for position, cell in enumerate(row.cells):
            later = next(
                (j for j in range(current + 1, len(columns)) if _accepts(columns[j].role, cell.text)), None
            )
            absorbs = current >= 0 and _absorbs(columns[current].role, cell.text)
            named = _lead_before_units(columns, current, row.cells[position:])
            if named is not None:
                current = named
                slots[current].append(cell.text)
            elif later is not None and (not absorbs or columns[later].role in UNIT_ROLES):
                current = later
                slots[current].append(cell.text)
            elif absorbs:
                slots[current].append(cell.text)
            elif (unit_column := _only_unit_column(columns, cell.text)) is not None:
                slots[unit_column].append(cell.text)  # a sub-row's unit, one cell further on
            else:
                row.overflow.append(cell)
    for column, slot in zip(columns, slots, strict=True):
        if slot:
            row.values.setdefault(column.role, []).append(
                "、".join(slot) if column.role in UNIT_ROLES else "".join(slot)
            )
    row.values["_filled"] = [c.name for c, s in zip(columns, slots, strict=True) if s]


def _only_unit_column(columns: list[Column], text: str) -> int | None:
    """Where a unit cell found past its column goes: the table's one unit column, if it has one.

    Sub-rows under a merged cell (a sub-target cell first, then its unit) put the unit one
    cell right of where the header says; with one unit column there is no doubt whose it is.
    """
    places = [j for j, c in enumerate(columns) if c.role in UNIT_ROLES]
    return places[0] if len(places) == 1 and unit_cell(text) else None


def _lead_before_units(columns: list[Column], current: int, rest: list[Cell]) -> int | None:
    """A name cell just before a unit cell goes to a lead column standing just before a unit
    column, though the text column before it would take it (a row with more cells than its
    header: sub-columns under one header cell)."""
    if len(rest) < 2 or not name_cell(rest[0].text) or not unit_cell(rest[1].text):
        return None
    return next(
        (
            j
            for j in range(current + 1, len(columns) - 1)
            if columns[j].role == LEAD and columns[j + 1].role in UNIT_ROLES
        ),
        None,
    )


def _placed(row: Row, columns: list[Column]) -> list[tuple[Cell, int]]:
    """Each tab cell of a row with the header position it stands under.

    The number's line is placed as it stands. A continuation line (its number cell empty,
    merged above) lost its leading empty cells when the line was trimmed, so it is shifted
    right to where most of its cells fit their columns, the least shift winning a tie.
    """
    number = next((c.column for c in row.columns if c.role == NUMBER), row.column)
    roles = {c.column: c.role for c in columns}
    last = max(roles)
    placed: list[tuple[Cell, int]] = []
    for line in dict.fromkeys(c.line for c in row.cells):
        cells = [c for c in row.cells if c.line == line]
        if line == row.line:
            placed += [(c, c.column - row.column + number) for c in cells]
            continue
        widest = max(c.column for c in cells)
        shifts = range(0, max(0, last - widest) + 1)
        best = max(
            shifts, key=lambda s: (sum(_accepts(roles.get(c.column + s, NUMBER), c.text) for c in cells), -s)
        )
        placed += [(c, c.column + best) for c in cells]
    return placed


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
    if role == NUMBER:
        return False
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
    """The table's last row is whole when its last column is there and its last unit is a name.

    A table with no unit column (one not mapped yet) has no unit to check.
    """
    columns = [c for c in row.columns if c.role != NUMBER]
    if not columns or columns[-1].name not in row.values.get("_filled", []):
        return False
    if not any(c.role in UNIT_ROLES for c in row.columns):
        return True
    unit_texts = [t for role in UNIT_ROLES for t in row.values.get(role, [])]
    if not unit_texts:
        return False
    refs, _ = split_unit_list(unit_texts[-1])
    return bool(refs) and len(refs[-1].raw) >= 3
