"""Newspaper pages are named by paper, date and page (济宁日报 2023年12月28日), never by a hash."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from apps.press.parsing import masthead_date, page_number
from apps.press.services import newspaper_import
from apps.tracking.models import SourceDocument
from tests.conftest import SEEDS
from tests.supervision.conftest import client_for, make_user

PAGE_2024 = SEEDS / "002_f3cdef63abccc85b.txt"  # front page: 今日导读 and "2版>>" jump markers
PAGE_TALENT = SEEDS / "001_450453279bf66210.txt"  # front page: "（下转2版）"
PAGE_CITY = SEEDS / "000_477c744f4b0f5473.txt"  # an inside page: no page number survives


def test_page_number_and_masthead_date_found_in_the_text():
    assert page_number(PAGE_2024.read_text()) == 1
    assert page_number(PAGE_TALENT.read_text()) == 1
    assert page_number(PAGE_CITY.read_text()) is None
    assert page_number("第3版\n要闻\n正文") == 3
    assert page_number("A2版：要闻\n正文") == 2
    assert page_number("（上接1版）正文\n（下转4版）") is None  # a continued page is not the front page
    assert masthead_date("济宁日报\n2024年3月2日 星期六\n今日8版") == dt.date(2024, 3, 2)
    assert masthead_date(PAGE_CITY.read_text()) is None  # dates in articles are not the masthead


def test_pages_are_named_by_date_and_page(plan):
    city = newspaper_import(data=PAGE_CITY.read_bytes(), filename=PAGE_CITY.name).document
    front = newspaper_import(
        data=PAGE_2024.read_bytes(), filename=PAGE_2024.name, published_on=dt.date(2024, 3, 2)
    ).document
    office = client_for(make_user("duchashi-n", "supervisor"))
    listing = office.get(reverse("press:pages")).content.decode()
    assert "济宁日报 2024年3月2日 第1版" in listing
    assert "济宁日报 2023年12月28日" in listing  # the date from the text; the page number is unknown
    assert "版面 " not in listing and city.issue[-12:] not in listing and front.issue[-12:] not in listing
    page = office.get(reverse("press:page", args=[front.pk])).content.decode()
    assert "<h1>济宁日报 2024年3月2日 第1版</h1>" in page
    article = front.articles.order_by("order").first()
    html = office.get(reverse("press:article", args=[article.pk])).content.decode()
    assert "济宁日报 2024年3月2日 第1版" in html and front.issue not in html


def test_naming_keeps_a_reupload_matched_to_its_page(plan):
    first = newspaper_import(data=PAGE_2024.read_bytes(), filename=PAGE_2024.name).document
    again = newspaper_import(
        data=PAGE_2024.read_bytes(), filename="copy.txt", published_on=dt.date(2024, 3, 2)
    )
    assert again.document == first and not again.created
    assert SourceDocument.objects.filter(kind="newspaper").count() == 1
    again.document.refresh_from_db()
    assert (again.document.title, again.document.issue) == (first.title, first.issue)  # identity unchanged
    assert again.document.number == "第1版"
