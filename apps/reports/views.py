"""Dashboard (总览), the reports page, report generation, the archive and downloads."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.accounts import access
from apps.supervision import clock
from apps.supervision.periods import MONTH, TEN_DAY, WEEK, period_of
from apps.tracking import selectors as tracking_selectors
from apps.tracking.filters import ItemFilter
from apps.tracking.models import Plan
from apps.tracking.plans import current_plan, remember_plan
from apps.tracking.selectors import ledger_queryset

from . import selectors, services
from .charts import charts
from .models import ReportFile

PERIOD_KINDS = [(WEEK, "周报（周盘点）"), (TEN_DAY, "旬报（旬推进）"), (MONTH, "月报（月调度）")]


def _period(request: HttpRequest):
    kind = request.GET.get("period_kind") or request.POST.get("period_kind") or WEEK
    if kind not in dict(PERIOD_KINDS):
        kind = WEEK
    value = request.GET.get("date") or request.POST.get("date")
    try:
        day = dt.date.fromisoformat(value) if value else clock.today()
    except ValueError:
        day = clock.today()
    return period_of(kind, day)


def _params(request: HttpRequest) -> dict:
    source = request.POST if request.method == "POST" else request.GET
    keys = ItemFilter.base_filters.keys() | {"deadline_min", "deadline_max", "unit_role"}
    return {k: source.get(k) for k in keys if source.get(k)}


def dashboard(request: HttpRequest) -> HttpResponse:
    """The office's overview; liaisons and leaders are sent to their own pages."""
    from apps.tracking.views import overview_redirect

    redirect_to = overview_redirect(request)
    if redirect_to is not None:
        return redirect_to
    plan = current_plan(request)
    if plan is None:
        return render(request, "tracking/empty.html")
    period = _period(request)
    report = selectors.period_report(plan=plan, period=period)
    items = [row.item for row in report.rows]
    trend = selectors.lights_over_weeks(plan=plan, items=items, until=clock.now())
    context = {
        "plan": plan,
        "period": period,
        "report": report,
        "charts": charts(report, trend),
        "period_kinds": PERIOD_KINDS,
        **tracking_selectors.plan_overview(plan=plan),
    }
    return render(request, "reports/dashboard.html", context)


def reports_home(request: HttpRequest) -> HttpResponse:
    access.require_supervisor(request.user, "只有督查室可以查看报表。")
    plan = current_plan(request)
    if plan is None:
        raise Http404("尚无计划。")
    period = _period(request)
    params = _params(request)
    report = selectors.period_report(plan=plan, period=period, params=params)
    filterset = ItemFilter(request.GET or None, queryset=ledger_queryset(plan=plan), plan=plan)
    context = {
        "plan": plan,
        "period": period,
        "report": report,
        "filter": filterset,
        "period_kinds": PERIOD_KINDS,
        "archive": ReportFile.objects.filter(plan=plan).select_related("created_by")[:30],
        "query": request.GET.urlencode(),
    }
    return render(request, "reports/reports.html", context)


@require_POST
def report_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    access.require_supervisor(request.user, "只有督查室可以查看报表。")
    plan = get_object_or_404(Plan.objects.select_related("district"), pk=plan_id)
    remember_plan(request, plan)
    fmt = request.POST.get("format")
    if fmt not in ReportFile.Format.values:
        raise Http404("未知的报表格式。")
    record = services.report_request(
        plan=plan, fmt=fmt, period=_period(request), params=_params(request), user=request.user
    )
    if record.status == ReportFile.Status.DONE:
        return redirect("reports:download", pk=record.pk)
    return redirect("reports:status", pk=record.pk)


def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_supervisor(request.user, "只有督查室可以查看报表。")
    record = get_object_or_404(ReportFile.objects.select_related("plan__district"), pk=pk)
    template = "reports/_status.html" if request.htmx else "reports/status.html"
    return render(request, template, {"record": record, "plan": record.plan})


def report_download(request: HttpRequest, pk: int) -> FileResponse:
    access.require_supervisor(request.user, "只有督查室可以查看报表。")
    record = get_object_or_404(ReportFile.objects.select_related("plan__district"), pk=pk)
    if record.status != ReportFile.Status.DONE or not record.file:
        raise Http404("报表尚未生成完成。")
    return FileResponse(record.file.open("rb"), as_attachment=True, filename=record.filename)
