"""The breakdown notice inside a gazette issue: numbered tasks in chapters, with their trailers."""

from __future__ import annotations

import itertools
import re

from . import blocks
from .context import ParseContext
from .errors import GazetteFormatError
from .masthead import doc_number, issuers, signature_date
from .model import (
    BreakdownNotice,
    Chapter,
    Task,
)
from .targets import extract_targets
from .text import (
    Line,
    is_heading,
    join_paragraphs,
    join_two,
    numeral_text,
    strip_spaces,
)
from .trailers import parse_trailer, split_item


def read_breakdown(
    lines: list[Line],
    *,
    district: str,
    city: str,
    ctx: ParseContext,
) -> BreakdownNotice:
    notice, number_line, end = _head(lines, district=district, city=city, ctx=ctx)
    found = blocks.layout([line for line in lines[1:end] if line.no != number_line])
    for no, message in found.notes:
        ctx.warn(no, message)
    for no, message in found.errors:
        ctx.error(no, f"任务编号：{message}")
    if not found.blocks:
        raise GazetteFormatError(
            expected_zh="编号的任务（1. … 2. …），每项带“牵头领导/责任单位”等",
            found_zh="没有任何编号任务的通知",
            expected_en="numbered tasks (1. … 2. …), each naming its officials and units",
            found_en="a notice without numbered tasks",
            line=lines[0].no,
        )
    chapter_kind, section_kinds = _chapter_levels(found)
    chapters, chapter_numbers = _chapters(found, chapter_kind)
    notes = _tasks(notice, found, chapter_kind, section_kinds, chapter_numbers, ctx)
    used = {t.chapter for t in notice.tasks}
    notice.chapters = [c for n, c in sorted(chapters.items()) if n in used]
    for heading in found.headings:
        if heading.kind != chapter_kind and heading.kind not in section_kinds:
            ctx.unplace(heading.line, f"{numeral(heading)}{heading.title}", "结构标题，不是任务")
        elif heading.kind == chapter_kind and chapter_numbers[heading.line] not in used:
            ctx.unplace(heading.line, f"{numeral(heading)}{heading.title}", "章节标题下没有任务")
    for line in found.loose:
        ctx.unplace(line.no, line.text, "任务之间的文字，不属于任何任务")
    for line in lines[end + 2 :]:
        if strip_spaces(line.text) not in issuers(city, district):  # the next notice's issuer line
            ctx.unplace(line.no, line.text, "通知落款之后的文字")
    notice.host_note = notes[0] if notes else ""
    _general_part(notice, found, ctx)
    return notice


def _head(
    lines: list[Line], *, district: str, city: str, ctx: ParseContext
) -> tuple[BreakdownNotice, int, int]:
    """(the notice with its title, number and date; the number's line; the signature's index)."""
    title_line = lines[0]
    number, printed, number_line = doc_number(lines[1:], district=district, city=city, ctx=ctx)
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
        ctx.warn(title_line.no, "通知标题后没有文号，年度取自标题", title)
    end, issued_on = signature_date(lines, issuers(city, district))
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
    return notice, number_line, end


def _chapters(found: blocks.Layout, chapter_kind: str | None) -> tuple[dict[int, Chapter], dict[int, int]]:
    """(chapters by stored number, heading line -> stored number); renumbered where numbers restart."""
    chapters: dict[int, Chapter] = {}
    chapter_numbers: dict[int, int] = {}
    renumber = _restarts([h.number for h in found.headings if h.kind == chapter_kind])
    for heading in found.headings:
        if heading.kind != chapter_kind:
            continue
        stored = len(chapter_numbers) + 1 if renumber else heading.number
        chapter_numbers[heading.line] = stored
        chapters[stored] = Chapter(
            number=stored, numeral=numeral_text(stored), title=heading.title, line=heading.line
        )
    return chapters, chapter_numbers


def _tasks(
    notice: BreakdownNotice,
    found: blocks.Layout,
    chapter_kind: str | None,
    section_kinds: list[str],
    chapter_numbers: dict[int, int],
    ctx: ParseContext,
) -> list[str]:
    """Append the notice's tasks; returns the notes their trailers carry."""
    renumber = _restarts([b.number for b in found.blocks])
    if renumber:
        ctx.warn(
            found.blocks[0].lines[0].no,
            f"任务编号在各章节内重新开始，已按出现顺序连续编号为 1–{len(found.blocks)}",
        )
    notes: list[str] = []
    for order, block in enumerate(found.blocks, start=1):
        chapter_heading = next((h for h in block.headings if h.kind == chapter_kind), None)
        sections = [h for h in block.headings if h.kind in section_kinds]
        task, note = _task(
            block,
            number=order if renumber else block.number,
            chapter=chapter_numbers.get(chapter_heading.line, 0) if chapter_heading else 0,
            section=" / ".join(f"{numeral(h)}{h.title}" for h in sections),
            ctx=ctx,
        )
        notice.tasks.append(task)
        if note:
            notes.append(note)
    return notes


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


def numeral(heading: blocks.Heading) -> str:
    """How the heading was numbered: 二、 （二） 3. （3）."""
    if heading.kind == "一、":
        return f"{numeral_text(heading.number)}、"
    if heading.kind == "（一）":
        return f"（{numeral_text(heading.number)}）"
    if heading.kind == "（1）":
        return f"（{heading.number}）"
    return f"{heading.number}."


def joined(lines: list[Line]) -> str:
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
    ctx: ParseContext,
) -> tuple[Task, str]:
    """A task and the note its trailer may carry (黑体为主办单位，其他为协办单位)."""
    first = blocks.marker(block.lines[0].text)
    body = joined([Line(block.lines[0].no, first.rest if first else block.lines[0].text), *block.lines[1:]])
    text, trailer_text, after = split_item(body)
    if not trailer_text:
        ctx.warn(block.lines[0].no, f"任务 {number} 末尾没有“牵头领导/承办单位”，请核对原文", text[-40:])
    trailer = parse_trailer(trailer_text)
    for message in trailer.messages:
        ctx.warn(block.lines[0].no, f"任务 {number}：{message}")
    if trailer_text and not trailer.units:
        ctx.warn(block.lines[0].no, f"任务 {number} 没有承办单位")
    if trailer_text and not trailer.leads:
        ctx.warn(block.lines[0].no, f"任务 {number} 没有牵头领导")
    note = "；".join(trailer.notes)
    if note:
        ctx.warn(block.lines[-1].no, f"任务 {number} 附注：{note}")
    if after:
        ctx.unplace(block.lines[-1].no, after, f"任务 {number} 括号之后的文字")
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


def _general_part(notice: BreakdownNotice, found: blocks.Layout, ctx: ParseContext) -> None:
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
            ctx.unplace(para.no, para.text, "通知开头的文字（称谓、说明），不属于任何任务")


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
