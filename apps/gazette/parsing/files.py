"""Bytes of an uploaded file to text: plain text, Word (.docx), PDF, Excel (.xlsx) or CSV.

Administrators receive notices as Word files and gazettes as PDF as often as plain
text, and breakdown tables (分解表) as spreadsheets, so all are read; every table comes
out as tab-joined rows. The format is told by the bytes, not the name: a .docx is a zip
holding word/document.xml, an .xlsx one holding xl/workbook.xml, a PDF starts with %PDF.
A name that disagrees with the bytes, an old binary .doc/.xls, a scanned PDF with no text
layer and an encrypted PDF are each refused with a message saying what to do.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from .errors import GazetteFormatError
from .sheets import csv_text, xlsx_text
from .text import decode

TEXT, DOCX, PDF, XLSX, CSV = "text", "docx", "pdf", "xlsx", "csv"
SUFFIXES = {".txt": TEXT, ".text": TEXT, ".docx": DOCX, ".pdf": PDF, ".xlsx": XLSX, ".csv": CSV}
MAX_DOCX_XML = 60 * 1024 * 1024  # unpacked document.xml; a larger one is a zip bomb, not a notice
MAX_ZIP_UNPACKED = 120 * 1024 * 1024  # every member together (images too): what reading it would hold


def zip_unpacked_size(archive: zipfile.ZipFile, *, limit: int = MAX_ZIP_UNPACKED) -> int:
    """How many bytes every member of ``archive`` really unpacks to, stopping past ``limit``.

    The sizes a zip declares can lie, so each member is inflated in chunks and counted; the
    count stops as soon as the total passes the limit, so a bomb costs at most ``limit`` bytes
    of work and never that much memory.
    """
    total = 0
    for member in archive.infolist():
        total += member.file_size
        if total > limit:
            return total
    total = 0
    for member in archive.infolist():
        with archive.open(member) as stream:
            while chunk := stream.read(1024 * 1024):
                total += len(chunk)
                if total > limit:
                    return total
    return total


MAX_PDF_PAGES = 600
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary Word (.doc) and Excel (.xls)


ACCEPTED_ZH = "文本（.txt）、Word（.docx）、PDF、Excel（.xlsx）或 CSV（.csv）文件"
ACCEPTED_EN = "a .txt, .docx, .pdf, .xlsx or .csv file"


def file_format(data: bytes, filename: str = "") -> str:
    """TEXT, DOCX, PDF, XLSX or CSV as told by the bytes; refuses a name that disagrees.

    A zip is a workbook when it holds xl/workbook.xml and a Word document otherwise (a zip
    that is neither is refused by the reader its name points to); a CSV is a text file
    named .csv.
    """
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(b"%PDF"):
        found = PDF
    elif data.startswith(b"PK\x03\x04"):
        found = _zip_format(data, suffix)
    elif data.startswith(OLE_MAGIC):
        raise _old_binary(suffix)
    else:
        found = CSV if suffix == ".csv" else TEXT
    if suffix in SUFFIXES and SUFFIXES[suffix] != found:
        raise _refused(
            f"与扩展名 {suffix} 相符的文件",
            f"内容为{_NAMES_ZH[found]}的文件（扩展名与内容不符）",
            f"a file whose content matches its {suffix} extension",
            f"{_NAMES_EN[found]} content (extension and content disagree)",
        )
    if suffix and suffix not in SUFFIXES:
        raise _refused(
            ACCEPTED_ZH, f"扩展名为 {suffix} 的文件", ACCEPTED_EN, f"a file with the extension {suffix}"
        )
    return found


def _zip_format(data: bytes, suffix: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except Exception:  # damaged: the reader its name points to says so
        names = set()
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    return XLSX if suffix == ".xlsx" else DOCX


def _old_binary(suffix: str) -> GazetteFormatError:
    if suffix == ".xls":
        return _refused(
            ACCEPTED_ZH,
            "旧版 Excel 二进制文件（.xls），请在 Excel 中另存为 .xlsx 后上传",
            ACCEPTED_EN,
            "an old binary Excel file (.xls); save it as .xlsx first",
        )
    if suffix == ".doc":
        return _refused(
            ACCEPTED_ZH,
            "旧版 Word 二进制文件（.doc），请在 Word 中另存为 .docx 后上传",
            ACCEPTED_EN,
            "an old binary Word file (.doc); save it as .docx first",
        )
    return _refused(
        ACCEPTED_ZH,
        "旧版 Word/Excel 二进制文件（.doc/.xls），请在 Word 中另存为 .docx 或在 Excel 中另存为 .xlsx 后上传",
        ACCEPTED_EN,
        "an old binary Word/Excel file (.doc/.xls); save it as .docx or .xlsx first",
    )


_NAMES_ZH = {
    TEXT: "纯文本",
    DOCX: "Word 文档或其他 zip 压缩包",
    PDF: "PDF",
    XLSX: "Excel 工作簿",
    CSV: "CSV 表格",
}
_NAMES_EN = {
    TEXT: "plain text",
    DOCX: "Word document or other zip archive",
    PDF: "PDF",
    XLSX: "Excel workbook",
    CSV: "CSV table",
}


def read_text(data: bytes, filename: str = "") -> tuple[str, str]:
    """(text, how it was read): 'utf-8' / 'gb18030' for text and CSV files, 'docx', 'pdf' or 'xlsx'.

    Tables of every format come out as tab-joined rows, the form the table parser reads.
    """
    found = file_format(data, filename)
    if found == DOCX:
        return docx_text(data), DOCX
    if found == PDF:
        return pdf_text(data), PDF
    if found == XLSX:
        return xlsx_text(data, unpacked_limit=MAX_ZIP_UNPACKED), XLSX
    if found == CSV:
        return csv_text(data)
    return decode(data)


def _check_docx_archive(data: bytes) -> None:
    """Refuse what is not a Word zip, a damaged one, and one too large once unpacked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except Exception as error:  # not a zip, a damaged one (many kinds) or one without the body
        raise _refused(
            "Word 文档（.docx）",
            "不是 Word 文档的 zip 文件",
            "a Word document (.docx)",
            "a zip file that is not one",
        ) from error
    if info.file_size > MAX_DOCX_XML:
        raise _refused(
            "Word 文档（.docx）",
            f"解压后正文 {info.file_size // 1024 // 1024} MB 的文件（超过上限）",
            "a Word document (.docx)",
            f"a document whose unpacked body is {info.file_size // 1024 // 1024} MB (too large)",
        )
    try:
        unpacked = zip_unpacked_size(archive)
    except Exception as error:  # a member that does not inflate (zlib.error, bad CRC, …)
        raise _refused(
            "Word 文档（.docx）",
            "损坏的 Word 文档（zip 数据损坏）",
            "a Word document (.docx)",
            "a damaged one",
        ) from error
    if unpacked > MAX_ZIP_UNPACKED:
        raise _refused(
            "Word 文档（.docx）",
            f"解压后共 {unpacked // 1024 // 1024} MB 的文件（含图片等，超过上限 {MAX_ZIP_UNPACKED // 1024 // 1024} MB）",
            "a Word document (.docx)",
            f"a document that unpacks to {unpacked // 1024 // 1024} MB with its images (too large)",
        )


