"""Writes of the supervision loop: reports, contributions, reviews, reminders, instructions, lights.

Every write is one transaction, attributed in the change history, and followed by a
recomputation of the item's status and light.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from apps.accounts import access
from apps.audit import services as audit
from apps.search import services as search
from apps.tracking import formats
from apps.tracking.models import Item, ItemUnit, Official, Unit

from . import clock, notices
from .models import (
    Attachment,
    BackfillPermit,
    Contribution,
    Instruction,
    InstructionReply,
    PeriodKind,
    ProgressReport,
    Reminder,
    ReviewEvent,
    TargetActual,
)
from .periods import Period, period_of
from .standings import deadline_rules, item_standing_refresh, reporting_start

logger = logging.getLogger(__name__)


def _attribute(obj, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason


# --- reports ------------------------------------------------------------------------------

REPORT_FIELDS = {
    "progress": "本期进展",
    "percent": "完成进度",
    "problems": "存在问题",
    "next_steps": "下步打算",
}


@dataclass
class ConcurrentEdit(Exception):
    """Someone saved the report after this user opened it: nothing was overwritten."""

    report: ProgressReport
    changes: list[tuple[str, str, str]]  # (field label, value now saved, value this user sent)
    mine: dict = field(default_factory=dict)  # what this user sent, to merge into a new attempt

    def __str__(self) -> str:
        who = self.report.history.first()
        by = getattr(who, "history_user", None) or "他人"
        return (
            f"在您打开表单之后，{by} 已保存了该进展（现为第 {self.report.version} 版），您的保存未生效。"
            "请核对下列改动：可以在下面合并后再保存，或放弃您的修改、重新载入已保存的版本。"
        )


def _conflict(report: ProgressReport, values: dict) -> ConcurrentEdit:
    changed = [
        (label, str(getattr(report, name)), str(values[name]))
        for name, label in REPORT_FIELDS.items()
        if getattr(report, name) != values[name]
    ]
    return ConcurrentEdit(report, changed, values)


def previous_percent(item: Item, period: Period) -> int | None:
    """The percent of the item's latest counted report before ``period`` (a drop is judged against it)."""
    previous = (
        ProgressReport.objects.filter(
            item=item,
            period_start__lt=period.start,
            status__in=[ProgressReport.Status.SUBMITTED, ProgressReport.Status.APPROVED],
        )
        .order_by("-period_start")
        .values_list("percent", flat=True)
        .first()
    )
    return previous


def reporting_window(*, item: Item, period: Period, now: dt.datetime) -> str:
    """Why a unit may report ``period`` now ("" = it may not).

    The open period always; the previous one until its own deadline; a report the office
    returned, whatever its period (the return asks for it); any other past period only with
    the office's leave (a BackfillPermit); a future period never.
    """
    current = period_of(period.kind, now.date())
    if period == current:
        return "open"
    if period.start > current.start:
        return ""
    if period == current.previous() and now <= period.deadline(deadline_rules()):
        return "open"
    returned = ProgressReport.objects.filter(
        item=item, period_kind=period.kind, period_start=period.start, status=ProgressReport.Status.RETURNED
    )
    if returned.exists():
        return "returned"
    permit = BackfillPermit.objects.filter(
        item=item, period_kind=period.kind, period_start=period.start, used_at__isnull=True
    )
    return "permit" if permit.exists() else ""


def window_message(period: Period, now: dt.datetime) -> str:
    if period.start > period_of(period.kind, now.date()).start:
        return f"{period.label}尚未开始，不能提前报送。"
    return f"{period.label}已过报送时间；如需补报，请联系督查室开通补报。"


@transaction.atomic
def backfill_grant(*, item: Item, period: Period, user, reason: str, request=None) -> BackfillPermit:
    """The office lets the item's host unit report a past period once; recorded in the audit log."""
    if not access.is_supervisor(user):
        raise PermissionDenied("只有督查室可以开通补报。")
    now = clock.now()
    if period.start > period_of(period.kind, now.date()).start:
        raise ValidationError("不能为尚未开始的周期开通补报。")
    if not reason.strip():
        raise ValidationError({"reason": "请写明补报原因。"})
    permit = BackfillPermit.objects.create(
        item=item,
        period_kind=period.kind,
        period_start=period.start,
        reason=reason.strip()[:200],
        granted_by=user,
        granted_at=now,
    )
    audit.audit_record(
        action=audit.Action.BACKFILL_GRANTED,
        request=request,
        user=user,
        target=f"{item}（{period.label}）",
        detail={"item": item.pk, "period_start": period.start.isoformat(), "reason": permit.reason},
    )
    return permit


