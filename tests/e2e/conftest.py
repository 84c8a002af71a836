"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Screenshots of every page go to test-artifacts/ (kept by CI as artifacts, ignored by git).
Without a Chromium the tests skip, except under CI=true, where they must run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium for the browser tests: scripts/ensure-browser installs it")
        pytest.skip("Chromium is not installed (scripts/ensure-browser installs it)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # plain synchronous code, so Django's async-safety guard would misfire.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def shot():
    """Save a full-page screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str, *, full_page: bool = True) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def seeded(transactional_db, gazette_bytes):
    """The live server runs in another thread: data must be committed, so import it here."""
    from django.contrib.auth.models import User

    from apps.gazette.services import gazette_import
    from apps.tracking.models import Plan

    if not Plan.objects.exists():
        gazette_import(data=gazette_bytes, filename="003_515eea467fa1cdce.txt")
    User.objects.create_superuser("admin", password="yanzhou-2024", first_name="演示管理员")
    return Plan.objects.get()
