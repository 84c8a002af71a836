"""The screen is Chinese only: error pages, form errors, empty choices, numbers, times, menu, pinyin order."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.template import Context, Template, loader
from django.urls import reverse

from apps.tracking.models import Item, Unit
from apps.tracking.pinyin import pinyin_key

ENGLISH_LEFTOVERS = ["Select an option", "This field is required", "Forbidden", "Not Found", "+00:00"]


def task(plan, number: int) -> Item:
    return Item.objects.get(plan=plan, kind="task", number=number)


def assert_no_english(html: str) -> None:
    for words in ENGLISH_LEFTOVERS:
        assert words not in html, words


def test_another_units_item_gives_the_chinese_403_with_a_way_back(liaison_client, plan):
    commerce = Unit.objects.get(name="区商务局")
    other = Item.objects.filter(plan=plan).exclude(unit_links__unit=commerce).order_by("number").first()
    ledger = "http://testserver" + reverse("tracking:ledger", args=[plan.pk])
    response = liaison_client.get(reverse("tracking:item", args=[other.pk]), HTTP_REFERER=ledger)
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权访问此页面" in html and "无权查看该事项。" in html  # the PermissionDenied message
    assert f'href="{ledger}"' in html and "返回上一页" in html
    assert f'href="{reverse("home")}"' in html and "回到首页" in html
    assert 'class="nav"' in html  # in the site's layout, with its menu
    assert_no_english(html)


def test_a_referer_from_elsewhere_is_not_offered_as_the_way_back(liaison_client, plan):
    commerce = Unit.objects.get(name="区商务局")
    other = Item.objects.filter(plan=plan).exclude(unit_links__unit=commerce).first()
    response = liaison_client.get(
        reverse("tracking:item", args=[other.pk]), HTTP_REFERER="https://example.com/phish"
    )
    assert response.status_code == 403 and "example.com" not in response.content.decode()


def test_missing_pages_give_the_chinese_404(reader_client, plan):
    response = reader_client.get(reverse("tracking:item", args=[999999]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "没有这个事项。" in html and "回到首页" in html
    assert_no_english(html)
    # Django's own English message ("No Unit matches the given query.") is not shown
    html = reader_client.get(reverse("tracking:unit", args=[999999])).content.decode()
    assert "页面不存在" in html and "matches" not in html
    assert "页面不存在" in reader_client.get("/no-such-page/").content.decode()


def test_the_500_page_renders_without_a_request_or_database():
    html = loader.get_template("500.html").render()
    assert "系统出错了" in html and "回到首页" in html and "/static/css/app.css" in html


def test_form_errors_are_chinese_for_an_english_browser(staff_client, plan):
    url = reverse("tracking:item_edit", args=[task(plan, 11).pk])
    response = staff_client.post(url, {"title": "", "deadline": "", "text": ""}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "这个字段是必填项" in html
    assert_no_english(html)


@pytest.mark.parametrize("name", ["ledger", "unit_merge", "users"])
def test_selects_have_chinese_empty_choices(staff_client, admin_user, client, plan, name):
    if name == "ledger":
        html = staff_client.get(reverse("tracking:ledger", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en").content
    elif name == "unit_merge":
        html = staff_client.get(reverse("tracking:unit_merge")).content
    else:
        client.force_login(admin_user)
        html = client.get(reverse("accounts:user_new")).content
    html = html.decode()
    assert "<select" in html and "Select an option" not in html and "---------" not in html


def test_unit_and_official_choices_are_in_pinyin_order(staff_client, plan):
    assert sorted(["区住房和城乡建设局", "区卫生健康局", "区财政局"], key=pinyin_key) == [
        "区财政局",
        "区卫生健康局",
        "区住房和城乡建设局",
    ]
    html = staff_client.get(reverse("tracking:ledger", args=[plan.pk])).content.decode()
    units = re.search(r'<select name="unit"[^>]*>(.*?)</select>', html, re.S).group(1)
    names = re.findall(r"<option value=\"\d+\">([^<]+)</option>", units)
    assert names.index("区财政局") < names.index("区住房和城乡建设局")
    assert names.index("区卫生健康局") < names.index("区住房和城乡建设局")
    assert names == sorted(names, key=pinyin_key)
    officials = re.search(r'<select name="official"[^>]*>(.*?)</select>', html, re.S).group(1)
    names = re.findall(r"<option value=\"\d+\">([^<]+)</option>", officials)
    assert len(names) > 3 and names == sorted(names, key=pinyin_key)
    merge = staff_client.get(reverse("tracking:unit_merge")).content.decode()
    assert merge.index(">区财政局<") < merge.index(">区住房和城乡建设局<")
    listing = staff_client.get(reverse("tracking:units")).content.decode()
    assert (
        listing.index(">区财政局<") < listing.index(">区卫生健康局<") < listing.index(">区住房和城乡建设局<")
    )


def test_numbers_as_written_and_times_in_beijing_on_the_item_page(staff_client, plan):
    from apps.supervision.periods import WEEK, period_of
    from apps.supervision.services import report_save

    item = task(plan, 9)
    targets = list(item.targets.order_by("order"))
    report_save(
        item=item,
        unit=Unit.objects.get(name="区商务局"),
        user=staff_client.user,
        period=period_of(WEEK, dt.date(2024, 6, 13)),
        progress="举办汽车下乡活动",
        percent=30,
        actuals={targets[0].pk: Decimal("1.5"), targets[1].pk: Decimal("12")},
        submit=True,
    )
    html = staff_client.get(reverse("tracking:item", args=[item.pk])).content.decode()
    section = html[html.index('id="targets-h"') :]
    assert f"1.5 {targets[0].unit_of_measure}" in section and "1.5000" not in section
    assert f"12 {targets[1].unit_of_measure}" in section
    history = html[html.index('id="history-h"') :]
    assert re.search(r"<td data-label=\"时间\">\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}</td>", history)
    assert "+00:00" not in history and not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", history)


def test_format_filters_read_iso_text_from_json_fields():
    template = Template("{% load ledger_format %}{{ at|moment }}|{{ on|day }}|{{ n|num }}|{{ m|num }}")
    text = template.render(
        Context({"at": "2026-11-25T08:11:00+00:00", "on": "2024-01-12", "n": Decimal("224.6400"), "m": 200})
    )
    assert text == "2026年11月25日 16:11|2024年1月12日|224.64|200"


def test_light_cell_is_a_plain_cell_and_one_menu_entry_is_current(staff_client, plan):
    html = staff_client.get(reverse("tracking:ledger", args=[plan.pk]) + "?kind=task").content.decode()
    assert re.search(r'<td data-label="亮灯" class="light"><span class="light light-\w+">', html)
    css = (loader.engines["django"].engine.dirs[0].parent / "static/css/app.css").read_text()
    assert "\n.light {" not in css and "span.light {" in css
    for url in [reverse("home"), reverse("reports:home"), reverse("tracking:ledger", args=[plan.pk])]:
        page = staff_client.get(url).content.decode()
        nav = page[page.index('<nav class="nav"') : page.index("</nav>")]
        assert nav.count('aria-current="page"') == 1, url
    page = staff_client.get(reverse("reports:home")).content.decode()
    nav = page[page.index('<nav class="nav"') : page.index("</nav>")]
    assert re.search(r'aria-current="page">报表<', nav)


def test_an_expired_form_gives_the_chinese_csrf_page(plan):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("login"), {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html and "回到首页" in html and "CSRF verification failed" not in html
