"""The supervision loop's notion of now (Asia/Shanghai).

``LEDGER_NOW`` (settings/environment: ``2024-06-14T18:00``) pins the whole moment, for demos
and training on a past year's plan: the 2024 seed plan looks alive when the system runs "as
of" a Friday evening in June 2024, and every page shows the same numbers whatever the hour
on the machine. The older date-only ``LEDGER_TODAY`` (``2024-06-14``) is still accepted and
pins that day at noon. The page header says so whenever the clock is pinned.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

DATE_ONLY_TIME = dt.time(12, 0)


def pinned() -> dt.datetime | None:
    """The pinned moment (aware, local time), or None when the clock is the real one."""
    value = getattr(settings, "LEDGER_NOW", None) or getattr(settings, "LEDGER_TODAY", None)
    if not value:
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, DATE_ONLY_TIME)
    else:
        text = str(value).strip()
        moment = (
            dt.datetime.fromisoformat(text)
            if len(text) > 10
            else dt.datetime.combine(dt.date.fromisoformat(text), DATE_ONLY_TIME)
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return timezone.localtime(moment)


def pinned_day() -> dt.date | None:
    moment = pinned()
    return moment.date() if moment else None


def now() -> dt.datetime:
    return pinned() or timezone.localtime()


def today() -> dt.date:
    return now().date()
