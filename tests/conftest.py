"""Shared fixtures: the real seed documents, and a test database with the 2024 gazette imported once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.db import connections

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GAZETTE = SEEDS / "003_515eea467fa1cdce.txt"
NEWSPAPER_PAGES = sorted(p for p in SEEDS.glob("*.txt") if p != GAZETTE)


@pytest.fixture(scope="session")
def gazette_bytes() -> bytes:
    return GAZETTE.read_bytes()


@pytest.fixture(scope="session")
def gazette_text(gazette_bytes) -> str:
    return gazette_bytes.decode("utf-8")


@pytest.fixture(scope="session")
def parsed(gazette_text):
    from apps.gazette.parsing import parse_gazette

    return parse_gazette(gazette_text)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, gazette_bytes):
    """Import the seed gazette once per session (recorded as a run, as the command does);
    each test runs in a rolled-back transaction."""
    from apps.intake.services import import_gazette_file
    from apps.supervision.standings import standings_refresh

    with django_db_blocker.unblock():
        import_gazette_file(data=gazette_bytes, filename=GAZETTE.name)
        # Lights as a running system has them, so a page's freshness check finds nothing to do.
        standings_refresh()


@pytest.fixture
def plan(db):
    from apps.tracking.models import Plan

    return Plan.objects.select_related("district").get(year=2024, district__name="兖州区")


@pytest.fixture
def celery_in_process():
    """Run tasks in this process even when REDIS_URL points at a broker (CI), then restore."""
    from jining.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = previous


def ledger_snapshot() -> dict[str, int]:
    """Row counts of every table the importer writes, to prove a refused file changed nothing."""
    from django.apps import apps

    models = [m for m in apps.get_models() if m._meta.app_label in ("tracking", "gazette")]
    return {m._meta.label: m.objects.count() for m in models}


def parallel_posts(posts: list[tuple[object, str, dict]]) -> list[int]:
    """Real parallel requests (PostgreSQL tests): send the requests at the same moment from their own threads (and database connections)."""
    from django.test import Client

    barrier, answers = threading.Barrier(len(posts)), {}

    def send(index: int, user, url: str, data: dict) -> None:
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            answers[index] = client.post(url, data).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return [answers.get(i) for i in range(len(posts))]
