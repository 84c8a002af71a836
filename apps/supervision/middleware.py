"""Lights follow the clock: before a page is built, recompute lights a passed deadline made stale.

The check costs one query, and only once per deadline in each process: the boundary (the
last weekly deadline) is remembered once the database was found fresh for it.
"""

from __future__ import annotations

from django.db import transaction

from . import clock, standings

_fresh_for: tuple | None = None  # (boundary, pinned moment) this process last found fresh


class FreshLightsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _fresh_for
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = clock.now()
            key = (standings.last_deadline(now), clock.pinned())
            if key != _fresh_for:
                with transaction.atomic():
                    standings.standings_ensure_fresh(now=now)
                _fresh_for = key
        return self.get_response(request)
