"""One uploaded document, read for what it is: the single entry point of the intake.

The stages, in order (one context object collects warnings, errors and unplaced lines):

    normalise   simplified characters, no inserted pinyin, full/half width, cells split
    recognise   breakdown / livelihood / division / gazette, from what the text holds
    sections    the items: numbered blocks with trailers, or table rows under a header
    fields      leads, hosts and co-units of each item

Titles and issuers are evidence, never gates: a city's notice, an office's, an excerpt
that stops mid-item, or a cover letter signed before its attachment are all read.
"""

from __future__ import annotations

import re

from . import notices, runtogether, tables
from .blocks import LABEL, marker
from .context import ParseContext
from .division import _mentions, colon_leader, read_division, structured_clauses
from .errors import GazetteFormatError
from .gazette import parse_gazette
from .model import Document, Task
from .normalise import normalise_text
from .text import Line, chinese_numeral, split_lines, strip_spaces
from .units import level_of, unit_level

GAZETTE_TITLE = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}市)?[\u4e00-\u9fff]{1,4}[区县市]人民政府公报$")
LIVELIHOOD_WORDS = re.compile(r"实事|民生工程")
REPORT_WORDS = re.compile(r"工作报告|重点工作|目标任务|任务分解|责任分解|分工方案|工作任务|分解表")


def parse_document(text: str, columns: dict[str, str] | None = None) -> Document:
    """Read one document of unknown kind. Raises GazetteFormatError for anything else.

    ``columns`` maps a table's header names (as written) to the role their cells hold
    (number/text/title/lead/host/co/units/other) or "ignore", overriding the column words;
    the header read comes back as ``Document.columns``.
    """
    with tables.column_map(columns), unit_level(level_of(text)):
        return _parse_document(text)


def _parse_document(text: str) -> Document:
    cleaned, notes = normalise_text(text)
    lines = _one_line_split(split_lines(cleaned))
    if not lines:
        raise GazetteFormatError(
            expected_zh="分解落实通知、民生实事通知或领导分工通知的文字",
            found_zh="没有文字内容的文件",
            expected_en="the text of a breakdown, livelihood-project or division-of-labour notice",
            found_en="a file with no text",
        )
    if any(GAZETTE_TITLE.match(strip_spaces(line.text)) for line in lines[:40]):
        gazette = parse_gazette(text)
        return Document(
            kind="gazette",
            title=gazette.title,
            original=text,
            gazette=gazette,
            evidence=["政府公报的刊名"],
            warnings=gazette.warnings,
            errors=gazette.errors,
            unplaced=gazette.unplaced,
        )
    ctx = ParseContext()
    for note in notes:
        ctx.warn(0, note)
    document = _items_document(lines, text, ctx) or _division_document(lines, text, ctx)
    if document is None:
        raise _refusal(lines)
    document.warnings, document.errors, document.unplaced = ctx.warnings, ctx.errors, ctx.unplaced
    document.columns = (
        [{"name": c.name, "role": c.mapped or c.role, "known": c.known} for c in tables.header_columns(lines)]
        if document.kind != "division"
        else []
    )
    return document


def _items_document(lines: list[Line], original: str, ctx: ParseContext) -> Document | None:
    """A breakdown or livelihood notice: items in tables, or numbered items with trailers.

    A trailer is labelled (牵头单位：…), in prose (（A牵头，B按职责分工负责）), or given once for
    a chapter by its heading (一、县发改局牵头工作).
    """
    from .blocks import heading_hosts, prose_trailer

    in_table = tables.has_table(lines)
    labels = sum(1 for line in lines for _ in LABEL.finditer(line.text))
    prose = sum(1 for line in lines if prose_trailer(line.text))  # （A牵头，B按职责分工负责）
    led = sum(1 for line in lines if (mark := marker(line.text)) and heading_hosts(mark.rest))
    if not in_table and not labels and not prose and not led:
        return _run_together_document(lines, original, ctx)
    if in_table:
        rows, first = notices.table_rows(lines, ctx)
        if not rows and first == 0:
            return None
    else:
        tasks, first = notices.text_tasks(lines, ctx)
        if not any(task.units or task.lead_officials for task in tasks):
            return None
    title, livelihood = _title_before(lines, first)
    if in_table and not livelihood and not (title and REPORT_WORDS.search(title)):
        # No title says so, but the table's own column does: 实事项目 / 民生工程.
        livelihood = any(LIVELIHOOD_WORDS.search(c.name) for c in tables.header_columns(lines))
    if in_table:
        evidence = ["表格的表头"]
    elif labels:
        evidence = [f"带“牵头领导/责任单位”等标签的编号事项（{labels} 处标签）"]
    elif prose:
        evidence = [f"编号事项末尾写明“…牵头，…负责”的括注（{prose} 处）"]
    else:
        evidence = [f"写明牵头单位的章节标题（{led} 个）及其下的编号事项"]
    evidence.append(f"标题“{title}”" if title else "没有标题")
    kind = "livelihood" if livelihood else "breakdown"
    document = Document(kind=kind, title=title, original=original, evidence=evidence)
    if livelihood:
        projects = notices.table_projects(rows) if in_table else _projects_from_tasks(tasks)
        document.livelihood = notices.livelihood_notice(title, projects, first)
    else:
        document.breakdown = notices.breakdown_notice(
            title, notices.table_tasks(rows) if in_table else tasks, first
        )
    return document


