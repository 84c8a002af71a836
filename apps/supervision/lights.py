"""The light (亮灯) and status rule: explicit, documented, configurable, tested at its edges.

Inputs for one item on a given day:
- elapsed: how much of the item's time has passed, from the plan's start (the notice's
  date) to the item's deadline, as a percentage (0–100);
- progress: the latest reported percent (submitted or approved); when the report gives
  actual values for the item's targets, the lower of the percent and the share of the
  targets reached (a report cannot claim more than its numbers show);
- missed: consecutive reporting periods, counted back from the latest closed one, for
  which the host unit has no submitted or approved report;
- done: the latest report says 100 % and it is approved.

Rule, first match wins (thresholds in settings.LIGHT_RULE):
1. done                                                → 已完成 (done), light done
2. past the deadline and not done                      → 滞后, red
3. missed ≥ red_missed, or elapsed − progress ≥ red_lag → 滞后, red
4. missed ≥ yellow_missed, or elapsed − progress ≥ yellow_lag → yellow; 滞后 when behind
   on progress, 推进中 when only a report is missing
5. otherwise green; 未启动 while nothing was reported and progress is 0, else 推进中
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DEFAULT_RULE = {"yellow_lag": 10, "red_lag": 25, "yellow_missed": 1, "red_missed": 2}


@dataclass(frozen=True)
class Standing:
    status: str  # not_started | in_progress | done | behind
    light: str  # green | yellow | red | done
    reason: str


def elapsed_percent(start: dt.date, deadline: dt.date, today: dt.date) -> float:
    if today <= start:
        return 0.0
    if today >= deadline:
        return 100.0
    return 100.0 * (today - start).days / max((deadline - start).days, 1)


def standing(
    *,
    today: dt.date,
    start: dt.date,
    deadline: dt.date,
    progress: int,
    missed: int,
    done: bool,
    reported: bool,
    rule: dict[str, int] | None = None,
) -> Standing:
    rule = {**DEFAULT_RULE, **(rule or {})}
    elapsed = elapsed_percent(start, deadline, today)
    lag = elapsed - progress
    if done:
        return Standing("done", "done", "已完成并经审核")
    if today > deadline:
        return Standing("behind", "red", f"已过完成时限（{deadline:%Y-%m-%d}）")
    if missed >= rule["red_missed"]:
        return Standing("behind", "red", f"连续 {missed} 期未报送")
    if lag >= rule["red_lag"]:
        return Standing("behind", "red", f"进度落后时序 {lag:.0f} 个百分点")
    if lag >= rule["yellow_lag"]:
        return Standing("behind", "yellow", f"进度落后时序 {lag:.0f} 个百分点")
    if missed >= rule["yellow_missed"]:
        return Standing("in_progress", "yellow", f"{missed} 期未报送")
    if not reported and progress == 0:
        return Standing("not_started", "green", "尚未开始报送，时序未落后")
    return Standing("in_progress", "green", "按时序推进")
