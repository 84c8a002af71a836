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
import itertools
import re
from collections import Counter

from . import alignment, blocks
from .deadlines import deadline_for
from .errors import GazetteFormatError
from .model import (
    Appointment,
    BreakdownNotice,
    Chapter,
    ChronicleEntry,
    DivisionOfLabour,
    Gazette,
    Leader,
    LivelihoodNotice,
    LivelihoodProject,
    ParseWarning,
    ReportParagraph,
    Task,
    Unplaced,
    WorkReport,
)
from .targets import extract_targets
from .text import (
    CN_NUMERALS,
    Line,
    chinese_numeral,
    drop_furniture,
    ends_sentence,
    is_heading,
    join_paragraphs,
    join_two,
    normalize_line,
    numeral_text,
    split_lines,
    strip_spaces,
)
from .trailers import parse_trailer, split_item
from .units import split_unit_list

NAME = r"[\u4e00-\u9fff]{2,3}"
DOC_NUMBER = re.compile(
    # 济兖政发〔2024〕1号 (city and district), 泗政发〔2025〕3号 (a county on its own)
    r"^[（(]?(?:(?P<city>[\u4e00-\u9fff])(?P<district>[\u4e00-\u9fff])|(?P<own>[\u4e00-\u9fff]))"
    r"(?P<org>政发|政字|政办发|政办字)[〔\[［【](?P<year>\d{4})[〕\]］】]第?(?P<no>\d+)号[)）]?$"
)
DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
CN_DATE = re.compile(rf"^([{CN_NUMERALS}]{{4}})年([{CN_NUMERALS}]{{1,2}})月([{CN_NUMERALS}]{{1,3}})日$")
CHAPTER = re.compile(rf"^([{CN_NUMERALS}]+)、(.+)$")
SUBSECTION = re.compile(rf"^[（(]([{CN_NUMERALS}]+)[)）](.+)$")
COUNT_IN_TITLE = re.compile(r"([一二三四五六七八九十]+)件")

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
    warnings: list[ParseWarning] = []
    title, district, city = _publication(lines)
    published_on = _published_on(lines)
    lines = _without_colophon(lines, title)
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
        warnings.extend(ParseWarning(d.no, "已去掉正文中的页眉/页码", d.text) for d in dropped)

    unplaced: list[Unplaced] = []
    errors: list[ParseWarning] = []
    breakdown = _breakdown(
        body["breakdown"], district=district, city=city, warnings=warnings, unplaced=unplaced, errors=errors
    )
    year = int((re.search(r"〔(\d{4})〕", breakdown.number) or re.search(r"(\d{4})年", breakdown.title))[1])
    report = _work_report(body["report"]) if "report" in body else None
    if report is None:
        warnings.append(ParseWarning(0, "未找到政府工作报告原文，无法比对通知与报告的差异"))
    livelihood = (
        _livelihood(
            body["livelihood"], district=district, city=city, year=year, warnings=warnings, unplaced=unplaced
        )
        if "livelihood" in body
        else None
    )
    division = (
        _division(body["division"], district=district, city=city, warnings=warnings)
        if "division" in body
        else None
    )
    if division is None:
        warnings.append(ParseWarning(0, "未找到领导同志工作分工通知，主办单位只能按首列单位推断"))
    appointments, appointments_date = _appointments(body.get("appointments", []))
    known_names = _known_names(breakdown, division, body.get("chronicle", []))
    chronicle = _chronicle(body.get("chronicle", []), known_names, warnings)
    positions = _positions(lines, known_names, division)

    for task in breakdown.tasks:
        task.targets = extract_targets(task.text)
        task.deadline, task.deadline_note = deadline_for(task.text, year)
    if livelihood:
        for project in livelihood.projects:
            project.targets = extract_targets(project.text)
            project.deadline, project.deadline_note = deadline_for(project.text, year)
    if report:
        _compare(breakdown, report, warnings)
    for task in breakdown.tasks:
        task.title = _short_title(task)

    # A notice uploaded on its own (not inside a gazette issue) is its own document.
    return Gazette(
        title=title or breakdown.title,
        district=district,
        city=city,
        year=year,
        issue=(
            _first_match(lines[:40], r"^(\d{4}年第[\d\-—－]+期)$")
            or _issue_from_header(lines)
            or breakdown.number
        ),
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
        warnings=warnings,
        unplaced=unplaced,
        errors=errors,
    )


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


