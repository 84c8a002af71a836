"""How a person reads times and numbers, everywhere: pages, xlsx, csv, docx, messages.

One path: every time is shown in Asia/Shanghai (settings.TIME_ZONE), the Chinese way
(2024年6月7日 09:00 / 6月7日 09:00); a stored UTC value never reaches a reader. Numbers
are shown as written: 224.64, 1.5, 200 — no trailing zeros from DecimalField's 4 places.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import timezone


def local(moment: dt.datetime | str) -> dt.datetime:
    """``moment`` in the configured zone (Asia/Shanghai); naive values are taken as already local.

    An ISO string (as kept in JSON previews) is read first.
    """
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if timezone.is_naive(moment):
        return moment
    return timezone.localtime(moment)


def moment_text(moment: dt.datetime | None, *, year: bool = True, empty: str = "") -> str:
    """2024年6月7日 09:00 (or 6月7日 09:00 without the year)."""
    if moment is None:
        return empty
    at = local(moment)
    day = f"{at.year}年{at.month}月{at.day}日" if year else f"{at.month}月{at.day}日"
    return f"{day} {at:%H:%M}"


def moment_short(moment: dt.datetime | None, *, empty: str = "") -> str:
    """06-07 09:00: for narrow table columns (ledger, review queue, xlsx)."""
    if moment is None:
        return empty
    return f"{local(moment):%m-%d %H:%M}"


def moment_iso(moment: dt.datetime | None, *, empty: str = "") -> str:
    """2024-06-07 09:00 in Beijing time: for CSV, which spreadsheets read as a date."""
    if moment is None:
        return empty
    return f"{local(moment):%Y-%m-%d %H:%M}"


def day_text(day: dt.date | None, *, empty: str = "") -> str:
    """2024年6月7日."""
    if day is None:
        return empty
    if isinstance(day, dt.datetime):
        day = local(day).date()
    return f"{day.year}年{day.month}月{day.day}日"


def number_text(value, *, empty: str = "") -> str:
    """224.6400 → 224.64, 1.5000 → 1.5, 200.0000 → 200; thousands are not grouped (as written)."""
    if value is None or value == "":
        return empty
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")
