"""The same gazette, whatever file it comes in, gives the same ledger; spreadsheets are read too.

The seed gazette (兖州, 76 tasks and a table of 10 livelihood projects) is made into a Word
document whose livelihood rows are a real Word table, a PDF that LibreOffice makes from
that document (text layer, the table drawn with ruling lines) and GB18030 bytes; each must
read to exactly the tasks and projects the .txt gives. Breakdown tables kept as Excel or
CSV files (分解表) are read by their header names, an unknown header asked about through a
column map; every broken file is refused with GazetteFormatError and nothing else.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from apps.gazette.parsing.document import parse_document
from apps.gazette.parsing.errors import GazetteFormatError
from apps.gazette.parsing.files import read_text
from apps.gazette.parsing.gazette import parse_gazette
from apps.gazette.scoring import score_file

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SEED_PDF = ROOT / "tests" / "fixtures" / "gazettes" / "seed_2024_libreoffice.pdf"
SHEETS = ROOT / "tests" / "fixtures" / "real" / "sheets"
sys.path.insert(0, str(SHEETS))
import make_sheets  # noqa: E402  (the fixtures' own generator: the same rows in every test)


def seed_gazette() -> str:
    """The seed file that is a whole gazette issue (the others are newspaper pages)."""
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text("utf-8")
        if "人民政府公报" in text[:300]:
            return text
    raise AssertionError("no gazette among the seeds")


def ledger(text: str):
    """What the import writes: tasks by number, chapter, leads and units; projects with their units."""
    gazette = parse_gazette(text)
    tasks = [
        (t.number, t.chapter, t.lead_officials, [(u.name, u.role) for u in t.units])
        for t in gazette.breakdown.tasks
    ]
    projects = [
        (p.number, [u.name for u in p.host_units], [u.name for u in p.co_units])
        for p in gazette.livelihood.projects
    ]
    return tasks, projects


def word_document(text: str) -> bytes:
    """One paragraph per line; a run of tab rows becomes one Word table."""
    document = docx.Document()
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        if "\t" not in lines[index]:
            document.add_paragraph(lines[index])
            index += 1
            continue
        rows = []
        while index < len(lines) and "\t" in lines[index]:
            rows.append(lines[index].split("\t"))
            index += 1
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        table.style = "Table Grid"  # ruling lines, as printed
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    footer = document.sections[0].footer.paragraphs[0]  # page numbers, as a gazette prints them
    footer.add_run("— ")
    footer._p.append(
        parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )
    footer.add_run(" —")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return seed_gazette()


@pytest.fixture(scope="session")
def seed_ledger(seed_text):
    return ledger(seed_text)


@pytest.fixture(scope="session")
def seed_docx(seed_text) -> bytes:
    return word_document(seed_text)


@pytest.fixture(scope="session")
def seed_pdf() -> bytes:
    """The Word document printed to PDF by LibreOffice, kept as a fixture (scripts/make_seed_pdf.py)."""
    return SEED_PDF.read_bytes()


@pytest.fixture(scope="session")
def fresh_seed_pdf(seed_docx, tmp_path_factory) -> bytes:
    """The same, printed now by this machine's LibreOffice (slow: made once per session)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: it makes the PDF this case reads")
    folder = tmp_path_factory.mktemp("pdf")
    source = folder / "seed.docx"
    source.write_bytes(seed_docx)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return (folder / "seed.pdf").read_bytes()


def test_the_seed_text_is_the_yardstick(seed_ledger):
    tasks, projects = seed_ledger
    assert len(tasks) == 76 and [t[0] for t in tasks] == list(range(1, 77))
    assert len(projects) == 10
    assert projects[1] == (
        2,
        ["区教育和体育局"],
        ["区财政局", "区自然资源局", "区行政审批服务局", "酒仙桥街道"],
    )


def test_gb18030_text_reads_to_the_same_ledger(seed_text, seed_ledger):
    text, how = read_text(seed_text.encode("gb18030"), "gazette.txt")
    assert how == "gb18030"
    assert ledger(text) == seed_ledger


def test_word_document_with_a_real_table_reads_to_the_same_ledger(seed_docx, seed_ledger):
    assert len(docx.Document(io.BytesIO(seed_docx)).tables) == 1
    text, how = read_text(seed_docx, "gazette.docx")
    assert how == "docx"
    assert ledger(text) == seed_ledger


