"""The auditor's pages: search the audit log, export what was found as CSV."""

from __future__ import annotations

import csv

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apps.accounts import access
from apps.tracking.cells import csv_text

from .filters import AuditEventFilter
from .models import AuditEvent
from .services import Action, audit_record

PER_PAGE = 50
CSV_COLUMNS = [
    ("时间", lambda e: timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S")),
    ("用户名", lambda e: e.username),
    ("IP 地址", lambda e: e.ip or ""),
    ("事件", lambda e: e.get_action_display()),
    ("结果", lambda e: e.get_outcome_display()),
    ("对象", lambda e: e.target),
    ("详情", lambda e: "；".join(f"{k}={v}" for k, v in e.detail.items()) if e.detail else ""),
]


def _require_auditor(request: HttpRequest) -> None:
    if not access.is_auditor(request.user):
        raise PermissionDenied("只有安全审计员可以查看审计记录。")


def _filtered(request: HttpRequest) -> AuditEventFilter:
    return AuditEventFilter(request.GET or None, queryset=AuditEvent.objects.all())


def event_list(request: HttpRequest) -> HttpResponse:
    _require_auditor(request)
    found = _filtered(request)
    events = found.qs if found.is_bound and found.is_valid() else AuditEvent.objects.all()
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/events.html", {"filter": found, "page": page, "query": query.urlencode()})


def event_export(request: HttpRequest) -> HttpResponse:
    _require_auditor(request)
    found = _filtered(request)
    events = found.qs if found.is_bound and found.is_valid() else AuditEvent.objects.all()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    # Excel and WPS read UTF-8 only with the byte-order mark.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([title for title, _ in CSV_COLUMNS])
    count = 0
    for event in events.iterator(chunk_size=2000):
        writer.writerow([csv_text(value(event)) for _, value in CSV_COLUMNS])
        count += 1
    audit_record(
        action=Action.EXPORT,
        request=request,
        target=request.get_full_path()[:500],
        detail={"filename": f"audit-{stamp}.csv", "rows": count},
    )
    response.audit_recorded = True
    return response
