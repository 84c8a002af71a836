"""Bytes of an uploaded file to text: plain text, Word (.docx) or PDF.

Administrators receive notices as Word files and gazettes as PDF as often as plain
text, so all three are read. The format is told by the bytes, not the name: a .docx
is a zip holding word/document.xml, a PDF starts with %PDF. A name that disagrees
with the bytes, an old binary .doc, a scanned PDF with no text layer and an
encrypted PDF are each refused with a message saying what to do.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from .errors import GazetteFormatError
from .text import decode

TEXT, DOCX, PDF = "text", "docx", "pdf"
SUFFIXES = {".txt": TEXT, ".text": TEXT, ".docx": DOCX, ".pdf": PDF}
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


def file_format(data: bytes, filename: str = "") -> str:
    """TEXT, DOCX or PDF as told by the bytes; refuses a name that disagrees."""
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(b"%PDF"):
        found = PDF
    elif data.startswith(b"PK\x03\x04"):
        found = DOCX
    elif data.startswith(OLE_MAGIC):
        raise _refused(
            "文本（.txt）、Word（.docx）或 PDF 文件",
            "旧版 Word/Excel 二进制文件（.doc/.xls），请在 Word 中另存为 .docx 后上传",
            "a .txt, .docx or PDF file",
            "an old binary Word/Excel file (.doc/.xls); save it as .docx first",
        )
    else:
        found = TEXT
    if suffix in SUFFIXES and SUFFIXES[suffix] != found:
        raise _refused(
            f"与扩展名 {suffix} 相符的文件",
            f"内容为{_NAMES_ZH[found]}的文件（扩展名与内容不符）",
            f"a file whose content matches its {suffix} extension",
            f"{_NAMES_EN[found]} content (extension and content disagree)",
        )
    if suffix and suffix not in SUFFIXES:
        raise _refused(
            "文本（.txt）、Word（.docx）或 PDF 文件",
            f"扩展名为 {suffix} 的文件",
            "a .txt, .docx or PDF file",
            f"a file with the extension {suffix}",
        )
    return found


_NAMES_ZH = {TEXT: "纯文本", DOCX: "Word 文档或其他 zip 压缩包", PDF: "PDF"}
_NAMES_EN = {TEXT: "plain text", DOCX: "Word document or other zip archive", PDF: "PDF"}


def read_text(data: bytes, filename: str = "") -> tuple[str, str]:
    """(text, how it was read): 'utf-8' / 'gb18030' for text files, 'docx' or 'pdf'."""
    found = file_format(data, filename)
    if found == DOCX:
        return docx_text(data), DOCX
    if found == PDF:
        return pdf_text(data), PDF
    return decode(data)


def docx_text(data: bytes) -> str:
    """Paragraphs and table rows in document order; cells of a row are joined by tabs.

    Tab-separated rows are what the parser reads as a table (the livelihood projects),
    the same as in the text edition of the gazette.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as error:
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
    unpacked = zip_unpacked_size(archive)
    if unpacked > MAX_ZIP_UNPACKED:
        raise _refused(
            "Word 文档（.docx）",
            f"解压后共 {unpacked // 1024 // 1024} MB 的文件（含图片等，超过上限 {MAX_ZIP_UNPACKED // 1024 // 1024} MB）",
            "a Word document (.docx)",
            f"a document that unpacks to {unpacked // 1024 // 1024} MB with its images (too large)",
        )
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
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
    """The text layer of every page; page breaks become line breaks."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise _refused(
                "未加密的 PDF", "加密的 PDF（请先解除密码保护）", "an unencrypted PDF", "an encrypted PDF"
            )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise _refused(
                f"不超过 {MAX_PDF_PAGES} 页的 PDF",
                f"{len(reader.pages)} 页的 PDF",
                f"a PDF of at most {MAX_PDF_PAGES} pages",
                f"a PDF of {len(reader.pages)} pages",
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as error:
        raise _refused(
            "可读取的 PDF", f"损坏的 PDF（{error}）", "a readable PDF", f"a damaged PDF ({error})"
        ) from error
    # Some producers' two-byte glyph codes come out with a NUL before each character.
    pages = [page.replace("\x00", "") for page in pages]
    text = "\n".join(_unspaced(line) for page in pages for line in page.splitlines())
    if not text.strip():
        raise _refused(
            "带文字层的 PDF",
            "没有可提取文字的 PDF（可能是扫描件，请上传文字版或 Word 文件）",
            "a PDF with a text layer",
            "a PDF without extractable text (a scan?)",
        )
    return text


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
