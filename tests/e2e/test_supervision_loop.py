"""The whole loop in a browser: report, return with a reason, resubmit, approve; the light changes."""

from __future__ import annotations

import re

from django.contrib.auth.models import User

from apps.accounts.models import Profile
from apps.tracking.models import Item, Unit


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-123456")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_report_return_resubmit_approve(browser, live_server, seeded, shot, settings):
    settings.LEDGER_TODAY = "2024-06-13"  # a Thursday: this week's report is due tomorrow 17:00
    commerce = Unit.objects.get(name="区商务局")
    liaison = User.objects.create_user("shangwu", password="pw-123456", first_name="商务局联络员")
    Profile.objects.create(user=liaison, role=Profile.Role.LIAISON).units.set([commerce])
    office = User.objects.create_user("duchashi", password="pw-123456", first_name="督查室")
    Profile.objects.create(user=office, role=Profile.Role.SUPERVISOR)
    item = Item.objects.get(kind="task", number=9)
    targets = list(item.targets.order_by("order"))

    unit_page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    sign_in(unit_page, live_server.url, "shangwu")
    assert unit_page.get_by_role("heading", name=re.compile("区商务局 · 2024年第24周")).is_visible()
    shot(unit_page, "10-liaison-due-list")
    row = unit_page.locator("tr", has=unit_page.get_by_role("link", name="把恢复和扩大消费摆在优先位置"))
    row.get_by_role("link", name="填报").click()  # htmx loads the form in place
    form = unit_page.locator("#report-panel")
    form.get_by_label("本期进展").fill("举办汽车下乡活动6场，家电以旧换新促销12场。")
    form.get_by_label("完成进度（%）").fill("60")
    form.get_by_label(re.compile("开展汽车下乡活动")).fill("6")
    form.get_by_label(re.compile("举办家电以旧换新")).fill("12")
    shot(unit_page, "11-liaison-report-form")
    form.get_by_role("button", name="提交报送").click()
    unit_page.get_by_text("进展已报送，等待督查室审核。").wait_for()

    office_page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    sign_in(office_page, live_server.url, "duchashi")
    office_page.get_by_role("link", name="审核").click()
    review_row = office_page.locator("tr", has=office_page.get_by_text("把恢复和扩大消费摆在优先位置"))
    review_row.get_by_label("退回原因").fill("请补充新能源车企引进情况")
    shot(office_page, "12-office-review-queue")
    review_row.get_by_role("button", name="退回").click()
    office_page.get_by_text("已退回：").wait_for()

    unit_page.goto(f"{live_server.url}/items/{item.pk}/")
    panel = unit_page.locator("#report-panel")
    panel.get_by_text("督查室退回：请补充新能源车企引进情况").wait_for()
    shot(unit_page, "13-liaison-sees-return")
    panel.get_by_label("本期进展").fill("已完成全年活动场次，引进新能源品牌车企2家。")
    panel.get_by_label("完成进度（%）").fill("100")
    panel.get_by_label(re.compile("开展汽车下乡活动")).fill(str(targets[0].value_text))
    panel.get_by_label(re.compile("举办家电以旧换新")).fill(str(targets[1].value_text))
    panel.get_by_role("button", name="提交报送").click()
    unit_page.get_by_text("进展已报送，等待督查室审核。").wait_for()

    office_page.goto(f"{live_server.url}/review/")
    review_row = office_page.locator("tr", has=office_page.get_by_text("把恢复和扩大消费摆在优先位置"))
    review_row.get_by_role("button", name="通过").click()
    office_page.get_by_text("已审核通过：").wait_for()
    shot(office_page, "14-office-approved")

    office_page.goto(f"{live_server.url}/items/{item.pk}/")
    assert office_page.locator(".item-head .light").inner_text() == "已完成"
    shot(office_page, "15-item-done")
    item.refresh_from_db()
    assert (item.light, item.status, item.progress) == ("done", "done", 100)

    office_page.goto(f"{live_server.url}/")
    office_page.locator("#chart-lights svg").wait_for()
    assert office_page.locator('[data-stat="done"]').inner_text() == "1"
    shot(office_page, "16-dashboard")
    office_page.locator("#chart-lights svg path[fill='#0b5cad']").first.click()  # the 已完成 segment
    office_page.wait_for_url(re.compile(r"light=done"))
    assert office_page.locator("table.ledger tbody td.number").all_inner_texts() == ["9"]
    assert list(item.reports.get().events.values_list("action", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
