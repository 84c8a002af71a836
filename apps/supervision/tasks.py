"""Celery tasks of the supervision loop, run by beat (see CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from . import deadlines, services, snapshots, standings


@shared_task(name="supervision.refresh_lights")
def refresh_lights() -> int:
    """Recompute every item's status and light; returns how many changed."""
    return standings.standings_refresh()


@shared_task(name="supervision.generate_reminders")
def generate_reminders() -> int:
    """Create the reminders for the week whose deadline just passed; returns how many."""
    return len(services.reminders_generate())


@shared_task(name="supervision.deadline_notices")
def deadline_notices() -> int:
    """On the weekly deadline's morning, tell units what they still have to report; returns how many."""
    return len(deadlines.deadline_notices())


@shared_task(name="supervision.take_snapshots")
def take_snapshots() -> int:
    """Record the standing of every period that closed; returns how many snapshots."""
    return snapshots.snapshots_close()
