"""Uploading a revised gazette in a real browser: preview, map an unknown unit, confirm, see it."""

from __future__ import annotations

import re

from apps.intake.models import ImportRun
from apps.tracking.models import Item, ItemUnit, Unit
from tests.conftest import GAZETTE
from tests.e2e.test_walkthrough import sign_in

TRAILER = "（牵头领导：张传驰。承办单位：区地方金融监督管理局，工业园区、各镇街）"


def test_upload_preview_map_confirm_and_see_the_item(
    browser, live_server, seeded, shot, tmp_path, celery_in_process
):
    revised = GAZETTE.read_text("utf-8").replace(
        TRAILER, TRAILER.replace("区地方金融监督管理局", "区金融服务中心")
    )
    upload = tmp_path / "公报-修订.txt"
    upload.write_text(revised, encoding="gb18030")
    garbage = tmp_path / "损坏.txt"
    garbage.write_bytes(bytes(range(256)) * 20)

    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    sign_in(page, live_server.url)
    page.get_by_role("link", name="导入", exact=True).click()
    page.get_by_label("文件").set_input_files(str(upload))
    page.get_by_role("button", name="上传并预览").click()
    page.get_by_role("heading", name="预览：确认前台账不会有任何改动").wait_for()
    assert page.get_by_text("读取方式：gb18030").is_visible()
    changed = page.locator("#items-changed")
    assert changed.get_by_text("任务 3").is_visible() and changed.locator(
        "ins"
    ).first.inner_text().startswith("区金融服务中心")
    shot(page, "30-import-preview")

    page.get_by_label("区金融服务中心 的处理").select_option(label="对应到：区地方金融监督管理局")
    page.get_by_role("button", name="确认导入").click()
    # A choice not yet previewed is previewed first: the page shows what confirming will write.
    page.get_by_text("已按所作处理重新计算预览").wait_for()
    page.locator("#units-mapped").get_by_text("区金融服务中心 → 区地方金融监督管理局").wait_for()
    assert ImportRun.objects.get(filename="公报-修订.txt").status == ImportRun.Status.PREVIEW
    page.get_by_role("button", name="确认导入").click()
    page.locator("#run-outcome").get_by_text("已更新").wait_for()
    assert page.locator("#units-mapped").get_by_text("区金融服务中心 → 区地方金融监督管理局").is_visible()
    shot(page, "31-import-done")
    run = ImportRun.objects.filter(filename="公报-修订.txt").get()
    assert run.status == ImportRun.Status.UPDATED and run.decisions["units"]
    finance = Unit.objects.get(name="区地方金融监督管理局")
    task3 = Item.objects.get(plan__year=2024, kind="task", number=3)
    assert ItemUnit.objects.get(item=task3, unit=finance).written_as == "区金融服务中心"

    page.get_by_role("link", name="查看台账").click()
    page.wait_for_url(re.compile(r"/plans/\d+/ledger/"))
    page.goto(f"{live_server.url}/items/{task3.pk}/")
    assert page.get_by_text("区地方金融监督管理局").first.is_visible()

    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("文件").set_input_files(str(garbage))
    page.get_by_role("button", name="上传并预览").click()
    outcome = page.locator("#run-outcome")
    outcome.wait_for()
    assert "已拒绝" in outcome.inner_text() and "二进制数据" in outcome.inner_text()
    shot(page, "32-import-refused")
    page.goto(f"{live_server.url}/imports/")
    rows = page.locator("#runs tbody tr")
    assert "已拒绝" in rows.nth(0).inner_text() and "已更新" in rows.nth(1).inner_text()
    shot(page, "33-import-list")
    page.close()
