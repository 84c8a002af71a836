from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

FRIDAY_EVENING = dt.datetime(2024, 6, 14, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def demo(plan, settings):
    """Eight weeks of demo reports, as of Friday 14 June 2024 after the deadline."""
    settings.DEBUG = True
    with time_machine.travel(FRIDAY_EVENING, tick=False):
        call_command("demo_progress", "--weeks", "8", stdout=io.StringIO())
    return plan


@pytest.fixture
def frozen():
    with time_machine.travel(FRIDAY_EVENING, tick=False):
        yield FRIDAY_EVENING
