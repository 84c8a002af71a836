"""Bad input never answers 500: every GET page with every known parameter set to hostile values,
an oversized body refused before it is read, NUL characters refused."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from apps.accounts.models import Profile
from apps.tracking.filters import ItemFilter
from apps.tracking.models import Unit
from tests.supervision.conftest import make_user

PARAMETERS = sorted(
    set(ItemFilter.base_filters)
    | {"plan", "page", "per_page", "sort", "period", "date", "period_kind", "q", "kind", "next", "format"}
    | {"light", "chapter", "official", "unit", "unit_role", "deadline_min", "deadline_max", "status"}
)
HOSTILE = [
    "abc",
    "-1",
    "0",
    "99999999999999999999999",
    "2024-13-45",
    "' OR '1'='1",
    "<script>alert(1)</script>",
    "x" * 3000,
]
# Pages that only accept POST, the login/logout pages and the admin (Django's own) are left out.
SKIP = re.compile(r"^(admin/|logout/|login/|healthz)")


def _get_urls(patterns=None, prefix: str = "") -> list[str]:
    """Every routable GET path, with each <int:…> filled with 1 (an existing seed row or a 404)."""
    urls = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            urls += _get_urls(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            path = re.sub(r"<int:\w+>", "1", route).replace("^", "").replace("$", "")
            if "<" in path or SKIP.match(path):
                continue
            urls.append("/" + path)
    return sorted(set(urls))


@pytest.fixture
def clients(plan):
    commerce = Unit.objects.get(name="区商务局")
    users = [
        make_user("fuzz-office", Profile.Role.SUPERVISOR),
        make_user("fuzz-liaison", Profile.Role.LIAISON, units=[commerce]),
        make_user("fuzz-admin", Profile.Role.ADMIN),
    ]
    out = []
    for user in users:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        out.append(client)
    return out


def test_no_get_parameter_makes_a_page_fail(clients):
    urls = _get_urls()
    assert len(urls) > 20
    failures, tried = [], 0
    for client in clients:
        for url in urls:
            for value in HOSTILE:
                response = client.get(url, {name: value for name in PARAMETERS})
                tried += 1
                if response.status_code >= 500:
                    failures.append((url, value[:20], response.status_code))
    assert not failures, failures
    assert tried == len(clients) * len(urls) * len(HOSTILE)


def test_each_parameter_alone_on_the_ledger(clients, plan):
    """Each parameter alone too: one bad value must not hide behind another that failed first."""
    office = clients[0]
    for url in (f"/plans/{plan.pk}/ledger/", "/search/", "/switch-plan/"):
        for name in PARAMETERS:
            for value in ("abc", "-1", "99999999999999999999999", "2024-13-45"):
                response = office.get(url, {name: value})
                assert response.status_code < 500, (url, name, value[:20])


def test_nul_characters_are_refused(clients, plan):
    office = clients[0]
    assert office.get("/search/", {"q": "托育\x00"}).status_code == 400
    assert office.get(f"/plans/{plan.pk}/ledger/", {"q": "\x00"}).status_code == 400
    form = "keep=1%00&absorb=2"
    assert (
        office.post("/units/merge/", form, content_type="application/x-www-form-urlencoded").status_code
        == 400
    )
    # In a multipart form the field's own validation refuses it, with the page, not a 500.
    assert office.post("/units/merge/", {"keep": "1\x00", "absorb": "2"}).status_code == 200


def test_an_oversized_body_is_refused_before_it_is_read(clients, settings):
    settings.REQUEST_MAX_BYTES = 1024
    response = clients[2].generic("POST", "/imports/", b"x" * 2048, content_type="application/octet-stream")
    assert response.status_code == 413
    assert "请求过大" in response.content.decode()


def test_the_admin_cannot_rewrite_decisions_or_delete_the_report_archive(plan, client, django_user_model):
    """Evidence-link decisions and archived reports are records: read-only even for a superuser."""
    from apps.press.models import ArticleLink
    from apps.reports.models import ReportFile

    root = django_user_model.objects.create_superuser("root-admin", password="x")
    client.force_login(root)
    record = ReportFile.objects.create(
        plan=plan,
        format="csv",
        period_kind="week",
        period_start="2024-06-10",
        period_end="2024-06-16",
        period_label="第24周",
    )
    assert client.get(f"/admin/reports/reportfile/{record.pk}/delete/").status_code == 403
    assert client.post(f"/admin/reports/reportfile/{record.pk}/delete/", {"post": "yes"}).status_code == 403
    assert (
        client.post(f"/admin/reports/reportfile/{record.pk}/change/", {"status": "failed"}).status_code == 403
    )
    assert ReportFile.objects.filter(pk=record.pk, status="pending").exists()
    assert client.get("/admin/press/articlelink/add/").status_code == 403
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = root
    links = admin.site._registry[ArticleLink]
    assert not links.has_change_permission(request) and not links.has_delete_permission(request)
