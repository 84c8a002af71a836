"""Responsible units: splitting the notice's unit lists, one canonical name per unit, kinds.

The same unit is written several ways (区发展和改革局 / 区发展和改革委员会 / 区发展改革局,
济宁市公安局兖州分局 / 区公安分局 …). ``canonical_name`` folds the known ways of writing
a unit into one name; the importer keeps every spelling it met as an alias, and staff
can merge what these rules do not catch.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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

COMMISSIONS = ("发展和改革委员会", "发展改革委")

GROUP_NAME = re.compile(r"^(?:[区县市](?:直|级))?(?:各|相关|有关)")  # 各街道 / 市级各有关部门
TOWN_SUFFIX = re.compile(r"(镇|乡|街道|街道办事处|镇街)$")
PARK_WORDS = re.compile(r"(园区|新城|示范园|高新区|开发区|产业园)")
PARTY_PREFIX = re.compile(r"^(区委|团区委|区纪委|区人大|区政协)")
UNIT_PREFIXES = ("区", "县", "团区", "国网", "国家", "济宁", "兖州")
UNIT_SUFFIX = re.compile(
    r"(局|厅|委|委员会|办|办公室|中心|分中心|院|学院|所|会|联|部|队|大队|社|联社|组|站|馆|公司|集团|街道|镇|园区|分局)$"
)


# The level a bare department name belongs to ("自然资源局" in a county's notice is 县自然资源局).
# A gazette of a district is read with "区"; a notice alone with the level its own units show,
# or none (a development zone's 招商工作部 and 规划建设局 stay as written).
_LEVEL: ContextVar[str] = ContextVar("unit_level", default="区")
LEVEL_WORDS = re.compile(
    r"([区县市])(?=(?:发展|发改|财政|教育|公安|民政|司法|自然资源|生态环境|住房|住建|"
    r"交通|水利|水务|农业|农业农村|商务|文化|文旅|卫生|卫健|应急|审计|统计|市场监|医疗|医保|退役|人力|人社|"
    r"工业|工信|科学|科技|林业|城管|城市管理|综合行政|行政审批|税务|数据|信访|机关事务)[\u4e00-\u9fff]{0,8}[局委办])"
)


def level_of(text: str) -> str:
    """区, 县 or 市: the prefix most of the text's department names carry; "" when none do."""
    counts = Counter(LEVEL_WORDS.findall(text))
    return counts.most_common(1)[0][0] if counts else ""


@contextmanager
def unit_level(level: str) -> Iterator[None]:
    token = _LEVEL.set(level)
    try:
        yield
    finally:
        _LEVEL.reset(token)


