"""Which plan the user is looking at: from ?plan=, else the session, else the newest."""

from __future__ import annotations

from django.http import HttpRequest

from .models import Plan

SESSION_KEY = "plan_id"


def current_plan(request: HttpRequest) -> Plan | None:
    wanted = request.GET.get("plan") or request.session.get(SESSION_KEY)
    plans = Plan.objects.select_related("district").order_by("-year", "district__name")
    plan = None
    if wanted and str(wanted).isdigit():
        plan = plans.filter(pk=int(wanted)).first()
    plan = plan or plans.first()
    remember_plan(request, plan)
    return plan


def remember_plan(request: HttpRequest, plan: Plan | None) -> None:
    if plan is not None and request.session.get(SESSION_KEY) != plan.pk:
        request.session[SESSION_KEY] = plan.pk


def plans_context(request: HttpRequest) -> dict:
    """Context processor: the plan switcher's choices and the current plan."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    plans = list(Plan.objects.select_related("district").order_by("-year", "district__name"))
    wanted = request.session.get(SESSION_KEY)
    current = next((p for p in plans if p.pk == wanted), plans[0] if plans else None)
    return {"all_plans": plans, "nav_plan": current}