def docx_text(data: bytes) -> str:
    """Paragraphs and table rows in document order; cells of a row are joined by tabs.

    Tab-separated rows are what the parser reads as a table (the livelihood projects),
    the same as in the text edition of the gazette.
    """
    _check_docx_archive(data)
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx and lxml raise many kinds on a damaged file
        detail = (str(error) or type(error).__name__)[:120]
        raise _refused(
            "Word 文档（.docx）",
            f"损坏的 Word 文档（{detail}）",
            "a Word document (.docx)",
            f"a damaged one ({detail})",
        ) from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            # Cells are told apart by their XML element, held here so that its id stays its own.
            above: dict[int, object] = {}  # cells of earlier rows: a vertical merge returns them again
            for row in block.rows:
                cells: list[str] = []
                seen: dict[int, object] = {}
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                        continue
                    seen[id(cell._tc)] = cell._tc
                    # Merged down from the row above: empty here, as in a spreadsheet or PDF.
                    cells.append("" if id(cell._tc) in above else " ".join(cell.text.split()))
                above.update(seen)
                lines.append("\t".join(cells))
        else:
            lines.append(block.text)
    text = "\n".join(lines)
    if not text.strip():
        raise _refused(
            "含文字的 Word 文档", "没有文字的 Word 文档", "a Word document with text", "an empty one"
        )
    return text


def pdf_text(data: bytes) -> str:
    """The text layer of every page, tables as tab rows in their place; page breaks become line breaks.

    pypdf checks the file (encryption, page count); pdfplumber reads each page: a table drawn
    with ruling lines becomes one tab-joined line per row, the rest of the page its text lines.
    """
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _refused(
                "未加密的 PDF", "加密的 PDF（请先解除密码保护）", "an unencrypted PDF", "an encrypted PDF"
            )
        count = len(reader.pages)
    except GazetteFormatError:
        raise
    except Exception as error:  # PdfReadError and the many kinds a damaged file raises besides
        raise _damaged(error) from error
    if count > MAX_PDF_PAGES:
        raise _refused(
            f"不超过 {MAX_PDF_PAGES} 页的 PDF",
            f"{count} 页的 PDF",
            f"a PDF of at most {MAX_PDF_PAGES} pages",
            f"a PDF of {count} pages",
        )
    try:
        pages = _pdf_pages(data)
        # A page pdfminer finds no characters on (some producers' content streams) may still
        # have a text layer pypdf reads: that page is taken from pypdf, without tables.
        for number, page in enumerate(pages):
            if not any(line.strip() for line in page):
                pages[number] = (reader.pages[number].extract_text() or "").splitlines()
    except GazetteFormatError:
        raise
    except Exception as error:  # pdfminer and pypdf raise many kinds on a damaged file; all mean the same
        raise _damaged(error) from error
    lines = [_unspaced(line.replace("\x00", "")) for page in pages for line in page]
    text = "\n".join(lines)
    if not text.strip():
        raise _refused(
            "带文字层的 PDF",
            "没有可提取文字的 PDF（可能是扫描件，请上传文字版或 Word 文件）",
            "a PDF with a text layer",
            "a PDF without extractable text (a scan?)",
        )
    return text


