"""Template filters over apps.tracking.formats: the same text a page, an export and a message show."""

from __future__ import annotations

import datetime as dt

from django import template

from apps.tracking import formats

register = template.Library()


@register.filter
def moment(value, arg: str = ""):
    """{{ report.submitted_at|moment }} → 2024年6月7日 09:00; |moment:"short" → 06-07 09:00.

    Also takes the ISO text a JSON field keeps (an import preview's "2026-11-25T08:11:00+00:00").
    """
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if arg == "short":
        return formats.moment_short(value)
    if arg == "noyear":
        return formats.moment_text(value, year=False)
    return formats.moment_text(value)


@register.filter
def day(value):
    """{{ item.deadline|day }} → 2024年6月7日; also ISO text from a JSON field ("2024-01-12")."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return formats.day_text(value)


@register.filter
def num(value):
    """{{ target.value|num }} → 224.64."""
    return formats.number_text(value)
