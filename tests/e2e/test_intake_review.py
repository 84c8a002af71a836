"""Reviewing an upload in a real browser: choose the plan, correct roles, officials and columns.

The 霍山经济开发区 list (a real table, tests/fixtures/real) prints neither issuer nor year,
so the preview asks which plan it goes into. The roles of task 1's units are inferred
("first listed hosts") and the lead 叶林 is not in the ledger: the administrator corrects both
before confirming. The same table as an Excel sheet has an unrecognised 落实主体 column,
which the administrator maps to 责任单位.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from apps.intake.models import ImportRun
from apps.tracking.models import District, Item, ItemOfficial, ItemUnit, Official, Plan
from tests.e2e.test_walkthrough import sign_in

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"
WORD = REAL / "word" / "huoshan-kaifaqu-2025-breakdown.docx"
TABLE = REAL / "breakdown" / "huoshan-kaifaqu-2025-breakdown.txt"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PLAN_LABEL = "六安市霍山经济开发区 2025 年"
REVISED = "已按所作处理重新计算预览，请核对后再确认导入。"


@pytest.fixture
def zone(seeded):
    """The development zone's (empty) 2025 plan and its director, committed for the live server."""
    district = District.objects.create(name="霍山经济开发区", city="六安市")
    Official.objects.create(district=district, name="叶林森", position="管委会主任")
    return Plan.objects.create(
        district=district, year=2025, notice_number="", notice_title="2025年开发区重点工作及责任清单"
    )


def upload(page, base: str, path: Path) -> None:
    page.goto(f"{base}/imports/")
    page.get_by_label("文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并预览").click()
    page.get_by_role("heading", name="预览：确认前台账不会有任何改动").wait_for()


def choose_plan(page) -> None:
    assert page.locator("#target").get_by_role("alert").is_visible()  # no district or year printed
    assert page.locator("#confirm").is_disabled()
    page.get_by_label("已有计划").select_option(label=PLAN_LABEL)
    page.get_by_role("button", name="更新预览").click()
    page.get_by_role("status").filter(has_text=REVISED).wait_for()
    assert page.locator("#target").get_by_role("alert").count() == 0
    assert page.get_by_label("已有计划").evaluate("s => s.selectedOptions[0].text") == PLAN_LABEL


def role_row(page, number: int):
    cell = page.locator('td[data-label="事项"]', has_text=re.compile(rf"^任务 {number}(?!\d)"))
    return page.locator("#roles tbody tr").filter(has=cell)


def sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def outcome(page) -> str:
    box = page.locator("#run-outcome")
    box.wait_for()
    return box.inner_text()


