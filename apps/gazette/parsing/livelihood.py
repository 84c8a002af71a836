"""The livelihood-projects notice (为民办实事), as a table or as numbered paragraphs."""

from __future__ import annotations

import re

from . import blocks
from .breakdown import joined, numeral
from .context import ParseContext
from .errors import GazetteFormatError
from .masthead import doc_number, issuers, signature_date
from .model import (
    LivelihoodNotice,
    LivelihoodProject,
)
from .text import (
    Line,
    chinese_numeral,
    join_two,
    normalize_line,
    strip_spaces,
)
from .trailers import parse_trailer, split_item
from .units import split_unit_list

COUNT_IN_TITLE = re.compile(r"([一二三四五六七八九十]+)件")


def read_livelihood(
    lines: list[Line],
    *,
    district: str,
    city: str,
    year: int,
    ctx: ParseContext,
) -> LivelihoodNotice:
    """The livelihood projects, from a table (tab-separated rows) or numbered paragraphs."""
    number, printed, number_line = doc_number(lines[1:], district=district, city=city, ctx=ctx)
    signature, issued_on = signature_date(lines, issuers(city, district))
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
        notice.projects = _livelihood_table(body, ctx)
    else:
        notice.projects = livelihood_paragraphs(body, ctx)
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


def _livelihood_table(lines: list[Line], ctx: ParseContext) -> list[LivelihoodProject]:
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
            ctx.unplace(row.no, row.text, "民生实事通知的正文，不属于任何项目")
            continue
        cells = [c.strip() for c in row.text.split("\t")]

        def cell(role: str, cells: list[str] = cells) -> str:
            index = columns.get(role)
            return cells[index] if index is not None and index < len(cells) else ""

        if not cell("number").isdigit():
            ctx.warn(row.no, "民生实事表中无法识别的行", row.text[:60])
            ctx.unplace(row.no, row.text, "民生实事表中无法识别的行")
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


def livelihood_paragraphs(lines: list[Line], ctx: ParseContext) -> list[LivelihoodProject]:
    """Numbered paragraphs: 1.托育服务扩容工程。新增托位300个。（主办单位：…；协办单位：…）."""
    found = blocks.layout(lines)
    for line in found.preamble + found.loose:
        ctx.unplace(line.no, line.text, "民生实事通知的正文，不属于任何项目")
    for heading in found.headings:
        ctx.unplace(heading.line, f"{numeral(heading)}{heading.title}", "民生实事通知中的标题")
    projects = []
    for order, block in enumerate(found.blocks, start=1):
        first = blocks.marker(block.lines[0].text)
        head = first.rest if first else block.lines[0].text
        rest = joined(block.lines[1:])
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
            ctx.warn(block.lines[0].no, f"民生实事 {order} 没有主办单位", title)
        if after:
            ctx.unplace(block.lines[-1].no, after, f"民生实事 {order} 括号之后的文字")
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
