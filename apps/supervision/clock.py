"""The supervision loop's notion of now (Asia/Shanghai).

``LEDGER_TODAY`` (a date, settings/environment) pins the calendar day, for demos and
training on a past year's plan: the 2024 seed plan looks alive when the system runs
"as of" a day in 2024. The page header says so whenever it is set.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def pinned_day() -> dt.date | None:
    value = getattr(settings, "LEDGER_TODAY", None)
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def now() -> dt.datetime:
    current = timezone.localtime()
    day = pinned_day()
    if day is None:
        return current
    return current.replace(year=day.year, month=day.month, day=day.day)


def today() -> dt.date:
    return now().date()