def test_word_notice_choose_plan_fix_roles_and_official(
    browser, live_server, zone, tmp_path, celery_in_process
):
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    sign_in(page, live_server.url)
    upload(page, live_server.url, WORD)
    choose_plan(page)
    assert page.get_by_text("识别出 3 项任务").is_visible()

    page.screenshot(path=str(tmp_path / "review-1366.png"), full_page=True)
    task1 = role_row(page, 1)
    # 招商工作部 is listed first, so the rule made it host; both roles are marked as inferred.
    assert task1.locator("li.inferred").count() == 2
    assert task1.locator("li.inferred .badge", has_text="推断").first.is_visible()
    # Each inferred role is marked (yellow), not just badged.
    highlight = task1.locator("li.inferred").first.evaluate("li => getComputedStyle(li).backgroundColor")
    assert highlight not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    assert task1.get_by_label("招商工作部").input_value() == "host"
    assert task1.get_by_label("安商工作部").input_value() == "co"
    assert page.locator("#officials-new").get_by_text("叶林", exact=True).is_visible()

    page.set_viewport_size(PHONE)
    task1.scroll_into_view_if_needed()
    assert sideways_overflow(page) <= 0
    for name in ("招商工作部", "安商工作部"):
        box = task1.get_by_label(name).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
        assert box["height"] >= 32, (name, box)  # big enough to tap
    page.screenshot(path=str(tmp_path / "review-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)

    task1.get_by_label("安商工作部").select_option("host")
    task1.get_by_label("招商工作部").select_option("co")
    page.get_by_label("叶林 的处理").select_option(label="对应到：叶林森（管委会主任）")
    page.locator("#confirm").click()
    # Choices not yet previewed: the first click previews them, nothing is written.
    page.get_by_role("status").filter(has_text=REVISED).wait_for()
    assert ImportRun.objects.get(filename=WORD.name).status == ImportRun.Status.PREVIEW
    assert not Item.objects.filter(plan=zone).exists()
    task1 = role_row(page, 1)
    assert task1.get_by_label("安商工作部").input_value() == "host"
    assert task1.get_by_label("招商工作部").input_value() == "co"
    assert task1.locator(".badge", has_text="已核对").count() == 2
    assert task1.locator("li.inferred").count() == 0
    officials = page.locator("#officials-new")
    assert "已对应 1" in officials.get_by_role("heading").inner_text()
    chosen = officials.get_by_label("叶林 的处理").evaluate("s => s.selectedOptions[0].text")
    assert chosen == "对应到：叶林森（管委会主任）"
    page.screenshot(path=str(tmp_path / "review-revised-1366.png"), full_page=True)

    page.locator("#confirm").click()
    shown = outcome(page)
    run = ImportRun.objects.get(filename=WORD.name)
    assert run.get_status_display() in shown
    assert run.status in ImportRun.DONE, (run.status, run.message)
    page.get_by_role("link", name="查看台账").click()
    page.wait_for_url(re.compile(rf"/plans/{zone.pk}/ledger/"))
    assert page.locator("table.ledger tbody tr").count() == 3
    page.screenshot(path=str(tmp_path / "ledger-1366.png"), full_page=True)

    task = Item.objects.get(plan=zone, kind="task", number=1)
    roles = {link.unit.name: (link.role, link.source) for link in ItemUnit.objects.filter(item=task)}
    assert roles == {
        "安商工作部": (ItemUnit.Role.HOST, ItemUnit.Source.STAFF),
        "招商工作部": (ItemUnit.Role.CO, ItemUnit.Source.STAFF),
    }
    leads = list(ItemOfficial.objects.filter(item=task).values_list("official__name", flat=True))
    assert leads == ["叶林森"]
    assert not Official.objects.filter(name="叶林").exists()
    assert Item.objects.filter(plan=zone).count() == 3
    page.close()


def breakdown_sheet(target: Path) -> Path:
    """The same real table as an office keeps it in Excel, its unit column headed 落实主体."""
    lines = [line.strip() for line in TABLE.read_text("utf-8").splitlines() if line.strip()]
    values = [line.removesuffix("|").strip() for line in lines[1:]]
    header, *rows = [values[i : i + 5] for i in range(0, len(values) - len(values) % 5, 5)]
    assert header == ["序号", "重点工作", "责任领导", "责任单位", "完成时限"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "分解表"
    sheet.append([lines[0]])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=5)
    sheet.append(["序号", "重点工作", "责任领导", "落实主体", "完成时限"])
    for row in rows:
        sheet.append([int(row[0]), *row[1:]])
    book.save(target)
    return target


def test_excel_sheet_map_unknown_column_to_units(browser, live_server, zone, tmp_path, celery_in_process):
    sheet = breakdown_sheet(tmp_path / "开发区重点工作分解表.xlsx")
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    sign_in(page, live_server.url)
    upload(page, live_server.url, sheet)
    choose_plan(page)

    unknown = page.locator("#columns tbody tr").filter(has_text="落实主体")
    assert unknown.locator(".badge", has_text="未识别").is_visible()
    assert "inferred" in (unknown.get_attribute("class") or "")
    assert page.locator("#columns .badge", has_text="未识别").count() == 1
    assert page.locator("#roles").get_by_text("招商工作部").count() == 0  # the units are not read yet
    page.screenshot(path=str(tmp_path / "columns-1366.png"), full_page=True)

    unknown.get_by_label("“落实主体”列的含义").select_option(label="责任单位（列第一位者牵头）")
    page.get_by_role("button", name="更新预览").click()
    page.get_by_role("status").filter(has_text=REVISED).wait_for()
    page.screenshot(path=str(tmp_path / "columns-revised-1366.png"), full_page=True)
    assert page.locator("#columns .badge", has_text="未识别").count() == 0
    unknown = page.locator("#columns tbody tr").filter(has_text="落实主体")
    assert unknown.locator(".badge", has_text="已指定").is_visible()
    assert unknown.get_by_label("“落实主体”列的含义").input_value() == "units"
    assert role_row(page, 1).get_by_label("招商工作部").input_value() == "host"
    assert role_row(page, 1).get_by_label("安商工作部").input_value() == "co"
    assert role_row(page, 2).get_by_label("改革办").is_visible()
    assert role_row(page, 3).get_by_label("规划建设局").is_visible()
    page.set_viewport_size(PHONE)
    assert sideways_overflow(page) <= 0
    page.screenshot(path=str(tmp_path / "columns-390.png"), full_page=True)
    page.set_viewport_size(DESKTOP)

    page.locator("#confirm").click()
    shown = outcome(page)
    run = ImportRun.objects.get(filename=sheet.name)
    assert run.get_status_display() in shown
    assert run.status in ImportRun.DONE, (run.status, run.message)
    links = ItemUnit.objects.filter(item__plan=zone).order_by("item__number", "order")
    # As the sheet writes them (the ledger may file one under a fuller name: 规划建设局 → 区规划建设局).
    assert [(link.item.number, link.written_as or link.unit.name, link.role) for link in links] == [
        (1, "招商工作部", ItemUnit.Role.HOST),
        (1, "安商工作部", ItemUnit.Role.CO),
        (2, "改革办", ItemUnit.Role.HOST),
        (3, "规划建设局", ItemUnit.Role.HOST),
    ]
    assert {link.unit.district_id for link in links} == {zone.district_id}
    page.close()
