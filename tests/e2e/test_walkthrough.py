"""A supervisor's walk through the ledger in a real browser, with screenshots."""

from __future__ import annotations

import re

from apps.tracking.models import Item, ItemUnit

SONG_TASKS = ["11", "24", "39", "40", "50", "51", "52", "53", "54", "56", "57", "59", "60", "61", "65"]


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("yanzhou-2024")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def test_filter_open_correct_host_and_see_it_on_the_unit_page(browser, live_server, seeded, shot):
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    sign_in(page, live_server.url)
    assert page.get_by_role("heading", name="2024年兖州区 · 总览").is_visible()
    shot(page, "01-overview")

    page.get_by_role("link", name="任务台账").click()
    page.get_by_label("牵头领导").select_option(label="宋恩全")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"official="))
    numbers = page.locator("table.ledger tbody td.number").all_inner_texts()
    assert numbers == SONG_TASKS
    assert page.get_by_role("status").filter(has_text="共").inner_text().startswith("共 15 项")
    shot(page, "02-ledger-song-enquan")

    page.get_by_role("link", name="激活文旅消费").click()
    page.wait_for_url(re.compile(r"/items/\d+/$"))
    assert page.get_by_role("heading", name="任务 11 · 激活文旅消费").is_visible()
    shot(page, "03-item-11")

    page.get_by_role("link", name="确认/更正承办单位").click()
    page.get_by_role("group", name="区委宣传部的角色").get_by_label("协办").check()
    shot(page, "04-item-11-units")
    page.get_by_role("button", name="确认").click()
    page.wait_for_url(re.compile(r"/items/\d+/$"))
    assert page.get_by_role("status").inner_text().startswith("承办单位角色已确认（改动 1 处）")
    shot(page, "05-item-11-corrected")

    page.locator("dd a", has_text="区委宣传部").first.click()
    assert page.get_by_role("heading", name=re.compile("区委宣传部")).is_visible()
    co_table = page.locator("section", has=page.get_by_role("heading", name=re.compile("协办事项")))
    assert co_table.get_by_role("link", name="激活文旅消费").is_visible()
    shot(page, "06-unit-propaganda")

    link = ItemUnit.objects.get(item__number=11, item__kind="task", unit__name="区委宣传部")
    assert (link.role, link.source) == (ItemUnit.Role.CO, ItemUnit.Source.STAFF)
    page.close()


def test_ledger_fits_1366_and_phone_width(browser, live_server, seeded, shot):
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/plans/{seeded.pk}/ledger/")
    assert page.locator("table.ledger tbody tr").count() == Item.objects.count() == 86
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    shot(page, "07-ledger-1366-all", full_page=False)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first = page.locator("table.ledger tbody tr").first
    assert first.locator("td.title a").is_visible()
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    shot(page, "08-ledger-390", full_page=False)
    page.goto(f"{live_server.url}/items/{Item.objects.get(kind='task', number=34).pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "09-item-390", full_page=False)
    page.close()


def test_keyboard_only_filtering(browser, live_server, seeded):
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/plans/{seeded.pk}/ledger/")
    page.get_by_label("关键词").focus()
    page.keyboard.type("托育")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q="))
    assert page.locator("table.ledger tbody td.number").all_inner_texts() == ["54", "实事8"]
    # The light is told in words, not only colour.
    from apps.tracking.models import Item

    item = Item.objects.get(plan=seeded, kind="task", number=54)
    assert page.locator("table.ledger tbody td.light").first.inner_text() == item.get_light_display()
    page.close()
