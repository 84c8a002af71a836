"""Breakdown and livelihood notices read on their own, in text or table form.

Unlike a gazette issue, a notice uploaded alone may be an excerpt, may sign its cover
letter before the attached task list, and may be issued by a city, a county, a
development zone or an office: none of that decides whether it is read. The items are
the numbered blocks with trailers (blocks.py) or the rows of its tables (tables.py).
"""

from __future__ import annotations

import re

from . import blocks, tables
from .context import ParseContext
from .model import BreakdownNotice, LivelihoodNotice, LivelihoodProject, Task, UnitRef
from .text import Line, ends_sentence, join_two, strip_spaces
from .trailers import parse_trailer, split_item
from .units import GROUP, UNIT_SUFFIX, split_unit_list

LEAD_IN_HEADING = re.compile(
    r"^(?P<who>.+?)(?:牵头|主抓|负责|分管|包抓|联系)(?:的)?(?:重点)?(?:工作|任务|事项)"
)
TITLES = re.compile(
    r"(?:(?:常务)?副?(?:区|县|市|州|旗|盟)长|常委|(?:区|县|市)?政府党组成员|党组成员|党组副书记|副?书记|"
    r"副?主任|秘书长|同志|委员)$"
)
NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")


def heading_leads(title: str) -> list[str]:
    """一、叶枝利区长牵头重点工作 → [叶枝利]; …（牵头领导：成坤、柯相国）→ [成坤, 柯相国]."""
    trailer = parse_trailer(title[title.find("（") :] if "（" in title else "")
    if trailer.leads:
        return trailer.leads
    inline = re.search(r"(?:牵头|责任|分管|包抓)领导[:：]([^)）]+)", title)
    if inline:
        return [n for n in re.split(r"[、，,\s]+", inline[1]) if NAME.fullmatch(n)]
    match = LEAD_IN_HEADING.match(title)
    if not match or blocks.heading_hosts(title):  # 一、县文旅局牵头工作 names a unit, not a person
        return []
    names = []
    for piece in re.split(r"[、，,和]", match["who"]):
        while TITLES.search(piece):
            piece = TITLES.sub("", piece)
        if NAME.fullmatch(piece):
            names.append(piece)
    return names


def hosts_and_co(units: list[UnitRef]) -> tuple[list[UnitRef], list[UnitRef], bool]:
    """(hosts, co-units, inferred): the marked hosts, or the first listed unit (inferred)."""
    marked = [u for u in units if u.role == "host"]
    if marked:
        return marked, [u for u in units if u not in marked], False
    candidates = [u for u in units if u.kind != GROUP] or units
    hosts = candidates[:1]
    return hosts, [u for u in units if u not in hosts], True


# --- items as numbered text blocks ------------------------------------------------------


def text_tasks(lines: list[Line], ctx: ParseContext) -> tuple[list[Task], int]:
    """Tasks from numbered blocks, and the line of the first one (0 when none)."""
    found = blocks.layout(lines)
    for no, message in found.notes:
        ctx.warn(no, message)
    for no, message in found.errors:
        ctx.error(no, message)
    tasks, closed, given = [], True, False
    for order, block in enumerate(found.blocks, start=1):
        task, closed, given = _block_task(block, order, ctx)
        tasks.append(task)
    if closed and given and _stops_mid_sentence(tasks):
        closed = False
    for line in found.preamble + found.loose:
        ctx.unplace(line.no, line.text, "不属于任何任务的文字（称谓、说明、页面信息）")
    used = {id(h) for block in found.blocks for h in block.headings}
    for heading in found.headings:
        if id(heading) not in used:  # a cover letter's 一、… paragraphs, a chapter cut off
            printed = next(
                (ln.text for ln in lines if ln.no == heading.line and heading.title in ln.text), ""
            )
            ctx.unplace(
                heading.line, printed or heading.title, "标题下没有任务（通知正文的段落或被截断的章节）"
            )
    first = found.blocks[0].lines[0].no if found.blocks else 0
    return _without_cut_last(tasks, closed, ctx), first


