"""Parsing one gazette issue (政府公报) into its documents.

The issue holds, in this order: the adopted work report, the notice that breaks it
into numbered tasks, the livelihood-projects notice, the division of labour of the
government leaders, appointments and removals, and a chronicle. The table of contents
at the top repeats the titles, so each section is found at the *last* line that
carries its title. Sections other than the breakdown notice are optional; their
absence is a warning, not an error.
"""

from __future__ import annotations

import datetime as dt
import re

from .appointments import read_appointments
from .breakdown import read_breakdown
from .chronicle import known_names, positions_of, read_chronicle
from .context import ParseContext
from .deadlines import deadline_for
from .division import read_division_notice
from .errors import GazetteFormatError
from .livelihood import read_livelihood
from .model import Gazette
from .report import compare_with_report, short_title, work_report
from .targets import extract_targets
from .text import (
    Line,
    drop_furniture,
    split_lines,
    strip_spaces,
)

SECTION_TITLES: dict[str, re.Pattern[str]] = {
    "report": re.compile(r"^政府工作报告$"),
    # 关于分解落实2024年政府工作报告任务目标的通知 / 关于印发2025年政府工作报告重点任务分工方案的通知
    "breakdown": re.compile(r"关于.*政府工作报告.*(任务|分工).*通知$"),
    # 关于2024年为民办好十件实事的通知 / 关于实施2025年五件民生实事项目的通知
    "livelihood": re.compile(r"关于.*(为民办.*实事|民生实事).*通知$"),
    "division": re.compile(r"关于.*领导.*工作分工的?通知$"),
    "appointments": re.compile(r"任免.*名单$"),
    "chronicle": re.compile(r"大事记$"),
}


def parse_gazette(text: str) -> Gazette:
    """Parse the text of a gazette issue. Raises GazetteFormatError for anything else."""
    lines = split_lines(text)
    if not lines:
        raise GazetteFormatError(
            expected_zh="政府公报文本",
            found_zh="没有文字内容的文件",
            expected_en="a gazette text",
            found_en="a file with no text",
        )
    ctx = ParseContext()
    title, district, city = _publication(lines)
    published_on = _published_on(lines)
    lines = _without_colophon(lines, title)
    body = _section_bodies(lines, title, ctx)
    breakdown = read_breakdown(body["breakdown"], district=district, city=city, ctx=ctx)
    year = int((re.search(r"〔(\d{4})〕", breakdown.number) or re.search(r"(\d{4})年", breakdown.title))[1])
    report = work_report(body["report"]) if "report" in body else None
    if report is None:
        ctx.warn(0, "未找到政府工作报告原文，无法比对通知与报告的差异")
    livelihood, division = _other_notices(body, district, city, year, ctx)
    appointments, appointments_date = read_appointments(body.get("appointments", []))
    known = known_names(breakdown, division, body.get("chronicle", []))
    chronicle = read_chronicle(body.get("chronicle", []), known, ctx)
    positions = positions_of(lines, known, division)

    _item_fields(breakdown, livelihood, report, year, ctx)
    return Gazette(
        title=title or breakdown.title,
        district=district,
        city=city,
        year=year,
        issue=_issue(lines, breakdown.number),
        total_issue=_first_match(lines[:40], r"[（(]?(总第[\d\-—－]+期)[)）]?") or "",
        published_on=published_on,
        work_report=report,
        breakdown=breakdown,
        livelihood=livelihood,
        division=division,
        appointments=appointments,
        appointments_date=appointments_date,
        chronicle=chronicle,
        positions=positions,
        warnings=ctx.warnings,
        unplaced=ctx.unplaced,
        errors=ctx.errors,
    )


def _other_notices(body, district: str, city: str, year: int, ctx: ParseContext):
    """(livelihood notice, division of labour) where the issue has them; each is optional."""
    livelihood = (
        read_livelihood(body["livelihood"], district=district, city=city, year=year, ctx=ctx)
        if "livelihood" in body
        else None
    )
    division = (
        read_division_notice(body["division"], district=district, city=city, ctx=ctx)
        if "division" in body
        else None
    )
    if division is None:
        ctx.warn(0, "未找到领导同志工作分工通知，主办单位只能按首列单位推断")
    return livelihood, division


def _issue(lines: list[Line], notice_number: str) -> str:
    """2024年第1-3期; a notice uploaded on its own (not inside an issue) is known by its number."""
    return (
        _first_match(lines[:40], r"^(\d{4}年第[\d\-—－]+期)$") or _issue_from_header(lines) or notice_number
    )


