"""Views of the supervision loop: report form (inline with htmx, or as a page), review queue,
a unit's due list, contributions, reminders, instructions, attachments.

Each view checks access first (apps.accounts.access), then calls a selector or service.
With htmx the same view returns a fragment; without JavaScript it redirects or renders a page.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts import access
from apps.tracking.models import Item, Unit

from . import clock, selectors, services
from .forms import ContributionForm, InstructionForm, ReminderForm, ReportForm, ReturnForm
from .models import Attachment, ProgressReport
from .periods import WEEK, Period, period_of


def _item(request: HttpRequest, pk: int) -> Item:
    item = get_object_or_404(
        Item.objects.select_related("plan__district").prefetch_related(
            "unit_links__unit", "official_links", "targets"
        ),
        pk=pk,
    )
    access.require_item(request.user, item)
    return item


def _period(request: HttpRequest) -> Period:
    value = request.GET.get("period") or request.POST.get("period")
    try:
        day = dt.date.fromisoformat(value) if value else clock.today()
    except ValueError:
        day = clock.today()
    return period_of(WEEK, day)


def _form_for(
    item: Item, units: list[Unit], report: ProgressReport | None, data=None, files=None
) -> ReportForm:
    initial = {"version": report.version if report else None, "unit": units[0].pk if units else None}
    if report:
        initial.update(
            progress=report.progress,
            percent=report.percent,
            problems=report.problems,
            next_steps=report.next_steps,
        )
        initial.update({f"actual_{a.target_id}": a.value for a in report.actuals.all()})
    return ReportForm(data, files, item=item, units=units, initial=initial)


@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The host unit's report for one week: inline on the item page or a page of its own."""
    item = _item(request, pk)
    units = access.hosting_units(request.user, item)
    if not units:
        raise PermissionDenied("只有主办单位可以填报该事项的进展。")
    period = _period(request)
    report = (
        ProgressReport.objects.filter(item=item, period_kind=period.kind, period_start=period.start)
        .prefetch_related("actuals")
        .first()
    )
    form = _form_for(item, units, report, request.POST or None, request.FILES or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_save(
                item=item,
                unit=data["unit"],
                user=request.user,
                period=period,
                progress=data["progress"],
                percent=data["percent"],
                problems=data["problems"],
                next_steps=data["next_steps"],
                actuals=form.actuals(),
                version=data.get("version"),
                submit=request.POST.get("action") == "submit",
                files=data["attachments"],
            )
        except services.ConcurrentEdit as error:
            conflict = error
        except ValidationError as error:
            _form_errors(form, error)
        else:
            message = (
                "进展已报送，等待督查室审核。"
                if report.status == ProgressReport.Status.SUBMITTED
                else "草稿已保存。"
            )
            if request.htmx:
                form = _form_for(item, units, report)
                return render(
                    request,
                    "supervision/_report_form.html",
                    {"item": item, "form": form, "report": report, "period": period, "saved": message},
                )
            messages.success(request, message)
            return redirect("tracking:item", pk=item.pk)
    context = {
        "item": item,
        "form": form,
        "report": report,
        "period": period,
        "conflict": conflict,
        "plan": item.plan,
    }
    template = "supervision/_report_form.html" if request.htmx else "supervision/report_page.html"
    return render(request, template, context, status=409 if conflict else 200)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_POST
def contribution(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(ProgressReport.objects.select_related("item"), pk=pk)
    item = _item(request, report.item_id)
    units = access.co_units(request.user, item)
    if not units:
        raise PermissionDenied("只有协办单位可以补充协办进展。")
    form = ContributionForm(request.POST, units=units)
    if form.is_valid():
        try:
            services.contribution_save(
                report=report,
                unit=form.cleaned_data["unit"],
                user=request.user,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "协办进展已补充。")
    else:
        messages.error(request, "请填写协办进展。")
    return redirect("tracking:item", pk=item.pk)


def review_queue(request: HttpRequest) -> HttpResponse:
    if not access.is_supervisor(request.user):
        raise PermissionDenied("只有督查室可以审核。")
    return render(
        request,
        "supervision/review_queue.html",
        {"reports": selectors.review_queue(), "return_form": ReturnForm()},
    )


@require_POST
def review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if not access.is_supervisor(request.user):
        raise PermissionDenied("只有督查室可以审核。")
    report = get_object_or_404(ProgressReport.objects.select_related("item__plan", "unit"), pk=pk)
    try:
        if action == "approve":
            services.report_approve(report=report, user=request.user)
            message = f"已审核通过：{report.item}（{report.unit.name}）"
        else:
            services.report_return(report=report, user=request.user, reason=request.POST.get("reason", ""))
            message = f"已退回：{report.item}（{report.unit.name}）"
    except ValidationError as error:
        message = "；".join(error.messages)
        if request.htmx:
            return render(
                request,
                "supervision/_review_row.html",
                {"report": report, "error": message, "return_form": ReturnForm(request.POST)},
            )
        messages.error(request, message)
        return redirect("supervision:review_queue")
    if request.htmx:
        return render(request, "supervision/_review_done.html", {"report": report, "message": message})
    messages.success(request, message)
    return redirect("supervision:review_queue")


def unit_due(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    if not access.can_view_unit(request.user, unit):
        raise PermissionDenied("无权查看该单位。")
    period = _period(request)
    rows = selectors.unit_due(unit=unit, period=period)
    context = {
        "unit": unit,
        "period": period,
        "previous": period.previous(),
        "next": period.next(),
        "deadline": period.deadline(services.deadline_rules()),
        "rows": rows,
        "can_report": unit.pk in {u.pk for u in access.user_units(request.user)},
    }
    return render(request, "supervision/unit_due.html", context)


@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    if not access.is_supervisor(request.user):
        raise PermissionDenied("只有督查室可以催办。")
    form = ReminderForm(request.POST, item=item)
    if form.is_valid():
        reminder = services.reminder_send(
            item=item, unit=form.cleaned_data["unit"], user=request.user, message=form.cleaned_data["message"]
        )
        messages.success(request, f"已催办 {reminder.unit.name}。")
    else:
        messages.error(request, "请选择催办单位。")
    return redirect("tracking:item", pk=item.pk)


@require_POST
def instruct(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = InstructionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写批示内容。")
        return redirect("tracking:item", pk=item.pk)
    services.instruction_add(item=item, user=request.user, text=form.cleaned_data["text"])
    messages.success(request, "批示已发送，承办单位可在事项页看到。")
    return redirect("tracking:item", pk=item.pk)


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    file = get_object_or_404(Attachment.objects.select_related("report__item"), pk=pk)
    access.require_item(request.user, file.report.item)
    return FileResponse(file.file.open("rb"), as_attachment=True, filename=file.name)
