"""Messages in a browser: a liaison lands on a returned report and a 批示, answers the 批示;
the lead official signs in and reads the answer."""

from __future__ import annotations

import re

from django.contrib.auth.models import User

from apps.accounts.models import Profile
from apps.supervision import clock, services
from apps.supervision.periods import WEEK, period_of
from apps.tracking.models import Item, Official, Unit

from .test_supervision_loop import sign_in

WIDE, NARROW = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


def account(username: str, role: str, name: str, **profile) -> User:
    user = User.objects.create_user(username, password="pw-123456", first_name=name)
    units = profile.pop("units", [])
    Profile.objects.create(user=user, role=role, **profile).units.set(units)
    return user


def test_liaison_answers_an_instruction_and_the_leader_reads_it(browser, live_server, seeded, shot, settings):
    settings.LEDGER_NOW = "2024-06-13T10:00"  # Thursday of week 24
    commerce = Unit.objects.get(name="区商务局")
    liaison = account("shangwu", Profile.Role.LIAISON, "商务局联络员", units=[commerce])
    office = account("duchashi", Profile.Role.SUPERVISOR, "督查室")
    leader = account(
        "songenquan", Profile.Role.LEADER, "宋恩全", official=Official.objects.get(name="宋恩全")
    )
    consumption, tourism = Item.objects.get(kind="task", number=9), Item.objects.get(kind="task", number=11)
    report = services.report_save(
        item=consumption,
        unit=commerce,
        user=liaison,
        period=period_of(WEEK, clock.today()),
        progress="举办汽车下乡活动6场。",
        percent=60,
        submit=True,
    )
    services.report_return(report=report, user=office, reason="请补充新能源车企引进情况")
    services.instruction_add(item=tourism, user=leader, text="要抓住暑期旅游旺季，尽快出成效。")

    unit_page = browser.new_context(viewport=WIDE, locale="zh-CN").new_page()
    sign_in(unit_page, live_server.url, "shangwu")
    returned = unit_page.locator("section", has=unit_page.get_by_role("heading", name="被退回的进展（1）"))
    assert "退回原因：请补充新能源车企引进情况" in returned.inner_text()
    assert unit_page.locator(".notify-badge b").inner_text() == "2"  # the return and the 批示
    instructions = unit_page.locator(
        "section", has=unit_page.get_by_role("heading", name="待答复的领导批示（1）")
    )
    assert "要抓住暑期旅游旺季，尽快出成效。" in instructions.inner_text()
    headings = unit_page.locator("main h2").all_inner_texts()
    assert headings[:3] == ["被退回的进展（1）", "待答复的领导批示（1）", "主办事项：第24周进展"]
    assert headings[3] == "协办事项：补充协办进展"
    shot(unit_page, "40-liaison-landing-1366")
    unit_page.set_viewport_size(NARROW)
    shot(unit_page, "41-liaison-landing-390")
    unit_page.set_viewport_size(WIDE)

    instructions.get_by_label("办理情况").fill("已制定暑期文旅消费季方案，7月1日启动。")
    instructions.get_by_role("button", name="答复批示").click()
    unit_page.get_by_text("办理情况已报送宋恩全。").wait_for()
    assert unit_page.get_by_role("heading", name=re.compile("待答复的领导批示")).count() == 0
    unit_page.set_viewport_size(NARROW)
    unit_page.goto(f"{live_server.url}/items/{tourism.pk}/")
    answered = unit_page.locator("article.instruction")
    assert "区商务局办理情况" in answered.inner_text()
    assert answered.get_by_role("button", name="答复批示").is_visible()  # a follow-up is possible
    shot(unit_page, "46-liaison-item-instruction-390", full_page=False)
    answered.scroll_into_view_if_needed()
    shot(unit_page, "47-liaison-item-instruction-390-answered", full_page=False)

    leader_page = browser.new_context(viewport=WIDE, locale="zh-CN").new_page()
    sign_in(leader_page, live_server.url, "songenquan")
    assert leader_page.url == f"{live_server.url}/leader/"
    answer = leader_page.locator("article.instruction")
    assert "区商务局办理情况" in answer.inner_text()
    assert "已制定暑期文旅消费季方案，7月1日启动。" in answer.inner_text()
    assert leader_page.locator(".notify-badge b").inner_text() == "1"
    shot(leader_page, "42-leader-overview-1366")
    leader_page.set_viewport_size(NARROW)
    shot(leader_page, "43-leader-overview-390")
    leader_page.set_viewport_size(WIDE)

    leader_page.locator(".notify-badge").click()
    leader_page.get_by_role("heading", name=re.compile("^消息")).wait_for()
    shot(leader_page, "44-leader-messages-1366")
    leader_page.get_by_role("link", name=re.compile("区商务局答复批示")).click()
    leader_page.wait_for_url(re.compile(rf"/items/{tourism.pk}/"))
    assert leader_page.locator(".notify-badge b").count() == 0  # read now
    assert (
        "已制定暑期文旅消费季方案"
        in leader_page.locator(f"#instruction-{tourism.instructions.get().pk}").inner_text()
    )
    shot(leader_page, "45-leader-item-answer-1366")