def _damaged(error: Exception) -> GazetteFormatError:
    detail = str(error)[:120] or type(error).__name__
    return _refused("可读取的 PDF", f"损坏的 PDF（{detail}）", "a readable PDF", f"a damaged PDF ({detail})")


PAGE_NUMBER = re.compile(
    r"^[-—－\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[-—－\s]*$"
)


def _pdf_pages(data: bytes) -> list[list[str]]:
    """Each page's lines, top to bottom: text lines, and one tab-joined line per table row.

    A table row cut by a page break comes back whole: when the next page starts with a
    table (page numbers aside) whose first row has no number, that row is added cell by
    cell to the row the previous page ended with.
    """
    import pdfplumber

    pages: list[list[str]] = []
    last: list[str] | None = None  # the last table row read, while only page numbers followed it
    last_at = (0, 0)  # its page and line
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            found = [t for t in page.find_tables() if len(t.columns) >= 2 and len(t.rows) >= 1]
            boxes = [t.bbox for t in found]
            outside = page.filter(
                lambda obj, boxes=boxes: obj.get("object_type") != "char" or not _inside(obj, boxes)
            )
            items: list[tuple[float, str | list[list[str]]]] = [
                (line["top"], line["text"]) for line in outside.extract_text_lines(return_chars=False)
            ]
            items += [(t.bbox[1], _table_rows(page, t)) for t in found]
            items.sort(key=lambda item: item[0])
            lines: list[str] = []
            for _, item in items:
                if isinstance(item, str):
                    lines.append(item)
                    if not PAGE_NUMBER.match(item):
                        last = None
                    continue
                rows = item
                if last is not None and rows and not rows[0][0] and len(rows[0]) == len(last):
                    for position, cell in enumerate(rows.pop(0)):
                        last[position] = _joined_cell(last[position], cell)
                    page_at, line_at = last_at
                    (pages[page_at] if page_at < len(pages) else lines)[line_at] = "\t".join(last)
                lines += ["\t".join(row) for row in rows]
                if rows:
                    last, last_at = rows[-1], (len(pages), len(lines) - 1)
            pages.append(lines)
            page.flush_cache()
    return pages


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _table_rows(page, table) -> list[list[str]]:
    """The rows of a ruled table; a cell's wrapped lines are joined back (see _joined_cell)."""
    rows = []
    for row in table.rows:
        cells = []
        for box in row.cells:
            if box is None:  # covered by a merged cell
                cells.append("")
                continue
            text = ""
            inside = page.filter(
                lambda obj, box=box: obj.get("object_type") == "char" and _inside(obj, [box])
            )
            for line in inside.extract_text_lines(return_chars=False):
                text = _joined_cell(text, line["text"].replace("\t", " ").strip())
            cells.append(text)
        if any(cells):
            rows.append(cells)
    return rows


def _joined_cell(before: str, after: str) -> str:
    """Two lines of one cell: a word wrapped mid-way joins without a space, two unit names with one.

    The line break in a narrow cell falls anywhere in Chinese text (区教育和体育 / 局), but a
    list of units written with spaces (… 区行政审批服务局 酒仙桥街道) loses its space at the
    break; it is put back where the line ends a unit name and the next starts a whole one.
    """
    if not before or not after:
        return before or after
    tail = re.split(r"[\s、，,]", before)[-1]
    head = re.split(r"[\s、，,]", after)[0]
    whole = len(tail) >= 3 and len(head) >= 4  # 区住房和城乡 / 建设局 is one name broken
    if whole and UNIT_END.search(tail) and UNIT_END.search(head):
        return f"{before} {after}"
    return before + after


UNIT_END = re.compile(r"(局|委|办|办公室|中心|院|所|会|联|部|队|社|站|馆|公司|集团|街道|镇|园区|镇街)$")


def _unspaced(line: str) -> str:
    """Undo letter-spacing: some PDFs place each character alone ("2 0 2 5 年 工 作").

    Only a line where most characters stand alone is touched; there one space is the
    extractor's and a run of spaces was a real gap.
    """
    glyphs = len(line.replace(" ", ""))
    if glyphs > 3 and len(re.findall(r"(?<=\S) (?=\S)", line)) >= 0.6 * (glyphs - 1):
        line = re.sub(r"(?<=\S) (?=\S)", "", line)
        line = re.sub(r" {2,}", " ", line)
    return line.strip()


def _refused(expected_zh: str, found_zh: str, expected_en: str, found_en: str) -> GazetteFormatError:
    return GazetteFormatError(
        expected_zh=expected_zh, found_zh=found_zh, expected_en=expected_en, found_en=found_en
    )
