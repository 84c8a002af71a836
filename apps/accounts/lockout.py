"""The page a locked-out login gets (axes' AXES_LOCKOUT_CALLABLE): in Chinese, with the time to retry."""

from __future__ import annotations

from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    # Every refused attempt during the lockout restarts it, so it ends one cool-off from now.
    until = timezone.localtime(timezone.now() + cool_off) if cool_off else None
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        "until": until,
    }
    return render(request, "registration/locked.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
