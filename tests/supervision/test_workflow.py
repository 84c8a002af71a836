"""The loop: a liaison reports, the office returns or approves, the light follows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.supervision import services
from apps.supervision.models import (
    Attachment,
    Contribution,
    Instruction,
    ProgressReport,
    Reminder,
    ReviewEvent,
)
from tests.conftest import ledger_snapshot

from .conftest import task

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Thursday of week 24 (10–16 June 2024), before Friday's 17:00 deadline.
THURSDAY = dt.datetime(2024, 6, 13, 10, 0, tzinfo=SHANGHAI)


def report_form(item, **fields):
    data = {
        "progress": "召开推进会，完成招商对接。",
        "percent": "40",
        "problems": "",
        "next_steps": "继续推进",
        "action": "save",
    }
    data.update({f"actual_{t.pk}": "" for t in item.targets.all()})
    data.update(fields)
    return data


@time_machine.travel(THURSDAY, tick=False)
def test_liaison_reports_office_returns_liaison_resubmits_office_approves(
    liaison, supervisor, plan, commerce
):
    item = task(plan, 9)  # 区商务局 hosts; targets: 汽车下乡 10 场, 促销活动 20 场
    url = reverse("supervision:report", args=[item.pk])
    first, second = item.targets.order_by("order")
    response = liaison.post(url, report_form(item, **{f"actual_{first.pk}": "6", "action": "submit"}))
    assert response.status_code == 302
    report = ProgressReport.objects.get(item=item)
    assert (report.status, report.unit, report.period_start) == ("submitted", commerce, dt.date(2024, 6, 10))
    assert report.actuals.get(target=first).value == 6

    queue = supervisor.get(reverse("supervision:review_queue")).content.decode()
    assert "把恢复和扩大消费摆在优先位置" in queue
    # Returning needs a reason; without one nothing changes.
    supervisor.post(reverse("supervision:return", args=[report.pk]), {"reason": " "})
    assert ProgressReport.objects.get(pk=report.pk).status == "submitted"
    supervisor.post(reverse("supervision:return", args=[report.pk]), {"reason": "请补充促销活动场次"})
    report.refresh_from_db()
    assert (report.status, report.return_reason) == ("returned", "请补充促销活动场次")
    item_page = liaison.get(reverse("tracking:item", args=[item.pk])).content.decode()
    assert "请补充促销活动场次" in item_page

    data = report_form(item, percent="100", action="submit", version=str(report.version))
    data.update({f"actual_{first.pk}": "10", f"actual_{second.pk}": "20"})
    liaison.post(url, data)
    report.refresh_from_db()
    assert report.status == "submitted" and report.return_reason == ""
    supervisor.post(reverse("supervision:approve", args=[report.pk]))
    report.refresh_from_db()
    item.refresh_from_db()
    assert report.status == "approved"
    assert (item.light, item.status, item.progress) == ("done", "done", 100)
    assert list(report.events.values_list("action", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    history = report.history.values_list("history_change_reason", flat=True)
    assert "退回：请补充促销活动场次" in history and "审核通过" in history
    item_history = supervisor.get(reverse("tracking:item", args=[item.pk])).content.decode()
    assert "进展 2024-06-10 这一周" in item_history and "已退回" in item_history


@time_machine.travel(THURSDAY, tick=False)
def test_actuals_cap_the_progress_the_light_uses(liaison, plan):
    item = task(plan, 9)
    first, second = item.targets.order_by("order")
    data = report_form(item, percent="90", action="submit")
    data.update({f"actual_{first.pk}": "2", f"actual_{second.pk}": "4"})  # 20 % of both targets
    liaison.post(reverse("supervision:report", args=[item.pk]), data)
    item.refresh_from_db()
    assert item.progress == 20


@time_machine.travel(THURSDAY, tick=False)
def test_two_people_editing_the_same_report_lose_nothing(liaison, plan, commerce):
    item = task(plan, 11)
    url = reverse("supervision:report", args=[item.pk])
    liaison.post(url, report_form(item, progress="第一版"))
    report = ProgressReport.objects.get(item=item)
    opened_version = report.version
    liaison.post(url, report_form(item, progress="同事先保存的第二版", version=str(opened_version)))
    response = liaison.post(url, report_form(item, progress="我的第三版", version=str(opened_version)))
    assert response.status_code == 409
    html = response.content.decode()
    assert "您的保存未生效" in html and "同事先保存的第二版" in html and "我的第三版" in html
    report.refresh_from_db()
    assert report.progress == "同事先保存的第二版"


@time_machine.travel(THURSDAY, tick=False)
def test_bad_input_is_refused_and_changes_nothing(liaison, plan):
    item = task(plan, 11)
    url = reverse("supervision:report", args=[item.pk])
    before = ledger_snapshot()
    for data in (report_form(item, percent="120"), report_form(item, progress="  ")):
        response = liaison.post(url, data)
        assert response.status_code == 200
    assert "确保该值小于或等于100" in liaison.post(url, report_form(item, percent="120")).content.decode()
    assert ledger_snapshot() == before
    assert not ProgressReport.objects.filter(item=item).exists()


@time_machine.travel(THURSDAY, tick=False)
def test_attachments_are_checked_for_type_and_size(liaison, other_liaison, plan, monkeypatch):
    item = task(plan, 11)
    url = reverse("supervision:report", args=[item.pk])
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = liaison.post(url, {**report_form(item), "attachments": fake})
    assert "内容与扩展名 .pdf 不符" in response.content.decode()
    script = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    assert "类型不允许" in liaison.post(url, {**report_form(item), "attachments": script}).content.decode()
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 10)
    big = SimpleUploadedFile("图.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    assert "超过 10 MB" in liaison.post(url, {**report_form(item), "attachments": big}).content.decode()
    assert not Attachment.objects.exists()
    monkeypatch.setattr(services, "MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
    pdf = SimpleUploadedFile("现场照片说明.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    assert liaison.post(url, {**report_form(item), "attachments": pdf}).status_code == 302
    attachment = Attachment.objects.get()
    download = reverse("supervision:attachment", args=[attachment.pk])
    assert b"".join(liaison.get(download).streaming_content) == b"%PDF-1.4 demo"
    assert other_liaison.get(download).status_code == 403


@time_machine.travel(THURSDAY, tick=False)
def test_co_unit_adds_its_contribution(liaison, plan, commerce):
    from apps.accounts.models import Profile
    from apps.tracking.models import Unit

    from .conftest import client_for, make_user

    item = task(plan, 2)  # 区工业和信息化局 hosts, 区商务局 co-hosts
    host = client_for(
        make_user("gongxin", Profile.Role.LIAISON, units=[Unit.objects.get(name="区工业和信息化局")])
    )
    host.post(reverse("supervision:report", args=[item.pk]), report_form(item, action="submit"))
    report = ProgressReport.objects.get(item=item)
    assert liaison.post(reverse("supervision:report", args=[item.pk]), report_form(item)).status_code == 403
    liaison.post(
        reverse("supervision:contribution", args=[report.pk]),
        {"text": "组织外贸企业参加推介会", "unit": commerce.pk},
    )
    assert Contribution.objects.get(report=report).text == "组织外贸企业参加推介会"
    assert "协办：区商务局" in host.get(reverse("tracking:item", args=[item.pk])).content.decode()


def test_lead_official_instructs_and_units_see_it(leader, liaison, plan):
    item = task(plan, 11)  # led by 张允锐、宋恩全、展召爽
    leader.post(reverse("supervision:instruct", args=[item.pk]), {"text": "要抓住暑期旅游旺季，尽快出成效。"})
    instruction = Instruction.objects.get(item=item)
    assert instruction.official.name == "宋恩全"
    assert "宋恩全批示" in liaison.get(reverse("tracking:item", args=[item.pk])).content.decode()
    other = task(plan, 9)  # led by 展召爽 only
    assert leader.post(reverse("supervision:instruct", args=[other.pk]), {"text": "x"}).status_code == 403
    assert liaison.post(reverse("supervision:instruct", args=[item.pk]), {"text": "x"}).status_code == 403


@time_machine.travel(THURSDAY, tick=False)
def test_htmx_returns_the_form_fragment(liaison, plan):
    item = task(plan, 12)
    url = reverse("supervision:report", args=[item.pk])
    fragment = liaison.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<div id="report-panel"') and "<html" not in fragment
    saved = liaison.post(url, report_form(item, action="submit"), headers={"HX-Request": "true"})
    assert saved.status_code == 200 and "进展已报送，等待督查室审核。" in saved.content.decode()
    page = liaison.get(url).content.decode()
    assert "<html" in page  # without JavaScript the same URL is a page


def test_approved_reports_are_locked(liaison, supervisor, plan):
    item = task(plan, 12)
    url = reverse("supervision:report", args=[item.pk])
    with time_machine.travel(THURSDAY, tick=False):
        liaison.post(url, report_form(item, action="submit"))
        report = ProgressReport.objects.get(item=item)
        supervisor.post(reverse("supervision:approve", args=[report.pk]))
        response = liaison.post(url, report_form(item, progress="改一改", version=str(report.version + 1)))
    assert "已审核通过" in response.content.decode()
    assert ProgressReport.objects.get(pk=report.pk).progress == "召开推进会，完成招商对接。"
    assert ReviewEvent.objects.filter(report=report, action="approved").count() == 1
    assert supervisor.post(reverse("supervision:approve", args=[report.pk])).status_code == 302
    assert ReviewEvent.objects.filter(report=report, action="approved").count() == 1


@pytest.mark.parametrize("when", [dt.datetime(2024, 6, 14, 17, 30, tzinfo=SHANGHAI)])
def test_reminders_after_the_deadline(liaison, supervisor, plan, commerce, when):
    with time_machine.travel(when, tick=False):
        # 区商务局 reports task 9 in time, not 11, 12, 17.
        liaison.post(
            reverse("supervision:report", args=[task(plan, 9).pk]),
            report_form(task(plan, 9), action="submit"),
        )
        created = services.reminders_generate()
        mine = {r.item.number for r in created if r.unit == commerce}
        assert mine == {11, 12, 17}
        assert all(r.period_start == dt.date(2024, 6, 10) for r in created)
        assert not any(r.unit.is_group for r in created)
        assert services.reminders_generate() == []  # one per item, unit and week
        banner = liaison.get(reverse("tracking:item", args=[task(plan, 9).pk])).content.decode()
        assert "催办（3）" in banner
        liaison.post(
            reverse("supervision:report", args=[task(plan, 11).pk]),
            report_form(task(plan, 11), action="submit"),
        )
    assert Reminder.objects.filter(unit=commerce, resolved_at__isnull=True).count() == 2


def test_before_the_deadline_reminders_look_at_the_previous_week(plan):
    with time_machine.travel(dt.datetime(2024, 6, 14, 16, 59, tzinfo=SHANGHAI), tick=False):
        created = services.reminders_generate()
    assert created and {r.period_start for r in created} == {dt.date(2024, 6, 3)}


def test_manual_reminder_by_the_office(supervisor, liaison, plan, commerce):
    item = task(plan, 17)
    supervisor.post(
        reverse("supervision:remind", args=[item.pk]), {"unit": commerce.pk, "message": "请今天下班前报送"}
    )
    reminder = Reminder.objects.get(item=item)
    assert (reminder.kind, reminder.created_by) == ("manual", supervisor.user)
    assert (
        liaison.post(reverse("supervision:remind", args=[item.pk]), {"unit": commerce.pk}).status_code == 403
    )


def test_reminder_email_when_mail_is_configured(plan, commerce, settings, mailoutbox):
    from apps.accounts.models import Profile

    from .conftest import make_user

    settings.REMINDER_EMAIL = True
    make_user("shangwu2", Profile.Role.LIAISON, units=[commerce])
    with time_machine.travel(dt.datetime(2024, 6, 14, 17, 30, tzinfo=SHANGHAI), tick=False):
        services.reminders_generate()
    to_commerce = [m for m in mailoutbox if "shangwu2@example.cn" in m.to]
    assert len(to_commerce) == 4 and to_commerce[0].subject.startswith("【督查催办】")