@transaction.atomic
def report_save(
    *,
    item: Item,
    unit: Unit,
    user,
    period: Period,
    progress: str,
    percent: int,
    problems: str = "",
    next_steps: str = "",
    drop_reason: str = "",
    actuals: dict[int, Decimal] | None = None,
    version: int | None = None,
    submit: bool = False,
    files: list[UploadedFile] | None = None,
) -> ProgressReport:
    """Create or update the host unit's report for ``period``; submit it when asked.

    ``version`` is the version the user's form was built from (None: the form was built
    when no report existed). A save against any other state raises ConcurrentEdit and
    writes nothing — also when two people create the period's first report at once: the
    second insert meets the unique constraint and becomes a conflict, never an overwrite.
    A percent below the previous period's needs ``drop_reason``; the office reviews it
    before the lower figure reaches the ledger.
    """
    if not access.is_supervisor(user) and unit not in access.hosting_units(user, item):
        raise PermissionDenied("只有主办单位可以填报该事项的进展。")
    window = reporting_window(item=item, period=period, now=clock.now())
    if not window and not access.is_supervisor(user):
        raise ValidationError(window_message(period, clock.now()))
    if not progress.strip():
        raise ValidationError({"progress": "请填写本期进展。"})
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": "完成进度应在 0 到 100 之间。"})
    before = previous_percent(item, period)
    if before is not None and percent < before and not drop_reason.strip():
        raise ValidationError(
            {"drop_reason": f"完成进度由上期的 {before}% 降为 {percent}%，请说明进度下降的原因。"}
        )
    targets = {t.pk: t for t in item.targets.all()}
    actuals = {k: v for k, v in (actuals or {}).items() if v is not None}
    if set(actuals) - set(targets):
        raise ValidationError("指标不属于该事项。")
    for upload in files or []:
        _check_upload(upload)

    values = {
        "progress": progress.strip(),
        "percent": percent,
        "problems": problems.strip(),
        "next_steps": next_steps.strip(),
    }
    report = (
        ProgressReport.objects.select_for_update()
        .filter(item=item, period_kind=period.kind, period_start=period.start)
        .first()
    )
    if report is not None:
        if version != report.version:
            raise _conflict(report, values)
        if report.status == ProgressReport.Status.APPROVED:
            raise ValidationError("该期进展已审核通过，不能再修改。")
        report.version += 1
    else:
        if version is not None:
            raise ValidationError("该期进展已不存在，请重新载入。")
        report = ProgressReport(
            item=item, period_kind=period.kind, period_start=period.start, period_end=period.end
        )
    for name, value in values.items():
        setattr(report, name, value)
    report.unit, report.author = unit, user
    report.drop_reason = drop_reason.strip() if before is not None and percent < before else ""
    now = clock.now()
    if submit:
        report.status = ProgressReport.Status.SUBMITTED
        report.submitted_at = now
        report.return_reason = ""
    _attribute(report, user, "报送进展" if submit else "保存草稿")
    try:
        with transaction.atomic():  # a savepoint: a lost insert race leaves the request usable
            report.save()
    except IntegrityError:
        existing = ProgressReport.objects.get(item=item, period_kind=period.kind, period_start=period.start)
        raise _conflict(existing, values) from None
    for target_id, value in actuals.items():
        actual, _ = TargetActual.objects.get_or_create(
            report=report, target=targets[target_id], defaults={"value": value}
        )
        if actual.value != value:
            actual.value = value
            _attribute(actual, user, "填报指标实际值")
            actual.save()
    for upload in files or []:
        attachment_add(report=report, upload=upload, user=user)
    if window == "permit":
        BackfillPermit.objects.filter(
            item=item, period_kind=period.kind, period_start=period.start, used_at__isnull=True
        ).update(used_at=now)
    if submit:
        ReviewEvent.objects.create(report=report, action=ReviewEvent.Action.SUBMITTED, actor=user, at=now)
        Reminder.objects.filter(item=item, unit=unit, resolved_at__isnull=True).update(resolved_at=now)
    item_standing_refresh(item=item)
    search.index_reports([report])
    return report


