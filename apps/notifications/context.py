"""Context processor: the signed-in user's unread message count, for the header."""

from __future__ import annotations

from django.http import HttpRequest

from .models import Notification


def notifications_context(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True).count()}