def _doc_number(
    lines: list[Line], *, district: str, city: str, warnings: list[ParseWarning]
) -> tuple[str, str, int]:
    """(corrected number, number as printed, line) of the first document number in ``lines``."""
    for line in lines[:6]:
        compact = strip_spaces(line.text)
        match = DOC_NUMBER.match(compact)
        if not match:
            continue
        printed = compact.strip("（）()")
        corrected = printed
        if match["own"]:
            return printed, printed, line.no
        if district and match["district"] != district[0]:
            corrected = f"{match['city']}{district[0]}{printed[2:]}"
            warnings.append(
                ParseWarning(
                    line.no,
                    f"文号“{printed}”疑为“{corrected}”之误（提取错字），已按{district}更正",
                    line.text,
                )
            )
        if city and match["city"] != city[0]:
            warnings.append(
                ParseWarning(line.no, f"文号“{printed}”的城市简称与{city}不符，请核对", line.text)
            )
        return corrected, printed, line.no
    return "", "", 0


def _signature_date(lines: list[Line], issuers: tuple[str, ...]) -> tuple[int, dt.date | None]:
    """(index of the signature line, its date) — the notice ends at its signature.

    The date is written 2024年1月12日 or 二〇二四年一月十二日.
    """
    for index, line in enumerate(lines):
        if strip_spaces(line.text) in issuers and index + 1 < len(lines):
            following = strip_spaces(lines[index + 1].text)
            match = DATE.match(following) or CN_DATE.match(following)
            if match:
                return index, _date_from_match(match)
    return -1, None


# --- the work report ------------------------------------------------------------------------


def _work_report(lines: list[Line]) -> WorkReport:
    paragraphs: list[ReportParagraph] = []
    subsections: list[str] = []
    delivered_on, speaker = None, ""
    head = "".join(line.text for line in lines[:6])
    match = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日在", head)
    if match:
        delivered_on = dt.date(int(match[1]), int(match[2]), int(match[3]))
    for line in lines[:8]:
        match = re.match(r"^(区长|县长|市长|代区长)([\u4e00-\u9fff]{2,4})$", strip_spaces(line.text))
        if match:
            speaker = match[2]
    section, subsection, chapter_index, in_plan = "", "", 0, False
    body = join_paragraphs(
        [ln for ln in lines[1:] if not re.match(r"^[（(].*印发[)）]$", ln.text)], is_heading
    )
    for line in body:
        text = line.text
        chapter = CHAPTER.match(text)
        sub = SUBSECTION.match(text)
        if chapter and is_heading(text):
            section, subsection = text, ""
            in_plan = in_plan or bool(re.search(r"\d{4}年工作安排|工作安排|主要任务", text))
            if in_plan and "回顾" not in text and "工作安排" not in text:
                subsections.append(chapter[2])
                chapter_index = len(subsections)
            else:
                chapter_index = 0
            continue
        if sub and is_heading(text) and in_plan:
            subsection = text
            subsections.append(sub[2])
            chapter_index = len(subsections)
            continue
        heading = ""
        lead = re.match(r"^([^，。；：]{2,15})。", text)
        if lead:
            heading = lead[1]
        paragraphs.append(
            ReportParagraph(
                section=" / ".join(s for s in (section, subsection) if s),
                subsection_index=chapter_index if in_plan else -1,
                heading=heading,
                text=text,
                line=line.no,
            )
        )
    return WorkReport(
        title="政府工作报告",
        delivered_on=delivered_on,
        speaker=speaker,
        paragraphs=paragraphs,
        subsections=subsections,
    )


# --- the breakdown notice -------------------------------------------------------------------