ALLOWED_UPLOADS = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "wps": (b"\xd0\xcf\x11\xe0",),
}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _check_upload(upload: UploadedFile) -> str:
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in ALLOWED_UPLOADS:
        raise ValidationError(
            f"附件“{upload.name}”的类型不允许：只接受图片（png、jpg）、PDF 和 Office 文件。"
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(f"附件“{upload.name}”超过 10 MB。")
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED_UPLOADS[extension]):
        raise ValidationError(f"附件“{upload.name}”的内容与扩展名 .{extension} 不符。")
    return extension


def attachment_add(*, report: ProgressReport, upload: UploadedFile, user) -> Attachment:
    kind = _check_upload(upload)
    return Attachment.objects.create(
        report=report, file=upload, name=upload.name[:200], size=upload.size, kind=kind, uploaded_by=user
    )


@transaction.atomic
def contribution_save(*, report: ProgressReport, unit: Unit, user, text: str) -> Contribution:
    if unit not in access.co_units(user, report.item):
        raise PermissionDenied("只有协办单位可以补充协办进展。")
    if not text.strip():
        raise ValidationError({"text": "请填写协办进展。"})
    contribution = Contribution.objects.filter(report=report, unit=unit).first() or Contribution(
        report=report, unit=unit
    )
    contribution.text, contribution.author = text.strip(), user
    _attribute(contribution, user, "协办单位补充进展")
    contribution.save()
    return contribution


def _locked_for_review(report: ProgressReport) -> ProgressReport:
    """The report, row-locked until the review commits, if it still waits for review.

    Two reviewers at once (or approve against return) queue on the lock; the second finds
    the first one's decision and is told so, instead of deciding twice.
    """
    locked = ProgressReport.objects.select_for_update().select_related("item__plan", "unit").get(pk=report.pk)
    if locked.status != ProgressReport.Status.SUBMITTED:
        if locked.status in (ProgressReport.Status.APPROVED, ProgressReport.Status.RETURNED):
            who = locked.reviewer.get_full_name() or locked.reviewer.username if locked.reviewer else "他人"
            raise ValidationError(
                f"该进展已由 {who} 于 {formats.moment_text(locked.reviewed_at)} {locked.get_status_display()}，"
                "未重复操作。"
            )
        raise ValidationError("只有已报送的进展可以审核。")
    return locked


@transaction.atomic
def report_approve(*, report: ProgressReport, user) -> ProgressReport:
    if not access.is_supervisor(user):
        raise PermissionDenied("只有督查室可以审核。")
    report = _locked_for_review(report)
    now = clock.now()
    report.status, report.reviewer, report.reviewed_at = ProgressReport.Status.APPROVED, user, now
    _attribute(report, user, "审核通过")
    report.save()
    ReviewEvent.objects.create(report=report, action=ReviewEvent.Action.APPROVED, actor=user, at=now)
    item_standing_refresh(item=report.item)
    notices.report_approved(report=report, at=now)
    return report


@transaction.atomic
def report_return(*, report: ProgressReport, user, reason: str) -> ProgressReport:
    if not access.is_supervisor(user):
        raise PermissionDenied("只有督查室可以退回。")
    if not reason.strip():
        raise ValidationError({"reason": "退回时请写明原因。"})
    report = _locked_for_review(report)
    now = clock.now()
    report.status, report.reviewer, report.reviewed_at = ProgressReport.Status.RETURNED, user, now
    report.return_reason = reason.strip()
    report.version += 1
    _attribute(report, user, f"退回：{reason.strip()}")
    report.save()
    ReviewEvent.objects.create(
        report=report, action=ReviewEvent.Action.RETURNED, actor=user, reason=reason.strip(), at=now
    )
    item_standing_refresh(item=report.item)
    notices.report_returned(report=report, at=now)
    return report


# --- reminders and instructions ---------------------------------------------------------------


