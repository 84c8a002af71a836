"""Periods and the light rule at their boundaries."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from apps.supervision.lights import standing
from apps.supervision.periods import MONTH, TEN_DAY, WEEK, period_of, periods_between

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_week_runs_monday_to_sunday_and_is_due_friday_5pm():
    week = period_of(WEEK, dt.date(2024, 6, 16))  # a Sunday
    assert (week.start, week.end) == (dt.date(2024, 6, 10), dt.date(2024, 6, 16))
    assert week.label == "2024年第24周（6月10日—6月16日）"
    assert week.deadline() == dt.datetime(2024, 6, 14, 17, 0, tzinfo=SHANGHAI)
    assert period_of(WEEK, dt.date(2024, 6, 10)) == week
    assert period_of(WEEK, dt.date(2024, 6, 17)).start == dt.date(2024, 6, 17)


@pytest.mark.parametrize(
    ("day", "start", "end", "label"),
    [
        (dt.date(2024, 2, 10), dt.date(2024, 2, 1), dt.date(2024, 2, 10), "2024年2月上旬"),
        (dt.date(2024, 2, 11), dt.date(2024, 2, 11), dt.date(2024, 2, 20), "2024年2月中旬"),
        (dt.date(2024, 2, 29), dt.date(2024, 2, 21), dt.date(2024, 2, 29), "2024年2月下旬"),
        (dt.date(2024, 3, 21), dt.date(2024, 3, 21), dt.date(2024, 3, 31), "2024年3月下旬"),
    ],
)
def test_ten_day_periods(day, start, end, label):
    period = period_of(TEN_DAY, day)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_months_and_ranges():
    assert period_of(MONTH, dt.date(2024, 2, 15)).end == dt.date(2024, 2, 29)
    assert len(periods_between(WEEK, dt.date(2024, 1, 1), dt.date(2024, 12, 31))) == 53
    assert len(periods_between(TEN_DAY, dt.date(2024, 1, 1), dt.date(2024, 12, 31))) == 36


START, DEADLINE = dt.date(2024, 1, 1), dt.date(2024, 4, 10)  # 100 days
MID = dt.date(2024, 2, 20)  # 50 days in: elapsed exactly 50 %


def light(today=MID, progress=50, missed=0, done=False, reported=True, rule=None):
    return standing(
        today=today,
        start=START,
        deadline=DEADLINE,
        progress=progress,
        missed=missed,
        done=done,
        reported=reported,
        rule=rule,
    )


@pytest.mark.parametrize(
    ("progress", "expected"),
    [(50, "green"), (41, "green"), (40, "yellow"), (26, "yellow"), (25, "red"), (0, "red")],
)
def test_light_by_lag_at_its_edges(progress, expected):
    # Half the time has passed: a lag of 9 stays green, 10 turns yellow, 25 turns red.
    assert light(progress=progress).light == expected


def test_light_by_missed_reports():
    assert light(missed=1).light == "yellow" and light(missed=1).status == "in_progress"
    assert light(missed=2).light == "red" and light(missed=2).status == "behind"


def test_past_deadline_and_done():
    assert light(today=dt.date(2025, 1, 1), progress=99).light == "red"
    assert light(today=DEADLINE, progress=100).light == "green"
    assert light(done=True, missed=5, progress=100).light == "done"


def test_not_started_and_configurable_thresholds():
    early = light(today=dt.date(2024, 1, 10), progress=0, reported=False)
    assert (early.status, early.light) == ("not_started", "green")
    assert light(progress=45, rule={"yellow_lag": 5}).light == "yellow"
    assert light(progress=45).light == "green"
