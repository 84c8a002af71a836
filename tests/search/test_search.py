"""Chinese search: jieba words with the ledger's dictionary, ranked, highlighted, access-checked.

Runs on PostgreSQL (tsvector + GIN) in CI and on the SQLite fallback locally: the same
expectations hold for both.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse

from apps.accounts.models import Profile
from apps.search import selectors
from apps.search.models import SearchEntry
from apps.tracking.models import Item, Unit
from apps.tracking.services import item_update
from tests.supervision.conftest import make_user


@pytest.fixture
def office(plan):
    return User.objects.create_superuser("root-search", password="pw-123456")


def _top(q, user, n=3):
    return [(h.entry.kind, h.entry.title) for h in selectors.search(q, user=user)[:n]]


def test_the_dictionary_keeps_names_whole(plan):
    assert selectors.query_words("宁德时代") == ["宁德时代"]
    assert selectors.query_words("钢帘线") == ["钢帘线"]
    assert selectors.query_words("区科技局") == ["区科技局"]  # an alias from the gazette
    assert selectors.query_words("托育 服务") == ["托育"]  # a word on every page (服务) does not narrow
    assert selectors.query_words("服务") == ["服务"]  # … unless it is all there is


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("托育", {("item", "任务 54 · 办好人民满意普惠托育"), ("item", "民生实事 8 · 托育服务扩容增位")}),
        ("钢帘线", {("item", "任务 1 · 壮大优势产业集群")}),
        ("宁德时代", {("item", "任务 41 · 实施产业带农行动")}),
        ("区科技局", {("unit", "区科学技术局")}),
        ("区市场监管局 食品", {("item", "任务 70 · 强化食品药品安全监管")}),
    ],
)
def test_relevance(office, query, expected):
    assert set(_top(query, office, n=len(expected))) == expected


def test_an_alias_finds_the_units_items(office):
    unit = Unit.objects.get(name="区科学技术局")
    hosted = set(Item.objects.filter(unit_links__unit=unit).values_list("pk", flat=True))
    found = {h.entry.object_id for h in selectors.search("区科技局", user=office, kinds=["item"])}
    assert found == hosted and len(found) >= 3


def test_every_word_must_match(office):
    assert selectors.search("托育 钢帘线", user=office) == []
    assert selectors.search("", user=office) == []


def test_highlight_marks_and_escapes():
    html = selectors.highlight("新建<b>托育</b>园，托育服务", ["托育"])
    assert html == "新建&lt;b&gt;<mark>托育</mark>&lt;/b&gt;园，<mark>托育</mark>服务"


def test_a_liaison_finds_only_his_items(plan):
    commerce = Unit.objects.get(name="区商务局")
    user = make_user("shangwu-s", Profile.Role.LIAISON, units=[commerce])
    kinds = {h.entry.kind for h in selectors.search("托育", user=user)}
    assert "item" not in kinds and "report" not in kinds
    mine = {h.entry.title for h in selectors.search("外贸", user=user, kinds=["item"])}
    assert mine and all(
        Item.objects.get(pk=h.entry.object_id).unit_links.filter(unit=commerce).exists()
        for h in selectors.search("外贸", user=user, kinds=["item"])
    )


def test_edits_are_searchable_at_once(office):
    item = Item.objects.get(plan__year=2024, kind="task", number=54)
    assert selectors.search("婴幼儿照护驿站", user=office) == []
    item_update(
        item=item,
        user=office,
        title=item.title,
        text=item.text + "试点婴幼儿照护驿站。",
        deadline=item.deadline,
    )
    assert _top("婴幼儿照护驿站", office, n=1) == [("item", "任务 54 · 办好人民满意普惠托育")]


def test_search_page(office, client, django_assert_max_num_queries):
    client.force_login(office)
    # the same number of queries for 1 hit as for 60: rows are fetched once, ranked in one pass
    with django_assert_max_num_queries(18):
        client.get(reverse("search:search"), {"q": "钢帘线"})
    with django_assert_max_num_queries(18):
        html = client.get(reverse("search:search"), {"q": "托育"}).content.decode()
    assert "<mark>托育</mark>" in html and "任务 54 · 办好人民满意普惠托育" in html
    assert f'href="{reverse("tracking:item", args=[Item.objects.get(kind="task", number=54).pk])}"' in html
    assert "没有找到" in client.get(reverse("search:search"), {"q": "不存在的词语组合"}).content.decode()


def test_the_index_covers_the_ledger(plan):
    counts = {k: SearchEntry.objects.filter(kind=k).count() for k in ("item", "unit", "official")}
    assert counts["item"] == 86 and counts["official"] >= 7 and counts["unit"] > 30


def test_ledger_keyword_uses_the_same_words(office, client, plan):
    client.force_login(office)
    html = client.get(reverse("tracking:ledger", args=[plan.pk]), {"q": "区科技局"}).content.decode()
    unit = Unit.objects.get(name="区科学技术局")
    for number in Item.objects.filter(unit_links__unit=unit).values_list("number", flat=True):
        assert f">{number}<" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgres_search_uses_the_gin_index(plan):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # 900 rows: force the planner to show its index
        assert "search_entry_tokens_gin" in selectors.matching("托育").explain()


def test_search_shows_only_units_and_officials_the_user_may_open(plan):
    """A liaison does not learn other units' names and aliases; a leader not other leaders' duties."""
    from apps.tracking.models import Official

    commerce = Unit.objects.get(name="区商务局")
    liaison = make_user("search-liaison", Profile.Role.LIAISON, units=[commerce])
    kinds = [SearchEntry.Kind.UNIT, SearchEntry.Kind.OFFICIAL]
    assert [h.entry.object_id for h in selectors.search("区水务局", user=liaison, kinds=kinds)] == []
    assert commerce.pk in [h.entry.object_id for h in selectors.search("区商务局", user=liaison, kinds=kinds)]
    # The alias of a unit he may not open finds nothing either.
    assert selectors.search("区科技局", user=liaison, kinds=kinds) == []

    song = Official.objects.get(name="宋恩全")
    leader = make_user("search-leader", Profile.Role.LEADER, official=song)
    others = Official.objects.exclude(pk=song.pk).filter(assignments__plan=plan).first()
    found = selectors.search(others.name, user=leader, kinds=[SearchEntry.Kind.OFFICIAL])
    assert found == []
    assert [
        h.entry.object_id for h in selectors.search(song.name, user=leader, kinds=[SearchEntry.Kind.OFFICIAL])
    ] == [song.pk]
