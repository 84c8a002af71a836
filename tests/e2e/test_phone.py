"""Phones (390 px wide): the review queue and the import preview fit the screen, nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from apps.accounts.models import Profile
from apps.supervision.models import ProgressReport
from apps.tracking.models import Item, Unit
from tests.conftest import GAZETTE
from tests.e2e.test_walkthrough import sign_in as sign_in_admin

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
THURSDAY = dt.date(2024, 6, 13)


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-123456")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def sideways_overflow(page) -> int:
    """How many pixels the page is wider than the viewport (0: nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def submitted(seeded):
    """Two reports waiting for review: 区商务局's task 9 and 区工业和信息化局's task 2."""
    from apps.supervision.periods import WEEK, period_of
    from apps.supervision.services import report_save

    office = User.objects.create_user("duchashi", password="pw-123456", first_name="督查室")
    Profile.objects.create(user=office, role=Profile.Role.SUPERVISOR)
    reports = []
    for number, unit_name, text in [
        (9, "区商务局", "举办汽车下乡活动6场，家电以旧换新促销12场，带动消费约1.2亿元。"),
        (2, "区工业和信息化局", "推进技改项目18个，完成设备投资3.5亿元。"),
    ]:
        reports.append(
            report_save(
                item=Item.objects.get(plan=seeded, kind="task", number=number),
                unit=Unit.objects.get(name=unit_name),
                user=office,
                period=period_of(WEEK, THURSDAY),
                progress=text,
                percent=40,
                problems="部分项目资金未到位。",
                submit=True,
            )
        )
    return reports


def test_review_queue_on_a_phone_shows_both_controls_and_returns(browser, live_server, submitted, shot):
    desktop = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    sign_in(desktop, live_server.url, "duchashi")
    desktop.goto(f"{live_server.url}/review/")
    shot(desktop, "60-review-queue-1366")
    desktop.close()

    page = browser.new_page(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    sign_in(page, live_server.url, "duchashi")
    page.goto(f"{live_server.url}/review/")
    report = submitted[0]
    row = page.locator(f"#review-{report.pk}")
    reason = row.get_by_label("退回原因")
    back = row.get_by_role("button", name="退回")
    approve = row.get_by_role("button", name="通过")
    for control in (reason, back, approve):
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert sideways_overflow(page) <= 0
    shot(page, "61-review-queue-390")

    reason.fill("请补充新能源车企引进情况")
    back.click()
    row.get_by_text("已退回：").wait_for()
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.RETURNED
    assert "请补充新能源车企引进情况" in report.return_reason
    shot(page, "62-review-returned-390")
    page.close()


def test_import_preview_fits_a_phone(browser, live_server, seeded, shot, tmp_path, celery_in_process):
    revised = GAZETTE.read_text("utf-8").replace(
        "区地方金融监督管理局，工业园区", "区金融服务中心，工业园区", 1
    )
    upload = tmp_path / "公报-修订.txt"
    upload.write_text(revised, encoding="utf-8")
    page = browser.new_page(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    sign_in_admin(page, live_server.url)
    page.goto(f"{live_server.url}/imports/")
    assert sideways_overflow(page) <= 0
    page.get_by_label("文件").set_input_files(str(upload))
    page.get_by_role("button", name="上传并预览").click()
    page.get_by_role("heading", name="预览：确认前台账不会有任何改动").wait_for()
    page.locator("#warnings").evaluate("details => details.open = true")
    assert sideways_overflow(page) <= 0
    confirm = page.get_by_role("button", name="确认导入")
    confirm.scroll_into_view_if_needed()
    box = confirm.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    shot(page, "63-import-preview-390")
    page.close()


@pytest.mark.parametrize("width", [PHONE["width"], DESKTOP["width"]])
def test_main_pages_do_not_scroll_sideways(browser, live_server, submitted, shot, width):
    """Every page an office user opens fits the screen; tables become cards or scroll inside themselves."""
    from apps.press.services import newspaper_import
    from tests.conftest import NEWSPAPER_PAGES

    newspaper_import(data=NEWSPAPER_PAGES[2].read_bytes(), filename=NEWSPAPER_PAGES[2].name)
    item = Item.objects.get(kind="task", number=9)
    pages = {
        "dashboard": "/",
        "ledger": f"/plans/{submitted[0].item.plan_id}/ledger/?kind=task",
        "item": f"/items/{item.pk}/",
        "units": "/units/",
        "review": "/review/",
        "reports": "/reports/",
        "press": "/press/",
        "missing": "/items/999999/",
        "forbidden": "/accounts/users/",  # administrators only
    }
    page = browser.new_page(
        viewport={"width": width, "height": 844}, locale="zh-CN", is_mobile=width < 700, has_touch=width < 700
    )
    sign_in(page, live_server.url, "duchashi")
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert sideways_overflow(page) <= 0, name
        assert "Select an option" not in page.content()
        if name in ("missing", "forbidden"):
            assert page.get_by_role("link", name="回到首页").is_visible()
        shot(page, f"64-{name}-{width}", full_page=name == "item")
    page.close()
