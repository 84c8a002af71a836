"""The strict Content Security Policy holds in a real browser: the pages and their charts load,
and Chromium reports no blocked script or style on any of them."""

from __future__ import annotations

from apps.tracking.models import Item

from .test_walkthrough import sign_in

PAGES = [
    "/",
    "/plans/{plan}/ledger/",
    "/items/{item}/",
    "/review/",
    "/reports/",
    "/imports/",
    "/press/",
    "/search/?q=托育",
]


def test_no_page_breaks_the_policy(browser, live_server, seeded):
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, live_server.url)
    item = Item.objects.filter(plan=seeded).first()
    for path in PAGES:
        response = page.goto(live_server.url + path.format(plan=seeded.pk, item=item.pk))
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/")
    page.locator("#chart-lights svg").wait_for()  # the charts draw under the policy
    assert violations == []
    page.close()
