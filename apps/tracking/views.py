"""Staff pages: overview, ledger, item, unit and official pages, and the staff's corrections."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from apps.accounts import access
from apps.press import selectors as press_selectors
from apps.supervision import selectors as supervision_selectors
from apps.supervision.forms import ContributionForm, InstructionForm, ReminderForm

from . import selectors, services
from .alignment import side_by_side
from .evidence import chronicle_evidence, plan_chronicle
from .filters import ItemFilter
from .forms import ItemForm, UnitMergeForm, UnitRolesForm
from .marks import text_with_targets
from .models import Item, Official, Plan, Unit
from .plans import current_plan, remember_plan
from .tables import ItemTable


def _plan_or_404(request: HttpRequest) -> Plan:
    plan = current_plan(request)
    if plan is None:
        raise Http404("尚无计划：请先导入公报。")
    return plan


def overview_redirect(request: HttpRequest) -> HttpResponse | None:
    """Where the home page sends someone who is not the supervision office (None: stay)."""
    if access.is_supervisor(request.user):
        return None
    units = access.user_units(request.user)
    if units:
        return redirect("supervision:unit_due", pk=units[0].pk)
    if access.user_official(request.user):
        return redirect("supervision:leader_home")
    if access.is_auditor(request.user):
        return redirect("audit:events")
    if access.is_security_admin(request.user):
        return redirect("accounts:lockouts")
    raise PermissionDenied("账号尚未分配角色，请联系管理员。")


class LedgerView(SingleTableMixin, FilterView):
    table_class = ItemTable
    filterset_class = ItemFilter
    template_name = "tracking/ledger.html"
    table_pagination = {"per_page": 100}

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(Plan.objects.select_related("district"), pk=kwargs["plan_id"])
        remember_plan(request, self.plan)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return access.visible_items(self.request.user, selectors.ledger_queryset(plan=self.plan))

    def get_table(self, **kwargs):
        # django-tables2 reads ?per_page= itself: keep it between 1 and 500 (−1 or 10⁹ → 100).
        wanted = self.request.GET.get("per_page")
        if wanted is not None and not (wanted.isdigit() and 1 <= int(wanted) <= 500):
            query = self.request.GET.copy()
            query.pop("per_page")
            self.request.GET = query
        return super().get_table(**kwargs)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["plan"] = self.plan
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        context["filtered"] = any(
            v for k, v in self.request.GET.items() if k not in ("sort", "page", "per_page")
        )
        return context


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = selectors.item_detail(pk=pk)
    except Item.DoesNotExist as missing:
        raise Http404("没有这个事项。") from missing
    access.require_item(request.user, item)
    remember_plan(request, item.plan)
    officials = [link.official for link in item.official_links.all()]
    report_runs, notice_runs = (
        side_by_side(item.report_passage, item.text) if item.report_passage else ([], [])
    )
    evidence = chronicle_evidence(item, officials, plan_chronicle(item.plan))
    context = {
        "item": item,
        "plan": item.plan,
        "officials": officials,
        "unit_links": list(item.unit_links.all()),
        "targets": list(item.targets.all()),
        "text_runs": text_with_targets(item.text, item.targets.all()),
        "report_runs": report_runs,
        "notice_runs": notice_runs,
        "discrepancies": list(item.discrepancies.all()),
        "evidence": [e for e in evidence if e.keywords][:12],
        "official_evidence": [e for e in evidence if not e.keywords],
        "article_links": press_selectors.item_article_links(
            item=item, with_suggestions=access.is_supervisor(request.user)
        ),
        "history": selectors.item_history(item=item),
        **_supervision_context(request, item),
    }
    return render(request, "tracking/item.html", context)


def _supervision_context(request: HttpRequest, item: Item) -> dict:
    """The item page's part of the loop: reports, instructions, reminders, and what this user may do."""
    user = request.user
    co = access.co_units(user, item)
    reports = supervision_selectors.item_reports(item=item)
    latest: dict[int, object] = {}
    for report in reports:  # newest first: the first value met per target is the latest
        if report.counts_as_reported:
            for actual in report.actuals.all():
                latest.setdefault(actual.target_id, actual.value)
    return {
        "reports": reports,
        "target_rows": [(target, latest.get(target.pk)) for target in item.targets.all()],
        "instructions": supervision_selectors.item_instructions(item=item),
        "reminders": supervision_selectors.item_open_reminders(item=item),
        "can_report": bool(access.hosting_units(user, item)),
        "contribution_form": ContributionForm(units=co) if co else None,
        "instruction_form": InstructionForm() if access.can_instruct(user, item) else None,
        "reminder_form": ReminderForm(item=item) if access.is_supervisor(user) else None,
        "can_edit": access.is_supervisor(user),
    }


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_supervisor(request.user, "只有督查室可以修改。")
    item = get_object_or_404(Item.objects.select_related("plan__district"), pk=pk)
    form = ItemForm(request.POST or None, instance=Item.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.item_update(item=item, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "已保存。" if changed else "没有改动。")
            return redirect("tracking:item", pk=item.pk)
    return render(request, "tracking/item_edit.html", {"item": item, "plan": item.plan, "form": form})


@require_http_methods(["GET", "POST"])
def item_units(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_supervisor(request.user, "只有督查室可以修改。")
    item = get_object_or_404(Item.objects.select_related("plan__district"), pk=pk)
    links = list(item.unit_links.select_related("unit").order_by("order"))
    form = UnitRolesForm(request.POST or None, links=links)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.item_unit_roles_set(item=item, user=request.user, roles=form.roles())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"承办单位角色已确认（改动 {changed} 处）。")
            return redirect("tracking:item", pk=item.pk)
    return render(request, "tracking/item_units.html", {"item": item, "plan": item.plan, "form": form})


def unit_list(request: HttpRequest) -> HttpResponse:
    plan = _plan_or_404(request)
    groups = selectors.unit_list(plan=plan)
    if not access.is_supervisor(request.user):
        groups = [
            (kind, [u for u in units if access.can_view_unit(request.user, u)]) for kind, units in groups
        ]
        groups = [(kind, units) for kind, units in groups if units]
    return render(request, "tracking/unit_list.html", {"plan": plan, "groups": groups})


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request)
    unit = get_object_or_404(Unit.objects.select_related("district"), pk=pk)
    if not access.can_view_unit(request.user, unit):
        raise PermissionDenied("无权查看该单位。")
    detail = selectors.unit_detail(unit=unit, plan=plan)
    if not access.is_supervisor(request.user):
        # Show only the items this user may open.
        links = detail["hosted"] + detail["co_hosted"]
        visible = set(
            access.visible_items(
                request.user, Item.objects.filter(pk__in=[link.item_id for link in links])
            ).values_list("pk", flat=True)
        )
        detail["hosted"] = [link for link in detail["hosted"] if link.item_id in visible]
        detail["co_hosted"] = [link for link in detail["co_hosted"] if link.item_id in visible]
    context = {"unit": unit, "plan": plan, **detail}
    return render(request, "tracking/unit.html", context)


