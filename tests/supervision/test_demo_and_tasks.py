"""Demo data, and the beat tasks (in-process here, through Redis and a worker in CI)."""

from __future__ import annotations

import datetime as dt
import io
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.supervision.models import ProgressReport, Reminder
from apps.supervision.tasks import generate_reminders, refresh_lights
from apps.tracking.models import Item


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo_progress", *args, stdout=out)
    return out.getvalue()


@time_machine.travel(dt.datetime(2024, 6, 14, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_demo_progress_creates_marked_reports_once(plan, settings):
    settings.DEBUG = True
    out = run_demo("--weeks", "4")
    reports = ProgressReport.objects.filter(item__plan=plan)
    assert reports.exists() and not reports.filter(is_demo=False).exists()
    # The four weeks whose Friday 17:00 deadline has passed by 14 June 18:00.
    assert set(reports.values_list("period_start", flat=True)) == {
        dt.date(2024, 5, 20),
        dt.date(2024, 5, 27),
        dt.date(2024, 6, 3),
        dt.date(2024, 6, 10),
    }
    assert "均标记为演示数据" in out and "演示账号" in out
    assert Item.objects.filter(plan=plan, light="none").count() == 0
    count = reports.count()
    assert "未重复生成" in run_demo("--weeks", "4")
    assert reports.count() == count


def test_demo_progress_never_runs_in_production(plan, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="生产环境不可运行"):
        run_demo("--weeks", "2")
    assert not ProgressReport.objects.exists()


@time_machine.travel(dt.datetime(2024, 6, 14, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_beat_tasks_in_process(plan):
    Item.objects.filter(plan=plan).update(light="none")  # as just imported, before any light
    changed = refresh_lights.apply().get()
    assert changed == Item.objects.filter(plan=plan).count()  # every item leaves 未评
    assert Item.objects.filter(plan=plan, light="none").count() == 0
    created = generate_reminders.apply().get()
    assert created == Reminder.objects.count() > 0


@pytest.mark.broker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis broker (REDIS_URL), as in CI")
@pytest.mark.django_db(transaction=True)
def test_light_refresh_through_redis_and_a_worker(gazette_bytes):
    from celery.contrib.testing.worker import start_worker
    from django.db import connections

    from apps.gazette.services import gazette_import
    from jining.celery import app

    if not Item.objects.exists():
        gazette_import(data=gazette_bytes, filename="003.txt")
    with start_worker(app, perform_ping_check=False, loglevel="WARNING"):
        changed = refresh_lights.delay().get(timeout=120)
    connections.close_all()
    assert changed == 86
    assert Item.objects.filter(light="none").count() == 0
