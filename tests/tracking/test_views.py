"""Staff pages on the real 2024 ledger: access, filters, content, query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from apps.tracking.models import Item, Official, Unit


def task(plan, number: int) -> Item:
    return Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=number)


def row_numbers(response) -> list[str]:
    """Item numbers of the ledger rows, as shown in the 序号 column."""
    return re.findall(r'<td data-label="序号" class="number">([^<]+)</td>', response.content.decode())


def test_every_page_needs_a_signed_in_user(client, plan):
    for url in [
        "/",
        reverse("tracking:ledger", args=[plan.pk]),
        reverse("tracking:item", args=[task(plan, 1).pk]),
        reverse("tracking:units"),
        reverse("tracking:officials"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/login/?next=")
    assert client.get("/login/").status_code == 200
    assert "登录" in client.get("/login/").content.decode()


def test_login_with_the_demo_admin(client, plan):
    from django.contrib.auth.models import User

    User.objects.create_superuser("admin", password="yanzhou-2024")
    bad = client.post("/login/", {"username": "admin", "password": "wrong"})
    assert bad.status_code == 200
    assert "请输入一个正确的" in bad.content.decode()
    response = client.post("/login/", {"username": "admin", "password": "yanzhou-2024"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "2024年兖州区 · 总览" in response.content.decode()


def test_ledger_filtered_by_lead_official(reader_client, plan):
    song = Official.objects.get(name="宋恩全")
    url = reverse("tracking:ledger", args=[plan.pk])
    response = reader_client.get(url, {"kind": "task", "official": song.pk})
    assert row_numbers(response) == [
        str(n) for n in (11, 24, 39, 40, 50, 51, 52, 53, 54, 56, 57, 59, 60, 61, 65)
    ]
    assert "共 <strong>15</strong> 项" in response.content.decode()


def test_ledger_filtered_by_unit_and_role(reader_client, plan):
    commerce = Unit.objects.get(name="区商务局")
    url = reverse("tracking:ledger", args=[plan.pk])
    assert row_numbers(reader_client.get(url, {"unit": commerce.pk, "unit_role": "host"})) == [
        "9",
        "11",
        "12",
        "17",
    ]
    assert row_numbers(reader_client.get(url, {"unit": commerce.pk, "unit_role": "co"})) == ["2", "23"]
    assert len(row_numbers(reader_client.get(url, {"unit": commerce.pk}))) == 6


def test_ledger_other_filters(reader_client, plan, monkeypatch):
    url = reverse("tracking:ledger", args=[plan.pk])
    assert row_numbers(reader_client.get(url, {"kind": "livelihood"})) == [f"实事{n}" for n in range(1, 11)]
    chapter = plan.chapters.get(numeral="五")
    assert row_numbers(reader_client.get(url, {"chapter": chapter.pk})) == ["21", "22", "23"]
    differing = row_numbers(reader_client.get(url, {"has_discrepancy": "true"}))
    assert differing == ["22", "24", "25", "34", "48", "52", "53", "54", "60", "73"]
    # Keyword search reaches the text, unit aliases and officials.
    assert row_numbers(reader_client.get(url, {"q": "托育"})) == ["54", "实事8"]
    assert "13" in row_numbers(reader_client.get(url, {"q": "区发展和改革委员会"}))
    assert row_numbers(reader_client.get(url, {"q": "展召爽"})) == [
        "5",
        "9",
        "11",
        "12",
        "14",
        "17",
        "22",
        "24",
        "37",
    ]
    window = {"deadline_min": "2024-08-01", "deadline_max": "2024-09-30"}
    assert row_numbers(reader_client.get(url, window)) == ["实事1"]
    monkeypatch.setattr("apps.tracking.filters.timezone.localdate", lambda: dt.date(2024, 10, 1))
    assert row_numbers(reader_client.get(url, {"overdue": "true"})) == ["实事1"]


def test_ledger_sorting_and_everything_on_one_page(reader_client, plan):
    url = reverse("tracking:ledger", args=[plan.pk])
    numbers = row_numbers(reader_client.get(url))
    assert len(numbers) == 86  # all items on one page
    by_deadline = row_numbers(reader_client.get(url, {"sort": "deadline"}))
    assert by_deadline[0] == "实事1"  # the only deadline before year end (秋季学期)
    descending = row_numbers(reader_client.get(url, {"sort": "-number"}))
    assert descending[0] == "实事10" and descending[-1] == "1"


def test_ledger_query_count_does_not_grow_with_rows(reader_client, plan, django_assert_num_queries):
    url = reverse("tracking:ledger", args=[plan.pk])
    reader_client.get(url)  # the session's first write happens once
    with django_assert_num_queries(17):
        response = reader_client.get(url)
    assert len(row_numbers(response)) == 86
    with django_assert_num_queries(17):
        response = reader_client.get(url, {"kind": "livelihood"})
    assert len(row_numbers(response)) == 10


def test_item_page(reader_client, plan, django_assert_max_num_queries):
    item = task(plan, 34)
    reader_client.get(reverse("tracking:item", args=[task(plan, 1).pk]))
    with django_assert_max_num_queries(28):
        response = reader_client.get(reverse("tracking:item", args=[item.pk]))
    html = response.content.decode()
    assert "任务 34 · 加快智慧社区建设" in html
    assert '<del title="报告原文">四</del>' in html and '<ins title="通知写法">五</ins>' in html
    assert "区大数据中心" in html and "推断" in html
    assert "修改事项" in html


def test_item_page_marks_targets_and_shows_chronicle_evidence(reader_client, plan):
    html = reader_client.get(reverse("tracking:item", args=[task(plan, 8).pk])).content.decode()
    assert html.count('<mark class="target"') == 5
    assert '<mark class="target" title="指标：新建5G基站 200个">新建5G基站200个</mark>' in html
    html = reader_client.get(reverse("tracking:item", args=[task(plan, 1).pk])).content.decode()
    # 11 January: the district head visits the 10万吨钢帘线 project that task 1 names.
    assert "2024年1月11日" in html and "钢帘线" in html


def test_unit_page(reader_client, plan, django_assert_num_queries):
    unit = Unit.objects.get(name="区发展和改革局")
    small = Unit.objects.get(name="区大数据中心")
    reader_client.get(reverse("tracking:unit", args=[small.pk]))
    with django_assert_num_queries(15):  # the same for a unit with one item and one with eleven
        reader_client.get(reverse("tracking:unit", args=[small.pk]))
    with django_assert_num_queries(15):
        response = reader_client.get(reverse("tracking:unit", args=[unit.pk]))
    html = response.content.decode()
    assert "区发展和改革委员会" in html and "区发展改革局" in html  # aliases
    assert ">石可清</a>" in html  # supervising official
    assert "主办事项（" in html


def test_official_page(reader_client, plan, django_assert_num_queries):
    shi = Official.objects.get(name="石可清")
    zhang = Official.objects.get(name="张孝元")
    reader_client.get(reverse("tracking:official", args=[zhang.pk]))
    with django_assert_num_queries(16):  # 6 items led or 40: the same queries
        reader_client.get(reverse("tracking:official", args=[zhang.pk]))
    with django_assert_num_queries(16):
        response = reader_client.get(reverse("tracking:official", args=[shi.pk]))
    html = response.content.decode()
    assert "区委常委、副区长" in html
    assert ">张传驰</a>" in html  # substitute
    led = Item.objects.filter(plan=plan, official_links__official=shi).count()
    assert f"牵头事项（{led}）" in html
    assert "区发展和改革局</a>（主办" in html


def test_unit_and_official_lists(reader_client, plan):
    html = reader_client.get(reverse("tracking:units")).content.decode()
    assert "单位集合（5）" in html
    html = reader_client.get(reverse("tracking:officials")).content.decode()
    assert html.index("王营") < html.index("石可清") < html.index("张传驰")


@pytest.mark.parametrize("name", ["item_edit", "item_units"])
def test_liaisons_may_not_correct_items(liaison_client, plan, name):
    item = task(plan, 11)  # hosted by the liaison's own unit: readable, not correctable
    assert liaison_client.get(reverse("tracking:item", args=[item.pk])).status_code == 200
    assert "修改事项" not in liaison_client.get(reverse("tracking:item", args=[item.pk])).content.decode()
    url = reverse(f"tracking:{name}", args=[item.pk])
    assert liaison_client.get(url).status_code == 403
    assert liaison_client.post(url, {"title": "改了"}).status_code == 403
    assert task(plan, 11).title == "激活文旅消费"


def test_liaisons_may_not_merge_units(liaison_client, plan):
    keep, absorb = Unit.objects.get(name="区商务局"), Unit.objects.get(name="区财政局")
    url = reverse("tracking:unit_merge")
    assert liaison_client.post(url, {"keep": keep.pk, "absorb": absorb.pk}).status_code == 403
    assert Unit.objects.filter(pk=absorb.pk).exists()


def test_unknown_ids_are_404(reader_client, plan):
    assert reader_client.get(reverse("tracking:item", args=[999999])).status_code == 404
    assert reader_client.get(reverse("tracking:unit", args=[999999])).status_code == 404
    assert reader_client.get(reverse("tracking:ledger", args=[999999])).status_code == 404


def test_plan_switch_goes_to_the_plans_ledger(reader_client, plan):
    response = reader_client.get(reverse("tracking:switch_plan"), {"plan": plan.pk, "next": "/units/"})
    assert response.url == "/units/"
    response = reader_client.get(
        reverse("tracking:switch_plan"), {"plan": plan.pk, "next": "https://evil.example/"}
    )
    assert response.url == reverse("tracking:ledger", args=[plan.pk])
