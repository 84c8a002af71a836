"""The Excel ledger (台账): a sheet of tasks, one of livelihood projects, and a summary.

Looks like an office ledger, not a data dump: a title row, a frozen and repeated header,
wrapped text in rows tall enough to show it, light colours with their text label, A4
landscape with the office's header and page numbers inside the printable area. The
columns are defined once here (``COLUMNS``) and read by the CSV export too.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from apps.supervision import clock
from apps.tracking import formats
from apps.tracking.cells import sheet_write

from .selectors import LIGHT_LABELS, PeriodReport, Row


@dataclass(frozen=True)
class Column:
    """One ledger column. ``kind`` says how a value is shown: text, number, percent, light, moment."""

    header: str
    width: int
    value: Callable[[Row], object]
    kind: str = "text"


def _joined(names: list[str]) -> str:
    return "、".join(names)


COLUMNS = [
    Column("序号", 6, lambda row: row.item.number, "number"),
    Column("任务（摘要）", 30, lambda row: row.item.title),
    Column("牵头领导", 11, lambda row: _joined(row.leads)),
    Column("主办单位", 16, lambda row: _joined(row.hosts)),
    Column("协办单位", 18, lambda row: _joined(row.co_units)),
    Column("本期进展", 40, lambda row: row.report.progress if row.report else "本期未报送"),
    Column("完成进度", 8, lambda row: row.progress, "percent"),
    Column("亮灯", 8, lambda row: row.light, "light"),
    Column("存在问题", 24, lambda row: row.report.problems if row.report else ""),
    Column("下步打算", 24, lambda row: row.report.next_steps if row.report else ""),
    Column("报送时间", 12, lambda row: row.report.submitted_at if row.report else None, "moment"),
]
CENTERED_KINDS = ("number", "percent", "light", "moment")
LIGHT_FILLS = {
    "green": "C6EFCE",
    "yellow": "FFEB9C",
    "red": "FFC7CE",
    "done": "BDD7EE",
    "none": "EDEDED",
}
FONT = "宋体"
BODY_PT = 10
CJK_PX = BODY_PT * 96 / 72  # a CJK character of the body font, in pixels at 96 dpi
COLUMN_PX = 7  # one column width unit: the default font's digit width (Calibri 11), in pixels
# Excel and WPS give a 10 pt 宋体 line 13.5 pt; LibreOffice's CJK fallback a little more, but
# it also fits more characters on a line, so 14 pt per line plus padding does not cut text.
LINE_PT = 14
ROW_PADDING_PT = 3
DEFAULT_ROW_PT = 15
MAX_ROW_PT = 409  # Excel's limit
# Chinese line breaking (避头尾): these never start a line, so they pull a character down.
NO_LINE_START = frozenset("，。、；：？！）》」』”’%")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
KIND_NAMES = {"week": "周报", "ten_day": "旬报", "month": "月报"}
OFFICE = "区委区政府督查室"


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


def char_width(ch: str) -> int:
    """Width in column units: a CJK (wide / full-width) character takes two, anything else one."""
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def text_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Wrapped lines ``text`` takes in a column ``width`` units wide, wrapped as Excel and WPS do.

    A line holds as many whole CJK characters as fit in the column's pixels (about one
    per two units at 10 pt); Latin text is counted at half that, character by character.
    """
    capacity = 2 * max(1, math.floor(COLUMN_PX * width / CJK_PX))
    lines = 0
    for part in str(text).split("\n"):
        lines, used, previous = lines + 1, 0, ""
        for ch in part:
            if used + char_width(ch) > capacity:
                lines += 1
                used = char_width(previous) if ch in NO_LINE_START else 0
            used += char_width(ch)
            previous = ch
    return lines


def fitted_height(texts: list[tuple[str, float]]) -> float:
    """Row height (points) for (text, column width) pairs: LibreOffice and WPS do not auto-fit."""
    lines = max((lines_needed(text, width) for text, width in texts if text), default=1)
    return min(MAX_ROW_PT, max(DEFAULT_ROW_PT, lines * LINE_PT + ROW_PADDING_PT))


