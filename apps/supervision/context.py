"""Context processor: the signed-in user's role, open reminders, and the demo clock."""

from __future__ import annotations

from django.http import HttpRequest

from apps.accounts import access

from . import clock, selectors


def supervision_context(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    units = access.user_units(user)
    return {
        "my_role": access.role(user),
        "is_supervisor": access.is_supervisor(user),
        "my_units": units,
        "my_official": access.user_official(user),
        # A liaison sees his open reminders at the top of every page until he reports.
        "my_reminders": selectors.open_reminders(units=units),
        "pinned_moment": clock.pinned(),
    }