def _section_bodies(lines: list[Line], title: str, ctx: ParseContext) -> dict[str, list[Line]]:
    """Each section's lines without page furniture; refuses an issue without a breakdown notice."""
    sections = _sections(lines)
    if "breakdown" not in sections:
        raise GazetteFormatError(
            expected_zh="含“关于分解落实政府工作报告任务目标的通知”的政府公报",
            found_zh=_describe(lines, title),
            expected_en="a government gazette containing the notice that breaks the work report into tasks",
            found_en=_describe_en(lines, title),
        )
    body = {name: _section_lines(lines, sections, name) for name in sections}
    for name, section in body.items():
        kept, dropped = drop_furniture(section, [title])
        body[name] = kept
        for d in dropped:
            ctx.warn(d.no, "已去掉正文中的页眉/页码", d.text)
    return body


def _item_fields(breakdown, livelihood, report, year: int, ctx: ParseContext) -> None:
    """Targets, deadlines, differences from the report and short titles of every item."""
    for task in breakdown.tasks:
        task.targets = extract_targets(task.text)
        task.deadline, task.deadline_note = deadline_for(task.text, year)
    if livelihood:
        for project in livelihood.projects:
            project.targets = extract_targets(project.text)
            project.deadline, project.deadline_note = deadline_for(project.text, year)
    if report:
        compare_with_report(breakdown, report, ctx)
    for task in breakdown.tasks:
        task.title = short_title(task)


# --- the publication and its sections ---------------------------------------------------


def _publication(lines: list[Line]) -> tuple[str, str, str]:
    """(title, district, city) from a title like 济宁市兖州区人民政府公报."""
    for line in lines[:40] + lines[-40:]:
        match = re.match(
            r"^(?P<city>[\u4e00-\u9fff]{2,4}市)?(?P<district>[\u4e00-\u9fff]{1,4}[区县市])人民政府公报$",
            line.text,
        )
        if match:
            return line.text, match["district"], match["city"] or ""
    for line in lines:
        match = re.search(
            r"(?P<city>[\u4e00-\u9fff]{2,4}市)?(?P<district>[\u4e00-\u9fff]{1,3}[区县])人民政府", line.text
        )
        if match:
            return "", match["district"], match["city"] or ""
    return "", "", ""


def _without_colophon(lines: list[Line], title: str) -> list[Line]:
    """Cut the colophon (the title repeated, issue, publisher, phone) off the last section."""
    compact = strip_spaces(title)
    for index in range(len(lines) - 1, max(len(lines) - 12, 0) - 1, -1):
        if compact and strip_spaces(lines[index].text) == compact:
            tail = "".join(line.text for line in lines[index + 1 :])
            # A running head near the end of a short file is page furniture, not the colophon.
            if not tail or re.search(r"出版|主办|编辑|电话|第[\d\-—－]+期", tail):
                return lines[:index]
    return lines


def _sections(lines: list[Line]) -> dict[str, int]:
    """Index of the line that opens each section (the last line carrying its title)."""
    found: dict[str, int] = {}
    for index, line in enumerate(lines):
        compact = strip_spaces(line.text)
        for name, pattern in SECTION_TITLES.items():
            if pattern.search(compact):
                found[name] = index
    return found


def _section_lines(lines: list[Line], sections: dict[str, int], name: str) -> list[Line]:
    start = sections[name]
    later = [i for i in sections.values() if i > start]
    end = min(later) if later else len(lines)
    return lines[start:end]


def _describe(lines: list[Line], title: str) -> str:
    text = "".join(line.text for line in lines)
    bylines = len(re.findall(r"本报|记者|通讯员", text))
    if bylines >= 2:
        return f"报纸版面（发现 {bylines} 处“本报/记者/通讯员”署名，没有分解落实通知）"
    if title:
        return f"“{title}”，但其中没有分解落实通知（可能被截断）"
    return f"{len(lines)} 行文字，首行为“{lines[0].text[:30]}”，其中没有分解落实通知"


def _describe_en(lines: list[Line], title: str) -> str:
    text = "".join(line.text for line in lines)
    bylines = len(re.findall(r"本报|记者|通讯员", text))
    if bylines >= 2:
        return f"a newspaper page ({bylines} reporter bylines, no breakdown notice)"
    if title:
        return f"a gazette titled “{title}” without a breakdown notice (perhaps truncated)"
    return f"{len(lines)} lines of text without a breakdown notice"


def _first_match(lines: list[Line], pattern: str) -> str | None:
    for line in lines:
        match = re.search(pattern, strip_spaces(line.text))
        if match:
            return match[1]
    return None


def _issue_from_header(lines: list[Line]) -> str:
    year = _first_match(lines[:10], r"^(\d{4})$")
    number = _first_match(lines[:15], r"^(第[\d\-—－]+期)")
    return f"{year}年{number}" if year and number else ""


def _published_on(lines: list[Line]) -> dt.date | None:
    for line in reversed(lines[-15:]):
        match = re.match(r"^(\d{4})年(\d{1,2})月(\d{1,2})日出版$", line.text)
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
    return None
