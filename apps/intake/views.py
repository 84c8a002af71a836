"""Administrators' import pages: upload, watch the progress, read the preview, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.accounts import access
from apps.tracking.models import Unit

from . import uploads
from .forms import UploadForm
from .models import ImportRun

ADMIN_ONLY = "只有系统管理员可以导入公报和报纸。"


def import_list(request: HttpRequest) -> HttpResponse:
    access.require_admin(request.user, ADMIN_ONLY)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = uploads.upload_create(
            data=upload.read(),
            filename=upload.name,
            user=request.user,
            wanted=form.cleaned_data["wanted"],
            published_on=form.cleaned_data["published_on"],
        )
        return redirect("intake:run", pk=run.pk)
    runs = ImportRun.objects.select_related("user").defer("payload", "preview", "mapping")
    page = Paginator(runs.order_by("-started_at"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/imports.html",
        {"form": form, "page": page, "limit_mb": uploads.max_upload_bytes() // 1024 // 1024},
        status=400 if form.errors else 200,
    )


def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_admin(request.user, ADMIN_ONLY)
    run = get_object_or_404(
        ImportRun.objects.select_related("user", "confirmed_by", "document").defer("payload"), pk=pk
    )
    if request.htmx:
        if run.working:
            return render(request, "intake/_progress.html", {"run": run})
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # the step is over: show the whole preview or outcome
        return response
    units, units_new = [], run.preview.get("units_new", [])
    if run.status == ImportRun.Status.PREVIEW and units_new:
        units = list(
            Unit.objects.filter(district__name=run.preview["district"]).order_by("name").values("pk", "name")
        )
    elif run.mapping:
        # After confirmation: show what each name was sent to.
        chosen = dict(Unit.objects.filter(pk__in=run.mapping.values()).values_list("pk", "name"))
        units_new = [{**u, "decision": chosen.get(run.mapping.get(u["name"]))} for u in units_new]
    can_retry = (
        run.status == ImportRun.Status.FAILED
        and ImportRun.objects.filter(pk=run.pk, payload__isnull=False).exists()
    )
    context = {
        "run": run,
        "preview": run.preview,
        "units": units,
        "units_new": units_new,
        "can_retry": can_retry,
    }
    return render(request, "intake/run.html", context)


@require_POST
def run_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_admin(request.user, ADMIN_ONLY)
    run = get_object_or_404(ImportRun.objects.defer("payload"), pk=pk)
    choices = {key[4:]: value for key, value in request.POST.items() if key.startswith("map:")}
    if not uploads.upload_confirm(run, user=request.user, choices=choices):
        messages.info(request, "这次导入已经确认或取消过，未重复执行。")
    return redirect("intake:run", pk=run.pk)


@require_POST
def run_retry(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_admin(request.user, ADMIN_ONLY)
    run = get_object_or_404(ImportRun.objects.defer("payload"), pk=pk)
    if not uploads.upload_retry(run):
        messages.info(request, "这次导入不能重试（已重试、已取消或文件已清除）。")
    return redirect("intake:run", pk=run.pk)


@require_POST
def run_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_admin(request.user, ADMIN_ONLY)
    run = get_object_or_404(ImportRun.objects.defer("payload"), pk=pk)
    if uploads.upload_cancel(run):
        messages.info(request, "已取消，台账未改动。")
    return redirect("intake:imports")
