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
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts import access
from apps.tracking import formats
from apps.tracking.models import Item, Unit
from apps.tracking.plans import current_plan

from . import clock, selectors, services, standings
from .forms import ContributionForm, InstructionForm, ReminderForm, ReplyForm, ReportForm, ReturnForm
from .models import Attachment, Instruction, ProgressReport
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
        initial.update({f"actual_{a.target_id}": formats.number_text(a.value) for a in report.actuals.all()})
    return ReportForm(data, files, item=item, units=units, initial=initial)


def _merge_form(item: Item, units: list[Unit], form: ReportForm, conflict) -> ReportForm:
    """After a conflict: the user's own text on top of the version now saved, to merge and save again."""
    initial = {
        **{name: form.cleaned_data.get(name) for name in ("progress", "percent", "problems", "next_steps")},
        "drop_reason": form.cleaned_data.get("drop_reason", ""),
        "unit": form.cleaned_data["unit"].pk if form.cleaned_data.get("unit") else None,
        "version": conflict.report.version,
    }
    initial.update({name: formats.number_text(form.cleaned_data.get(name)) for name in form.target_fields})
    return ReportForm(item=item, units=units, initial=initial)


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
    now = clock.now()
    open_for = services.reporting_window(item=item, period=period, now=now)
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
                drop_reason=data.get("drop_reason", ""),
                actuals=form.actuals(),
                version=data.get("version"),
                submit=request.POST.get("action") == "submit",
                files=data["attachments"],
            )
        except services.ConcurrentEdit as error:
            conflict = error
            form = _merge_form(item, units, form, error)
            report = error.report
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
        "closed_message": "" if open_for else services.window_message(period, now),
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
    landing = selectors.unit_landing(unit=unit, period=period)
    can_report = unit.pk in {u.pk for u in access.user_units(request.user)}
    context = {
        "unit": unit,
        "period": period,
        "previous": period.previous(),
        "next": period.next(),
        "deadline": period.deadline(standings.deadline_rules()),
        "landing": landing,
        "rows": landing.rows,
        "can_report": can_report,
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
def backfill(request: HttpRequest, pk: int) -> HttpResponse:
    """The office opens a past week of this item for one late report (recorded in the audit log)."""
    item = _item(request, pk)
    access.require_supervisor(request.user, "只有督查室可以开通补报。")
    try:
        day = dt.date.fromisoformat(request.POST.get("period", ""))
        permit = services.backfill_grant(
            item=item,
            period=period_of(WEEK, day),
            user=request.user,
            reason=request.POST.get("reason", ""),
            request=request,
        )
    except ValueError:
        messages.error(request, "请选择要补报的周。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已开通补报：{period_of(WEEK, permit.period_start).label}。")
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


def _reply_units(user, item: Item) -> list[Unit]:
    return [*access.hosting_units(user, item), *access.co_units(user, item)]


@require_POST
def instruction_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """A host or co-unit answers a 批示; back to where the answer was written."""
    instruction = get_object_or_404(Instruction, pk=pk)
    item = _item(request, instruction.item_id)
    units = _reply_units(request.user, item)
    if not units:
        raise PermissionDenied("只有该事项的主办或协办单位可以答复批示。")
    form = ReplyForm(request.POST, units=units)
    if form.is_valid():
        try:
            services.instruction_reply(
                instruction=instruction,
                unit=form.cleaned_data["unit"],
                user=request.user,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"办理情况已报送{instruction.official}。")
    else:
        messages.error(request, "请填写办理情况。")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(reverse("tracking:item", args=[item.pk]) + f"#instruction-{instruction.pk}")


def leader_home(request: HttpRequest) -> HttpResponse:
    """A lead official's own overview: his items, the late units, his 批示 and their answers."""
    official = access.user_official(request.user)
    if official is None:
        raise PermissionDenied("只有牵头领导（含秘书）账号可以查看领导总览。")
    plan = current_plan(request)
    if plan is None:
        return render(request, "tracking/empty.html")
    overview = selectors.leader_overview(
        official=official, plan=plan, now=clock.now(), rules=standings.deadline_rules()
    )
    return render(
        request, "supervision/leader_home.html", {"official": official, "plan": plan, "overview": overview}
    )
