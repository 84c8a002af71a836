"""The adopted work report (政府工作报告), and where a notice's wording departs from it."""

from __future__ import annotations

import datetime as dt
import re

from . import alignment
from .context import ParseContext
from .model import (
    BreakdownNotice,
    ReportParagraph,
    Task,
    WorkReport,
)
from .text import (
    CN_NUMERALS,
    Line,
    is_heading,
    join_paragraphs,
    strip_spaces,
)

CHAPTER = re.compile(rf"^([{CN_NUMERALS}]+)、(.+)$")
SUBSECTION = re.compile(rf"^[（(]([{CN_NUMERALS}]+)[)）](.+)$")


def work_report(lines: list[Line]) -> WorkReport:
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


def compare_with_report(notice: BreakdownNotice, report: WorkReport, ctx: ParseContext) -> None:
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
            ctx.warn(task.line, f"任务 {task.number} 在政府工作报告中找不到对应段落")
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


def short_title(task: Task) -> str:
    first = re.split(r"[，。；]", task.text, maxsplit=1)[0]
    if 4 <= len(first) <= 18:
        return first
    if task.report_heading:
        return task.report_heading
    return first[:18] + "…"
