"""Writes of the message centre: send a message to people, mark messages read.

Callers (the supervision loop) decide who is told what; this module only stores the
messages, mails them when mail is configured, and finds the accounts behind a unit or an
official. It imports nothing from the apps that call it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.utils import timezone

from apps.accounts.models import Profile

from .models import Notification

logger = logging.getLogger(__name__)

MAIL_SUBJECT_PREFIX = {
    Notification.Kind.RETURNED: "【进展退回】",
    Notification.Kind.APPROVED: "【审核通过】",
    Notification.Kind.REMINDER: "【督查催办】",
    Notification.Kind.INSTRUCTION: "【领导批示】",
    Notification.Kind.REPLY: "【批示办理情况】",
    Notification.Kind.DEADLINE: "【报送提醒】",
}
TITLE_MAX = Notification._meta.get_field("title").max_length


def unit_liaisons(units: Iterable) -> QuerySet:
    """The active liaison accounts of ``units``."""
    return (
        get_user_model()
        .objects.filter(is_active=True, profile__role=Profile.Role.LIAISON, profile__units__in=list(units))
        .distinct()
        .order_by("pk")
    )


def official_accounts(officials: Iterable) -> QuerySet:
    """The active accounts (the official himself, his secretary) of lead ``officials``."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, profile__role=Profile.Role.LEADER, profile__official__in=list(officials)
        )
        .distinct()
        .order_by("pk")
    )


def notify(
    *, users: Iterable, kind: str, title: str, body: str = "", url: str = "", at: dt.datetime | None = None
) -> list[Notification]:
    """One message per active user in ``users``; mailed too when mail is configured."""
    at = at or timezone.now()
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1] + "…"
    recipients = [user for user in users if user.is_active]
    notes = Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind=kind, title=title, body=body, url=url, created_at=at)
            for user in recipients
        ]
    )
    if getattr(settings, "REMINDER_EMAIL", False):
        _mail(notes, at=at)
    return notes


def _mail(notes: list[Notification], *, at: dt.datetime) -> None:
    sent = []
    for note in notes:
        if not note.recipient.email:
            continue
        subject = MAIL_SUBJECT_PREFIX.get(note.kind, "") + note.title.replace("\n", " ")
        try:
            send_mail(subject, note.body or note.title, None, [note.recipient.email])
        except Exception:
            # The message in the centre stands; a mail server that is down must not stop the caller.
            logger.exception("消息邮件发送失败：%s → %s", note.title, note.recipient)
            continue
        note.emailed_at = at
        sent.append(note)
    if sent:
        Notification.objects.bulk_update(sent, ["emailed_at"])


def notification_open(*, notification: Notification, at: dt.datetime | None = None) -> Notification:
    if notification.read_at is None:
        notification.read_at = at or timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user, at: dt.datetime | None = None) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=at or timezone.now()
    )