def _breakdown(
    lines: list[Line],
    *,
    district: str,
    city: str,
    warnings: list[ParseWarning],
    unplaced: list[Unplaced],
    errors: list[ParseWarning],
) -> BreakdownNotice:
    title_line = lines[0]
    number, printed, number_line = _doc_number(lines[1:], district=district, city=city, warnings=warnings)
    title = strip_spaces(title_line.text)
    if not number:
        if not re.search(r"(\d{4})年", title):
            raise GazetteFormatError(
                expected_zh="分解落实通知标题后的文号（如 济兖政发〔2024〕1号）或标题中的年份",
                found_zh=f"“{lines[1].text[:30] if len(lines) > 1 else ''}”",
                expected_en="a document number after the notice title (e.g. 济兖政发〔2024〕1号) or a year in it",
                found_en=f"“{lines[1].text[:30] if len(lines) > 1 else ''}”",
                line=title_line.no,
            )
        warnings.append(ParseWarning(title_line.no, "通知标题后没有文号，年度取自标题", title))
    end, issued_on = _signature_date(lines, _issuers(city, district))
    if end < 0:
        last = lines[-1]
        raise GazetteFormatError(
            expected_zh="完整的分解落实通知（以落款和日期结束）",
            found_zh=f"在第 {last.no} 行“{last.text[:20]}…”处中断、没有落款的通知（文件可能被截断）",
            expected_en="a complete breakdown notice ending with the issuer's signature and date",
            found_en=f"a notice that stops at line {last.no} without signature (the file seems truncated)",
            line=last.no,
        )
    notice = BreakdownNotice(
        title=title, number=number, number_as_printed=printed, issued_on=issued_on, line=title_line.no
    )
    found = blocks.layout([line for line in lines[1:end] if line.no != number_line])
    warnings.extend(ParseWarning(no, message) for no, message in found.notes)
    errors.extend(ParseWarning(no, f"任务编号：{message}") for no, message in found.errors)
    if not found.blocks:
        raise GazetteFormatError(
            expected_zh="编号的任务（1. … 2. …），每项带“牵头领导/责任单位”等",
            found_zh="没有任何编号任务的通知",
            expected_en="numbered tasks (1. … 2. …), each naming its officials and units",
            found_en="a notice without numbered tasks",
            line=title_line.no,
        )
    chapter_kind, section_kinds = _chapter_levels(found)
    chapters: dict[int, Chapter] = {}
    chapter_numbers: dict[int, int] = {}  # heading line -> chapter number as stored
    renumber_chapters = _restarts([h.number for h in found.headings if h.kind == chapter_kind])
    for heading in found.headings:
        if heading.kind != chapter_kind:
            continue
        stored = len(chapter_numbers) + 1 if renumber_chapters else heading.number
        chapter_numbers[heading.line] = stored
        chapters[stored] = Chapter(
            number=stored, numeral=numeral_text(stored), title=heading.title, line=heading.line
        )
    renumber_tasks = _restarts([b.number for b in found.blocks])
    if renumber_tasks:
        warnings.append(
            ParseWarning(
                found.blocks[0].lines[0].no,
                f"任务编号在各章节内重新开始，已按出现顺序连续编号为 1–{len(found.blocks)}",
            )
        )
    notes: list[str] = []
    for order, block in enumerate(found.blocks, start=1):
        chapter_heading = next((h for h in block.headings if h.kind == chapter_kind), None)
        sections = [h for h in block.headings if h.kind in section_kinds]
        task, note = _task(
            block,
            number=order if renumber_tasks else block.number,
            chapter=chapter_numbers.get(chapter_heading.line, 0) if chapter_heading else 0,
            section=" / ".join(f"{_numeral(h)}{h.title}" for h in sections),
            warnings=warnings,
            unplaced=unplaced,
        )
        notice.tasks.append(task)
        if note:
            notes.append(note)
    used = {t.chapter for t in notice.tasks}
    notice.chapters = [c for n, c in sorted(chapters.items()) if n in used]
    for heading in found.headings:
        if heading.kind != chapter_kind and heading.kind not in section_kinds:
            unplaced.append(
                Unplaced(heading.line, f"{_numeral(heading)}{heading.title}", "结构标题，不是任务")
            )
        elif heading.kind == chapter_kind and chapter_numbers[heading.line] not in used:
            unplaced.append(
                Unplaced(heading.line, f"{_numeral(heading)}{heading.title}", "章节标题下没有任务")
            )
    for line in found.loose:
        unplaced.append(Unplaced(line.no, line.text, "任务之间的文字，不属于任何任务"))
    for line in lines[end + 2 :]:
        if strip_spaces(line.text) not in _issuers(city, district):  # the next notice's issuer line
            unplaced.append(Unplaced(line.no, line.text, "通知落款之后的文字"))
    notice.host_note = notes[0] if notes else ""
    _general_part(notice, found, unplaced)
    return notice


