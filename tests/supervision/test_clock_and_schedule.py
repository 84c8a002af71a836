"""The demo clock pins a whole moment; lights follow deadlines; the beat schedule runs without a broker."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.core.management import call_command

from apps.accounts.management.commands.ensure_demo_admin import login_url
from apps.reports import selectors
from apps.supervision import clock, standings
from apps.supervision.models import ProgressReport, Reminder
from apps.supervision.periods import WEEK, period_of
from apps.tracking.models import Item, Plan
from jining.celery import app
from jining.scheduler import InProcessScheduler

from .conftest import task

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_pinned_moment_and_the_date_only_form(settings):
    settings.LEDGER_NOW, settings.LEDGER_TODAY = "2024-06-14T18:00", None
    assert clock.now() == dt.datetime(2024, 6, 14, 18, 0, tzinfo=SHANGHAI)
    settings.LEDGER_NOW, settings.LEDGER_TODAY = None, "2024-06-13"
    assert clock.now() == dt.datetime(2024, 6, 13, 12, 0, tzinfo=SHANGHAI)
    settings.LEDGER_TODAY = None
    assert clock.pinned() is None


def test_the_demo_shows_the_same_numbers_whatever_the_hour(plan, settings):
    """make run's moment: the same lights, compliance and reminders at 08:00 and at 22:00."""
    settings.DEBUG = True
    settings.LEDGER_NOW = "2024-06-14T18:00"
    outcomes = []
    for real in (
        dt.datetime(2026, 11, 25, 8, 0, tzinfo=SHANGHAI),
        dt.datetime(2026, 11, 25, 22, 0, tzinfo=SHANGHAI),
    ):
        with time_machine.travel(real, tick=False):
            call_command("demo_progress", "--weeks", "8", "--reset", stdout=io.StringIO())
            report = selectors.period_report(plan=plan, period=period_of(WEEK, clock.today()))
            outcomes.append(
                (report.by_light, report.expected, report.on_time, report.missing, Reminder.objects.count())
            )
    assert outcomes[0] == outcomes[1]
    _, expected, on_time, missing, reminders = outcomes[0]
    # Just past the 17:00 deadline: the week's reports are due, some units are late and reminded.
    assert expected > on_time > 0 and missing > 0 and reminders > 0


def test_a_passed_deadline_turns_lights_on_the_next_page(plan, client, django_user_model):
    """No beat run needed: the first page after Friday 17:00 recomputes lights the deadline changed."""
    from apps.accounts.models import Profile

    user = django_user_model.objects.create_user("office", password="x")
    Profile.objects.create(user=user, role=Profile.Role.SUPERVISOR)
    client.force_login(user)
    item = task(plan, 9)
    week = period_of(WEEK, dt.date(2024, 6, 14))
    thursday = dt.datetime(2024, 6, 13, 10, 0, tzinfo=SHANGHAI)
    with time_machine.travel(thursday, tick=False):
        # Every earlier week reported, on time: green on Thursday.
        for previous in standings.closed_weeks(plan, clock.now()):
            ProgressReport.objects.create(
                item=item,
                unit=item.unit_links.get(role="host").unit,
                period_start=previous.start,
                period_end=previous.end,
                status="approved",
                progress="按计划推进",
                percent=45,
                submitted_at=previous.deadline() - dt.timedelta(hours=2),
            )
        standings.standings_refresh(plan=plan)
        item.refresh_from_db()
        assert item.light == "green"
        assert client.get(f"/items/{item.pk}/").status_code == 200
    with time_machine.travel(week.deadline() + dt.timedelta(minutes=30), tick=False):
        client.force_login(user)  # the next day's session
        assert client.get(f"/items/{item.pk}/").status_code == 200
        item.refresh_from_db()
        assert item.light == "yellow"  # one report missed since 17:00
        assert Plan.objects.get(pk=plan.pk).lights_computed_at == clock.now()


def test_the_schedule_runs_in_process_without_a_broker(plan):
    """make run has no broker: the server's scheduler thread runs beat's jobs when they fall due."""
    friday_5pm = dt.datetime(2024, 6, 14, 17, 0, tzinfo=SHANGHAI)
    schedule = {k: v for k, v in settings.CELERY_BEAT_SCHEDULE.items() if not k.startswith("reap-")}
    with time_machine.travel(friday_5pm, tick=False):
        scheduler = InProcessScheduler(app, schedule)
        assert scheduler.due() == []
    with time_machine.travel(friday_5pm + dt.timedelta(minutes=6), tick=False):
        assert scheduler.due() == ["refresh-lights-at-deadline", "weekly-reminders"]
        ran = scheduler.run_due()
    assert ran == ["refresh-lights-at-deadline", "weekly-reminders"]
    assert Reminder.objects.filter(kind="auto").count() > 0
    assert Item.objects.filter(plan=plan, light="none").count() == 0
    with time_machine.travel(friday_5pm + dt.timedelta(minutes=16), tick=False):
        assert scheduler.due() == ["weekly-reports"]  # each job once, at its own time


def test_the_banner_prints_the_real_address():
    assert login_url("0.0.0.0:8080") == "http://127.0.0.1:8080/login/"
    assert login_url("192.168.1.5:9000") == "http://192.168.1.5:9000/login/"
    assert login_url("8001") == "http://127.0.0.1:8001/login/"


def test_make_runs_server_serves_the_apps_own_styles(settings):
    """`manage.py serve` is runserver with the scheduler: it must still serve static files."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    from apps.supervision.management.commands.serve import Command

    settings.DEBUG = True
    handler = Command().get_handler(use_static_handler=True, insecure_serving=False)
    assert isinstance(handler, StaticFilesHandler)
