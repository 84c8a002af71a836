"""Lights follow the clock: before a page is built, recompute lights a passed deadline made stale.

One indexed query per signed-in request finds whether any plan's lights predate the last
deadline (or lie after a pinned demo clock); only then are they recomputed. Beat does the
same right after each deadline, so in production this almost never finds work.
"""

from __future__ import annotations

from django.db import transaction

from . import clock, standings


class FreshLightsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = clock.now()
            if standings.stale_plans(now=now).exists():
                with transaction.atomic():
                    standings.standings_ensure_fresh(now=now)
        return self.get_response(request)