def _issuers(city: str, district: str) -> tuple[str, ...]:
    return (f"{city}{district}人民政府", f"{district}人民政府", f"{city}{district}人民政府办公室")


def _chapter_levels(found: blocks.Layout) -> tuple[str | None, list[str]]:
    """(chapter heading kind, section kinds): the innermost level whose numbers do not restart."""
    with_items = {h.line for b in found.blocks for h in b.headings}
    levels = found.heading_kinds
    chapter = None
    for kind in reversed(levels):
        numbers = [h.number for h in found.headings if h.kind == kind and h.line in with_items]
        if numbers and not _restarts(numbers):
            chapter = kind
            break
    if chapter is None and levels:
        chapter = levels[0]
    sections = levels[levels.index(chapter) + 1 :] if chapter else []
    return chapter, sections


def _restarts(numbers: list[int]) -> bool:
    return any(b <= a for a, b in itertools.pairwise(numbers))


def _numeral(heading: blocks.Heading) -> str:
    """How the heading was numbered: 二、 （二） 3. （3）."""
    if heading.kind == "一、":
        return f"{numeral_text(heading.number)}、"
    if heading.kind == "（一）":
        return f"（{numeral_text(heading.number)}）"
    if heading.kind == "（1）":
        return f"（{heading.number}）"
    return f"{heading.number}."


def _joined(lines: list[Line]) -> str:
    text = ""
    for line in lines:
        text = join_two(text, line.text) if text else line.text
    return text


def _task(
    block: blocks.Block,
    *,
    number: int,
    chapter: int,
    section: str,
    warnings: list[ParseWarning],
    unplaced: list[Unplaced],
) -> tuple[Task, str]:
    """A task and the note its trailer may carry (黑体为主办单位，其他为协办单位)."""
    first = blocks.marker(block.lines[0].text)
    body = _joined([Line(block.lines[0].no, first.rest if first else block.lines[0].text), *block.lines[1:]])
    text, trailer_text, after = split_item(body)
    if not trailer_text:
        warnings.append(
            ParseWarning(
                block.lines[0].no, f"任务 {number} 末尾没有“牵头领导/承办单位”，请核对原文", text[-40:]
            )
        )
    trailer = parse_trailer(trailer_text)
    for message in trailer.messages:
        warnings.append(ParseWarning(block.lines[0].no, f"任务 {number}：{message}"))
    if trailer_text and not trailer.units:
        warnings.append(ParseWarning(block.lines[0].no, f"任务 {number} 没有承办单位"))
    if trailer_text and not trailer.leads:
        warnings.append(ParseWarning(block.lines[0].no, f"任务 {number} 没有牵头领导"))
    note = "；".join(trailer.notes)
    if note:
        warnings.append(ParseWarning(block.lines[-1].no, f"任务 {number} 附注：{note}"))
    if after:
        unplaced.append(Unplaced(block.lines[-1].no, after, f"任务 {number} 括号之后的文字"))
    task = Task(
        number=number,
        chapter=chapter,
        text=text,
        lead_officials=trailer.leads,
        units=trailer.units,
        line=block.lines[0].no,
        section=section,
        printed_number=str(block.number) if block.number != number else "",
    )
    return task, note