def reminders_generate(*, now: dt.datetime | None = None) -> list[Reminder]:
    """After a weekly deadline: remind every host unit that has not reported the week.

    Looks at the latest week whose deadline has passed; one automatic reminder per item,
    unit and week, however often it runs.
    """
    now = now or clock.now()
    rules = deadline_rules()
    week = period_of(PeriodKind.WEEK, now.date())
    if week.deadline(rules) > now:
        week = week.previous()
    created = []
    items = (
        Item.objects.filter(plan__year=week.end.year, withdrawn_at__isnull=True)
        .exclude(status=Item.Status.DONE)
        .select_related("plan")
    )
    reported = set(
        ProgressReport.objects.filter(
            period_kind=PeriodKind.WEEK,
            period_start=week.start,
            status__in=[ProgressReport.Status.SUBMITTED, ProgressReport.Status.APPROVED],
        ).values_list("item_id", flat=True)
    )
    hosts = ItemUnit.objects.filter(item__in=items, role=ItemUnit.Role.HOST).select_related("item", "unit")
    existing = set(
        Reminder.objects.filter(period_start=week.start, kind=Reminder.Kind.AUTO).values_list(
            "item_id", "unit_id"
        )
    )
    for link in hosts:
        if link.unit.is_group or link.item_id in reported or (link.item_id, link.unit_id) in existing:
            continue
        if week.end < reporting_start(link.item.plan):
            continue
        reminder = Reminder.objects.create(
            item=link.item,
            unit=link.unit,
            period_kind=PeriodKind.WEEK,
            period_start=week.start,
            kind=Reminder.Kind.AUTO,
            message=f"{link.unit.name}：{link.item} 的{week.label}进展逾期未报，请尽快报送。",
            created_at=now,
        )
        _email(reminder)
        created.append(reminder)
    return created


@transaction.atomic
def reminder_send(*, item: Item, unit: Unit, user, message: str = "") -> Reminder:
    if not access.is_supervisor(user):
        raise PermissionDenied("只有督查室可以催办。")
    if not item.unit_links.filter(unit=unit).exists():
        raise ValidationError("该单位不承办此事项。")
    now = clock.now()
    week = period_of(PeriodKind.WEEK, now.date())
    reminder = Reminder.objects.create(
        item=item,
        unit=unit,
        period_start=week.start,
        kind=Reminder.Kind.MANUAL,
        message=message.strip() or f"{unit.name}：请尽快报送 {item} 的进展。",
        created_at=now,
        created_by=user,
    )
    _email(reminder)
    return reminder


def _email(reminder: Reminder) -> None:
    """Tell the unit's liaisons in the message centre, mailed too when mail is configured."""
    notes = notices.reminder_sent(reminder=reminder)
    emailed = [note.emailed_at for note in notes if note.emailed_at]
    if emailed:
        reminder.emailed_at = emailed[0]
        reminder.save(update_fields=["emailed_at"])


@transaction.atomic
def instruction_add(*, item: Item, user, text: str) -> Instruction:
    official: Official | None = access.can_instruct(user, item)
    if official is None:
        raise PermissionDenied("只有牵头领导可以对该事项作出批示。")
    if not text.strip():
        raise ValidationError({"text": "请填写批示内容。"})
    instruction = Instruction(
        item=item, official=official, author=user, text=text.strip(), created_at=clock.now()
    )
    _attribute(instruction, user, "领导批示")
    instruction.save()
    notices.instruction_given(instruction=instruction, at=instruction.created_at)
    return instruction


@transaction.atomic
def instruction_reply(*, instruction: Instruction, unit: Unit, user, text: str) -> InstructionReply:
    """A host or co-unit's liaison answers a 批示 (办理情况); the official is told."""
    item = instruction.item
    if unit not in [*access.hosting_units(user, item), *access.co_units(user, item)]:
        raise PermissionDenied("只有该事项的主办或协办单位可以答复批示。")
    if not text.strip():
        raise ValidationError({"text": "请填写办理情况。"})
    reply = InstructionReply.objects.create(
        instruction=instruction, unit=unit, author=user, text=text.strip(), created_at=clock.now()
    )
    notices.reply_given(reply=reply)
    return reply