def test_libreoffice_pdf_reads_to_the_same_ledger(seed_pdf, seed_ledger):
    text, how = read_text(seed_pdf, "gazette.pdf")
    assert how == "pdf"
    assert "—31—" in text.splitlines()  # the page numbers are there (the parser drops them)
    # The ruled livelihood table comes back as tab rows, rows cut by a page break made whole,
    # wrapped cells joined (区教育和体育 / 局) and units kept apart (… 区行政审批服务局 酒仙桥街道).
    rows = [line.split("\t") for line in text.splitlines() if "\t" in line]
    assert rows[0] == ["序号", "项目名称", "项目主要内容", "主办单位", "协办单位"]
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 11)]
    assert rows[2][3:] == ["区教育和体育局", "区财政局 区自然资源局 区行政审批服务局 酒仙桥街道"]
    assert ledger(text) == seed_ledger


# Spreadsheets (分解表)


def workbook_bytes(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name", ["dazhu-2016-livelihood.xlsx", "dazhu-2016-livelihood.csv", "huoshan-kaifaqu-2025-breakdown.csv"]
)
def test_real_tables_saved_as_spreadsheets_score_in_full(name):
    score = score_file(SHEETS / name)
    assert not score.refused and score.found_kind == score.kind
    assert score.expected and all(score.counts[m] == score.expected for m in score.counts), score
    assert score.extra == 0


def test_xlsx_cells_merged_empty_and_numeric(tmp_path):
    text, how = read_text((SHEETS / "dazhu-2016-livelihood.xlsx").read_bytes(), "分解表.xlsx")
    assert how == "xlsx"
    lines = text.splitlines()
    assert lines[0] == "2016年民生实事目标任务分解表"  # merged title row: its text once
    assert lines[1] == "序号\t民生实事\t责任单位\t完成时限"
    assert lines[2].startswith("1\t")  # stored as the number 1, not "1.0"
    assert lines[2].endswith("\t县水务局 县住建局 县护城河指挥部\t12月底前")  # line breaks in a cell
    assert "\t开工建设老年大学。\t\t12月底前" in lines  # merged number and unit cells read empty
    project = parse_document(text).livelihood.projects[4]
    assert project.text == "开工建设县老年养护楼。开工建设老年大学。"
    assert [u.name for u in project.host_units] == ["县民政局"] and project.co_units == []


def test_every_sheet_is_read_and_floats_print_as_written():
    book = openpyxl.Workbook()
    book.active.append(["序号", "重点工作", "牵头单位", "完成时限"])
    book.active.append([1.0, "建成城市书房5处。", "区文化和旅游局", 2024.5])
    second = book.create_sheet("第二批")
    second.append([1, "新增公共停车位800个。", "区住房和城乡建设局"])
    text, _ = read_text(workbook_bytes(book), "tasks.xlsx")
    assert "1\t建成城市书房5处。\t区文化和旅游局\t2024.5" in text.splitlines()
    assert text.splitlines()[-2:] == ["第二批", "1\t新增公共停车位800个。\t区住房和城乡建设局"]


def test_csv_in_gb18030_with_semicolons():
    data = "序号;重点工作;责任领导;责任单位\n1;建成城市书房5处。;王明;区文化和旅游局\n".encode("gb18030")
    text, how = read_text(data, "分解表.csv")
    assert how == "gb18030"
    assert text.splitlines() == [
        "序号\t重点工作\t责任领导\t责任单位",
        "1\t建成城市书房5处。\t王明\t区文化和旅游局",
    ]


def test_an_unknown_unit_column_is_read_once_mapped():
    title, header, rows = make_sheets.huoshan_rows()
    header = ["落实主体" if name == "责任单位" else name for name in header]
    text, _ = read_text(workbook_bytes(make_sheets.workbook(title, header, rows)), "清单.xlsx")

    unmapped = parse_document(text)
    assert {"name": "落实主体", "role": "other", "known": False} in unmapped.columns
    assert {"name": "责任领导", "role": "lead", "known": True} in unmapped.columns
    assert all(not task.units for task in unmapped.breakdown.tasks)

    mapped = parse_document(text, columns={"落实主体": "units", "责任领导": "ignore"})
    assert {"name": "落实主体", "role": "units", "known": False} in mapped.columns
    assert {"name": "责任领导", "role": "ignore", "known": True} in mapped.columns
    tasks = mapped.breakdown.tasks
    assert [[u.raw for u in t.units] for t in tasks] == [
        ["招商工作部", "安商工作部"],
        ["改革办"],
        ["规划建设局"],
    ]
    assert all(not task.lead_officials for task in tasks)


