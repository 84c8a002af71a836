"""Two people save the same report: the second sees the other version beside his own, in place."""

from __future__ import annotations

from django.contrib.auth.models import User

from apps.accounts.models import Profile
from apps.supervision.models import ProgressReport
from apps.tracking.models import Item, Unit

from .test_supervision_loop import sign_in


def test_a_conflicting_save_shows_both_versions_and_merges(browser, live_server, seeded, shot, settings):
    settings.LEDGER_NOW = "2024-06-13T10:00"  # Thursday of week 24, before the deadline
    commerce = Unit.objects.get(name="区商务局")
    for username in ("shangwu", "shangwu2"):
        user = User.objects.create_user(username, password="pw-123456", first_name=username)
        Profile.objects.create(user=user, role=Profile.Role.LIAISON).units.set([commerce])
    item = Item.objects.get(kind="task", number=11)
    url = f"{live_server.url}/items/{item.pk}/report/?period=2024-06-10"

    pages = {}
    for username, width in (("shangwu", 1366), ("shangwu2", 390)):
        page = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN").new_page()
        sign_in(page, live_server.url, username)
        page.goto(url)
        pages[username] = page  # both forms are open on the empty report

    first = pages["shangwu"]
    first.get_by_label("本期进展").fill("同事：完成项目对接3个。")
    first.get_by_label("完成进度（%）").fill("30")
    first.get_by_role("button", name="保存草稿").click()
    first.get_by_text("草稿已保存。").wait_for()

    second = pages["shangwu2"]
    second.get_by_label("本期进展").fill("我：召开推进会1次。")
    second.get_by_label("完成进度（%）").fill("35")
    second.get_by_role("button", name="保存草稿").click()
    conflict = second.locator("#report-conflict")
    conflict.wait_for()
    text = conflict.inner_text()
    assert "保存未生效" in text and "同事：完成项目对接3个。" in text and "我：召开推进会1次。" in text
    assert second.url == url  # shown in place by htmx, not a new page
    shot(second, "40-conflict-390")
    assert ProgressReport.objects.get(item=item).progress == "同事：完成项目对接3个。"

    # Merge: the form holds my text on top of the saved version; edit and save deliberately.
    field = second.locator("#report-panel").get_by_label("本期进展")
    assert field.input_value() == "我：召开推进会1次。"
    field.fill("完成项目对接3个；召开推进会1次。")
    second.get_by_role("button", name="保存草稿").click()
    second.get_by_text("草稿已保存。").wait_for()
    shot(second, "41-conflict-merged-390")
    report = ProgressReport.objects.get(item=item)
    assert (report.progress, report.percent, report.version) == ("完成项目对接3个；召开推进会1次。", 35, 2)
