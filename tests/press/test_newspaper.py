"""Newspaper pages: articles split from the real seed pages, evidence suggested and decided."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from apps.accounts.models import Profile
from apps.press.matching import districts_named
from apps.press.models import Article, ArticleLink
from apps.press.parsing import page_date, paragraphs, split_page, undouble, years_named
from apps.press.services import newspaper_import
from apps.tracking.models import Item, SourceDocument, Unit
from tests.conftest import SEEDS
from tests.supervision.conftest import client_for, make_user

PAGE_2024 = SEEDS / "002_f3cdef63abccc85b.txt"  # 2024 spring: 金大丰 photo, 嘉祥, 曲阜
PAGE_2022 = SEEDS / "004_076f9964c916ea97.txt"  # 2022: 济宁经开区
PAGE_CITY = SEEDS / "000_477c744f4b0f5473.txt"  # December 2023: city news with □记者 bylines


def _page(path):
    return split_page(path.read_text(encoding="utf-8"))


def test_photo_caption_is_an_article_with_its_credit():
    photos = [a for a in _page(PAGE_2024).articles if a.photo]
    farm = next(a for a in photos if "金大丰" in a.body)
    assert farm.byline == "记者 刘建新 摄"
    assert farm.body.startswith("新春伊始，兖州区积极联动各职能部门")
    assert farm.body.endswith("8条生产线满负荷运转赶订单。")
    assert farm.first_line == 414


def test_headline_after_the_body_goes_to_the_article_it_describes():
    articles = _page(PAGE_2024).articles
    jiaxiang = next(a for a in articles if a.body.startswith("本报嘉祥讯"))
    assert jiaxiang.title == "省内首家县域算力中心 落户嘉祥"
    assert jiaxiang.byline == "通讯员 李超"
    # the jump marker from the front page is not part of the text
    assert next(a for a in articles if "机构改革动员部署" in a.body).body.startswith(
        "本报济宁讯（记者 宋仪凯）"
    )


def test_bylines_split_the_city_page():
    page = _page(PAGE_CITY)
    bylines = [a.byline for a in page.articles]
    assert len(page.articles) == 11
    assert bylines[:3] == [
        "□ 本报记者 高峰 王浩奇",
        "□记者 吕光社通讯员 李志川 刘鹏 报道",
        "□记者 孟一 通讯员 桂洋 报道",
    ]
    # a byline directly followed by body text (no dateline) still starts its own article
    yarn = next(a for a in page.articles if a.byline == "□记者 吕光社 通讯员 李超 报道")
    assert yarn.body.startswith("山东圣润纺织有限公司自主研发的全自动智能摇纱机")


@pytest.mark.parametrize("path", sorted(SEEDS.glob("00[0124]_*.txt")), ids=lambda p: p.name[:3])
def test_no_text_is_dropped(path):
    """Every paragraph of the page lands in an article (title, byline, body) or in the leftovers."""
    text = path.read_text(encoding="utf-8")
    page = split_page(text)
    placed = "".join(f"{a.title}{a.byline}{a.body}" for a in page.articles) + "".join(
        t for _, t in page.leftovers
    )
    squeeze = lambda s: re.sub(r"[\s□■]+", "", s)  # noqa: E731  (credit marks are not text)
    placed = squeeze(placed)
    for par in paragraphs(text):
        for line in par.lines:
            # a caption and its credit (■记者 … 摄) on one line land in body and byline
            for piece in re.split(r"(?=[□■])", undouble(line)):  # undouble: bold type extracted twice
                assert squeeze(piece).replace("2版>>", "") in placed, (path.name, par.line, line)


def test_page_dates_and_years():
    assert page_date(PAGE_2022.read_text()) == dt.date(2022, 10, 13)
    assert page_date(PAGE_CITY.read_text()) == dt.date(2023, 12, 28)
    assert page_date(PAGE_2024.read_text()) is None  # only "3月1日": the year comes from the text
    assert max(years_named(PAGE_2024.read_text())) == 2024


def test_districts_named_short_forms():
    assert districts_named("兖州区积极联动各职能部门") == ["兖州区"]
    assert districts_named("停运兖州至济宁曲阜机场公交专线") == ["兖州区", "曲阜市"]
    assert districts_named("任城区积极探索养老新模式") == ["任城区"]


def test_farm_machinery_photo_is_suggested_for_the_tasks_naming_jindafeng(plan):
    result = newspaper_import(data=PAGE_2024.read_bytes(), filename=PAGE_2024.name)
    assert result.articles == 6
    links = ArticleLink.objects.select_related("article", "item")
    jindafeng = {i.number for i in Item.objects.filter(plan=plan, text__contains="金大丰")}
    assert jindafeng == {1, 8}
    assert {link.item.number for link in links if "金大丰" in link.article.body} == jindafeng
    assert all("金大丰" in link.words for link in links if "金大丰" in link.article.body)
    # the articles about 嘉祥 and 曲阜 on the same page are not evidence for 兖州区
    assert {link.article.order for link in links} == {
        a.order for a in Article.objects.filter(document=result.document) if "兖州" in a.body
    }


def test_nothing_from_the_2022_page_or_other_districts(plan):
    result = newspaper_import(data=PAGE_2022.read_bytes(), filename=PAGE_2022.name)
    assert result.articles == 8
    assert result.document.published_on == dt.date(2022, 10, 13)
    assert set(Article.objects.filter(document=result.document).values_list("year", flat=True)) == {2022}
    assert not ArticleLink.objects.exists()
    city = newspaper_import(data=PAGE_CITY.read_bytes(), filename=PAGE_CITY.name)
    assert city.articles == 11 and not ArticleLink.objects.exists()


def test_upload_date_overrides_the_text(plan):
    """A page whose date is given at upload: the 2022 page filed as 2024 would be 2024 evidence."""
    newspaper_import(data=PAGE_2024.read_bytes(), filename=PAGE_2024.name, published_on=dt.date(2022, 3, 2))
    assert not ArticleLink.objects.exists()
    assert set(Article.objects.values_list("year", flat=True)) == {2022}


def test_reimport_keeps_articles_and_decisions(plan):
    first = newspaper_import(data=PAGE_2024.read_bytes(), filename=PAGE_2024.name)
    ids = list(Article.objects.order_by("order").values_list("pk", flat=True))
    link = ArticleLink.objects.get(item__number=8, item__kind="task")
    link.status = ArticleLink.Status.REJECTED
    link.save()
    again = newspaper_import(data=PAGE_2024.read_bytes(), filename="copy.txt")
    assert not again.created and again.document == first.document and again.suggestions == 0
    assert list(Article.objects.order_by("order").values_list("pk", flat=True)) == ids
    assert ArticleLink.objects.get(pk=link.pk).status == ArticleLink.Status.REJECTED
    assert SourceDocument.objects.filter(kind="newspaper").count() == 1


@pytest.fixture
def suggested(plan):
    newspaper_import(data=PAGE_2024.read_bytes(), filename=PAGE_2024.name)
    return ArticleLink.objects.select_related("item", "article").get(item__number=8, item__kind="task")


def test_staff_confirm_and_the_item_page_shows_it(suggested, client):
    office = client_for(make_user("duchashi-t", Profile.Role.SUPERVISOR))
    item_url = reverse("tracking:item", args=[suggested.item_id])
    page = office.get(item_url).content.decode()
    assert "确认为佐证" in page and "金大丰" in page
    industry = Unit.objects.get(name="区工业和信息化局")
    liaison = client_for(make_user("gongxin-t", Profile.Role.LIAISON, units=[industry]))
    assert "图片新闻：新春伊始" not in liaison.get(item_url).content.decode()  # not yet confirmed
    assert liaison.get(reverse("press:article", args=[suggested.article_id])).status_code == 403

    response = office.post(
        reverse("press:decide", args=[suggested.pk]), {"decision": "confirm", "next": item_url}
    )
    assert response.status_code == 302 and response.url == item_url
    suggested.refresh_from_db()
    assert suggested.status == "confirmed" and suggested.decided_by.username == "duchashi-t"
    liaison_page = liaison.get(item_url).content.decode()
    assert "图片新闻：新春伊始" in liaison_page and "确认为佐证" not in liaison_page
    assert liaison.get(reverse("press:article", args=[suggested.article_id])).status_code == 200


def test_only_the_office_decides(suggested):
    commerce = Unit.objects.get(name="区商务局")
    liaison = client_for(make_user("shangwu-t", Profile.Role.LIAISON, units=[commerce]))
    assert (
        liaison.post(reverse("press:decide", args=[suggested.pk]), {"decision": "confirm"}).status_code == 403
    )
    assert liaison.get(reverse("press:pages")).status_code == 403
    assert liaison.get(reverse("press:article", args=[suggested.article_id])).status_code == 403
    office = client_for(make_user("duchashi-t", Profile.Role.SUPERVISOR))
    assert office.post(reverse("press:decide", args=[suggested.pk]), {"decision": "maybe"}).status_code == 400
    suggested.refresh_from_db()
    assert suggested.status == "suggested" and suggested.decided_by is None


def test_press_pages_list_the_articles(suggested, django_assert_max_num_queries):
    office = client_for(make_user("duchashi-t", Profile.Role.SUPERVISOR))
    html = office.get(reverse("press:pages")).content.decode()
    assert "002_f3cdef63abccc85b.txt" in html
    with django_assert_max_num_queries(12):
        html = office.get(reverse("press:page", args=[suggested.article.document_id])).content.decode()
    assert "省内首家县域算力中心 落户嘉祥" in html and "任务 8" in html