@require_http_methods(["GET", "POST"])
def unit_merge(request: HttpRequest) -> HttpResponse:
    access.require_supervisor(request.user, "只有督查室可以修改。")
    plan = _plan_or_404(request)
    initial = {"keep": request.GET.get("keep"), "absorb": request.GET.get("absorb")}
    form = UnitMergeForm(request.POST or None, initial=initial, district=plan.district)
    if request.method == "POST" and form.is_valid():
        absorbed = form.cleaned_data["absorb"].name
        try:
            keep = services.unit_merge(
                keep=form.cleaned_data["keep"], absorb=form.cleaned_data["absorb"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已将“{absorbed}”并入“{keep.name}”，原名称保留为别名。")
            return redirect("tracking:unit", pk=keep.pk)
    return render(request, "tracking/unit_merge.html", {"plan": plan, "form": form})


def official_list(request: HttpRequest) -> HttpResponse:
    plan = _plan_or_404(request)
    rows = [
        row for row in selectors.official_list(plan=plan) if access.can_view_official(request.user, row[0])
    ]
    if not rows:
        raise PermissionDenied("无权查看领导信息。")
    return render(request, "tracking/official_list.html", {"plan": plan, "rows": rows})


def official_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request)
    official = get_object_or_404(Official, pk=pk)
    if not access.can_view_official(request.user, official):
        raise PermissionDenied("无权查看该领导的信息。")
    context = {"official": official, "plan": plan, **selectors.official_detail(official=official, plan=plan)}
    return render(request, "tracking/official.html", context)


def switch_plan(request: HttpRequest) -> HttpResponse:
    wanted = request.GET.get("plan", "")
    plan = get_object_or_404(Plan, pk=int(wanted) if wanted.isdigit() else 0)
    remember_plan(request, plan)
    target = request.GET.get("next") or reverse("home")
    if "/ledger/" in target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        target = reverse("tracking:ledger", args=[plan.pk])
    return redirect(target)