def _general_part(notice: BreakdownNotice, found: blocks.Layout, unplaced: list[Unplaced]) -> None:
    """The general requirements and main targets; the rest of the preamble is listed as such.

    The requirements are the paragraph that says 总体要求, or the first one under a heading
    that does (一、总体要求 / 坚持稳中求进…).
    """
    paragraphs = join_paragraphs(found.preamble, is_heading)
    heading = next((h for h in found.headings if "总体要求" in h.title), None)
    under_heading = next((p for p in paragraphs if heading and p.no > heading.line), None)
    for para in paragraphs:
        used = False
        if ("总体要求" in para.text or para is under_heading) and not notice.general_requirements:
            notice.general_requirements = para.text
            used = True
        match = re.search(r"主要预期目标(?:为|是)?[:：](.+)$", para.text)
        if match:
            notice.main_targets_text = match[1]
            notice.main_targets = _main_targets(match[1])
            used = True
        if not used:
            unplaced.append(Unplaced(para.no, para.text, "通知开头的文字（称谓、说明），不属于任何任务"))


def _main_targets(text: str) -> list:
    """GDP增长6.5%，…，城镇和农村居民人均可支配收入分别增长6.5%、7% → one target each."""
    expanded = []
    for clause in re.split(r"[，；。]", text):
        both = re.match(r"^(.+?)和(.+?)(居民.+?)分别(增长|提高)(.+)$", clause)
        if both:
            values = re.split(r"、", both[5])
            for who, value in zip((both[1], both[2]), values, strict=False):
                expanded.append(f"{who}{both[3]}{both[4]}{value}")
        else:
            expanded.append(clause)
    return [t for clause in expanded for t in extract_targets(clause + "。")]


# --- comparing the notice with the report ------------------------------------------------


def _compare(notice: BreakdownNotice, report: WorkReport, warnings: list[ParseWarning]) -> None:
    by_chapter: dict[int, list[ReportParagraph]] = {}
    for para in report.paragraphs:
        by_chapter.setdefault(para.subsection_index, []).append(para)
    chapter_numbers = [c.number for c in notice.chapters]
    for offset, chapter in enumerate(notice.chapters):
        if offset < len(report.subsections):
            chapter.report_title = report.subsections[offset]
            if strip_spaces(chapter.report_title) != strip_spaces(chapter.title):
                chapter.differences = alignment.differences(chapter.report_title, chapter.title)
    for task in notice.tasks:
        index = chapter_numbers.index(task.chapter) + 1 if task.chapter in chapter_numbers else 0
        candidates = by_chapter.get(index) or [p for p in report.paragraphs if p.subsection_index > 0]
        best, score = alignment.best_paragraph(task.text, [p.text for p in candidates])
        if best < 0 or score < 0.3:
            # The chapter mapping may be off: look through the whole plan part.
            candidates = [p for p in report.paragraphs if p.subsection_index > 0]
            best, score = alignment.best_paragraph(task.text, [p.text for p in candidates])
        if best < 0 or score < 0.3:
            warnings.append(ParseWarning(task.line, f"任务 {task.number} 在政府工作报告中找不到对应段落"))
            continue
        paragraph = candidates[best]
        task.report_passage = alignment.passage(task.text, paragraph.text)
        task.differences = alignment.differences(task.report_passage, task.text)
        # The paragraph's lead phrase names the task only when the task opens the paragraph.
        opening = strip_spaces(paragraph.text)[len(paragraph.heading) + 1 :] if paragraph.heading else ""
        if opening and opening.startswith(task.report_passage[:10]):
            task.report_heading = paragraph.heading
    preamble = [p for p in report.paragraphs if p.subsection_index == 0]
    general = notice.general_requirements + notice.main_targets_text
    if general and preamble:
        best, score = alignment.best_paragraph(general, [p.text for p in preamble])
        if best >= 0 and score >= 0.3:
            report_text = alignment.passage(notice.general_requirements, preamble[best].text)
            notice.differences = alignment.differences(report_text, notice.general_requirements)
            targets_report = re.search(r"主要预期目标(?:为|是)?[:：](.+?)(?:，聚力|$)", preamble[best].text)
            if targets_report and notice.main_targets_text:
                notice.differences += alignment.differences(
                    targets_report[1].rstrip("。"), notice.main_targets_text.rstrip("。")
                )


