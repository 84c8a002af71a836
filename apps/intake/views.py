"""Administrators' import pages: upload, watch the progress, read the preview, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.accounts import access

from . import review, uploads
from .forms import UploadForm
from .models import ImportRun
from .review import review_context

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
    runs = ImportRun.objects.select_related("user").defer("payload", "preview", "decisions")
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
    can_retry = (
        run.status == ImportRun.Status.FAILED
        and ImportRun.objects.filter(pk=run.pk, payload__isnull=False).exists()
    )
    context = {"run": run, "preview": run.preview, "can_retry": can_retry, **review_context(run)}
    return render(request, "intake/run.html", context)


@require_POST
def run_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the preview shown, or (with ``revise``) store the corrections and preview again."""
    access.require_admin(request.user, ADMIN_ONLY)
    run = get_object_or_404(ImportRun.objects.defer("payload"), pk=pk)
    if run.status != ImportRun.Status.PREVIEW:
        request.audit_result = {"result": review.GONE, "success": False}
        messages.info(request, "这次导入已经确认或取消过，未重复执行。")
        return redirect("intake:run", pk=run.pk)
    decisions, target = review.choices_from_post(run, request.POST)
    revision = request.POST.get("revision", "")
    if "revise" in request.POST:
        outcome = review.upload_revise(run, decisions=decisions, target=target, revision=revision)
    else:
        outcome = review.upload_confirm(
            run, user=request.user, decisions=decisions, target=target, revision=revision
        )
    # The audit log records a confirmation only as confirmed when it queued the import.
    request.audit_result = {"result": outcome, "success": outcome == review.CONFIRMED}
    if outcome in OUTCOME_MESSAGES:
        messages.info(request, OUTCOME_MESSAGES[outcome])
    return redirect("intake:run", pk=run.pk)


OUTCOME_MESSAGES = {
    review.REVISED: "已按所作处理重新计算预览，请核对后再确认导入。",
    review.STALE: "预览在您打开页面后已更新（可能是其他管理员作了处理），请核对最新的预览后再确认。",
    review.BLOCKED: "尚不能导入：请先选择导入到的计划，或核对解析错误并勾选“已核对，接受上述问题”。",
    review.GONE: "这次导入已经确认或取消过，未重复执行。",
}


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
