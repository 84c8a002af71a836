"""Reporting periods: week (Monday–Sunday), ten-day period (上旬 1–10, 中旬 11–20, 下旬 21–end), month.

Plain functions on dates; deadlines are datetimes in the current time zone
(Asia/Shanghai), from the period's last day and the deadline rule.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

WEEK, TEN_DAY, MONTH = "week", "ten_day", "month"
DEFAULT_RULES = {WEEK: (2, dt.time(17, 0)), TEN_DAY: (0, dt.time(17, 0)), MONTH: (0, dt.time(17, 0))}
TEN_DAY_NAMES = {1: "上旬", 11: "中旬", 21: "下旬"}


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == WEEK:
            iso_year, week, _ = self.start.isocalendar()
            return f"{iso_year}年第{week}周（{self.start.month}月{self.start.day}日—{self.end.month}月{self.end.day}日）"
        if self.kind == TEN_DAY:
            return f"{self.start.year}年{self.start.month}月{TEN_DAY_NAMES[self.start.day]}"
        return f"{self.start.year}年{self.start.month}月"

    @property
    def short_label(self) -> str:
        """第24周 / 2024年6月上旬 / 2024年5月: for titles that give the dates separately."""
        if self.kind == WEEK:
            return f"第{self.start.isocalendar()[1]}周"
        return self.label

    def deadline(self, rules: dict[str, tuple[int, dt.time]] | None = None) -> dt.datetime:
        days_before, at = (rules or DEFAULT_RULES).get(self.kind, DEFAULT_RULES[self.kind])
        day = self.end - dt.timedelta(days=days_before)
        return timezone.make_aware(dt.datetime.combine(day, at))

    def next(self) -> Period:
        return period_of(self.kind, self.end + dt.timedelta(days=1))

    def previous(self) -> Period:
        return period_of(self.kind, self.start - dt.timedelta(days=1))


def period_of(kind: str, day: dt.date) -> Period:
    if kind == WEEK:
        start = day - dt.timedelta(days=day.weekday())
        return Period(WEEK, start, start + dt.timedelta(days=6))
    if kind == TEN_DAY:
        first = 1 if day.day <= 10 else (11 if day.day <= 20 else 21)
        last = {1: 10, 11: 20}.get(first, calendar.monthrange(day.year, day.month)[1])
        return Period(TEN_DAY, day.replace(day=first), day.replace(day=last))
    if kind == MONTH:
        return Period(MONTH, day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))
    raise ValueError(f"unknown period kind {kind!r}")


def periods_between(kind: str, first: dt.date, last: dt.date) -> list[Period]:
    """Every period of ``kind`` that overlaps [first, last], in order."""
    periods = []
    period = period_of(kind, first)
    while period.start <= last:
        periods.append(period)
        period = period.next()
    return periods