def _short_title(task: Task) -> str:
    first = re.split(r"[，。；]", task.text, maxsplit=1)[0]
    if 4 <= len(first) <= 18:
        return first
    if task.report_heading:
        return task.report_heading
    return first[:18] + "…"


# --- the livelihood-projects notice --------------------------------------------------------


def _livelihood(
    lines: list[Line],
    *,
    district: str,
    city: str,
    year: int,
    warnings: list[ParseWarning],
    unplaced: list[Unplaced],
) -> LivelihoodNotice:
    """The livelihood projects, from a table (tab-separated rows) or numbered paragraphs."""
    number, printed, number_line = _doc_number(lines[1:], district=district, city=city, warnings=warnings)
    signature, issued_on = _signature_date(lines, _issuers(city, district))
    notice = LivelihoodNotice(
        title=strip_spaces(lines[0].text),
        number=number,
        number_as_printed=printed,
        issued_on=issued_on,
        line=lines[0].no,
    )
    body = [line for line in lines[1:] if line.no != number_line]
    if signature >= 0:
        body = [line for line in body if line.no not in (lines[signature].no, lines[signature + 1].no)]
    if any("\t" in line.text for line in body):
        notice.projects = _livelihood_table(body, warnings, unplaced)
    else:
        notice.projects = _livelihood_paragraphs(body, warnings, unplaced)
    count = COUNT_IN_TITLE.search(notice.title)
    if count and len(notice.projects) < chinese_numeral(count[1]):
        raise GazetteFormatError(
            expected_zh=f"{count[1]}件民生实事",
            found_zh=f"只有 {len(notice.projects)} 件（文件可能被截断）",
            expected_en=f"{chinese_numeral(count[1])} livelihood projects",
            found_en=f"only {len(notice.projects)} (the file seems truncated)",
            line=lines[-1].no,
        )
    return notice


LIVELIHOOD_COLUMNS = {
    "number": ("序号", "编号"),
    "title": ("名称", "项目"),
    "text": ("内容", "目标", "任务"),
    "host": ("主办", "牵头", "责任"),
    "co": ("协办", "配合"),
}


def _livelihood_table(
    lines: list[Line], warnings: list[ParseWarning], unplaced: list[Unplaced]
) -> list[LivelihoodProject]:
    """Rows of a table whose header names its columns (序号 项目名称 项目主要内容 主办单位 协办单位)."""
    header = next(
        (r for r in lines if "\t" in r.text and r.text.split("\t")[0].strip() in ("序号", "编号")), None
    )
    names = (
        [c.strip() for c in header.text.split("\t")]
        if header
        else ["序号", "项目名称", "项目主要内容", "主办单位", "协办单位"]
    )
    columns: dict[str, int] = {}
    for role, words in LIVELIHOOD_COLUMNS.items():
        for index, name in enumerate(names):
            if index not in columns.values() and any(word in name for word in words):
                columns[role] = index
                break
    projects = []
    for row in lines:
        if row is header:
            continue
        if "\t" not in row.text:
            unplaced.append(Unplaced(row.no, row.text, "民生实事通知的正文，不属于任何项目"))
            continue
        cells = [c.strip() for c in row.text.split("\t")]

        def cell(role: str, cells: list[str] = cells) -> str:
            index = columns.get(role)
            return cells[index] if index is not None and index < len(cells) else ""

        if not cell("number").isdigit():
            warnings.append(ParseWarning(row.no, "民生实事表中无法识别的行", row.text[:60]))
            unplaced.append(Unplaced(row.no, row.text, "民生实事表中无法识别的行"))
            continue
        host, _ = split_unit_list(cell("host"))
        co, _ = split_unit_list(cell("co"))
        projects.append(
            LivelihoodProject(
                number=int(cell("number")),
                title=normalize_line(cell("title")),
                text=normalize_line(cell("text")),
                host_units=host,
                co_units=co,
                line=row.no,
            )
        )
    return projects


