"""The Excel ledger (台账): a sheet of tasks, one of livelihood projects, and a summary.

Looks like an office ledger, not a data dump: a title row, a frozen and repeated header,
wrapped text, fitted column widths, light colours with their text label, A4 landscape
with page numbers.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .selectors import LIGHT_LABELS, PeriodReport, Row

COLUMNS = [
    ("序号", 6),
    ("任务（摘要）", 30),
    ("牵头领导", 11),
    ("主办单位", 16),
    ("协办单位", 18),
    ("本期进展", 40),
    ("完成进度", 8),
    ("亮灯", 8),
    ("存在问题", 24),
    ("下步打算", 24),
    ("报送时间", 12),
]
LIGHT_FILLS = {
    "green": "C6EFCE",
    "yellow": "FFEB9C",
    "red": "FFC7CE",
    "done": "BDD7EE",
    "none": "EDEDED",
}
FONT = "宋体"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
KIND_NAMES = {"week": "周报", "ten_day": "旬报", "month": "月报"}


def title_for(report: PeriodReport, *, livelihood: bool = False) -> str:
    plan, period = report.plan, report.period
    what = "为民办实事" if livelihood else "政府工作报告任务"
    kind = KIND_NAMES.get(period.kind, "报表")
    if period.kind == "week":
        week = period.start.isocalendar()[1]
        span = f"第{week}周 · {period.start:%Y.%m.%d}—{period.end:%m.%d}"
    else:
        span = f"{period.label} · {period.start:%Y.%m.%d}—{period.end:%m.%d}"
    return f"{plan.year}年{what}落实情况{kind}（{span}）"


def build_xlsx(report: PeriodReport, *, progress=None) -> bytes:
    book = Workbook()
    ledger = book.active
    ledger.title = "任务台账"
    _ledger_sheet(ledger, title_for(report), report.tasks, progress=progress, total=len(report.rows))
    projects = book.create_sheet("民生实事")
    _ledger_sheet(
        projects,
        title_for(report, livelihood=True),
        report.livelihood,
        progress=progress,
        total=len(report.rows),
    )
    _summary_sheet(book.create_sheet("汇总"), report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _ledger_sheet(sheet: Worksheet, title: str, rows: list[Row], *, progress=None, total: int = 0) -> None:
    last = get_column_letter(len(COLUMNS))
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = title
    sheet["A1"].font = Font(name="黑体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 34
    for index, (header, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=2, column=index, value=header)
        cell.font = Font(name="黑体", size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.border = BORDER
        sheet.column_dimensions[get_column_letter(index)].width = width
    for offset, row in enumerate(rows):
        report = row.report
        values = [
            row.item.number,
            row.item.title,
            "、".join(row.leads),
            "、".join(row.hosts),
            "、".join(row.co_units),
            report.progress if report else "本期未报送",
            row.item.progress / 100,
            LIGHT_LABELS[row.item.light],
            report.problems if report else "",
            report.next_steps if report else "",
            report.submitted_at.strftime("%m-%d %H:%M") if report and report.submitted_at else "",
        ]
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=3 + offset, column=index, value=value)
            cell.font = Font(name=FONT, size=10)
            cell.alignment = Alignment(
                vertical="top", wrap_text=True, horizontal="center" if index in (1, 7, 8, 11) else "left"
            )
            cell.border = BORDER
        sheet.cell(row=3 + offset, column=7).number_format = "0%"
        light = sheet.cell(row=3 + offset, column=8)
        light.fill = PatternFill("solid", fgColor=LIGHT_FILLS[row.item.light])
        light.font = Font(name=FONT, size=10, bold=True)
        if progress:
            progress(offset + 1, total)
    sheet.freeze_panes = "C3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.oddHeader.right.text = "区委区政府督查室"


def _summary_sheet(sheet: Worksheet, report: PeriodReport) -> None:
    sheet["A1"] = f"{title_for(report)} · 汇总"
    sheet["A1"].font = Font(name="黑体", size=14, bold=True)
    sheet.column_dimensions["A"].width = 46
    for column in "BCDEFG":
        sheet.column_dimensions[column].width = 11
    row = 3
    headers = ["项目", "事项数", *LIGHT_LABELS.values()]

    def table(caption: str, lines: list[list]) -> None:
        nonlocal row
        sheet.cell(row=row, column=1, value=caption).font = Font(name="黑体", size=12, bold=True)
        row += 1
        for index, header in enumerate(headers, start=1):
            cell = sheet.cell(row=row, column=index, value=header)
            cell.font = Font(name="黑体", size=10, bold=True)
            cell.fill = PatternFill("solid", fgColor="D9D9D9")
            cell.border = BORDER
        row += 1
        for line in lines:
            for index, value in enumerate(line, start=1):
                cell = sheet.cell(row=row, column=index, value=value)
                cell.font = Font(name=FONT, size=10)
                cell.border = BORDER
            row += 1
        row += 1

    table("按亮灯", [["全部事项", len(report.rows), *report.by_light.values()]])
    table("按章节", [[c["name"], c["count"], *c["lights"].values()] for c in report.by_chapter])
    table("按牵头领导", [[o["name"], o["count"], *o["lights"].values()] for o in report.by_official])
    sheet.cell(row=row, column=1, value="按主办单位（本期报送）").font = Font(name="黑体", size=12, bold=True)
    row += 1
    for index, header in enumerate(["单位", "主办事项", "应报", "按时", "迟报", "未报", "平均进度"], start=1):
        cell = sheet.cell(row=row, column=index, value=header)
        cell.font = Font(name="黑体", size=10, bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.border = BORDER
    row += 1
    for unit in report.units:
        values = [
            unit.name,
            unit.items,
            unit.expected,
            unit.on_time,
            unit.late,
            unit.missing,
            round(unit.progress / 100, 3),
        ]
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=index, value=value)
            cell.font = Font(name=FONT, size=10)
            cell.border = BORDER
        sheet.cell(row=row, column=7).number_format = "0%"
        row += 1
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
