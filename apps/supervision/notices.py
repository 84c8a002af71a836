"""Who is told what in the supervision loop: the messages sent when a report is returned or
approved, a unit is reminded (催办), a lead official writes a 批示 and a unit answers it.

The review, reminder and instruction services call these after their write; the message
centre (apps.notifications) stores and mails them.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from apps.notifications.models import Notification
from apps.notifications.services import notify, official_accounts, unit_liaisons
from apps.tracking.models import ItemUnit

from .models import Instruction, InstructionReply, ProgressReport, Reminder
from .periods import period_of

Kind = Notification.Kind


def item_url(item_id: int, anchor: str = "") -> str:
    return reverse("tracking:item", args=[item_id]) + (f"#{anchor}" if anchor else "")


def _period_label(report: ProgressReport) -> str:
    return period_of(report.period_kind, report.period_start).short_label


def report_returned(*, report: ProgressReport, at: dt.datetime) -> list[Notification]:
    return notify(
        users=unit_liaisons([report.unit]),
        kind=Kind.RETURNED,
        title=f"{report.item} 的{_period_label(report)}进展被退回：{report.return_reason}",
        body=f"督查室退回原因：{report.return_reason}\n请按要求修改后重新报送。",
        url=item_url(report.item_id),
        at=at,
    )


def report_approved(*, report: ProgressReport, at: dt.datetime) -> list[Notification]:
    return notify(
        users=unit_liaisons([report.unit]),
        kind=Kind.APPROVED,
        title=f"{report.item} 的{_period_label(report)}进展已审核通过",
        url=item_url(report.item_id),
        at=at,
    )


def reminder_sent(*, reminder: Reminder) -> list[Notification]:
    return notify(
        users=unit_liaisons([reminder.unit]),
        kind=Kind.REMINDER,
        title=f"催办：{reminder.item}",
        body=reminder.message,
        url=item_url(reminder.item_id),
        at=reminder.created_at,
    )


def instruction_given(*, instruction: Instruction, at: dt.datetime) -> list[Notification]:
    """The liaisons of the item's host and co-units read the 批示 and answer it."""
    units = [link.unit for link in ItemUnit.objects.filter(item=instruction.item_id).select_related("unit")]
    return notify(
        users=unit_liaisons(units),
        kind=Kind.INSTRUCTION,
        title=f"{instruction.official.name}批示：{instruction.item}",
        body=instruction.text,
        url=item_url(instruction.item_id, f"instruction-{instruction.pk}"),
        at=at,
    )


def reply_given(*, reply: InstructionReply) -> list[Notification]:
    """The official who wrote the 批示 (and his secretary) reads how the unit handled it."""
    instruction = reply.instruction
    return notify(
        users=official_accounts([instruction.official_id]),
        kind=Kind.REPLY,
        title=f"{reply.unit.name}答复批示：{instruction.item}",
        body=reply.text,
        url=item_url(instruction.item_id, f"instruction-{instruction.pk}"),
        at=reply.created_at,
    )
