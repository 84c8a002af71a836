"""Weekly / ten-day / monthly reports: the xlsx and docx opened and read back, numbers shared with the dashboard."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import time

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from apps.reports import selectors
from apps.reports.models import ReportFile
from apps.reports.services import build_csv
from apps.reports.xlsx import build_xlsx
from apps.supervision.periods import MONTH, TEN_DAY, WEEK, period_of
from apps.tracking.models import Item

WEEK24 = period_of(WEEK, dt.date(2024, 6, 14))


def test_period_report_counts(demo, frozen):
    report = selectors.period_report(plan=demo, period=WEEK24)
    assert len(report.rows) == 86
    assert sum(report.by_light.values()) == 86
    assert report.by_light == {
        light: Item.objects.filter(plan=demo, light=light).count() for light in report.by_light
    }
    assert report.expected == report.on_time + report.late + report.missing > 0
    assert sum(c["count"] for c in report.by_chapter) == 86
    assert report.by_chapter[0]["name"].startswith("二、")
    assert {r.item.pk for r in report.red_rows} == set(
        Item.objects.filter(plan=demo, light="red").values_list("pk", flat=True)
    )


def test_filters_work_like_the_ledger(demo, frozen):
    from apps.tracking.models import Official

    song = Official.objects.get(name="宋恩全")
    report = selectors.period_report(
        plan=demo, period=WEEK24, params={"official": str(song.pk), "kind": "task"}
    )
    assert sorted(r.item.number for r in report.rows) == [
        11,
        24,
        39,
        40,
        50,
        51,
        52,
        53,
        54,
        56,
        57,
        59,
        60,
        61,
        65,
    ]


def test_xlsx_reads_like_a_ledger(demo, frozen):
    report = selectors.period_report(plan=demo, period=WEEK24)
    book = load_workbook(io.BytesIO(build_xlsx(report)))
    assert book.sheetnames == ["任务台账", "民生实事", "汇总"]
    sheet = book["任务台账"]
    assert sheet["A1"].value == "2024年政府工作报告任务落实情况周报（第24周 · 2024.06.10—06.16）"
    assert [c.value for c in sheet[2]] == [
        "序号",
        "任务（摘要）",
        "牵头领导",
        "主办单位",
        "协办单位",
        "本期进展",
        "完成进度",
        "亮灯",
        "存在问题",
        "下步打算",
        "报送时间",
    ]
    assert sheet.max_row == 2 + 76
    row8 = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == 8)
    item8 = Item.objects.get(plan=demo, kind="task", number=8)
    assert (row8[1].value, row8[2].value, row8[3].value) == (
        "实施数字经济攻坚突破行动",
        "石可清",
        "区工业和信息化局",
    )
    assert row8[6].value == item8.progress / 100 and row8[6].number_format == "0%"
    assert row8[7].value == item8.get_light_display()
    fills = {"绿灯": "C6EFCE", "黄灯": "FFEB9C", "红灯": "FFC7CE"}
    coloured = [row[7] for row in sheet.iter_rows(min_row=3) if row[7].value in fills]
    assert coloured and all(cell.fill.fgColor.rgb[-6:] == fills[cell.value] for cell in coloured)
    assert sheet.freeze_panes == "C3"
    assert sheet.print_title_rows == "$2:$2"  # the header row repeats on every printed page
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert "&P" in sheet.oddFooter.center.text
    assert sheet.column_dimensions["F"].width == 40 and sheet["F3"].alignment.wrap_text
    projects = book["民生实事"]
    assert projects["A1"].value.startswith("2024年为民办实事落实情况周报")
    assert projects.max_row == 2 + 10
    summary = book["汇总"]
    values = [[c.value for c in row] for row in summary.iter_rows()]
    light_row = next(v for v in values if v[0] == "全部事项")
    assert light_row[1:7] == [86, *report.by_light.values()]


def test_docx_bulletin_reads_like_a_government_document(demo, frozen):
    from apps.reports.bulletin import build_bulletin

    report = selectors.period_report(plan=demo, period=WEEK24)
    document = Document(io.BytesIO(build_bulletin(report)))
    texts = [p.text for p in document.paragraphs]
    assert "关于2024年政府工作报告任务落实情况的通报（第24周）" in texts
    assert any(
        t.startswith("按照“周盘点、旬推进、月调度”督查机制，现将第24周（6月10日至6月16日）") for t in texts
    )
    summary = next(t for t in texts if t.startswith("纳入督查的86项事项中"))
    lights = report.by_light
    assert f"绿灯{lights['green']}项，黄灯{lights['yellow']}项，红灯{lights['red']}项" in summary
    assert f"按时报送{report.on_time}项次" in summary
    headings = [t for t in texts if re.match(r"^[一二三四五]、", t)]
    assert headings == [
        "一、总体情况",
        "二、通报表扬",
        "三、通报曝光",
        "四、红灯事项及存在问题",
        "五、下步要求",
    ]
    red_lines = [t for t in texts if t.startswith("（") and "完成进度" in t]
    assert len(red_lines) == lights["red"]
    body = next(p for p in document.paragraphs if p.text.startswith("纳入督查"))
    run = body.runs[0]
    assert run.font.size.pt == 16
    assert (
        run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋"
    )
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.top_margin.cm, 1) == 3.7


def test_csv_has_bom_and_the_same_rows(demo, frozen):
    report = selectors.period_report(plan=demo, period=WEEK24)
    text = build_csv(report).decode("utf-8")
    assert text.startswith("\ufeff类别,序号,任务（摘要）")
    assert len(text.strip().splitlines()) == 87


def test_ten_day_and_month_periods(demo, frozen):
    ten = selectors.period_report(plan=demo, period=period_of(TEN_DAY, dt.date(2024, 6, 5)))
    month = selectors.period_report(plan=demo, period=period_of(MONTH, dt.date(2024, 5, 15)))
    assert ten.expected > 0 and month.expected > ten.expected
    book = load_workbook(io.BytesIO(build_xlsx(month)))
    assert (
        book["任务台账"]["A1"].value == "2024年政府工作报告任务落实情况月报（2024年5月 · 2024.05.01—05.31）"
    )


def test_dashboard_and_reports_show_the_same_numbers(demo, frozen, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("root", password="pw-123456"))
    html = client.get("/", {"period_kind": "week", "date": "2024-06-14"}).content.decode()
    report = selectors.period_report(plan=demo, period=WEEK24)
    assert f'data-stat="red">{report.by_light["red"]}<' in html
    assert f'data-stat="on_time">{report.on_time}<' in html
    page = client.get(reverse("reports:home"), {"period_kind": "week", "date": "2024-06-14"}).content.decode()
    assert f"红灯 {report.by_light['red']}" in page and f"按时 {report.on_time}" in page
    response = client.post(
        reverse("reports:create", args=[demo.pk]),
        {"format": "xlsx", "period_kind": "week", "date": "2024-06-14"},
    )
    record = ReportFile.objects.get()
    assert response.url == reverse("reports:download", args=[record.pk])
    book = load_workbook(io.BytesIO(b"".join(client.get(response.url).streaming_content)))
    summary = [[c.value for c in row] for row in book["汇总"].iter_rows()]
    assert next(v for v in summary if v[0] == "全部事项")[1:7] == [86, *report.by_light.values()]


def test_dashboard_charts_link_to_the_filtered_ledger(demo, frozen, client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("root", password="pw-123456"))
    html = client.get("/").content.decode()
    assert 'src="/static/vendor/echarts/echarts.min.js"' in html
    assert f"/plans/{demo.pk}/ledger/?light=red" in html
    assert "chart-options" in html


def test_ledger_view_exports_as_shown(demo, frozen, client):
    from django.contrib.auth.models import User

    from apps.tracking.models import Unit

    client.force_login(User.objects.create_superuser("root", password="pw-123456"))
    commerce = Unit.objects.get(name="区商务局")
    response = client.post(
        reverse("reports:create", args=[demo.pk]), {"format": "csv", "unit": commerce.pk, "unit_role": "host"}
    )
    text = b"".join(client.get(response.url).streaming_content).decode("utf-8")
    numbers = [line.split(",")[1] for line in text.strip().splitlines()[1:]]
    assert numbers == ["9", "11", "12", "17"]
    assert ReportFile.objects.get().filters == {"unit": str(commerce.pk), "unit_role": "host"}


def test_large_reports_go_to_celery_with_progress(
    demo, frozen, client, settings, django_capture_on_commit_callbacks, celery_in_process
):
    from django.contrib.auth.models import User

    settings.REPORT_ASYNC_THRESHOLD = 10
    client.force_login(User.objects.create_superuser("root", password="pw-123456"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:create", args=[demo.pk]), {"format": "xlsx"})
    record = ReportFile.objects.get()
    assert response.url == reverse("reports:status", args=[record.pk])
    record.refresh_from_db()
    assert (record.status, record.progress, record.rows) == ("done", 100, 86)
    fragment = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "下载" in fragment and "hx-trigger" not in fragment


@pytest.mark.broker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker (REDIS_URL), as in CI")
@pytest.mark.django_db(transaction=True)
def test_large_report_through_redis_and_a_worker(client, settings, gazette_bytes):
    """The real path in production: the web process queues, a worker builds the file."""
    from celery.contrib.testing.worker import start_worker
    from django.contrib.auth.models import User
    from django.db import connections

    from apps.gazette.services import gazette_import
    from apps.tracking.models import Plan
    from jining.celery import app

    if not Plan.objects.exists():
        gazette_import(data=gazette_bytes, filename="003_515eea467fa1cdce.txt")
    plan = Plan.objects.get()
    settings.REPORT_ASYNC_THRESHOLD = 10
    client.force_login(User.objects.create_superuser("root", password="pw-123456"))
    with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
        client.post(reverse("reports:create", args=[plan.pk]), {"format": "csv"})
        record = ReportFile.objects.get()
        deadline = time.monotonic() + 60
        while record.status not in ("done", "failed") and time.monotonic() < deadline:
            time.sleep(0.2)
            record.refresh_from_db()
    connections.close_all()
    assert (record.status, record.progress, record.rows) == ("done", 100, 86)
    text = b"".join(client.get(reverse("reports:download", args=[record.pk])).streaming_content)
    assert len(text.decode("utf-8-sig").strip().splitlines()) == 87


def test_reports_are_for_the_office(demo, client):
    from apps.accounts.models import Profile
    from apps.tracking.models import Unit
    from tests.supervision.conftest import make_user

    user = make_user("shangwu-test", Profile.Role.LIAISON, units=[Unit.objects.get(name="区商务局")])
    client.force_login(user)
    assert client.get(reverse("reports:home")).status_code == 403
    assert client.post(reverse("reports:create", args=[demo.pk]), {"format": "xlsx"}).status_code == 403
    assert not ReportFile.objects.exists()


def test_weekly_reports_by_beat(demo, frozen):
    from apps.reports.tasks import weekly_reports

    assert weekly_reports.apply().get() == 2
    assert set(ReportFile.objects.values_list("format", "status", "period_start")) == {
        ("xlsx", "done", dt.date(2024, 6, 10)),
        ("docx", "done", dt.date(2024, 6, 10)),
    }
    assert weekly_reports.apply().get() == 0