def test_a_column_map_names_only_known_roles():
    with pytest.raises(ValueError, match="unknown column role"):
        parse_document(
            "序号\t重点工作\t落实主体\n1\t建成城市书房5处。\t区文化和旅游局", columns={"落实主体": "单位"}
        )


def test_word_cells_merged_down_read_empty_like_a_spreadsheet():
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    rows = [
        ["序号", "民生实事", "责任单位", "完成时限"],
        ["1", "开工建设县老年养护楼。", "县民政局", "5月底前动工"],
        ["", "开工建设老年大学。", "", "12月底前"],
        ["2", "新建2座人行天桥。", "县住建局", "9月投入使用"],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 2).merge(table.cell(2, 2))
    out = io.BytesIO()
    document.save(out)
    text, _ = read_text(out.getvalue(), "分解表.docx")
    assert text.splitlines()[2] == "\t开工建设老年大学。\t\t12月底前"  # not 1 … 县民政局 again
    projects = parse_document("2016年民生实事目标任务分解表\n" + text).livelihood.projects
    assert [(p.number, p.text, [u.raw for u in p.host_units]) for p in projects] == [
        (1, "开工建设县老年养护楼。开工建设老年大学。", ["县民政局"]),
        (2, "新建2座人行天桥。", ["县住建局"]),
    ]


# Broken files: refused, and with GazetteFormatError only


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(GazetteFormatError) as refused:
        read_text(data, name)
    assert "Import refused" in refused.value.message
    return refused.value.message


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_bad_workbooks_are_refused_with_what_to_do():
    assert "不是 Excel 工作簿的 zip 文件" in refusal(zipped({"readme.txt": b"hello"}), "tasks.xlsx")
    assert "没有文字的 Excel 工作簿" in refusal(workbook_bytes(openpyxl.Workbook()), "tasks.xlsx")
    old = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "tasks.xls")
    assert "另存为 .xlsx" in old and "save it as .xlsx" in old
    assert "扩展名为 .ods" in refusal(b"PK\x03\x04" + b"\x00" * 100, "tasks.ods")
    assert ".xlsx" in refusal(b"x", "tasks.ods") and ".csv" in refusal(b"x", "tasks.ods")
    assert "扩展名与内容不符" in refusal(b"plain text", "tasks.xlsx")


def test_a_damaged_word_document_is_refused():
    assert "损坏的 Word 文档" in refusal(zipped({"word/document.xml": b"<not xml"}), "notice.docx")


def test_truncated_and_damaged_workbooks_are_refused():
    whole = (SHEETS / "dazhu-2016-livelihood.xlsx").read_bytes()
    assert "Excel" in refusal(whole[: len(whole) // 2], "tasks.xlsx")
    damaged = zipped({"xl/workbook.xml": b"<not xml", "[Content_Types].xml": b"<also not"})
    assert "损坏的 Excel 工作簿" in refusal(damaged, "tasks.xlsx")
    assert "CSV" in refusal(b"\n\n,,,\n", "tasks.csv")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n" + bytes(range(256)) * 8,
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        b"%PDF",
    ],
)
def test_garbage_pdfs_are_refused(data):
    refusal(data, "gazette.pdf")


def test_a_pdf_printed_now_reads_to_the_same_ledger(fresh_seed_pdf, seed_ledger):
    text, how = read_text(fresh_seed_pdf, "gazette.pdf")
    assert how == "pdf" and ledger(text) == seed_ledger


def test_a_truncated_pdf_is_refused_or_read_never_crashes(seed_pdf):
    try:
        text, _ = read_text(seed_pdf[: len(seed_pdf) // 3], "gazette.pdf")
    except GazetteFormatError:
        return
    assert isinstance(text, str)


@pytest.mark.parametrize(
    ("path", "step"),
    [
        (SHEETS / "dazhu-2016-livelihood.xlsx", 61),
        (SHEETS / "dazhu-2016-livelihood.csv", 23),
        (ROOT / "tests" / "fixtures" / "gazettes" / "sishui_2025.pdf", 1999),
    ],
)
def test_damaged_bytes_anywhere_are_read_or_refused_never_crash(path, step):
    whole = path.read_bytes()
    for start in range(8, len(whole) - 16, step):
        damaged = whole[:start] + b"\xff" * 8 + whole[start + 8 :]
        with contextlib.suppress(GazetteFormatError):  # refused is fine; any other exception fails
            read_text(damaged, path.name)
