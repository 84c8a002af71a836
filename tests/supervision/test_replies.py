"""Answers to 批示 (办理情况), a unit's landing page, and a lead official's own overview."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.notifications.models import Notification
from apps.supervision.models import Instruction, InstructionReply

from .conftest import task

SHANGHAI = ZoneInfo("Asia/Shanghai")
THURSDAY = dt.datetime(2024, 6, 13, 10, 0, tzinfo=SHANGHAI)  # week 24; week 23 closed on 7 June


def instruct(leader, item, text="要抓住暑期旅游旺季，尽快出成效。") -> Instruction:
    leader.post(reverse("supervision:instruct", args=[item.pk]), {"text": text})
    return Instruction.objects.filter(item=item).latest("pk")


@time_machine.travel(THURSDAY, tick=False)
def test_liaison_answers_and_the_leader_reads_the_answer(leader, liaison, plan, commerce):
    item = task(plan, 11)  # 宋恩全 among its leads; 区商务局 one of its hosts
    instruction = instruct(leader, item)

    landing = liaison.get(reverse("supervision:unit_due", args=[commerce.pk])).content.decode()
    assert "待答复的领导批示（1）" in landing and "要抓住暑期旅游旺季，尽快出成效。" in landing
    assert landing.index("待答复的领导批示") < landing.index("主办事项：第24周进展")

    back = reverse("supervision:unit_due", args=[commerce.pk])
    response = liaison.post(
        reverse("supervision:instruction_reply", args=[instruction.pk]),
        {"text": "已制定暑期文旅消费季方案，7月1日启动。", "unit": commerce.pk, "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    reply = InstructionReply.objects.get()
    assert (reply.instruction, reply.unit, reply.author) == (instruction, commerce, liaison.user)
    assert reply.text == "已制定暑期文旅消费季方案，7月1日启动。" and reply.created_at == THURSDAY
    assert "待答复的领导批示" not in liaison.get(back).content.decode()

    [note] = Notification.objects.filter(kind="reply")
    assert note.recipient == leader.user
    assert note.title == "区商务局答复批示：任务11 激活文旅消费"
    assert note.body == "已制定暑期文旅消费季方案，7月1日启动。"

    item_page = leader.get(reverse("tracking:item", args=[item.pk])).content.decode()
    assert "区商务局办理情况" in item_page and "已制定暑期文旅消费季方案" in item_page
    overview = leader.get(reverse("supervision:leader_home")).content.decode()
    assert "我的批示及办理情况（1）" in overview and "已制定暑期文旅消费季方案，7月1日启动。" in overview


def test_an_unrelated_unit_cannot_answer(leader, other_liaison, plan):
    instruction = instruct(leader, task(plan, 11))  # 区水务局 neither hosts nor co-hosts it
    response = other_liaison.post(
        reverse("supervision:instruction_reply", args=[instruction.pk]), {"text": "已办理"}
    )
    assert response.status_code == 403
    assert not InstructionReply.objects.exists()
    assert not Notification.objects.filter(kind="reply").exists()


def test_an_empty_answer_is_refused(leader, liaison, plan):
    item = task(plan, 11)
    instruction = instruct(leader, item)
    response = liaison.post(
        reverse("supervision:instruction_reply", args=[instruction.pk]), {"text": "   "}, follow=True
    )
    assert "请填写办理情况。" in response.content.decode()
    assert not InstructionReply.objects.exists()
    assert not Notification.objects.filter(kind="reply").exists()


def test_supervisor_and_leader_do_not_answer_for_a_unit(leader, supervisor, plan, commerce):
    instruction = instruct(leader, task(plan, 11))
    url = reverse("supervision:instruction_reply", args=[instruction.pk])
    assert supervisor.post(url, {"text": "代答", "unit": commerce.pk}).status_code == 403
    assert leader.post(url, {"text": "自答", "unit": commerce.pk}).status_code == 403
    assert not InstructionReply.objects.exists()


@time_machine.travel(THURSDAY, tick=False)
def test_co_unit_landing_lists_its_co_hosted_items(liaison, plan, commerce):
    from apps.accounts.models import Profile
    from apps.supervision import services
    from apps.supervision.periods import WEEK, period_of
    from apps.tracking.models import Unit

    from .conftest import make_user

    # 区工业和信息化局 hosts task 2 and reports this week; 区商务局 has not added its part yet.
    industry = make_user("gongxin", Profile.Role.LIAISON, units=[Unit.objects.get(name="区工业和信息化局")])
    report = services.report_save(
        item=task(plan, 2),
        unit=Unit.objects.get(name="区工业和信息化局"),
        user=industry,
        period=period_of(WEEK, THURSDAY.date()),
        progress="推进技改项目",
        percent=30,
        submit=True,
    )
    page = liaison.get(reverse("supervision:unit_due", args=[commerce.pk])).content.decode()
    co = page[page.index("协办事项：补充协办进展") :]
    rows = co.split("<tr data-item=")[1:]
    assert [row.split('"')[1] for row in rows] == [str(task(plan, 2).pk), str(task(plan, 23).pk)]
    assert "区工业和信息化局" in rows[0] and "未补充" in rows[0]
    assert f"#report-{report.pk}" in rows[0]
    assert "待主办单位填报后补充" in rows[1]

    liaison.post(
        reverse("supervision:contribution", args=[report.pk]),
        {"text": "组织外贸企业对接", "unit": commerce.pk},
    )
    page = liaison.get(reverse("supervision:unit_due", args=[commerce.pk])).content.decode()
    row = page[page.index("协办事项：补充协办进展") :].split("<tr data-item=")[1]
    assert "已补充" in row and "组织外贸企业对接" in row


def test_leader_home_is_the_leaders_own(leader, liaison, supervisor, plan):
    assert leader.get(reverse("home"))["Location"] == reverse("supervision:leader_home")
    assert liaison.get(reverse("supervision:leader_home")).status_code == 403
    assert supervisor.get(reverse("supervision:leader_home")).status_code == 403


@time_machine.travel(THURSDAY, tick=False)
def test_leader_overview_names_the_units_late_for_the_last_closed_week(leader, plan):
    from apps.accounts.models import Profile
    from apps.supervision import services
    from apps.supervision.periods import WEEK, period_of
    from apps.tracking.models import Unit

    from .conftest import make_user

    # Week 23 (3–9 June) closed on Friday 7 June. 区教育和体育局 reported task 50 that week.
    education = Unit.objects.get(name="区教育和体育局")
    user = make_user("jiaoti", Profile.Role.LIAISON, units=[education])
    with time_machine.travel(dt.datetime(2024, 6, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        services.report_save(
            item=task(plan, 50),
            unit=education,
            user=user,
            period=period_of(WEEK, dt.date(2024, 6, 5)),
            progress="完成校舍改造",
            percent=50,
            submit=True,
        )
    leader.force_login(leader.user)
    page = leader.get(reverse("supervision:leader_home")).content.decode()
    assert "未按期报送的主办单位（2024年第23周（6月3日—6月9日））" in page
    late = page[page.index("未按期报送的主办单位") : page.index("我的批示及办理情况")]
    assert "区民政局" in late and "区卫生健康局" in late and "区商务局" in late  # task 11
    assert "区教育和体育局" not in late
    assert "各镇街" not in late  # groups are not units to chase
    items = page[page.index("牵头事项（") :]
    assert items.count("<tr data-item=") == 15
    assert "牵头事项（15）" in page


@pytest.mark.parametrize("count", [1, 5])
def test_leader_overview_queries_do_not_grow(
    count, leader, liaison, plan, commerce, django_assert_max_num_queries
):
    item = task(plan, 11)
    for n in range(count):
        instruction = instruct(leader, item, text=f"批示{n}")
        liaison.post(
            reverse("supervision:instruction_reply", args=[instruction.pk]),
            {"text": f"答复{n}", "unit": commerce.pk},
        )
    with django_assert_max_num_queries(17):
        page = leader.get(reverse("supervision:leader_home")).content.decode()
    assert page.count('<article class="instruction card"') == count
    assert page.count("区商务局办理情况") == count
