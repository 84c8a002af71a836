"""The Word bulletin (督查通报), laid out like a Chinese government document (GB/T 9704 spirit).

Masthead (red 督查通报, 期号, issuing office and date over a red rule), title, body in five
parts, signature, and the closing block (版记: 主送, 抄送, issuing office and date between
rules). Fonts are the ones Word and WPS have on office machines (宋体, 黑体, 仿宋, 楷体);
nothing is embedded or fetched. A4, 37/35/28/26 mm margins, body 三号仿宋 on a fixed 28 pt line.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from apps.gazette.parsing.text import numeral_text
from apps.supervision import clock
from apps.supervision.periods import Period, periods_between
from apps.supervision.standings import reporting_start
from apps.tracking import formats
from apps.tracking.cells import plain_text
from apps.tracking.models import Plan

from .selectors import PeriodReport

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
RED = RGBColor(0xC0, 0x00, 0x00)
OFFICE = "区委区政府督查室"
RECIPIENTS = "各镇街，区直各部门、单位。"
COPIED_TO = "区委办公室，区人大常委会办公室，区政协办公室，区纪委监委机关。"
TEXT_WIDTH = Cm(21.0 - 2.8 - 2.6)
# What may follow w:pBdr inside w:pPr (ECMA-376 CT_PPrBase), to insert the border in order.
AFTER_BORDERS = (
    *("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct"),
    *("w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd"),
    *("w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents"),
    *("w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap"),
    *("w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
)


# --- quotation marks ----------------------------------------------------------------------


def chinese_quotes(text: str) -> str:
    """Straight double quotes become Chinese ones, opening and closing in turn: "a" → “a”."""
    out, opening = [], True
    for ch in text:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def quoted(text: str) -> str:
    """``text`` inside “…”, its own quotes one level down (“ ↔ ‘), as Chinese typesetting nests them."""
    inner = chinese_quotes(text).translate(str.maketrans("“”‘’", "‘’“”"))
    return f"“{inner}”"


def prose(text: str) -> str:
    """User text for a paragraph: XML-safe, Chinese quotes, no doubled full stop at the end."""
    return chinese_quotes(plain_text(text)).strip().rstrip("。；;，,")


# --- paragraphs ---------------------------------------------------------------------------


def _font(run, name: str, size: Pt, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    properties = run._element.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    # Quotes (“ ” ‘ ’) are shared by Western and CJK text; without the hint Word and WPS set
    # them in the Western font, narrow and looking like straight quotes.
    fonts.set(qn("w:hint"), "eastAsia")
    language = OxmlElement("w:lang")
    language.set(qn("w:eastAsia"), "zh-CN")
    properties.append(language)
    if color is not None:
        run.font.color.rgb = color


def _paragraph(
    document,
    text: str,
    *,
    font: str = "仿宋",
    size: Pt = SIZE_3,
    bold: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    color=None,
):
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    _font(paragraph.add_run(text), font, size, bold=bold, color=color)
    return paragraph


def _border(paragraph, *, color: str = "000000", eighths: int = 8) -> None:
    """A line under the paragraph, as wide as its indents allow (``eighths`` of a point thick)."""
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        # Word rejects a pPr whose children are out of the schema's order.
        borders = OxmlElement("w:pBdr")
        properties.insert_element_before(borders, *AFTER_BORDERS)
    line = OxmlElement("w:bottom")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(eighths))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def _rule(document, *, eighths: int = 8):
    """A full-width rule: an empty, one-point-high paragraph with a bottom border."""
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    fmt.space_before = fmt.space_after = Pt(0)
    _border(paragraph, eighths=eighths)
    return paragraph


def _two_sided(document, left: str, right: str, *, size: Pt = SIZE_3, font: str = "仿宋"):
    """One line, ``left`` and ``right`` one character in from the margins (GB/T 9704).

    The inset is a first-line indent and a right tab stop, not paragraph indents, so a
    border on this paragraph runs the full width of the text block.
    """
    paragraph = _paragraph(
        document, f"{left}\t{right}", size=size, font=font, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT
    )
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(size.pt)
    fmt.tab_stops.add_tab_stop(TEXT_WIDTH - Pt(size.pt), WD_TAB_ALIGNMENT.RIGHT)
    return paragraph


# --- the document -------------------------------------------------------------------------


def bulletin_title(report: PeriodReport) -> str:
    plan, period = report.plan, report.period
    return f"关于{plan.year}年政府工作报告任务落实情况的通报（{period.short_label}）"


def bulletin_issue(*, plan: Plan, period: Period) -> int:
    """期号: the period's position among the plan's reporting periods of its kind in its year.

    Counted from the first reporting week (the Monday after the breakdown notice) to this
    period inclusive, among the periods ending in the same year, so the weekly beat's
    bulletins run 第1期, 第2期 … without gaps. Worked out from the calendar rather than from
    the archive: regenerating a bulletin, an ad-hoc one for another filter, a failed run or a
    bulletin exported from the command line all get the same number for the same period.
    Weekly, ten-day and monthly bulletins are separate series.
    """
    year = period.end.year
    first = max(reporting_start(plan), dt.date(year, 1, 1))
    periods = [p for p in periods_between(period.kind, first, period.end) if p.end.year == year]
    return max(1, len(periods))


def build_bulletin(report: PeriodReport, *, issue: int | None = None) -> bytes:
    document = Document()
    _page_setup(document)
    today = formats.day_text(clock.today())
    _masthead(document, issue or bulletin_issue(plan=report.plan, period=report.period), today)
    _paragraph(
        document,
        bulletin_title(report),
        font="宋体",
        size=SIZE_2,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    _paragraph(document, "", indent=False)
    _body(document, report)
    _paragraph(document, "", indent=False)
    _paragraph(document, "", indent=False)
    signature = _paragraph(document, OFFICE, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    dated = _paragraph(document, today, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    for paragraph in (signature, dated):
        paragraph.paragraph_format.right_indent = Pt(64)  # GB/T 9704: four characters in
    _closing(document, today)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page_setup(document) -> None:
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.name = "仿宋"
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")


def _masthead(document, issue: int, today: str) -> None:
    """督查通报 in red, the issue number, then office and date over the red rule."""
    _paragraph(
        document,
        "督 查 通 报",
        font="宋体",
        size=Pt(36),
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        color=RED,
    ).paragraph_format.line_spacing = Pt(54)
    _paragraph(document, f"第{issue}期", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    office = _two_sided(document, OFFICE, today)
    office.paragraph_format.space_before = Pt(8)
    _border(office, color="C00000", eighths=18)
    _paragraph(document, "", indent=False)


def _body(document, report: PeriodReport) -> None:
    period = report.period
    lights = report.by_light
    _paragraph(
        document,
        f"按照“周盘点、旬推进、月调度”督查机制，现将{period.short_label}"
        f"（{period.start.month}月{period.start.day}日至{period.end.month}月{period.end.day}日）"
        "政府工作报告任务和为民办实事落实情况通报如下。",
    )
    _paragraph(document, "一、总体情况", font="黑体")
    _paragraph(
        document,
        f"纳入督查的{len(report.rows)}项事项中，已完成{lights['done']}项，绿灯{lights['green']}项，"
        f"黄灯{lights['yellow']}项，红灯{lights['red']}项，未评{lights['none']}项。"
        f"本期应报送进展{report.expected}项次，按时报送{report.on_time}项次，"
        f"迟报{report.late}项次，未报{report.missing}项次；{report.reporting_units}个主办单位中，"
        f"{report.reported_units_on_time}个单位全部按时报送。",
    )
    _paragraph(document, "二、通报表扬", font="黑体")
    if report.commend:
        names = "、".join(prose(u.name) for u in report.commend)
        _paragraph(
            document,
            f"{names}等{len(report.commend)}个单位本期全部按时报送，平均进度高于全区平均水平，"
            "且无红灯事项，予以通报表扬。",
        )
    else:
        _paragraph(document, "本期没有全部按时报送且进度领先的单位。")
    _paragraph(document, "三、通报曝光", font="黑体")
    for unit in report.name:
        parts = [
            f"{label}{count}{measure}"
            for label, count, measure in (
                ("未报", unit.missing, "项次"),
                ("迟报", unit.late, "项次"),
                ("红灯事项", unit.red, "项"),
            )
            if count
        ]
        _paragraph(document, f"{prose(unit.name)}：{'，'.join(parts)}。")
    if not report.name:
        _paragraph(document, "本期所有主办单位均按时报送，无红灯事项。")
    _red_items(document, report)
    _paragraph(document, "五、下步要求", font="黑体")
    _paragraph(
        document,
        "各承办单位要对照任务目标，倒排工期、挂图作战；被通报曝光的单位要于下周五17:00前报送整改情况，"
        "红灯事项的牵头领导要专题调度，督查室将跟踪督办，定期通报。",
    )


def _red_items(document, report: PeriodReport) -> None:
    _paragraph(document, "四、红灯事项及存在问题", font="黑体")
    for index, row in enumerate(report.red_rows, start=1):
        problems = prose(row.report.problems) if row.report and row.report.problems else ""
        kind = "任务" if row.item.kind == "task" else "实事"
        leads = "、".join(prose(name) for name in row.leads) or "—"
        hosts = "、".join(prose(name) for name in row.hosts)
        _paragraph(
            document,
            f"（{numeral_text(index)}）{kind}{row.item.number}{quoted(plain_text(row.item.title))}"
            f"（牵头领导：{leads}；主办单位：{hosts}），完成进度{formats.number_text(row.progress)}%。"
            f"存在问题：{problems or '本期未报告存在问题'}。",
        )
    if not report.red_rows:
        _paragraph(document, "本期无红灯事项。")


def _closing(document, today: str) -> None:
    """版记: 主送 and 抄送, then the issuing office and date, between rules (outer ones thicker)."""
    _paragraph(document, "", indent=False)
    _rule(document, eighths=8)
    for label, names in (("主送", RECIPIENTS), ("抄送", COPIED_TO)):
        paragraph = _paragraph(document, f"{label}：{names}", size=SIZE_4, indent=False)
        fmt = paragraph.paragraph_format
        # One character in; wrapped lines align after "抄送：".
        fmt.left_indent, fmt.first_line_indent = Pt(14 * 4), Pt(-14 * 3)
        fmt.right_indent = Pt(14)
        _rule(document, eighths=4)
    _two_sided(document, OFFICE, f"{today}印发", size=SIZE_4)
    _rule(document, eighths=8)
