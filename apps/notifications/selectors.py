"""Reads of the message centre."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import Notification


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def user_notifications(*, user, limit: int = 200) -> list[Notification]:
    """The user's messages, newest first."""
    return list(Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")[:limit])


def user_notification(*, user, pk: int) -> Notification:
    """One of the user's own messages; someone else's is a 404, not a 403 (its existence is private)."""
    return get_object_or_404(Notification, pk=pk, recipient=user)