def _block_task(block: blocks.Block, order: int, ctx: ParseContext) -> tuple[Task, bool, bool]:
    """The block's task, whether its trailer's brackets are closed, whether its heading gave its units."""
    first = blocks.marker(block.lines[0].text)
    lines = _through_trailer(block.lines)
    for line in block.lines[len(lines) :]:
        ctx.unplace(line.no, line.text, f"第 {order} 项的责任单位之后的文字")
    body = ""
    for index, line in enumerate(lines):
        piece = first.rest if index == 0 and first else line.text
        body = join_two(body, piece) if body else piece
    text, trailer_text, after = split_item(body)
    trailer = parse_trailer(trailer_text)
    for message in trailer.ignored:
        ctx.warn(block.lines[0].no, f"第 {order} 项：{message}")
    leads = trailer.leads
    if not leads:
        for heading in reversed(block.headings):
            leads = heading_leads(heading.title)
            if leads:
                break
    units = trailer.units or _heading_units(block.headings)
    if after:
        ctx.unplace(block.lines[-1].no, after, f"第 {order} 项括号之后的文字")
    task = Task(
        number=order,
        chapter=0,
        text=text,
        lead_officials=leads,
        units=units,
        line=block.lines[0].no,
        section=" / ".join(h.title for h in block.headings),
        printed_number=str(block.number) if block.number != order else "",
    )
    return task, _trailer_closed(trailer_text), bool(units) and not trailer.units


def _stops_mid_sentence(tasks: list[Task]) -> bool:
    """Items whose host is in their heading, the last of which stops mid-sentence while every
    other ends its sentence: an excerpt cut off inside that item."""
    return (
        len(tasks) > 1
        and not ends_sentence(tasks[-1].text)
        and all(ends_sentence(t.text) for t in tasks[:-1])
    )


def _heading_units(headings: list[blocks.Heading]) -> list[UnitRef]:
    """The host units the nearest heading naming them gives (一、县示范区管委会牵头工作（8项）)."""
    for heading in reversed(headings):
        names = blocks.heading_hosts(heading.title)
        if names:
            refs = [ref for name in names for ref in split_unit_list(name)[0]]
            for ref in refs:
                ref.role = "host"
            return refs
    return []


def _through_trailer(lines: list[Line]) -> list[Line]:
    """The block's lines up to the end of a trailer written on label lines of its own.

    After 责任单位：A、B the next line continues the list only when the list ends with a
    separator or the line is the short rest of a unit name; a signature, a date or the next
    notice's title are not part of the item.
    """
    for index, line in enumerate(lines):
        if index and _in_trailer(lines, index - 1):
            previous = lines[index - 1].text
            if blocks.LABEL.match(line.text):
                continue
            rest_of_name = (
                len(line.text) <= 12 and UNIT_SUFFIX.search(line.text) and not previous.endswith("。")
            )
            if not (previous.endswith(("、", "，", ",", "；", ";")) or rest_of_name):
                return lines[:index]
    return lines


def _in_trailer(lines: list[Line], index: int) -> bool:
    return any(blocks.LABEL.match(line.text) for line in lines[: index + 1])


def _trailer_closed(trailer: str) -> bool:
    opened = sum(trailer.count(ch) for ch in "（([【")
    closed = sum(trailer.count(ch) for ch in ")）]】")
    return opened <= closed


def _without_cut_last(tasks: list[Task], closed: bool, ctx: ParseContext) -> list[Task]:
    """An excerpt cut off mid-item: keep the whole items, warn about the last one."""
    if not tasks:
        return tasks
    last = tasks[-1]
    others_have_units = any(t.units for t in tasks[:-1]) or len(tasks) == 1
    cut = (others_have_units and not last.units) or not closed or (last.units and len(last.units[-1].raw) < 3)
    if cut:
        ctx.warn(last.line, f"最后一项（第 {last.number} 项）不完整，文件可能被截断，未计入", last.text[:40])
        return tasks[:-1]
    return tasks


