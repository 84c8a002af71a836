"""Context processor: the signed-in user's unread message count, for the header.

Counted once per request: a table or fragment rendered with the request runs the context
processors again, and the count must not cost a query each time.
"""

from __future__ import annotations

from django.http import HttpRequest

from .models import Notification


def notifications_context(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count()
    return {"unread_notifications": request._unread_notifications}
