"""An item's deadline from the time words in its text; the plan's year end otherwise."""

from __future__ import annotations

import calendar
import datetime as dt
import re

QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def deadline_for(text: str, year: int) -> tuple[dt.date, str]:
    """(deadline, how it was found). The earliest explicit time word wins."""
    candidates: list[tuple[dt.date, str]] = []
    for match in re.finditer(r"(\d{1,2})月(底|末|份|前|中旬|上旬)", text):
        month = int(match[1])
        if 1 <= month <= 12:
            day = {"上旬": 10, "中旬": 20}.get(match[2], calendar.monthrange(year, month)[1])
            candidates.append((dt.date(year, month, day), f"文中“{match[0]}”"))
    for match in re.finditer(r"([一二三四1-4])季度(末|底|前)?(?!“)", text):
        if "开门红" in text[match.end() : match.end() + 6]:
            continue
        month = QUARTERS[match[1]]
        candidates.append((dt.date(year, month, calendar.monthrange(year, month)[1]), f"文中“{match[0]}”"))
    if "上半年" in text:
        candidates.append((dt.date(year, 6, 30), "文中“上半年”"))
    if "秋季学期" in text:
        candidates.append((dt.date(year, 8, 31), "文中“秋季学期”（开学前）"))
    if candidates:
        return min(candidates)
    return dt.date(year, 12, 31), "未写明时限，按年底"
