"""Writing the audit log: ``audit_record`` is the one way in, for every app."""

from __future__ import annotations

import logging

from axes.helpers import get_client_ip_address
from django.db import transaction

from .models import AuditEvent

Action = AuditEvent.Action
Outcome = AuditEvent.Outcome
logger = logging.getLogger("audit")


def client_ip(request) -> str | None:
    """The client's address, found the same way the lockout finds it."""
    if request is None:
        return None
    return get_client_ip_address(request) or None


def audit_record(
    *,
    action: str,
    request=None,
    user=None,
    username: str = "",
    outcome: str = Outcome.SUCCESS,
    target: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Append one event. ``user`` defaults to the request's signed-in user."""
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is not None and not username:
        username = user.get_username()
    event = AuditEvent(
        user=user if user is not None and user.pk else None,
        username=username[:150],
        ip=client_ip(request),
        action=action,
        outcome=outcome,
        target=target[:500],
        detail=detail or {},
    )
    # A savepoint, so a failing write never breaks the caller's transaction.
    with transaction.atomic():
        event.save()
    logger.info(
        "audit action=%s outcome=%s user=%s ip=%s target=%s detail=%s",
        action,
        outcome,
        username or "-",
        event.ip or "-",
        target or "-",
        event.detail,
    )
    return event
