"""Spreadsheets to tab rows: Excel workbooks (.xlsx) and CSV files.

A breakdown table (分解表) is often kept as a spreadsheet. Each row becomes one line with
its cells joined by tabs, the form the table parser reads (tables.py); the header row is
then recognised by its column names like any other table. Every sheet is read, in order.
A merged cell holds its text in its first cell only (the others read as empty); empty
cells stay empty, trailing ones are dropped; a number written 1.0 reads as 1; a line
break inside a cell becomes a space, so a row stays one line.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from .errors import GazetteFormatError
from .text import decode

MAX_SHEET_CELLS = 2_000_000  # every cell read, empty ones too; far beyond any real table
XLSX_ZH, XLSX_EN = "Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)"


def xlsx_text(data: bytes, *, unpacked_limit: int) -> str:
    """Every sheet's rows, tab-joined; refuses a zip that is not a workbook, a bomb or an empty one."""
    from .files import zip_unpacked_size

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = zip_unpacked_size(archive, limit=unpacked_limit)
    except Exception as error:  # a damaged zip raises many kinds (BadZipFile, zlib.error, …)
        raise _refused(XLSX_ZH, "损坏的 zip 文件", XLSX_EN, "a damaged zip file") from error
    if "xl/workbook.xml" not in names:
        raise _refused(XLSX_ZH, "不是 Excel 工作簿的 zip 文件", XLSX_EN, "a zip file that is not one")
    if unpacked > unpacked_limit:
        mb = unpacked // 1024 // 1024
        raise _refused(
            XLSX_ZH,
            f"解压后共 {mb} MB 的文件（超过上限 {unpacked_limit // 1024 // 1024} MB）",
            XLSX_EN,
            f"a workbook that unpacks to {mb} MB (too large)",
        )
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook; all mean the same
        raise _refused(
            XLSX_ZH, f"损坏的 Excel 工作簿（{_detail(error)}）", XLSX_EN, f"a damaged one ({_detail(error)})"
        ) from error
    try:
        lines = _workbook_lines(workbook)
    except GazetteFormatError:
        raise
    except Exception as error:
        raise _refused(
            XLSX_ZH, f"损坏的 Excel 工作簿（{_detail(error)}）", XLSX_EN, f"a damaged one ({_detail(error)})"
        ) from error
    finally:
        workbook.close()
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise _refused(
            "含文字的 Excel 工作簿", "没有文字的 Excel 工作簿", "a workbook with text", "an empty one"
        )
    return text


def _workbook_lines(workbook) -> list[str]:
    lines: list[str] = []
    cells = 0
    sheets = workbook.worksheets
    for sheet in sheets:
        if len(sheets) > 1:
            lines += ["", str(sheet.title)]
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
            if cells > MAX_SHEET_CELLS:
                raise _refused(
                    f"不超过 {MAX_SHEET_CELLS} 个单元格的 Excel 工作簿",
                    "单元格过多的工作簿",
                    f"a workbook of at most {MAX_SHEET_CELLS} cells",
                    "one with more",
                )
            lines.append(row_line([cell_text(value) for value in row]))
    return lines


def csv_text(data: bytes) -> tuple[str, str]:
    """(tab rows, encoding): a CSV in UTF-8 or GB18030, comma, semicolon or tab separated."""
    text, encoding = decode(data)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t，")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise _refused(
            "CSV 表格文件（.csv）",
            f"无法读取的 CSV（{error}）",
            "a CSV file (.csv)",
            f"an unreadable one ({error})",
        ) from error
    lines = [row_line([cell_text(cell) for cell in row]) for row in rows]
    result = "\n".join(lines).strip("\n")
    if not result.strip():
        raise _refused("含文字的 CSV 文件", "没有文字的 CSV 文件", "a CSV file with text", "an empty one")
    return result, encoding


def row_line(cells: list[str]) -> str:
    while cells and not cells[-1]:
        cells.pop()
    return "\t".join(cells)


def cell_text(value: object) -> str:
    """One cell as text: 1.0 → 1, a date without its midnight, line breaks and tabs as spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else f"{value:.15g}"
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    return " ".join(text.split())


def _detail(error: Exception) -> str:
    return (str(error) or type(error).__name__)[:120]


def _refused(expected_zh: str, found_zh: str, expected_en: str, found_en: str) -> GazetteFormatError:
    return GazetteFormatError(
        expected_zh=expected_zh, found_zh=found_zh, expected_en=expected_en, found_en=found_en
    )