def canonical_name(raw: str) -> str:
    """The one name a unit is stored under, whichever way the text wrote it."""
    name = re.sub(r"\s+", "", raw).strip("，、。；,;")
    for pattern, replacement in PREFIX_RULES:
        name = pattern.sub(replacement, name)
    name = CITY_PREFIX.sub("", name)
    name = DISTRICT_PREFIX.sub("", name)
    # A city's or province's 发展和改革委员会 is a commission, not a renamed county bureau.
    above_county = name.startswith(("市", "省")) or (
        _LEVEL.get() == "市" and not name.startswith(("区", "县"))
    )
    for short, full in SYNONYMS:
        if above_county and short in COMMISSIONS:
            continue
        if name.endswith(short) and not name.endswith(full):
            name = name[: -len(short)] + full
            break
    # A bare department name ("自然资源局") is a unit of the level the document's units show.
    level = _LEVEL.get()
    if (
        level
        and name.endswith("局")
        and not name.startswith(("区", "县", "济宁", "国家", "国网", "市"))
        and len(name) <= 10
    ):
        name = level + name
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
    segment units are separated by '、' or spaces, never inside brackets
    (县发改局(粮食局), 各街办(新区)). A trailing '等' is dropped; a group written with
    '、' (各县、市、区人民政府) stays one entry; '区财政局*' and 'A和B分别牵头' mark hosts;
    a bracketed rule (列第一位者为牵头单位，下同) is a note, not a unit. With
    ``strict`` a segment whose pieces do not all look like unit names (烟草、成品油销售企业)
    is kept whole as one entry instead of being cut into words.
    """
    units: list[UnitRef] = []
    notes: list[str] = []
    seen: set[str] = set()
    text, rules = _without_rules(text)
    notes += rules
    segments = [
        s for s in _split_outside_brackets(_protect_groups(text.strip("。． ")), "，,；;") if s.strip()
    ]
    for index, segment in enumerate(segments):
        for role, piece in _pieces(segment, strict=strict):
            cleaned = _drop_etc(piece)
            if cleaned != piece and not strict:
                notes.append(f"“{piece}”中的“等”已去掉")
            if not cleaned:
                continue
            name = canonical_name(cleaned)
            if name in seen:
                continue
            seen.add(name)
            units.append(UnitRef(raw=cleaned, name=name, kind=unit_kind(name), segment=index, role=role))
    return units, notes


def _pieces(segment: str, *, strict: bool) -> list[tuple[str, str]]:
    """(role, piece) for each unit of one comma-separated segment."""
    pieces = [p.replace(GROUP_JOIN, "、") for p in _split_outside_brackets(segment.strip(), "、 \t") if p]
    if strict and not all(_unitish(_drop_etc(p)) or len(_split_joined(p)) > 1 for p in pieces):
        return [("", segment.strip().replace(GROUP_JOIN, "、"))]
    out = []
    for piece in (q for p in pieces for q in _split_joined(p)):
        role, marked = _host_mark(piece)
        names = marked.split("和") if role and "和" in marked else [marked]
        out += [(role, name) for name in names]
    if len(out) > 1 and pieces and re.search(r"分别牵头$", pieces[-1]):
        # A、B分别牵头: each unit of the list leads its own part, so each is a host.
        out = [("host", name) for _, name in out]
    return out


GROUP_JOIN = "\u2063"  # stands for the '、' inside a group while the list is split
GROUP_WITH_COMMAS = re.compile(
    r"各[\u4e00-\u9fff]{1,2}(?:、(?!各)[\u4e00-\u9fff]{1,2})+(?:人民政府|政府|党委|管委会|单位|部门)"
)
RULE_NOTE = re.compile(r"[（(][^()（）]*(?:下同|列第一位|牵头或汇总|为牵头)[^()（）]*[)）]")
OPENING, CLOSING = "（([【", "）)]】"


def _protect_groups(text: str) -> str:
    return GROUP_WITH_COMMAS.sub(lambda m: m[0].replace("、", GROUP_JOIN), text)


def _without_rules(text: str) -> tuple[str, list[str]]:
    rules = [m[0].strip("（）()") for m in RULE_NOTE.finditer(text)]
    return RULE_NOTE.sub("", text), rules


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    pieces, depth, current = [], 0, ""
    for ch in text:
        if ch in OPENING:
            depth += 1
        elif ch in CLOSING and depth:
            depth -= 1
        if ch in separators and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += ch
    pieces.append(current)
    return [p.strip() for p in pieces]


def _split_joined(piece: str) -> list[str]:
    """'市司法局及市监狱管理局' is two units; 'A等群众团体和B' names A and B."""
    listed = re.match(r"^(.+?)等[\u4e00-\u9fff]{1,6}?(?:和|及)(.+)$", piece)
    if listed and _unitish(listed[1]) and _unitish(listed[2]):
        return [listed[1], listed[2]]
    if "及" in piece:
        left, _, right = piece.partition("及")
        if (
            (UNIT_SUFFIX.search(re.sub(r"[（(].*?[)）]$", "", left)) or GROUP_NAME.match(left))
            and looks_like_unit(right)
            and len(right) > 2
        ):
            return [left, right]
    return [piece]


def _unitish(name: str) -> bool:
    return looks_like_unit(re.sub(r"[（(][^()（）]*[)）]$", "", name))


def _host_mark(piece: str) -> tuple[str, str]:
    """('host', name) for '区财政局*' or 'A牵头'; ('', piece) otherwise."""
    if piece.endswith(("*", "＊")):
        return "host", piece.rstrip("*＊")
    led = re.match(r"^(.+?)(?:分别)?牵头$", piece)
    if led and looks_like_unit(led[1]):
        return "host", led[1]
    return "", piece


def _drop_etc(piece: str) -> str:
    piece = re.sub(r"^(?:以及|及|和)", "", piece.strip())
    return re.sub(r"等(?:单位|部门)?$", "", piece).strip("，、。；,;:： ")
