"""Newspaper evidence and search in a real browser: confirm the 金大丰 photo, then search."""

from __future__ import annotations

import re

from apps.press.models import ArticleLink
from apps.press.services import newspaper_import
from apps.search.services import rebuild
from tests.conftest import SEEDS
from tests.e2e.test_walkthrough import sign_in


def test_confirm_evidence_and_search(browser, live_server, seeded, shot):
    if not ArticleLink.objects.exists():
        page_file = SEEDS / "002_f3cdef63abccc85b.txt"
        newspaper_import(data=page_file.read_bytes(), filename=page_file.name)
    rebuild()
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    sign_in(page, live_server.url)

    page.get_by_role("link", name="报道", exact=True).click()
    page.get_by_role("link", name=re.compile("002_f3cdef63abccc85b|济宁日报")).first.click()
    shot(page, "20-press-page")
    page.get_by_role("link", name="图片新闻：新春伊始").click()
    assert page.get_by_text("金大丰").first.is_visible()
    page.locator("li.article-link", has_text="任务 8").get_by_role("button", name="确认为佐证").click()
    page.locator("li.article-link", has_text="任务 8").get_by_text("已确认").wait_for()
    shot(page, "21-article-confirmed")
    assert ArticleLink.objects.get(item__number=8, item__kind="task").status == "confirmed"

    page.get_by_role("searchbox", name="检索").fill("托育")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    first = page.locator("ol.search-hits li").first
    assert first.locator("mark").first.inner_text() == "托育"
    assert page.get_by_role("link", name="任务 54 · 办好人民满意普惠托育").is_visible()
    shot(page, "22-search-tuoyu")
    page.close()
