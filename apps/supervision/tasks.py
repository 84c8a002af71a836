"""Celery tasks of the supervision loop, run by beat (see CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="supervision.refresh_lights")
def refresh_lights() -> int:
    """Recompute every item's status and light; returns how many changed."""
    return services.standings_refresh()


@shared_task(name="supervision.generate_reminders")
def generate_reminders() -> int:
    """Create the reminders for the week whose deadline just passed; returns how many."""
    return len(services.reminders_generate())
