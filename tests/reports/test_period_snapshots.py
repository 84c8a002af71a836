"""Reports of a past period show that period: snapshots of weeks 22 and 23 and of May, week 24 live."""

from __future__ import annotations

import datetime as dt

from apps.reports import selectors
from apps.supervision import standings
from apps.supervision.models import ItemSnapshot, PeriodSnapshot, ProgressReport
from apps.supervision.periods import MONTH, TEN_DAY, WEEK, period_of
from apps.supervision.standings import close_moment
from apps.tracking.models import Item

WEEK22 = period_of(WEEK, dt.date(2024, 5, 27))
WEEK23 = period_of(WEEK, dt.date(2024, 6, 3))
WEEK24 = period_of(WEEK, dt.date(2024, 6, 14))
MAY = period_of(MONTH, dt.date(2024, 5, 1))


def _progress(report, number: int, kind: str = "task") -> int:
    return next(r.progress for r in report.rows if r.item.number == number and r.item.kind == kind)


def _latest_counted(item: Item, moment: dt.datetime) -> ProgressReport:
    return (
        ProgressReport.objects.filter(item=item, submitted_at__lte=moment).order_by("-period_start").first()
    )


def test_closed_periods_read_their_snapshots_and_differ(demo, frozen):
    reports = {
        name: selectors.period_report(plan=demo, period=period)
        for name, period in (("w22", WEEK22), ("w23", WEEK23), ("w24", WEEK24), ("may", MAY))
    }
    # demo_progress took the closed periods' snapshots; the open week 24 has none.
    taken = set(PeriodSnapshot.objects.filter(plan=demo).values_list("period_kind", "period_start"))
    assert {(WEEK, WEEK22.start), (WEEK, WEEK23.start), (MONTH, MAY.start)} <= taken
    assert (WEEK, WEEK24.start) not in taken
    assert (TEN_DAY, dt.date(2024, 6, 1)) in taken and (TEN_DAY, dt.date(2024, 6, 11)) not in taken

    # Week 24 is today's ledger; the closed periods are what the reports said when they closed.
    item9 = Item.objects.get(plan=demo, kind="task", number=9)
    assert _progress(reports["w24"], 9) == item9.progress
    for name, period in (("w22", WEEK22), ("w23", WEEK23), ("may", MAY)):
        then = _latest_counted(item9, close_moment(period))
        assert _progress(reports[name], 9) == standings.effective_progress(item9, then), name
    assert _progress(reports["may"], 9) == _progress(reports["w22"], 9)  # May closed in week 22
    assert _progress(reports["w22"], 9) < _progress(reports["w23"], 9) < _progress(reports["w24"], 9)

    # Lights: week 24 agrees with the items, and the earlier periods are not a copy of it.
    assert reports["w24"].by_light == {
        light: Item.objects.filter(plan=demo, light=light, withdrawn_at__isnull=True).count()
        for light in reports["w24"].by_light
    }
    assert reports["w22"].by_light != reports["w24"].by_light
    assert reports["may"].by_light == reports["w22"].by_light
    # Each week's report shows that week's report text.
    row22 = next(r for r in reports["w22"].rows if r.item == item9)
    assert row22.report.progress == ProgressReport.objects.get(item=item9, period_start=WEEK22.start).progress
    # Compliance: week 22's due week was reported by every host on time in the demo, minus the
    # units that stopped reporting in the last two weeks.
    assert (
        reports["w22"].expected == reports["w22"].on_time + reports["w22"].late + reports["w22"].missing > 0
    )
    assert reports["w24"].missing > reports["w22"].missing


def test_a_later_change_leaves_a_closed_period_as_it_was(demo, frozen):
    before = selectors.period_report(plan=demo, period=WEEK23)
    item9 = Item.objects.get(plan=demo, kind="task", number=9)
    report = ProgressReport.objects.get(item=item9, period_start=WEEK23.start)
    ProgressReport.objects.filter(pk=report.pk).update(percent=100, progress="事后改写")
    standings.item_standing_refresh(item=item9)
    after = selectors.period_report(plan=demo, period=WEEK23)
    assert _progress(after, 9) == _progress(before, 9)
    assert next(r for r in after.rows if r.item == item9).report.progress == report.progress
    assert after.by_light == before.by_light


def test_a_snapshot_is_taken_on_first_read_when_missing(demo, frozen):
    PeriodSnapshot.objects.filter(plan=demo, period_kind=WEEK, period_start=WEEK23.start).delete()
    report = selectors.period_report(plan=demo, period=WEEK23)
    snapshot = PeriodSnapshot.objects.get(plan=demo, period_kind=WEEK, period_start=WEEK23.start)
    assert snapshot.as_of == close_moment(WEEK23)
    assert ItemSnapshot.objects.filter(snapshot=snapshot).count() == len(report.rows) == 86


def test_dashboard_trend_ends_with_the_pie(demo, frozen, client, django_user_model):
    from apps.accounts.models import Profile

    user = django_user_model.objects.create_user("office", password="x")
    Profile.objects.create(user=user, role=Profile.Role.SUPERVISOR)
    client.force_login(user)
    page = client.get("/")
    assert page.status_code == 200
    trend = page.context["charts"]["trend"]
    report = page.context["report"]
    last = {series["name"]: series["data"][-1]["value"] for series in trend["series"]}
    assert last["绿灯"] == report.by_light["green"] and last["红灯"] == report.by_light["red"]
    assert trend["xAxis"]["data"][-1].endswith("（本周）")
