"""Login, logout, failed logins and lockouts into the audit log (Django's and axes' signals)."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .services import Action, Outcome, audit_record


def _target(request) -> str:
    return request.path if request is not None else ""


@receiver(user_logged_in, dispatch_uid="audit_login")
def on_login(sender, request, user, **kwargs):
    audit_record(action=Action.LOGIN_SUCCESS, request=request, user=user, target=_target(request))


@receiver(user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    reason = getattr(request, "audit_logout_reason", "")
    audit_record(
        action=Action.SESSION_EXPIRED if reason else Action.LOGOUT,
        request=request,
        user=user,
        target=_target(request),
        detail={"reason": reason} if reason else None,
    )


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or "")
    locked = bool(getattr(request, "axes_locked_out", False))
    audit_record(
        action=Action.LOGIN_FAILURE,
        request=request,
        username=username,
        outcome=Outcome.DENIED if locked else Outcome.FAILURE,
        target=_target(request),
        detail={"locked_out": True} if locked else None,
    )


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def on_lockout(sender, request, username, ip_address, **kwargs):
    audit_record(
        action=Action.LOCKOUT,
        request=request,
        username=str(username or ""),
        outcome=Outcome.DENIED,
        target=_target(request),
        detail={"ip_address": ip_address},
    )
