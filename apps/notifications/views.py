"""The message centre: a person's messages, opening one, marking them all read."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import selectors, services


def centre(request: HttpRequest) -> HttpResponse:
    notes = selectors.user_notifications(user=request.user)
    return render(
        request,
        "notifications/centre.html",
        {"notes": notes, "unread": sum(1 for n in notes if n.read_at is None)},
    )


def open_message(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a message marks it read and goes where it points."""
    note = selectors.user_notification(user=request.user, pk=pk)
    services.notification_open(notification=note)
    safe = note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()})
    return redirect(note.url if safe else "notifications:centre")


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
    return redirect("notifications:centre")
