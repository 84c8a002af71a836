"""The Word bulletin (通报), laid out like a Chinese government document (GB/T 9704 spirit).

Fonts are the ones Word and WPS have on office machines (宋体, 黑体, 仿宋, 楷体); nothing
is embedded or fetched. A4, 37/35/28/26 mm margins, body 三号仿宋 on a fixed 28 pt line.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from apps.gazette.parsing.text import numeral_text
from apps.supervision import clock

from .selectors import PeriodReport

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号


def _font(run, name: str, size: Pt, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
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


def bulletin_title(report: PeriodReport) -> str:
    plan, period = report.plan, report.period
    return f"关于{plan.year}年政府工作报告任务落实情况的通报（{period.short_label}）"


def build_bulletin(report: PeriodReport) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.name = "仿宋"
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")

    _paragraph(
        document,
        "督 查 通 报",
        font="宋体",
        size=Pt(26),
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        color=RGBColor(0xC0, 0x00, 0x00),
    )
    _paragraph(
        document,
        f"区委区政府督查室　　　　　　　　{clock.today():%Y年%-m月%-d日}",
        size=Pt(14),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    _paragraph(document, "", indent=False)
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

    lights = report.by_light
    total = len(report.rows)
    _paragraph(
        document,
        f"按照“周盘点、旬推进、月调度”督查机制，现将{report.period.short_label}"
        f"（{report.period.start:%-m月%-d日}至{report.period.end:%-m月%-d日}）政府工作报告任务和为民办实事落实情况通报如下。",
    )
    _paragraph(document, "一、总体情况", font="黑体", bold=False)
    _paragraph(
        document,
        f"纳入督查的{total}项事项中，已完成{lights['done']}项，绿灯{lights['green']}项，黄灯{lights['yellow']}项，"
        f"红灯{lights['red']}项，未评{lights['none']}项。本期应报送进展{report.expected}项次，按时报送{report.on_time}项次，"
        f"迟报{report.late}项次，未报{report.missing}项次；{report.reporting_units}个主办单位中，"
        f"{report.reported_units_on_time}个单位全部按时报送。",
    )
    _paragraph(document, "二、通报表扬", font="黑体")
    if report.commend:
        names = "、".join(u.name for u in report.commend)
        _paragraph(
            document,
            f"{names}等{len(report.commend)}个单位本期全部按时报送，平均进度高于全区平均水平，且无红灯事项，予以通报表扬。",
        )
    else:
        _paragraph(document, "本期没有全部按时报送且进度领先的单位。")
    _paragraph(document, "三、通报曝光", font="黑体")
    if report.name:
        for unit in report.name:
            parts = []
            if unit.missing:
                parts.append(f"未报{unit.missing}项次")
            if unit.late:
                parts.append(f"迟报{unit.late}项次")
            if unit.red:
                parts.append(f"红灯事项{unit.red}项")
            _paragraph(document, f"{unit.name}：{'，'.join(parts)}。")
    else:
        _paragraph(document, "本期所有主办单位均按时报送，无红灯事项。")
    _paragraph(document, "四、红灯事项及存在问题", font="黑体")
    if report.red_rows:
        for index, row in enumerate(report.red_rows, start=1):
            problems = row.report.problems if row.report and row.report.problems else "本期未报告存在问题"
            kind = "任务" if row.item.kind == "task" else "实事"
            _paragraph(
                document,
                f"（{numeral_text(index)}）{kind}{row.item.number}“{row.item.title}”（牵头领导：{'、'.join(row.leads) or '—'}；"
                f"主办单位：{'、'.join(row.hosts)}），完成进度{row.item.progress}%。存在问题：{problems}。",
            )
    else:
        _paragraph(document, "本期无红灯事项。")
    _paragraph(document, "五、下步要求", font="黑体")
    _paragraph(
        document,
        "各承办单位要对照任务目标，倒排工期、挂图作战；被通报曝光的单位要于下周五17:00前报送整改情况，"
        "红灯事项的牵头领导要专题调度，督查室将跟踪督办，定期通报。",
    )
    _paragraph(document, "", indent=False)
    _paragraph(document, "区委区政府督查室", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(document, f"{clock.today():%Y年%-m月%-d日}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
