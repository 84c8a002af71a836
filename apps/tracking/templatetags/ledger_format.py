"""Template filters over apps.tracking.formats: the same text a page, an export and a message show."""

from __future__ import annotations

from django import template

from apps.tracking import formats

register = template.Library()


@register.filter
def moment(value, arg: str = ""):
    """{{ report.submitted_at|moment }} → 2024年6月7日 09:00; |moment:"short" → 06-07 09:00."""
    if arg == "short":
        return formats.moment_short(value)
    if arg == "noyear":
        return formats.moment_text(value, year=False)
    return formats.moment_text(value)


@register.filter
def day(value):
    return formats.day_text(value)


@register.filter
def num(value):
    """{{ target.value|num }} → 224.64."""
    return formats.number_text(value)