def _run_together_document(lines: list[Line], original: str, ctx: ParseContext) -> Document | None:
    """A table whose cells ran together (a Word table copied as plain text)."""
    found = runtogether.read(lines)
    if found is None:
        return None
    rows, roles = found
    ctx.warn(lines[0].no, "表格的单元格之间没有分隔符，已按表头、序号和单位名称的结尾拆分，请逐项核对")
    title, livelihood = _title_before(lines, 0)
    tasks = [
        Task(
            number=row.number,
            chapter=0,
            text="".join(part.text for part in row.parts),
            lead_officials=list(dict.fromkeys(n for part in row.parts for n in part.leads)),
            units=runtogether.row_units(row, roles),
            line=lines[0].no,
        )
        for row in rows
    ]
    evidence = ["连在一起的表头（序号…）和编号行", f"标题“{title}”" if title else "没有标题"]
    document = Document(
        kind="livelihood" if livelihood else "breakdown", title=title, original=original, evidence=evidence
    )
    if livelihood:
        document.livelihood = notices.livelihood_notice(title, _projects_from_tasks(tasks), lines[0].no)
    else:
        document.breakdown = notices.breakdown_notice(title, tasks, lines[0].no)
    return document


def _projects_from_tasks(tasks):
    from .model import LivelihoodProject

    projects = []
    for task in tasks:
        hosts, co, _ = notices.hosts_and_co(task.units)
        projects.append(
            LivelihoodProject(
                number=task.number,
                title=task.text[:20],
                text=task.text,
                host_units=hosts,
                co_units=co,
                line=task.line,
                lead_officials=task.lead_officials,
            )
        )
    return projects


def _title_before(lines: list[Line], first: int) -> tuple[str, bool]:
    """The nearest title-like line before the first item, and whether it names livelihood projects.

    Under an attachment marker (附件1) with no title of its own, the title is the one the
    cover letter's list of attachments gives that number.
    """
    headers = _header_lines(lines)
    before = [line for line in lines if not first or line.no <= first]
    listed = _attachment_title(before)
    if listed:
        before = [Line(0, listed)]
    # A title line of its own first; failing that, a numbered one right above a table
    # (一、10件民生实事任务分解表), read without its number.
    for numbered in (False, True):
        for line in reversed(before):
            compact = strip_spaces(line.text)
            mark = marker(compact)
            if _table_row(line, headers) or len(compact) > 80 or (mark is not None) != numbered:
                continue
            if numbered:
                compact = strip_spaces(mark.rest)
            if LIVELIHOOD_WORDS.search(compact) or REPORT_WORDS.search(compact):
                livelihood = bool(LIVELIHOOD_WORDS.search(compact)) and not re.search(r"工作报告", compact)
                return compact[:80], livelihood
    return "", False


def _header_lines(lines: list[Line]) -> set[int]:
    """Numbers of the lines that hold a table's header (序号 · 民生实事 · 责任单位 …)."""
    cells = tables.cells_of(lines)
    found: set[int] = set()
    for index in range(len(cells)):
        header = tables.header_at(cells, index)
        if header:
            found.update(cell.line for cell in cells[index : index + len(header)])
    return found


def _table_row(line: Line, headers: set[int]) -> bool:
    """A table row or header is never the title, though its cells squashed may read like one."""
    return "\t" in line.text or " | " in line.text or (line.no > 0 and line.no in headers)