def _livelihood_paragraphs(
    lines: list[Line], warnings: list[ParseWarning], unplaced: list[Unplaced]
) -> list[LivelihoodProject]:
    """Numbered paragraphs: 1.托育服务扩容工程。新增托位300个。（主办单位：…；协办单位：…）."""
    found = blocks.layout(lines)
    for line in found.preamble + found.loose:
        unplaced.append(Unplaced(line.no, line.text, "民生实事通知的正文，不属于任何项目"))
    for heading in found.headings:
        unplaced.append(Unplaced(heading.line, f"{_numeral(heading)}{heading.title}", "民生实事通知中的标题"))
    projects = []
    for order, block in enumerate(found.blocks, start=1):
        first = blocks.marker(block.lines[0].text)
        head = first.rest if first else block.lines[0].text
        rest = _joined(block.lines[1:])
        if (
            rest
            and len(head) <= 30
            and not re.search(r"[。，、；;,]", head)
            and not blocks.LABEL.search(head)
        ):
            title, (text, trailer_text, after) = head, split_item(rest)
        else:
            text, trailer_text, after = split_item(join_two(head, rest) if rest else head)
            match = re.match(r"^([^。：:，]{2,30})[。：:](.+)$", text)
            title, text = (match[1], match[2]) if match else (text[:20], text)
        trailer = parse_trailer(trailer_text)
        if not trailer.units:
            warnings.append(ParseWarning(block.lines[0].no, f"民生实事 {order} 没有主办单位", title))
        if after:
            unplaced.append(Unplaced(block.lines[-1].no, after, f"民生实事 {order} 括号之后的文字"))
        explicit = any(ref.role for ref in trailer.units)
        host = [r for r in trailer.units if r.role == "host"] if explicit else trailer.units[:1]
        co = [r for r in trailer.units if r not in host]
        projects.append(
            LivelihoodProject(
                number=order,
                title=title,
                text=text.strip(),
                host_units=host,
                co_units=co,
                line=block.lines[0].no,
            )
        )
    return projects


# --- the division of labour ----------------------------------------------------------------


def _division(
    lines: list[Line], *, district: str, city: str, warnings: list[ParseWarning]
) -> DivisionOfLabour:
    number, printed, number_line = _doc_number(lines[1:], district=district, city=city, warnings=warnings)
    end, issued_on = _signature_date(lines, _issuers(city, district))
    notice = DivisionOfLabour(
        title=strip_spaces(lines[0].text),
        number=number,
        number_as_printed=printed,
        issued_on=issued_on,
        line=lines[0].no,
    )
    leader_start = re.compile(rf"^(?P<name>{NAME})(?P<note>[（(]挂职[)）])?同志")

    def starts_new(text: str) -> bool:
        return bool(leader_start.match(text)) or text.startswith(("分管", "联系", "根据", "履行", "协助"))

    body = join_paragraphs(
        [ln for ln in lines[1 : end if end > 0 else None] if ln.no != number_line], starts_new
    )
    leader: Leader | None = None
    closing: list[str] = []
    for para in body:
        match = leader_start.match(para.text)
        if match and not para.text.startswith("根据"):
            leader = Leader(
                name=match["name"],
                position="",
                order=len(notice.leaders) + 1,
                duties="",
                supervises=[],
                liaises=[],
                liaison_work=[],
                line=para.no,
            )
            notice.leaders.append(leader)
            _leader_sentences(leader, para.text[match.end() :])
        elif "补位" in para.text:
            closing.append(para.text)
        elif leader is not None:
            _leader_sentences(leader, para.text)
    names = "|".join(sorted((re.escape(leader.name) for leader in notice.leaders), key=len, reverse=True))
    for text in closing:
        if names:
            notice.pairs += [(m[1], m[2]) for m in re.finditer(rf"({names})同志与({names})同志", text)]
            notice.acting += [
                (m[1], m[2]) for m in re.finditer(rf"({names})同志出区.*?由({names})同志主持", text)
            ]
    if not notice.leaders:
        warnings.append(ParseWarning(lines[0].no, "领导同志工作分工通知中未识别出任何领导"))
    return notice


