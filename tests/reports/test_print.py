"""The exports as the office prints them: rows tall enough for their text, header and footer
inside the printable area, 牵头领导 on every item sheet; the bulletin's masthead, 期号, red
rule, 主送/抄送 and nested quotes. The last test renders both to PNG (LibreOffice → PDF →
pdftoppm) under test-artifacts/print/ to look at; it skips when LibreOffice is missing.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from apps.accounts.models import Profile
from apps.reports import selectors
from apps.reports.bulletin import build_bulletin, quoted
from apps.reports.models import ReportFile
from apps.reports.services import report_request
from apps.reports.xlsx import COLUMNS, build_xlsx, lines_needed, text_width
from apps.supervision import services
from apps.supervision.periods import WEEK, period_of
from apps.tracking.models import Item, ItemUnit
from tests.supervision.conftest import make_user, task

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "print"
FRIDAY = dt.datetime(2024, 6, 14, 10, 0, tzinfo=dt.UTC)  # 18:00 in Beijing
WEEK24 = period_of(WEEK, dt.date(2024, 6, 14))
LONG_PROGRESS = (
    "已完成5G基站选址120处，其中城区82处、镇街38处；新开通基站96个，累计完成年度目标的48%。"
    "数字化车间申报工作已启动，6家企业完成初审，3家企业通过市级评审。"
)
QUOTED_TITLE = '办好"一月一主题、月月都精彩"文化惠民活动'


def header_of(sheet) -> list[str]:
    return [cell.value for cell in sheet[2]]


@pytest.fixture
def week(plan):
    """Week 24: task 8 reported at length; tasks 60 and 61 (quotes in their titles) red."""
    office = make_user("duchashi-print", Profile.Role.SUPERVISOR)
    item = task(plan, 8)
    host = next(link.unit for link in item.unit_links.all() if link.role == ItemUnit.Role.HOST)
    with time_machine.travel(FRIDAY, tick=False):
        services.report_save(
            item=item,
            unit=host,
            user=office,
            period=WEEK24,
            progress=LONG_PROGRESS,
            percent=48,
            problems="部分站址涉及居民小区，协调难度较大。",
            next_steps="会同各镇街加快站址协调，6月底前再开通基站30个。",
            submit=True,
        )
    Item.objects.filter(plan=plan, kind="task", number__in=[60, 61]).update(light=Item.Light.RED)
    Item.objects.filter(pk=task(plan, 61).pk).update(title=QUOTED_TITLE)
    with time_machine.travel(FRIDAY, tick=False):
        yield selectors.period_report(plan=plan, period=WEEK24)


def test_rows_are_sized_to_their_text(week):
    book = load_workbook(io.BytesIO(build_xlsx(week)))
    sheet = book["任务台账"]
    widths = {c.header: c.width for c in COLUMNS}
    header = header_of(sheet)
    row8 = next(row for row in sheet.iter_rows(min_row=3) if row[0].value == 8)
    assert row8[header.index("本期进展")].value == LONG_PROGRESS
    lines = lines_needed(LONG_PROGRESS, widths["本期进展"])
    assert lines >= 4 and sheet.row_dimensions[row8[0].row].height >= lines * 14
    assert all(row8[i].alignment.wrap_text for i in range(len(header)))
    # Every row is at least as tall as its longest text needs, e.g. long 协办单位 lists.
    co = header.index("协办单位")
    long_co = [
        row for row in sheet.iter_rows(min_row=3) if text_width(row[co].value or "") > 3 * widths["协办单位"]
    ]
    assert long_co
    for row in long_co:
        assert (
            sheet.row_dimensions[row[0].row].height
            >= lines_needed(row[co].value, widths["协办单位"]) * 14
            > 15
        )
    assert text_width("区商务局ab") == 10


def test_print_layout_of_every_item_sheet(week):
    book = load_workbook(io.BytesIO(build_xlsx(week)))
    for name in ("任务台账", "民生实事"):
        sheet = book[name]
        assert "牵头领导" in header_of(sheet)
        assert sheet.print_title_rows == "$2:$2" and sheet.freeze_panes == "C3"
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
        assert sheet.oddHeader.left.text == sheet["A1"].value
        assert sheet.oddHeader.right.text == "区委区政府督查室"
        assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
        assert sheet.oddFooter.left.text == "导出时间：2024年6月14日 18:00"
        margins = sheet.page_margins
        # The header/footer band fits between the paper edge and the table.
        assert 0 < margins.header < margins.top - 0.3 and 0 < margins.footer < margins.bottom - 0.3
    leads = header_of(book["任务台账"]).index("牵头领导")
    row8 = next(row for row in book["任务台账"].iter_rows(min_row=3) if row[0].value == 8)
    assert row8[leads].value == "石可清"
    assert book["汇总"].oddHeader.right.text == "区委区政府督查室"


def test_bulletin_masthead_issue_and_closing(week):
    document = Document(io.BytesIO(build_bulletin(week)))
    paragraphs = document.paragraphs
    texts = [p.text for p in paragraphs]
    assert texts[0] == "督 查 通 报"
    assert paragraphs[0].runs[0].font.color.rgb == (0xC0, 0x00, 0x00)
    # Notice 1号 of 8 January: reporting starts Monday 15 January, so week 24 is the 22nd week.
    assert texts[1] == "第22期"
    masthead = paragraphs[2]
    assert masthead.text == "区委区政府督查室\t2024年6月14日"
    border = bottom_border(masthead)
    assert (border.get(qn("w:val")), border.get(qn("w:color"))) == ("single", "C00000")
    title = texts.index("关于2024年政府工作报告任务落实情况的通报（第24周）")
    assert title > 2
    signature = texts.index("区委区政府督查室")
    assert texts[signature + 1] == "2024年6月14日"
    recipients = texts.index("主送：各镇街，区直各部门、单位。")
    assert texts[recipients + 2].startswith("抄送：区委办公室，区人大常委会办公室，区政协办公室")
    assert texts[recipients + 4] == "区委区政府督查室\t2024年6月14日印发"
    assert signature < recipients == len(texts) - 6
    # 版记: a rule above, between and below its lines, in black.
    for index in (recipients - 1, recipients + 1, recipients + 3, recipients + 5):
        assert texts[index] == "" and bottom_border(paragraphs[index]).get(qn("w:color")) == "000000"


def bottom_border(paragraph):
    borders = paragraph._p.pPr.find(qn("w:pBdr"))
    return None if borders is None else borders.find(qn("w:bottom"))


def test_bulletin_nests_quotes(week):
    text = "\n".join(p.text for p in Document(io.BytesIO(build_bulletin(week))).paragraphs)
    assert "任务60“以‘端信文化’为主线" in text
    assert "任务61“办好‘一月一主题、月月都精彩’文化惠民活动”" in text
    assert '"' not in text
    assert quoted("以“端信文化”为主线") == "“以‘端信文化’为主线”"
    assert quoted("一“二‘三’二”一") == "“一‘二“三”二’一”"


def test_archived_bulletins_carry_the_issue(week, plan):
    with time_machine.travel(FRIDAY, tick=False):
        record = report_request(plan=plan, fmt=ReportFile.Format.DOCX, period=WEEK24, params={}, user=None)
        earlier = report_request(
            plan=plan, fmt=ReportFile.Format.DOCX, period=WEEK24.previous(), params={}, user=None
        )
    issues = [Document(r.file.open("rb")).paragraphs[1].text for r in (record, earlier)]
    assert issues == ["第22期", "第21期"]


def render(path: Path, profile: Path) -> list[Path]:
    """``path`` → PDF (LibreOffice, its own profile so parallel runs do not clash) → PNG pages."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(path.parent),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = path.with_suffix(".pdf")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(path.with_suffix(""))], check=True, timeout=120
    )
    return sorted(path.parent.glob(f"{path.stem}*.png"))


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftoppm")), reason="needs LibreOffice and poppler"
)
def test_render_to_png(demo, frozen, tmp_path):
    Item.objects.filter(plan=demo, kind="task", number=60).update(light=Item.Light.RED)
    report = selectors.period_report(plan=demo, period=WEEK24)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.iterdir():
        old.unlink()
    (ARTIFACTS / "ledger.xlsx").write_bytes(build_xlsx(report))
    (ARTIFACTS / "bulletin.docx").write_bytes(build_bulletin(report))
    ledger = render(ARTIFACTS / "ledger.xlsx", tmp_path / "profile")
    bulletin = render(ARTIFACTS / "bulletin.docx", tmp_path / "profile")
    assert len(ledger) >= 3 and len(bulletin) >= 2
    assert all(page.stat().st_size > 10_000 for page in [*ledger, *bulletin])