def _attachment_title(lines: list[Line]) -> str:
    marks = [m for line in lines if (m := re.match(r"^附件\s*(\d{1,2})\s*[|:：]?$", strip_spaces(line.text)))]
    if not marks:
        return ""
    number = marks[-1][1]
    after_mark = lines[[strip_spaces(line.text) for line in lines].index(marks[-1][0]) + 1 :]
    if any(REPORT_WORDS.search(line.text) or LIVELIHOOD_WORDS.search(line.text) for line in after_mark):
        return ""  # the attachment prints its own title
    for line in lines:
        listed = re.match(rf"^(?:附件[:：])?{number}\s*[.、．]\s*(.+)$", strip_spaces(line.text))
        if listed:
            return listed[1]
    return ""


def _division_document(lines: list[Line], original: str, ctx: ParseContext) -> Document | None:
    # 分管 / 联系 opening a line or any sentence in it (a profile run together on one line)
    structured = sum(structured_clauses(strip_spaces(line.text)) for line in lines)
    text = "".join(strip_spaces(line.text) for line in lines)
    prose = len({name for line in lines for _, name, _ in _mentions(strip_spaces(line.text))})
    opened = len({m["name"] for line in lines if (m := colon_leader(strip_spaces(line.text)))})
    if structured < 2 and not ((prose >= 3 or opened >= 2) and "分工" in text):
        return None
    division = read_division(lines, ctx)
    if not division.leaders:
        return None
    title = next((strip_spaces(line.text)[:60] for line in lines if "分工" in line.text), "")
    division.title = title
    evidence = [
        f"{structured} 段以“分管/联系”开头的文字"
        if structured >= 2
        else f"{opened} 段以“职务+姓名：”开头的领导分工"
        if opened >= 2
        else f"文中 {prose} 位领导及其分工"
    ]
    return Document(kind="division", title=title, original=original, division=division, evidence=evidence)


def _one_line_split(lines: list[Line]) -> list[Line]:
    """A notice copied from a web page onto one line: break it before its numbers, in sequence.

    Only a number that continues its own sequence (1. 2. 3. … / 一、二、… / （一）（二）…)
    starts a new line, so "3、5年" or "10.5%" inside a sentence stays where it is.
    """
    out = []
    for line in lines:
        if len(line.text) < 400 or "|" in line.text or "\t" in line.text:
            out.append(line)
            continue
        cuts = sorted(_sequence_cuts(line.text))
        parts = [line.text[a:b] for a, b in zip([0, *cuts], [*cuts, len(line.text)], strict=True)]
        out += [Line(line.no, part.strip()) for part in parts if part.strip()]
    return out


ONE_LINE_MARKERS = (
    re.compile(r"(?<![\d.])(\d{1,3})\s*(?:、|\.(?!\d))(?=[\u4e00-\u9fff“])"),
    re.compile(r"(?<!第)([一二三四五六七八九十]{1,3})、"),
    re.compile(r"[（(]([一二三四五六七八九十]{1,3})[)）]"),
)


def _sequence_cuts(text: str) -> set[int]:
    cuts: set[int] = set()
    for pattern in ONE_LINE_MARKERS:
        expected = 1
        for match in pattern.finditer(text):
            raw = match[1]
            number = int(raw) if raw.isdigit() else chinese_numeral(raw)
            if number == expected or (number == 1 and expected > 1):
                if match.start() > 0:
                    cuts.add(match.start())
                expected = number + 1
    return cuts


def _refusal(lines: list[Line]) -> GazetteFormatError:
    text = "".join(line.text for line in lines)
    bylines = len(re.findall(r"本报|记者|通讯员", text))
    if bylines >= 2:
        found_zh = f"报纸版面（发现 {bylines} 处“本报/记者/通讯员”署名，没有编号任务、项目表或领导分工）"
        found_en = f"a newspaper page ({bylines} reporter bylines; no numbered tasks, project table or division of labour)"
    else:
        found_zh = f"{len(lines)} 行文字，首行为“{lines[0].text[:30]}”，其中没有带牵头领导/责任单位的编号事项、项目表或领导分工"
        found_en = f"{len(lines)} lines of text without numbered items naming officials or units, a project table or a division of labour"
    return GazetteFormatError(
        expected_zh="分解落实通知（编号任务及牵头领导/责任单位）、民生实事通知（项目及主办/协办单位）或领导同志工作分工（负责/分管/联系）",
        found_zh=found_zh,
        expected_en=(
            "a breakdown notice (numbered tasks with lead officials and units), a livelihood-project notice "
            "(projects with host and co-units) or a division of labour (负责 / 分管 / 联系 per leader)"
        ),
        found_en=found_en,
    )
