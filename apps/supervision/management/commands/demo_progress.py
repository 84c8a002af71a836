"""python manage.py demo_progress --weeks N — plausible weekly reports so a new user sees a living system.

Demo reports are marked ``is_demo``; demo accounts are created for each role. Refuses to
run with DEBUG off (production settings). Deterministic: the same plan and clock give the
same data. A second run adds nothing unless --reset is given.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from apps.accounts.models import Profile
from apps.search import services as search
from apps.supervision import clock, services, snapshots, standings
from apps.supervision.models import PeriodKind, PeriodSnapshot, ProgressReport, ReviewEvent, TargetActual
from apps.tracking.models import Item, ItemUnit, Official, Plan, Unit
from apps.tracking.selectors import PlanNotFound, plan_by_key

DEMO_PASSWORD = "demo-2024"
DEMO_LIAISONS = [
    ("shangwu", "区商务局"),
    ("fagai", "区发展和改革局"),
    ("weijian", "区卫生健康局"),
    ("shuiwu", "区水务局"),
]
PHRASES = [
    "召开专题推进会，细化任务分工，明确时间节点",
    "完成阶段性工作，相关项目按计划推进",
    "赴现场调度项目进度，协调解决用地、资金等问题",
    "对接上级主管部门，争取政策和资金支持",
    "组织相关镇街开展摸底排查，建立工作台账",
]
PROBLEMS = ["部分项目要素保障进度偏慢", "资金拨付流程较长", "个别镇街推进不平衡", ""]


class Command(BaseCommand):
    help = "为种子计划生成演示用的每周进展（仅限开发环境）。"

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, default=8)
        parser.add_argument("--plan", help="如 2024-兖州区；默认最新的计划")
        parser.add_argument("--reset", action="store_true", help="先删除已有演示进展")

    def handle(self, *args, weeks: int, plan: str | None, reset: bool, **options):
        if not settings.DEBUG:
            raise CommandError("演示数据只能在开发环境（DEBUG=True）生成，生产环境不可运行。")
        if weeks < 1 or weeks > 52:
            raise CommandError("--weeks 应在 1 到 52 之间。")
        try:
            target = (
                plan_by_key(plan)
                if plan
                else Plan.objects.select_related("district").order_by("-year").first()
            )
        except PlanNotFound as error:
            raise CommandError(str(error)) from error
        if target is None:
            raise CommandError("尚无计划：请先导入公报。")
        accounts = self._accounts()
        existing = ProgressReport.objects.filter(item__plan=target, is_demo=True)
        if existing.exists() and not reset:
            self.stdout.write(f"已有演示进展 {existing.count()} 条，未重复生成（--reset 重新生成）。")
            self._print_accounts(accounts)
            return
        with transaction.atomic():
            stale = list(existing.values_list("pk", flat=True))
            existing.delete()
            search.forget_reports(stale)
            count = self._reports(target, weeks, accounts)
            search.index_reports(ProgressReport.objects.filter(item__plan=target))
            PeriodSnapshot.objects.filter(plan=target).delete()  # they were taken from other reports
            standings.standings_refresh(plan=target)
            snapshots.snapshots_close(plans=[target])
            reminders = services.reminders_generate()
        per_light = dict(
            Item.objects.filter(plan=target).values_list("light").annotate(n=Count("pk")).order_by()
        )
        summary = "，".join(f"{label} {per_light.get(value, 0)}" for value, label in Item.Light.choices)
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成演示进展 {count} 条（{weeks} 周，截至 {clock.today():%Y-%m-%d}，均标记为演示数据），"
                f"自动催办 {len(reminders)} 条。亮灯：{summary}。"
            )
        )
        self._print_accounts(accounts)

    def _accounts(self) -> dict[str, User]:
        accounts = {}

        def ensure(username: str, name: str, role: str, units=(), official=None) -> User:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(username, password=DEMO_PASSWORD, first_name=name)
                profile = Profile.objects.create(user=user, role=role, official=official)
                profile.units.set(units)
            return user

        accounts["duchashi"] = ensure("duchashi", "督查室（演示）", Profile.Role.SUPERVISOR)
        for username, unit_name in DEMO_LIAISONS:
            unit = Unit.objects.filter(name=unit_name).first()
            if unit:
                accounts[username] = ensure(
                    username, f"{unit_name}联络员（演示）", Profile.Role.LIAISON, units=[unit]
                )
        song = Official.objects.filter(name="宋恩全").first()
        if song:
            accounts["songenquan"] = ensure(
                "songenquan", "宋恩全（演示）", Profile.Role.LEADER, official=song
            )
        return accounts

    def _print_accounts(self, accounts: dict[str, User]) -> None:
        names = "、".join(f"{u}（{user.first_name}）" for u, user in accounts.items())
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：{names}")

    def _reports(self, plan: Plan, weeks: int, accounts: dict[str, User]) -> int:
        now = clock.now()
        closed = standings.closed_weeks(plan, now, standings.deadline_rules())[-weeks:]
        if not closed:
            raise CommandError("按当前日期，该计划还没有已截止的报送周。可设置 LEDGER_NOW 指定演示时刻。")
        by_unit = {
            unit.pk: user
            for user in accounts.values()
            for unit in (user.profile.units.all() if hasattr(user, "profile") else [])
        }
        supervisor = accounts["duchashi"]
        reports, events, actuals = [], [], []
        items = Item.objects.filter(plan=plan, withdrawn_at__isnull=True).prefetch_related(
            "targets", "unit_links"
        )
        for item in items:
            rng = random.Random(f"{plan.key}-{item.kind}-{item.number}")
            hosts = [link for link in item.unit_links.all() if link.role == ItemUnit.Role.HOST]
            if not hosts:
                continue
            unit_id = hosts[0].unit_id
            pace = rng.choice([1.0, 1.0, 1.0, 0.9, 1.1, 0.6, 0.4])  # < 1 lags behind schedule
            skips = rng.random() < 0.12  # this unit stopped reporting lately
            start = standings.reporting_start(plan)
            span = max(((item.deadline or closed[-1].end) - start).days, 1)
            for index, week in enumerate(closed):
                if skips and index >= len(closed) - 2:
                    break
                elapsed = (week.end - start).days / span
                percent = max(0, min(100, round(100 * elapsed * pace + rng.uniform(-4, 4))))
                last = index == len(closed) - 1
                status = ProgressReport.Status.APPROVED
                if last:
                    status = rng.choice(
                        [ProgressReport.Status.SUBMITTED] * 3 + [ProgressReport.Status.APPROVED]
                    )
                submitted = week.deadline() - dt.timedelta(hours=rng.randint(1, 30))
                report = ProgressReport(
                    item=item,
                    period_kind=PeriodKind.WEEK,
                    period_start=week.start,
                    period_end=week.end,
                    unit_id=unit_id,
                    status=status,
                    progress=f"{rng.choice(PHRASES)}；{item.title}累计完成约{percent}%。",
                    percent=percent,
                    problems=rng.choice(PROBLEMS),
                    next_steps="持续跟踪调度，确保按期完成。",
                    author=by_unit.get(unit_id),
                    submitted_at=submitted,
                    reviewed_at=submitted if status == ProgressReport.Status.APPROVED else None,
                    reviewer=supervisor if status == ProgressReport.Status.APPROVED else None,
                    is_demo=True,
                )
                reports.append((report, item, percent))
        ProgressReport.objects.bulk_create([r for r, _, _ in reports])
        for report, item, percent in reports:
            events.append(
                ReviewEvent(
                    report=report,
                    action=ReviewEvent.Action.SUBMITTED,
                    actor=report.author,
                    at=report.submitted_at,
                )
            )
            if report.status == ProgressReport.Status.APPROVED:
                events.append(
                    ReviewEvent(
                        report=report,
                        action=ReviewEvent.Action.APPROVED,
                        actor=supervisor,
                        at=report.reviewed_at,
                    )
                )
            for target in item.targets.all():
                value = (target.value * Decimal(percent) / 100).quantize(Decimal("0.01"))
                actuals.append(TargetActual(report=report, target=target, value=value))
        ReviewEvent.objects.bulk_create(events)
        TargetActual.objects.bulk_create(actuals)
        return len(reports)