def _leader_sentences(leader: Leader, text: str) -> None:
    for sentence in [s for s in re.split(r"(?<=。)", text) if s.strip()]:
        body = sentence.strip().rstrip("。")
        if body.startswith("分管"):
            units, _ = split_unit_list(body[2:])
            leader.supervises += units
        elif body.startswith("联系"):
            rest = body[2:]
            if rest.endswith("工作"):
                leader.liaison_work += [w for w in re.split(r"[、，]", rest[:-2]) if w]
            else:
                units, _ = split_unit_list(rest, strict=True)
                leader.liaises += units
        else:
            if "主持区政府全面工作" in body or re.search(r"主持.{0,4}政府全面工作", body):
                leader.presides = True
            leader.duties = (leader.duties + sentence.strip()) if leader.duties else sentence.strip()


# --- appointments and the chronicle ----------------------------------------------------------


def _appointments(lines: list[Line]) -> tuple[list[Appointment], dt.date | None]:
    if not lines:
        return [], None
    decided_on = None
    for line in lines[:4]:
        match = CN_DATE.match(strip_spaces(line.text)) or DATE.match(strip_spaces(line.text))
        if match:
            decided_on = _date_from_match(match)
    found: list[Appointment] = []
    body = join_paragraphs([ln for ln in lines[1:] if not CN_DATE.match(ln.text) and not DATE.match(ln.text)])
    for para in body:
        if para.text.endswith("决定：") or para.text.endswith("决定:"):
            continue
        for clause in [c for c in re.split(r"[；。]", para.text) if c]:
            found.extend(_appointment_clause(clause, para.no))
    return found, decided_on


def _appointment_clause(clause: str, line: int) -> list[Appointment]:
    out = []
    match = re.match(rf"^聘任({NAME}?)为(.+?)(?:，|$)", clause)
    if match:
        out.append(Appointment(match[1], "hire", match[2], clause, line))
        ended = re.search(r"不再聘任(.+?)职务", clause)
        if ended:
            out.append(Appointment(match[1], "end_hire", ended[1], clause, line))
        return out
    match = re.match(rf"^({NAME}?)不再担任(.+?)职务$", clause)
    if match:
        return [Appointment(match[1], "remove", match[2], clause, line)]
    match = re.match(rf"^({NAME}?)任(.+?)(?:，不再担任(.+?)职务)?$", clause)
    if match and not match[2].startswith("职"):
        out.append(Appointment(match[1], "appoint", match[2], clause, line))
        if match[3]:
            out.append(Appointment(match[1], "remove", match[3], clause, line))
        return out
    return [Appointment("", "note", "", clause, line)]


def _date_from_match(match: re.Match[str]) -> dt.date:
    parts = []
    for group in match.groups():
        if group.isdigit():
            parts.append(int(group))
        elif len(group) == 4:
            parts.append(int("".join(str(chinese_numeral(ch)) for ch in group)))
        else:
            parts.append(chinese_numeral(group))
    return dt.date(*parts)


CHRONICLE_ENTRY = re.compile(r"^(?P<day>\d{1,2})(?:[-—–－](?P<end>\d{1,2}))?日\s*")
MONTH = re.compile(r"^(\d{4})年(\d{1,2})月$")


def _chronicle(lines: list[Line], known: list[str], warnings: list[ParseWarning]) -> list[ChronicleEntry]:
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
            warnings.append(ParseWarning(para.no, "大事记：此行不是新条目，已并入上一条", text[:40]))
    for entry in entries:
        if not ends_sentence(entry.text):
            entry.text += "。"
        entry.names = sorted((name for name in known if name in entry.text), key=entry.text.index)
    _similar_names(known, warnings)
    return entries


def _similar_names(names: list[str], warnings: list[ParseWarning]) -> None:
    """Two names one character apart (戴宪亭 / 戴宪亨) are likely one person mis-typed."""
    for i, left in enumerate(names):
        for right in names[i + 1 :]:
            if len(left) == len(right) == 3 and left[:2] == right[:2]:
                warnings.append(ParseWarning(0, f"大事记中“{left}”与“{right}”仅差一字，可能是同一人，请核对"))


def _known_names(
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


def _positions(lines: list[Line], known: list[str], division: DivisionOfLabour | None) -> dict[str, str]:
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
