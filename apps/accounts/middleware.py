"""Session limits and the forced password change, checked on every signed-in request.

- idle timeout (SESSION_IDLE_MINUTES) and an absolute limit from login
  (SESSION_ABSOLUTE_HOURS): past either, the user is signed out and sent to the login page;
- a password that must be changed (new account, reset by an administrator) or that is
  older than PASSWORD_EXPIRY_DAYS: every page leads to the change-password page.
The times live in the session (epoch seconds, written at login by ``session_started``);
the last activity is rewritten at most once a minute, so a page costs no extra write.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from . import access

LOGIN_AT, SEEN_AT = "ledger_login_at", "ledger_seen_at"
TOUCH_EVERY = 60


def session_started(sender, request, user, **kwargs) -> None:
    """Connected to user_logged_in: the clock of both session limits starts here."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


def htmx_redirect(url: str) -> HttpResponse:
    """An htmx request gets the whole page sent elsewhere: a 302 would be followed inside the fragment."""
    response = HttpResponse(status=204)
    response["HX-Redirect"] = url
    return response


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = self._expired(request)
            if reason:
                request.audit_logout_reason = reason
                logout(request)
                messages.info(request, f"{reason}，请重新登录。")
                if request.headers.get("HX-Request"):
                    return htmx_redirect(reverse(settings.LOGIN_URL))
        return self.get_response(request)

    def _expired(self, request) -> str:
        now = int(time.time())
        session = request.session
        login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
        if login_at is None or seen_at is None:
            # A session from before these limits: start its clocks now.
            session.setdefault(LOGIN_AT, now)
            session[SEEN_AT] = now
            return ""
        if now - seen_at > settings.SESSION_IDLE_MINUTES * 60:
            return f"超过 {settings.SESSION_IDLE_MINUTES} 分钟未操作，已自动退出"
        if now - login_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
            return f"登录已超过 {settings.SESSION_ABSOLUTE_HOURS} 小时，已自动退出"
        if now - seen_at >= TOUCH_EVERY:
            session[SEEN_AT] = now
        return ""


def password_change_due(user) -> str:
    """Why ``user`` must change the password before anything else, or ''."""
    profile = access.profile(user)
    if profile is None:
        return ""
    if profile.must_change_password:
        return "首次登录或密码被重置，请先修改密码。"
    changed = profile.password_changed_at or user.date_joined
    if changed and timezone.now() - changed > timedelta(days=settings.PASSWORD_EXPIRY_DAYS):
        return f"密码已超过 {settings.PASSWORD_EXPIRY_DAYS} 天未修改，请修改密码。"
    return ""


class PasswordChangeRequiredMiddleware:
    """Until the password is changed, every page but the change page and logout redirects there."""

    ALLOWED = ("accounts:password_change", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in self.ALLOWED:
            return None
        reason = password_change_due(request.user)
        if not reason:
            return None
        if request.method == "GET":
            messages.warning(request, reason)
        if request.headers.get("HX-Request"):
            return htmx_redirect(reverse("accounts:password_change"))
        return redirect("accounts:password_change")
