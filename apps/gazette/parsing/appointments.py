"""Appointments and removals (任免) decided by the government."""

from __future__ import annotations

import datetime as dt
import re

from .masthead import CN_DATE, DATE, NAME, date_from_match
from .model import (
    Appointment,
)
from .text import (
    Line,
    join_paragraphs,
    strip_spaces,
)


def read_appointments(lines: list[Line]) -> tuple[list[Appointment], dt.date | None]:
    if not lines:
        return [], None
    decided_on = None
    for line in lines[:4]:
        match = CN_DATE.match(strip_spaces(line.text)) or DATE.match(strip_spaces(line.text))
        if match:
            decided_on = date_from_match(match)
    found: list[Appointment] = []
    body = join_paragraphs([ln for ln in lines[1:] if not CN_DATE.match(ln.text) and not DATE.match(ln.text)])
    for para in body:
        if para.text.endswith("决定：") or para.text.endswith("决定:"):
            continue
        for clause in [c for c in re.split(r"[；。]", para.text) if c]:
            found.extend(_appointment_clause(clause, para.no))
    return found, decided_on


def _appointment_clause(clause: str, line: int) -> list[Appointment]:
    out = []
    match = re.match(rf"^聘任({NAME}?)为(.+?)(?:，|$)", clause)
    if match:
        out.append(Appointment(match[1], "hire", match[2], clause, line))
        ended = re.search(r"不再聘任(.+?)职务", clause)
        if ended:
            out.append(Appointment(match[1], "end_hire", ended[1], clause, line))
        return out
    match = re.match(rf"^({NAME}?)不再担任(.+?)职务$", clause)
    if match:
        return [Appointment(match[1], "remove", match[2], clause, line)]
    match = re.match(rf"^({NAME}?)任(.+?)(?:，不再担任(.+?)职务)?$", clause)
    if match and not match[2].startswith("职"):
        out.append(Appointment(match[1], "appoint", match[2], clause, line))
        if match[3]:
            out.append(Appointment(match[1], "remove", match[3], clause, line))
        return out
    return [Appointment("", "note", "", clause, line)]
