"""Saves never overwrite silently (insert-or-conflict, version required); a progress drop needs a reason."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections
from django.urls import reverse

from apps.supervision import services
from apps.supervision.models import ProgressReport
from apps.supervision.periods import WEEK, period_of
from apps.tracking.models import Item
from tests.conftest import parallel_posts

from .conftest import task
from .test_workflow import report_form

SHANGHAI = ZoneInfo("Asia/Shanghai")
THURSDAY = dt.datetime(2024, 6, 13, 10, 0, tzinfo=SHANGHAI)
WEEK24 = period_of(WEEK, dt.date(2024, 6, 13))


@time_machine.travel(THURSDAY, tick=False)
def test_a_first_save_against_a_report_saved_meanwhile_is_a_conflict(liaison, plan, commerce):
    """Both opened the empty form (no version); the second save must not overwrite the first."""
    item = task(plan, 11)
    url = reverse("supervision:report", args=[item.pk])
    assert liaison.post(url, report_form(item, progress="同事先存的")).status_code == 302
    response = liaison.post(url, report_form(item, progress="我后存的"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "同事先存的" in html and "我后存的" in html and "载入已保存的版本" in html
    report = ProgressReport.objects.get(item=item)
    assert (report.progress, report.version) == ("同事先存的", 1)
    # The merge form carries my text on top of the saved version: saving it is deliberate.
    form = response.context["form"]
    assert form.initial["progress"] == "我后存的" and form.initial["version"] == 1
    merged = liaison.post(url, report_form(item, progress="合并后的", version="1"))
    assert merged.status_code == 302
    report.refresh_from_db()
    assert (report.progress, report.version) == ("合并后的", 2)


@time_machine.travel(THURSDAY, tick=False)
def test_leaving_the_version_out_is_a_conflict_not_an_overwrite(liaison, plan):
    item = task(plan, 12)
    url = reverse("supervision:report", args=[item.pk])
    liaison.post(url, report_form(item, progress="第一版"))
    data = report_form(item, progress="没带版本号")
    data.pop("version", None)
    assert liaison.post(url, data).status_code == 409
    assert ProgressReport.objects.get(item=item).progress == "第一版"
    # A made-up version is no better.
    assert liaison.post(url, report_form(item, progress="伪造", version="99")).status_code == 409
    assert ProgressReport.objects.get(item=item).progress == "第一版"


@time_machine.travel(THURSDAY, tick=False)
def test_htmx_gets_the_comparison_in_place(liaison, plan):
    item = task(plan, 17)
    url = reverse("supervision:report", args=[item.pk])
    liaison.post(url, report_form(item, progress="先存的"))
    response = liaison.post(url, report_form(item, progress="后存的"), headers={"HX-Request": "true"})
    assert response.status_code == 409
    fragment = response.content.decode()
    assert fragment.startswith('<div id="report-panel"') and 'id="report-conflict"' in fragment
    assert "先存的" in fragment and "后存的" in fragment


def test_a_progress_drop_needs_a_reason_and_waits_for_review(liaison, supervisor, plan):
    item = task(plan, 9)
    url = reverse("supervision:report", args=[item.pk])
    previous = period_of(WEEK, dt.date(2024, 6, 6))
    with time_machine.travel(dt.datetime(2024, 6, 6, 10, 0, tzinfo=SHANGHAI), tick=False):
        liaison.post(url, report_form(item, percent="15", action="submit"))
    report = ProgressReport.objects.get(item=item, period_start=previous.start)
    services.report_approve(report=report, user=supervisor.user)
    with time_machine.travel(THURSDAY, tick=False):
        for client in (liaison, supervisor):  # a week later: a new working session
            client.force_login(client.user)
        refused = liaison.post(url, report_form(item, percent="12", action="submit"))
        assert refused.status_code == 200
        assert "完成进度由上期的 15% 降为 12%，请说明进度下降的原因。" in refused.content.decode()
        assert not ProgressReport.objects.filter(item=item, period_start=WEEK24.start).exists()
        saved = liaison.post(
            url,
            report_form(item, percent="12", action="submit", drop_reason="统计口径调整，剔除重复计算的场次"),
        )
        assert saved.status_code == 302
        dropped = ProgressReport.objects.get(item=item, period_start=WEEK24.start)
        assert dropped.drop_reason == "统计口径调整，剔除重复计算的场次"
        item.refresh_from_db()
        assert item.progress == 15  # the lower figure waits for the office
        queue = supervisor.get(reverse("supervision:review_queue")).content.decode()
        assert "进度下降" in queue and "统计口径调整" in queue
        services.report_approve(report=dropped, user=supervisor.user)
        item.refresh_from_db()
        assert item.progress == 12


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel writes need PostgreSQL (CI)")
@pytest.mark.django_db(transaction=True)
def test_parallel_first_saves_keep_one_and_report_the_other(gazette_bytes):
    """Two liaisons of the unit press 保存 on the empty form at the same moment (real requests)."""
    from django.test import Client

    from apps.accounts.models import Profile
    from apps.gazette.services import gazette_import
    from apps.tracking.models import Unit

    from .conftest import make_user

    if not Item.objects.exists():
        gazette_import(data=gazette_bytes, filename="003.txt")
    commerce = Unit.objects.get(name="区商务局")
    item = Item.objects.get(kind="task", number=11)
    users = [make_user(f"shangwu{i}", Profile.Role.LIAISON, units=[commerce]) for i in range(2)]
    url = reverse("supervision:report", args=[item.pk])
    barrier, answers = threading.Barrier(2), {}

    def save(index: int) -> None:
        client = Client()
        client.force_login(users[index])
        barrier.wait()
        try:
            answers[index] = client.post(url, report_form(item, progress=f"第{index}人的版本")).status_code
        finally:
            connections.close_all()

    with time_machine.travel(THURSDAY, tick=False):
        threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert sorted(answers.values()) == [302, 409]
    saved = ProgressReport.objects.get(item=item)
    winner = next(i for i, status in answers.items() if status == 302)
    assert saved.progress == f"第{winner}人的版本" and saved.version == 1


def _submitted_report(gazette_bytes, number: int):
    from apps.accounts.models import Profile
    from apps.gazette.services import gazette_import
    from apps.tracking.models import Unit

    from .conftest import make_user

    if not Item.objects.exists():
        gazette_import(data=gazette_bytes, filename="003.txt")
    item = Item.objects.get(kind="task", number=number)
    commerce = Unit.objects.get(name="区商务局")
    liaison = make_user(f"liaison{number}", Profile.Role.LIAISON, units=[commerce])
    with time_machine.travel(THURSDAY, tick=False):
        report = services.report_save(
            item=item,
            unit=commerce,
            user=liaison,
            period=WEEK24,
            progress="完成对接",
            percent=40,
            submit=True,
        )
    offices = [make_user(f"office{number}-{i}", Profile.Role.SUPERVISOR) for i in range(4)]
    return report, offices


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel writes need PostgreSQL (CI)")
@pytest.mark.django_db(transaction=True)
def test_four_parallel_approvals_make_one_decision(gazette_bytes):
    from apps.supervision.models import ReviewEvent

    report, offices = _submitted_report(gazette_bytes, 9)
    url = reverse("supervision:approve", args=[report.pk])
    with time_machine.travel(THURSDAY, tick=False):
        answers = parallel_posts([(office, url, {}) for office in offices])
    assert all(status == 302 for status in answers)  # each is told the outcome, none fails
    assert ReviewEvent.objects.filter(report=report, action="approved").count() == 1
    report.refresh_from_db()
    assert report.status == "approved"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel writes need PostgreSQL (CI)")
@pytest.mark.django_db(transaction=True)
def test_approve_against_return_one_wins(gazette_bytes):
    from apps.supervision.models import ReviewEvent

    report, offices = _submitted_report(gazette_bytes, 12)
    approve = reverse("supervision:approve", args=[report.pk])
    send_back = reverse("supervision:return", args=[report.pk])
    with time_machine.travel(THURSDAY, tick=False):
        parallel_posts([(offices[0], approve, {}), (offices[1], send_back, {"reason": "请补充数据"})])
    decisions = list(
        ReviewEvent.objects.filter(report=report).exclude(action="submitted").values_list("action", flat=True)
    )
    report.refresh_from_db()
    assert len(decisions) == 1 and report.status == decisions[0]


@time_machine.travel(THURSDAY, tick=False)
def test_a_liaison_reports_the_open_week_only(liaison, supervisor, plan):
    """No report for 2031, no quiet backfill of a missed week; the office opens one, recorded."""
    from apps.audit.models import AuditEvent

    item = task(plan, 9)
    url = reverse("supervision:report", args=[item.pk])
    for day in ("2031-06-02", "2024-06-17", "2024-05-13"):
        response = liaison.post(
            f"{url}?period={day}", report_form(item, period=day, percent="100", action="submit")
        )
        assert response.status_code == 200 and "报送" in response.content.decode()
    assert not ProgressReport.objects.filter(item=item).exists()
    page = liaison.get(f"{url}?period=2024-05-13").content.decode()
    assert "已过报送时间；如需补报，请联系督查室开通补报" in page and 'name="progress"' not in page

    # The office opens week 20 for one late report, and the audit log records who and why.
    liaison_no_right = liaison.post(
        reverse("supervision:backfill", args=[item.pk]), {"period": "2024-05-13", "reason": "x"}
    )
    assert liaison_no_right.status_code == 403
    supervisor.post(
        reverse("supervision:backfill", args=[item.pk]),
        {"period": "2024-05-15", "reason": "系统故障未能报送"},
    )
    event = AuditEvent.objects.get(action="backfill_granted")
    assert event.username == "duchashi" and "系统故障未能报送" in event.detail["reason"]
    response = liaison.post(
        f"{url}?period=2024-05-13", report_form(item, period="2024-05-13", action="submit")
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get(item=item).period_start == dt.date(2024, 5, 13)
    # Used once: the week is closed again.
    assert "开通补报" in liaison.get(f"{url}?period=2024-05-13").content.decode()


def test_a_returned_report_of_a_past_week_can_be_fixed(liaison, supervisor, plan):
    item = task(plan, 12)
    url = reverse("supervision:report", args=[item.pk])
    with time_machine.travel(dt.datetime(2024, 6, 6, 10, 0, tzinfo=SHANGHAI), tick=False):
        liaison.post(url, report_form(item, action="submit"))
    report = ProgressReport.objects.get(item=item)
    services.report_return(report=report, user=supervisor.user, reason="请补充数据")
    with time_machine.travel(THURSDAY, tick=False):
        liaison.force_login(liaison.user)
        report.refresh_from_db()
        response = liaison.post(
            f"{url}?period=2024-06-06",
            report_form(
                item, period="2024-06-06", progress="补充了数据", action="submit", version=str(report.version)
            ),
        )
        assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.progress) == ("submitted", "补充了数据")