# --- items as table rows -----------------------------------------------------------------


def table_rows(lines: list[Line], ctx: ParseContext) -> tuple[list[tables.Row], int]:
    read = tables.read_table(lines)
    for cell in read.preamble + read.loose:
        ctx.unplace(cell.line, cell.text, "表格之外的文字（称谓、说明、页面信息）")
    rows = []
    for row in read.rows:
        for cell in row.overflow:
            ctx.unplace(cell.line, cell.text, f"第 {row.number} 行多出的单元格")
        if row.complete:
            rows.append(row)
        else:
            ctx.warn(row.line, f"表格最后一行（序号 {row.number}）不完整，文件可能被截断，未计入")
    return rows, read.rows[0].line if read.rows else 0


def row_units(row: tables.Row) -> list[UnitRef]:
    """The row's units with their roles: by column, or by a host mark (*) in one column."""
    units: list[UnitRef] = []
    has_host_column = bool(row.values.get(tables.HOST))
    # 责任单位 beside a 配合单位 column (and no 牵头单位 column) names the hosts.
    primary = "host" if not has_host_column and row.values.get(tables.CO) else ""
    order = ((tables.HOST, "host"), (tables.UNITS, primary), (tables.CO, "co"))
    for role, column_role in order:
        for text in row.values.get(role, []):
            refs, _ = split_unit_list(text)
            for ref in refs:
                if role == tables.UNITS:
                    ref.role = ref.role or ("co" if has_host_column else primary)
                else:
                    ref.role = column_role
                if ref.name not in {u.name for u in units}:
                    units.append(ref)
    if any(u.role == "host" for u in units):
        for unit in units:
            unit.role = unit.role or "co"
    return units


def row_leads(row: tables.Row) -> list[str]:
    names = [n for text in row.values.get(tables.LEAD, []) for n in re.split(r"[、，,\s]+", text) if n]
    return names or heading_leads(row.heading)


def row_text(row: tables.Row) -> tuple[str, str]:
    """(title, text) of a row; cells past the last column that read as sentences join the text."""
    title = "".join(row.values.get(tables.TITLE, []))
    text = "".join(row.values.get(tables.TEXT, []))
    extra = "".join(c.text for c in row.overflow if c.text.endswith("。"))
    text = strip_spaces(text + extra) if text or extra else title
    return title or text[:20], text


def row_deadline(row: tables.Row) -> str:
    """The 完成时限 cell as written (全年 / 6月底前), kept until the plan's year dates it."""
    return strip_spaces("".join(row.values.get(tables.DEADLINE, [])))


def table_tasks(rows: list[tables.Row]) -> list[Task]:
    tasks = []
    for order, row in enumerate(rows, start=1):
        title, text = row_text(row)
        tasks.append(
            Task(
                number=order,
                chapter=0,
                text=text,
                lead_officials=row_leads(row),
                units=row_units(row),
                line=row.line,
                section=row.heading,
                printed_number=str(row.number) if row.number != order else "",
                title=title,
                deadline_note=row_deadline(row),
            )
        )
    return tasks


def table_projects(rows: list[tables.Row]) -> list[LivelihoodProject]:
    projects = []
    for order, row in enumerate(rows, start=1):
        title, text = row_text(row)
        hosts, co, _ = hosts_and_co(row_units(row))
        projects.append(
            LivelihoodProject(
                number=order,
                title=title,
                text=text,
                host_units=hosts,
                co_units=co,
                line=row.line,
                lead_officials=row_leads(row),
                deadline_note=row_deadline(row),
            )
        )
    return projects


def breakdown_notice(title: str, tasks: list[Task], line: int) -> BreakdownNotice:
    return BreakdownNotice(
        title=title, number="", number_as_printed="", issued_on=None, line=line, tasks=tasks
    )


def livelihood_notice(title: str, projects: list[LivelihoodProject], line: int) -> LivelihoodNotice:
    return LivelihoodNotice(
        title=title, number="", number_as_printed="", issued_on=None, line=line, projects=projects
    )
