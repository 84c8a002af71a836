"""The trailer of an item: who leads it and which units carry it out.

Written in parentheses at the end of the item — （牵头领导：张三。承办单位：A，B） — or
on lines of their own (责任领导：张三 / 主办：A / 协办：B、C), with full- or half-width
punctuation. Label words name the role: 牵头单位 / 主办 name the host units and
配合单位 / 协办 the co-units; 承办单位 / 责任单位 name both, the host being inferred
later (hosts.py), unless the trailer also names a host explicitly.

A trailer may also be prose without labels — （A、B牵头，C及D按职责分工负责） — naming the
hosts before 牵头 and the co-units after.

A label the vocabulary does not know (数据提供单位： / 责任人： / 完成时限：), written where a
field may start, ends the field before it; what it names is neither host nor co-unit and
is reported, not read as units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import ALL_LABELS, CO_LABELS, HOST_LABELS, LABEL, LEAD_LABELS, MIXED_LABELS, prose_trailer
from .model import UnitRef
from .units import split_unit_list

HOST, CO = "host", "co"
OPEN, CLOSE = "（([【", ")）]】"
# Any label of a trailer field: a few words ending in a role word, then a colon, where a
# field may start (after punctuation or a space, not inside a unit's name).
FIELD_LABEL = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<label>[\u4e00-\u9fff]{2,8}?(?:单位|部门|领导|人|时限|时间))\s*[:：]"
)


@dataclass
class Trailer:
    leads: list[str] = field(default_factory=list)
    units: list[UnitRef] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what followed a unit list after its full stop
    messages: list[str] = field(default_factory=list)  # what was tidied (等 dropped …)
    ignored: list[str] = field(default_factory=list)  # fields of unknown labels, not read as units


def split_item(text: str) -> tuple[str, str, str]:
    """(item text, trailer, text after the trailer's closing parenthesis)."""
    match = LABEL.search(text)
    if not match:
        prose = prose_trailer(text)
        if prose:  # （A、B牵头，C按职责分工负责）
            return text[: prose.start()].strip(), prose[0].strip().rstrip("。．.；;"), ""
        return text.strip(), "", ""
    start = match.start()
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    if start == 0 or text[start - 1] not in OPEN:
        return text[:start].strip(), text[start:].strip(), ""
    start -= 1
    depth = 0
    for index in range(start, len(text)):
        if text[index] in OPEN:
            depth += 1
        elif text[index] in CLOSE:
            depth -= 1
            if depth == 0:
                return text[:start].strip(), text[start : index + 1], text[index + 1 :].strip()
    return text[:start].strip(), text[start:], ""


def parse_trailer(text: str) -> Trailer:
    inner = text.strip()
    if inner[:1] in OPEN and inner[-1:] in CLOSE:
        inner = inner[1:-1]
    matches = list(LABEL.finditer(inner))
    if not matches:
        prose = prose_trailer(f"（{inner.strip()}）")
        return _prose_trailer(prose) if prose and prose.start() == 0 else Trailer()
    explicit_host = any(m["label"] in HOST_LABELS for m in matches)
    trailer = Trailer()
    fields = sorted([*matches, *unknown_labels(inner)], key=lambda m: m.start())
    seen: set[str] = set()
    segment_base = 0
    for index, match in enumerate(fields):
        end = fields[index + 1].start() if index + 1 < len(fields) else len(inner)
        value = inner[match.end() : end].strip(" ；;，,。.")
        label = match["label"]
        if label not in ALL_LABELS:
            message = f"“{label}：{value}”不是牵头或责任单位，未计入单位"
            trailer.ignored.append(message)
            trailer.messages.append(message)
            continue
        if label in LEAD_LABELS:
            names = (re.sub(r"同志$", "", n) for n in re.split(r"[、，,；;\s]+", value.partition("。")[0]))
            trailer.leads += [n for n in names if n and n not in trailer.leads]
            continue
        units_text, _, note = value.partition("。")
        if note.strip("。 "):
            trailer.notes.append(note.strip("。 "))
        prose = prose_trailer(f"（{units_text}）") if label in MIXED_LABELS else None
        if prose and prose.start() == 0:
            # 部门分工：A牵头，B、C配合 — the roles are in the words, not in the label.
            for ref in _prose_trailer(prose).units:
                if ref.name not in seen:
                    seen.add(ref.name)
                    ref.segment += segment_base
                    trailer.units.append(ref)
            segment_base = max((r.segment for r in trailer.units), default=-1) + 1
            continue
        refs, messages = split_unit_list(units_text)
        trailer.messages += messages
        if label in HOST_LABELS:
            role = HOST
        elif label in CO_LABELS or explicit_host:
            role = CO
        else:
            role = ""  # 承办单位 / 责任单位: the host is inferred
        for ref in refs:
            if ref.name in seen:
                continue
            seen.add(ref.name)
            ref.role = ref.role or role  # a unit marked host in a list (A牵头、B) stays host
            ref.segment += segment_base
            trailer.units.append(ref)
        segment_base = max((r.segment for r in trailer.units), default=-1) + 1
    return trailer


def unknown_labels(text: str) -> list[re.Match[str]]:
    """The labels in ``text`` the vocabulary does not know (数据提供单位：), where a field may start.

    A label that ends in a known one (协同责任单位, or 区税务局配合单位 written without a
    separator) is left to the vocabulary.
    """
    return [m for m in FIELD_LABEL.finditer(text) if not m["label"].endswith(ALL_LABELS)]


def _prose_trailer(match: re.Match[str]) -> Trailer:
    """（A、B牵头，C及D按职责分工负责）: A and B host, C and D co-units."""
    trailer = Trailer()
    seen: set[str] = set()
    for segment, (role, part) in enumerate(((HOST, match["hosts"]), (CO, match["co"] or ""))):
        refs, messages = split_unit_list(part)
        trailer.messages += messages
        for ref in refs:
            if ref.name not in seen:
                seen.add(ref.name)
                ref.role, ref.segment = role, segment
                trailer.units.append(ref)
    return trailer
