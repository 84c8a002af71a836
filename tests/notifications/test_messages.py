"""Every message reaches its reader: returned and approved reports, 催办, 批示, deadline notices;
the message centre is private to its recipient."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.models import Profile
from apps.notifications.models import Notification
from apps.supervision import deadlines, services
from apps.supervision.models import ProgressReport
from apps.tracking.models import Unit
from tests.supervision.conftest import make_user, task

SHANGHAI = ZoneInfo("Asia/Shanghai")
THURSDAY = dt.datetime(2024, 6, 13, 10, 0, tzinfo=SHANGHAI)  # week 24: 10–16 June, due Friday 17:00
FRIDAY_MORNING = dt.datetime(2024, 6, 14, 8, 30, tzinfo=SHANGHAI)


def submit(client, item, **fields):
    data = {"progress": "召开推进会，完成招商对接。", "percent": "40", "action": "submit"}
    data.update({f"actual_{t.pk}": "" for t in item.targets.all()})
    data.update(fields)
    response = client.post(reverse("supervision:report", args=[item.pk]), data)
    assert response.status_code == 302
    return ProgressReport.objects.get(item=item, period_start=dt.date(2024, 6, 10))


def messages_of(client, kind=None):
    notes = Notification.objects.filter(recipient=client.user)
    return list(notes.filter(kind=kind) if kind else notes)


@time_machine.travel(THURSDAY, tick=False)
def test_returned_report_reaches_the_liaison_and_heads_his_landing_page(liaison, supervisor, plan, commerce):
    item = task(plan, 9)
    report = submit(liaison, item)
    supervisor.post(reverse("supervision:return", args=[report.pk]), {"reason": "请补充新能源车企引进情况"})

    [note] = Notification.objects.all()
    assert note.recipient == liaison.user and note.kind == "returned"
    assert note.title == "任务9 把恢复和扩大消费摆在优先位置 的第24周进展被退回：请补充新能源车企引进情况"
    assert "请补充新能源车企引进情况" in note.body
    assert note.url == reverse("tracking:item", args=[item.pk])
    assert note.created_at == THURSDAY and note.read_at is None

    # The home page lands the liaison on his unit's list; the returned report comes first.
    landing = liaison.get(reverse("home"), follow=True).content.decode()
    returned_at = landing.index("被退回的进展（1）")
    assert returned_at < landing.index("主办事项：第24周进展")
    assert "退回原因：请补充新能源车企引进情况" in landing
    fix = reverse("supervision:report", args=[item.pk]) + "?period=2024-06-10"
    assert f'href="{fix}"' in landing[returned_at:]
    # The header counts it and links to the message centre.
    assert f'href="{reverse("notifications:centre")}"' in landing and "<b" in landing

    # Resubmitting takes it off the list; approving tells the liaison too.
    report.refresh_from_db()
    submit(liaison, item, progress="已补充新能源车企引进情况。", version=str(report.version))
    assert (
        "被退回的进展"
        not in liaison.get(reverse("supervision:unit_due", args=[commerce.pk])).content.decode()
    )
    supervisor.post(reverse("supervision:approve", args=[report.pk]))
    [approved] = messages_of(liaison, "approved")
    assert approved.title == "任务9 把恢复和扩大消费摆在优先位置 的第24周进展已审核通过"


def test_instruction_reaches_the_liaisons_of_the_item_units_only(leader, liaison, other_liaison, plan):
    culture = make_user("wenlv", Profile.Role.LIAISON, units=[Unit.objects.get(name="区文化和旅游局")])
    item = task(plan, 11)  # led by 宋恩全 among others; hosts 区委宣传部、区商务局、区文化和旅游局
    leader.post(reverse("supervision:instruct", args=[item.pk]), {"text": "要抓住暑期旅游旺季，尽快出成效。"})

    notes = Notification.objects.filter(kind="instruction")
    assert {n.recipient.username for n in notes} == {"shangwu", "wenlv"}
    mine = notes.get(recipient=liaison.user)
    assert mine.title == "宋恩全批示：任务11 激活文旅消费"
    assert mine.body == "要抓住暑期旅游旺季，尽快出成效。"
    assert mine.url.startswith(reverse("tracking:item", args=[item.pk]) + "#instruction-")
    assert not messages_of(other_liaison) and culture.notifications.count() == 1


def test_message_centre_is_private_and_opening_marks_read(liaison, other_liaison, plan):
    item = task(plan, 9)
    at = dt.datetime(2024, 6, 13, 9, 0, tzinfo=SHANGHAI)
    first = Notification.objects.create(
        recipient=liaison.user, kind="reminder", title="催办：任务9", url=f"/items/{item.pk}/", created_at=at
    )
    second = Notification.objects.create(
        recipient=liaison.user, kind="deadline", title="今天截止", created_at=at + dt.timedelta(hours=1)
    )

    page = liaison.get(reverse("notifications:centre")).content.decode()
    assert page.index("今天截止") < page.index("催办：任务9")  # newest first
    assert page.count('class="note unread"') == 2 and "2 条未读" in page

    # Someone else's message does not exist for him: 404, and it stays unread.
    assert other_liaison.get(reverse("notifications:open", args=[first.pk])).status_code == 404
    first.refresh_from_db()
    assert first.read_at is None

    response = liaison.get(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == f"/items/{item.pk}/"
    first.refresh_from_db()
    assert first.read_at is not None

    other_liaison.post(reverse("notifications:mark_all_read"))
    second.refresh_from_db()
    assert second.read_at is None  # another user's "全部标为已读" leaves his messages alone
    liaison.post(reverse("notifications:mark_all_read"))
    second.refresh_from_db()
    assert second.read_at is not None
    assert "全部标为已读" not in liaison.get(reverse("notifications:centre")).content.decode()


def test_reminders_auto_and_manual_reach_the_liaisons(liaison, supervisor, plan, commerce):
    with time_machine.travel(dt.datetime(2024, 6, 14, 17, 30, tzinfo=SHANGHAI), tick=False):
        services.reminders_generate()
        services.reminders_generate()  # runs twice, tells once
        auto = messages_of(liaison, "reminder")
        assert sorted(n.title for n in auto) == sorted(f"催办：{task(plan, n)}" for n in (9, 11, 12, 17))
        assert "催办：任务12 激活电商消费" in {n.title for n in auto}
        supervisor.post(
            reverse("supervision:remind", args=[task(plan, 17).pk]),
            {"unit": commerce.pk, "message": "请今天下班前报送"},
        )
    manual = [n for n in messages_of(liaison, "reminder") if n.body == "请今天下班前报送"]
    assert len(manual) == 1 and manual[0].title == f"催办：{task(plan, 17)}"


def test_deadline_notice_on_the_deadline_morning_once_per_unit(liaison, plan, commerce):
    with time_machine.travel(THURSDAY, tick=False):
        submit(liaison, task(plan, 9))
        assert deadlines.deadline_notices() == []  # not the deadline day
    with time_machine.travel(FRIDAY_MORNING, tick=False):
        created = deadlines.deadline_notices()
        assert deadlines.deadline_notices() == []  # one per unit and week
    [mine] = [n for n in created if n.recipient == liaison.user]
    assert mine.title == "今天 17:00 截止：区商务局第24周还有 3 项进展未报送"
    assert mine.body.splitlines() == [str(task(plan, n)) for n in (11, 12, 17)]
    assert mine.url == reverse("supervision:unit_due", args=[commerce.pk]) + "?period=2024-06-10"
    with time_machine.travel(dt.datetime(2024, 6, 14, 17, 1, tzinfo=SHANGHAI), tick=False):
        assert deadlines.deadline_notices() == []  # past the deadline: 催办 takes over


def test_messages_are_mailed_when_mail_is_configured(supervisor, liaison, plan, settings, mailoutbox):
    settings.REMINDER_EMAIL = True
    with time_machine.travel(THURSDAY, tick=False):
        report = submit(liaison, task(plan, 9))
        supervisor.post(reverse("supervision:return", args=[report.pk]), {"reason": "数据不全"})
    [mail] = mailoutbox
    assert mail.to == ["shangwu@example.cn"] and mail.subject.startswith("【进展退回】任务9")
    assert "数据不全" in mail.body
    assert Notification.objects.get(kind="returned").emailed_at == THURSDAY


def test_a_mail_server_that_is_down_does_not_stop_the_review(
    supervisor, liaison, plan, settings, monkeypatch
):
    settings.REMINDER_EMAIL = True

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("apps.notifications.services.send_mail", refuse)
    with time_machine.travel(THURSDAY, tick=False):
        report = submit(liaison, task(plan, 9))
        response = supervisor.post(reverse("supervision:return", args=[report.pk]), {"reason": "数据不全"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "returned"
    note = Notification.objects.get(kind="returned")
    assert note.emailed_at is None


@pytest.mark.parametrize("returned", [1, 4])
def test_landing_page_queries_do_not_grow_with_items(
    returned, liaison, supervisor, leader, plan, commerce, django_assert_max_num_queries
):
    with time_machine.travel(THURSDAY, tick=False):
        for number in [9, 11, 12, 17][:returned]:
            report = submit(liaison, task(plan, number))
            supervisor.post(reverse("supervision:return", args=[report.pk]), {"reason": f"退回{number}"})
        for _ in range(returned):
            leader.post(reverse("supervision:instruct", args=[task(plan, 11).pk]), {"text": "抓紧推进"})
        url = reverse("supervision:unit_due", args=[commerce.pk])
        with django_assert_max_num_queries(21):
            page = liaison.get(url).content.decode()
    assert page.count("data-report=") == returned and page.count("data-instruction=") == returned
