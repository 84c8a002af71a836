"""Responsible units: splitting the notice's unit lists, one canonical name per unit, kinds.

The same unit is written several ways (区发展和改革局 / 区发展和改革委员会 / 区发展改革局,
济宁市公安局兖州分局 / 区公安分局 …). ``canonical_name`` folds the known ways of writing
a unit into one name; the importer keeps every spelling it met as an alias, and staff
can merge what these rules do not catch.
"""

from __future__ import annotations

import re

from .model import UnitRef

# Unit kinds, as stored on the Unit model.
DEPARTMENT, TOWN, PARK, PARTY, GROUP, OTHER = "department", "town", "park", "party", "group", "other"

# Long official names that are written in a local short form; (pattern, replacement).
PREFIX_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^国家税务总局.{0,3}市?.{0,3}区(税务局)$"), r"区\1"),
    (re.compile(r"^济宁市(.+?)局兖州区?分局$"), r"区\1分局"),
    (re.compile(r"^兖州区"), "区"),
]
# A city name in front of a district unit that has no district name in it.
CITY_PREFIX = re.compile(r"^济宁市?(?!.*兖州)(?=.{4,})")
DISTRICT_PREFIX = re.compile(r"^兖州(?!区)(?=.{2,})")

# Short forms of department names and their full form (matched at the end of the name).
SYNONYMS: list[tuple[str, str]] = [
    ("发展和改革委员会", "发展和改革局"),
    ("发展改革委", "发展和改革局"),
    ("发展改革局", "发展和改革局"),
    ("发改局", "发展和改革局"),
    ("市场监管局", "市场监督管理局"),
    ("住房城乡建设局", "住房和城乡建设局"),
    ("住建局", "住房和城乡建设局"),
    ("科技局", "科学技术局"),
    ("金融监管局", "金融监督管理局"),
    ("供销社", "供销合作社联合社"),
    ("人社局", "人力资源和社会保障局"),
    ("工信局", "工业和信息化局"),
    ("文旅局", "文化和旅游局"),
    ("教体局", "教育和体育局"),
    ("卫健局", "卫生健康局"),
    ("医保局", "医疗保障局"),
    ("综合执法局", "综合行政执法局"),
    ("审批局", "行政审批服务局"),
    ("退役军人局", "退役军人事务局"),
]

GROUP_NAME = re.compile(r"^(各|相关|有关|区直(各|相关|有关))")
TOWN_SUFFIX = re.compile(r"(镇|乡|街道|街道办事处|镇街)$")
PARK_WORDS = re.compile(r"(园区|新城|示范园|高新区|开发区|产业园)")
PARTY_PREFIX = re.compile(r"^(区委|团区委|区纪委|区人大|区政协)")
UNIT_PREFIXES = ("区", "县", "团区", "国网", "国家", "济宁", "兖州")
UNIT_SUFFIX = re.compile(
    r"(局|委|委员会|办|办公室|中心|分中心|院|学院|所|会|联|部|队|大队|社|联社|组|站|馆|公司|集团|街道|镇|园区|分局)$"
)


def canonical_name(raw: str) -> str:
    """The one name a unit is stored under, whichever way the text wrote it."""
    name = re.sub(r"\s+", "", raw).strip("，、。；,;")
    for pattern, replacement in PREFIX_RULES:
        name = pattern.sub(replacement, name)
    name = CITY_PREFIX.sub("", name)
    name = DISTRICT_PREFIX.sub("", name)
    for short, full in SYNONYMS:
        if name.endswith(short) and not name.endswith(full):
            name = name[: -len(short)] + full
            break
    # A bare department name in a list of 区… units ("自然资源局") is a district unit.
    if (
        name.endswith("局")
        and not name.startswith(("区", "县", "济宁", "国家", "国网", "市"))
        and len(name) <= 10
    ):
        name = "区" + name
    return name


def unit_kind(name: str) -> str:
    if GROUP_NAME.match(name):
        return GROUP
    if PARTY_PREFIX.match(name):
        return PARTY
    if PARK_WORDS.search(name):
        return PARK
    if TOWN_SUFFIX.search(name):
        return TOWN
    if name.startswith(("区", "县", "济宁", "国家", "兖州")):
        return DEPARTMENT
    return OTHER


def looks_like_unit(name: str) -> bool:
    return bool(GROUP_NAME.match(name) or UNIT_SUFFIX.search(name) or name.startswith(UNIT_PREFIXES))


def split_unit_list(text: str, *, strict: bool = False) -> tuple[list[UnitRef], list[str]]:
    """Split 'A、B等，C、D' into units; returns (units, notes about what was dropped).

    Segments are separated by '，' (departments, then parks and towns); inside a
    segment units are separated by '、' or spaces. A trailing '等' is dropped. With
    ``strict`` a segment whose pieces do not all look like unit names (烟草、成品油销售企业)
    is kept whole as one entry instead of being cut into words.
    """
    units: list[UnitRef] = []
    notes: list[str] = []
    seen: set[str] = set()
    segments = [s for s in re.split(r"[，,；;]", text.strip("。． ")) if s.strip()]
    for index, segment in enumerate(segments):
        pieces = [p for p in re.split(r"[、\s]+", segment.strip()) if p]
        if strict and not all(looks_like_unit(_drop_etc(p)) for p in pieces):
            pieces = [segment.strip()]
        for piece in pieces:
            cleaned = _drop_etc(piece)
            if cleaned != piece and not strict:
                notes.append(f"“{piece}”中的“等”已去掉")
            if not cleaned:
                continue
            name = canonical_name(cleaned)
            if name in seen:
                continue
            seen.add(name)
            units.append(UnitRef(raw=cleaned, name=name, kind=unit_kind(name), segment=index))
    return units, notes


def _drop_etc(piece: str) -> str:
    return re.sub(r"等$", "", piece.strip())