def build_xlsx(report: PeriodReport, *, progress=None) -> bytes:
    book = Workbook()
    ledger = book.active
    ledger.title = "任务台账"
    total = len(report.rows)
    _ledger_sheet(ledger, title_for(report), report.tasks, progress=progress, total=total)
    projects = book.create_sheet("民生实事")
    _ledger_sheet(projects, title_for(report, livelihood=True), report.livelihood, total=total)
    _summary_sheet(book.create_sheet("汇总"), report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def shown_value(column: Column, row: Row):
    """The value as the xlsx shows it (percent as a fraction with a 0% format)."""
    value = column.value(row)
    if column.kind == "percent":
        return value / 100
    if column.kind == "light":
        return LIGHT_LABELS[value]
    if column.kind == "moment":
        return formats.moment_short(value)
    return value


def _ledger_sheet(sheet: Worksheet, title: str, rows: list[Row], *, progress=None, total: int = 0) -> None:
    last = get_column_letter(len(COLUMNS))
    sheet.merge_cells(f"A1:{last}1")
    sheet_write(sheet["A1"], title)
    sheet["A1"].font = Font(name="黑体", size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 34
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet_write(sheet.cell(row=2, column=index), column.header)
        _header_style(cell)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[2].height = 20
    for offset, row in enumerate(rows):
        number = 3 + offset
        texts = []
        for index, column in enumerate(COLUMNS, start=1):
            value = shown_value(column, row)
            cell = sheet_write(sheet.cell(row=number, column=index), value)
            cell.font = Font(name=FONT, size=BODY_PT, bold=column.kind == "light")
            centered = column.kind in CENTERED_KINDS
            cell.alignment = Alignment(
                vertical="center" if centered else "top",
                horizontal="center" if centered else "left",
                wrap_text=True,
            )
            cell.border = BORDER
            if column.kind == "percent":
                cell.number_format = "0%"
            elif column.kind == "light":
                cell.fill = PatternFill("solid", fgColor=LIGHT_FILLS[row.light])
            elif column.kind == "text":
                texts.append((value or "", column.width))
        sheet.row_dimensions[number].height = fitted_height(texts)
        if progress:
            progress(offset + 1, total)
    sheet.freeze_panes = "C3"
    sheet.print_title_rows = "2:2"
    _print_setup(sheet, title=title, landscape=True)


def _header_style(cell) -> None:
    cell.font = Font(name="黑体", size=11, bold=True)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cell.fill = HEADER_FILL
    cell.border = BORDER


def _print_setup(sheet: Worksheet, *, title: str, landscape: bool) -> None:
    """A4, fitted to the page width, with header and footer inside the printable area.

    Margins are in inches. The header and footer are printed ``header`` / ``footer``
    inches from the paper's edge, the body starts at ``top`` / ``bottom``: the gap
    between them must hold a 9 pt line, or Excel prints them over the table and
    LibreOffice shrinks or drops them.
    """
    setup = sheet.page_setup
    setup.orientation = "landscape" if landscape else "portrait"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    for part, text in (
        (sheet.oddHeader.left, title),
        (sheet.oddHeader.right, OFFICE),
        (sheet.oddFooter.left, f"导出时间：{formats.moment_text(clock.now())}"),
        (sheet.oddFooter.center, "第 &P 页，共 &N 页"),
    ):
        part.text = text
        part.font = f"{FONT},常规"
        part.size = 9


def _summary_sheet(sheet: Worksheet, report: PeriodReport) -> None:
    title = f"{title_for(report)} · 汇总"
    sheet_write(sheet["A1"], title).font = Font(name="黑体", size=14, bold=True)
    sheet.row_dimensions[1].height = 24
    sheet.column_dimensions["A"].width = 46
    for column in "BCDEFG":
        sheet.column_dimensions[column].width = 11
    row = 3
    row = _table(
        sheet,
        row,
        "按亮灯",
        ["项目", "事项数", *LIGHT_LABELS.values()],
        [["全部事项", len(report.rows), *report.by_light.values()]],
    )
    row = _table(
        sheet,
        row,
        "按章节",
        ["项目", "事项数", *LIGHT_LABELS.values()],
        [[c["name"], c["count"], *c["lights"].values()] for c in report.by_chapter],
    )
    row = _table(
        sheet,
        row,
        "按牵头领导",
        ["项目", "事项数", *LIGHT_LABELS.values()],
        [[o["name"], o["count"], *o["lights"].values()] for o in report.by_official],
    )
    units = [
        [u.name, u.items, u.expected, u.on_time, u.late, u.missing, round(u.progress / 100, 3)]
        for u in report.units
    ]
    _table(
        sheet,
        row,
        "按主办单位（本期报送）",
        ["单位", "主办事项", "应报", "按时", "迟报", "未报", "平均进度"],
        units,
        percent_column=7,
    )
    _print_setup(sheet, title=title, landscape=False)


def _table(
    sheet: Worksheet, row: int, caption: str, headers: list[str], lines: list[list], *, percent_column=None
) -> int:
    """A captioned table from ``row``; returns the row after it and a blank line."""
    sheet_write(sheet.cell(row=row, column=1), caption).font = Font(name="黑体", size=12, bold=True)
    row += 1
    for index, header in enumerate(headers, start=1):
        _header_style(sheet_write(sheet.cell(row=row, column=index), header))
    row += 1
    for line in lines:
        for index, value in enumerate(line, start=1):
            cell = sheet_write(sheet.cell(row=row, column=index), value)
            cell.font = Font(name=FONT, size=BODY_PT)
            cell.alignment = Alignment(vertical="center", wrap_text=index == 1)
            cell.border = BORDER
            if index == percent_column:
                cell.number_format = "0%"
        sheet.row_dimensions[row].height = fitted_height([(str(line[0]), 46)])
        row += 1
    return row + 1
