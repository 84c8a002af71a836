"""ECharts options for the dashboard, built from the period report; every segment links to the
ledger filtered to it (the page's script follows ``data.url`` on click)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from .selectors import LIGHT_LABELS, PeriodReport

LIGHT_COLOURS = {
    "green": "#1b7f3b",
    "yellow": "#e0a800",
    "red": "#b3261e",
    "done": "#0b5cad",
    "none": "#9aa4b1",
}


def _ledger(plan_id: int, **params) -> str:
    return (
        reverse("tracking:ledger", args=[plan_id])
        + "?"
        + urlencode({k: v for k, v in params.items() if v is not None})
    )


def charts(report: PeriodReport, trend: list[dict]) -> dict:
    plan_id = report.plan.pk
    lights_donut = {
        "title": {"text": "亮灯分布", "left": "center"},
        "tooltip": {"trigger": "item", "formatter": "{b}：{c} 项（{d}%）"},
        "legend": {"bottom": 0},
        "series": [
            {
                "type": "pie",
                "radius": ["45%", "70%"],
                "label": {"formatter": "{b}\n{c}"},
                "data": [
                    {
                        "name": LIGHT_LABELS[light],
                        "value": count,
                        "itemStyle": {"color": LIGHT_COLOURS[light]},
                        "url": _ledger(plan_id, light=light),
                    }
                    for light, count in report.by_light.items()
                    if count
                ],
            }
        ],
    }

    def progress_bars(title: str, groups: list[dict], key: str, param: str) -> dict:
        names = [g["name"].split("，")[0] for g in groups]
        return {
            "title": {"text": title, "left": "center"},
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 150, "right": 30, "top": 40, "bottom": 30},
            "xAxis": {"type": "value", "max": 100, "name": "%"},
            "yAxis": {"type": "category", "data": names, "inverse": True},
            "series": [
                {
                    "type": "bar",
                    "name": "平均进度",
                    "data": [
                        {"value": g["progress"], "url": _ledger(plan_id, **{param: g.get(key)})}
                        for g in groups
                    ],
                    "itemStyle": {"color": "#0b5cad"},
                    "label": {"show": True, "position": "right", "formatter": "{c}%"},
                }
            ],
        }

    top_units = report.units[:15]
    unit_ranking = {
        "title": {"text": "单位排名（按时报送率、平均进度）", "left": "center"},
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0},
        "grid": {"left": 170, "right": 30, "top": 40, "bottom": 40},
        "xAxis": {"type": "value", "max": 100, "name": "%"},
        "yAxis": {"type": "category", "data": [u.name for u in top_units], "inverse": True},
        "series": [
            {
                "type": "bar",
                "name": "按时报送率",
                "data": [
                    {
                        # No bar where nothing was due: 0 % would accuse, 100 % would flatter.
                        "value": round(100 * u.on_time_rate, 1) if u.expected else None,
                        "url": _ledger(plan_id, unit=u.unit_id, unit_role="host"),
                    }
                    for u in top_units
                ],
                "itemStyle": {"color": "#1b7f3b"},
            },
            {
                "type": "bar",
                "name": "平均进度",
                "data": [
                    {"value": round(u.progress, 1), "url": _ledger(plan_id, unit=u.unit_id, unit_role="host")}
                    for u in top_units
                ],
                "itemStyle": {"color": "#0b5cad"},
            },
        ],
    }
    compliance = {
        "title": {"text": "本期报送情况", "left": "center"},
        "tooltip": {"trigger": "item", "formatter": "{b}：{c} 项次"},
        "legend": {"bottom": 0},
        "series": [
            {
                "type": "pie",
                "radius": "65%",
                "data": [
                    point
                    for point in (
                        {"name": "按时", "value": report.on_time, "itemStyle": {"color": "#1b7f3b"}},
                        {"name": "迟报", "value": report.late, "itemStyle": {"color": "#e0a800"}},
                        {"name": "未报", "value": report.missing, "itemStyle": {"color": "#b3261e"}},
                    )
                    if point["value"]
                ],
            }
        ],
    }
    if not report.expected:
        compliance["title"]["subtext"] = "本期尚无已截止的报送"
    weeks = [point["week"] for point in trend]
    trend_chart = {
        "title": {"text": "各周亮灯变化", "left": "center"},
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0},
        "grid": {"left": 40, "right": 20, "top": 40, "bottom": 60},
        "xAxis": {"type": "category", "data": weeks},
        "yAxis": {"type": "value", "name": "项"},
        "series": [
            {
                "type": "line",
                "name": LIGHT_LABELS[light],
                "stack": "lights",
                "areaStyle": {},
                "itemStyle": {"color": LIGHT_COLOURS[light]},
                "data": [
                    {"value": point["lights"][light], "url": _ledger(plan_id, light=light)} for point in trend
                ],
            }
            for light in ("done", "green", "yellow", "red")
        ],
    }
    return {
        "lights": lights_donut,
        "chapters": progress_bars("各章节平均进度", report.by_chapter, "chapter_id", "chapter"),
        "officials": progress_bars("各牵头领导事项平均进度", report.by_official, "official_id", "official"),
        "units": unit_ranking,
        "compliance": compliance,
        "trend": trend_chart,
    }
