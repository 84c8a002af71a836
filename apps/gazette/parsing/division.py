"""A division-of-labour notice read on its own (领导同志工作分工), or a report about one.

Three shapes are common: a name-and-title line (陈寅常务副市长) followed by 负责 / 分管 /
联系 paragraphs; one leader's paragraphs without any name (a profile page); and prose
that names leaders next to their titles (市长裴金佳主持…, 由林锐副市长负责). Units come
only from 分管 / 联系 / 协助分管 clauses, and in prose only the pieces that read as unit
names: "分管民政、双拥" names fields of work, not units.
"""

from __future__ import annotations

import re

from .context import ParseContext
from .model import DivisionOfLabour, Leader, UnitRef
from .text import Line, strip_spaces
from .units import PARK_WORDS, looks_like_unit, split_unit_list

TITLE = r"(?:常务)?副?(?:市|区|县|州|旗|盟)长"
LEADER_LINE = re.compile(rf"^(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?:同志)?[：:]?(?P<title>{TITLE}|主任|副主任)$")
TITLE_THEN_NAME = re.compile(rf"(?P<title>{TITLE})(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?=主持|分管|负责|作为|兼|同志)")
NAME_THEN_TITLE = re.compile(
    rf"(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?P<as>作为)?(?P<title>{TITLE})(?=(?P<after>.{{0,4}}))"
)
STRUCTURED = re.compile(r"^(?:负责|分管|联系|协助|兼|领导|主持)")
NOT_NAMES = re.compile(r"[各位的了们府该其我你]")  # characters no personal name here holds
LEADING_WORDS = re.compile(r"^[由则是和与及为把对从在]")  # 由林锐副市长: the name starts after 由
NOT_NAME_WORDS = re.compile(r"^(?:协助|配合|负责|分管|联系|主持|根据|其中|同时|此外|实行|实施|推行|担任|兼任)")
CLAUSE = re.compile(r"[。；;]")


def read_division(lines: list[Line], ctx: ParseContext) -> DivisionOfLabour:
    notice = DivisionOfLabour(title="", number="", number_as_printed="", issued_on=None, line=lines[0].no)
    current: Leader | None = None
    for line in lines:
        text = strip_spaces(line.text)
        named = LEADER_LINE.match(text)
        if named:
            current = _leader(notice, named["name"], named["title"], line.no)
            continue
        mentions = _mentions(text)
        if mentions:
            for (start, name, title), following in zip(mentions, mentions[1:] + [(len(text), "", "")], strict=True):
                current = _leader(notice, name, title, line.no)
                _clauses(current, text[start : following[0]], prose=True)
        elif STRUCTURED.match(text):
            current = current or _leader(notice, "", "", line.no)
            _clauses(current, text, prose=False)
        elif current is not None:
            current.duties += text
        else:
            ctx.unplace(line.no, line.text, "分工通知中不属于任何领导的文字")
    if not notice.leaders:
        ctx.warn(lines[0].no, "分工通知中未识别出任何领导")
    return notice


def _leader(notice: DivisionOfLabour, name: str, title: str, line: int) -> Leader:
    for leader in notice.leaders:
        if name and leader.name == name:
            return leader
    leader = Leader(
        name=name, position=title, order=len(notice.leaders) + 1, duties="",
        supervises=[], liaises=[], liaison_work=[], line=line,
    )
    notice.leaders.append(leader)
    return leader


def _mentions(text: str) -> list[tuple[int, str, str]]:
    """(offset, name, title) of each leader named in a prose line, in order."""
    found: dict[int, tuple[int, str, str]] = {}
    for match in TITLE_THEN_NAME.finditer(text):
        if not NOT_NAMES.search(match["name"]) and not NOT_NAME_WORDS.match(match["name"]):
            found[match.start()] = (match.start(), match["name"], match["title"])
    for match in NAME_THEN_TITLE.finditer(text):
        name = match["name"]
        if len(name) == 3 and LEADING_WORDS.match(name):
            name = name[1:]
        acting = match["as"] or re.match(r"^(?:则|除了|还|也)?(?:负责|分管|主持|兼)", match["after"])
        if len(name) >= 2 and acting and not NOT_NAMES.search(name) and not NOT_NAME_WORDS.match(name):
            found[match.start()] = (match.start(), name, match["title"])
    return [found[k] for k in sorted(found)]


def _clauses(leader: Leader, text: str, *, prose: bool) -> None:
    for clause in (c for c in CLAUSE.split(text) if c):
        for part in re.split(r"[，,](?=还|同时|此外)", clause) if prose else [clause]:
            _clause(leader, part, prose=prose)


def _clause(leader: Leader, clause: str, *, prose: bool) -> None:
    body = re.sub(r"^(?:同时|此外|他还|她还|还)[，,]?", "", clause)
    assisted = re.match(rf"^协助(?:{TITLE})?分管[:：]?(.+)$", body)
    supervised = re.search(r"分管[:：]?(.+)$", body) if prose else re.match(r"^分管[:：]?(.+)$", body)
    liaised = re.match(r"^联系[:：]?(.+)$", body)
    if assisted:
        leader.assists += _units(assisted[1], prose=True)
    elif supervised:
        leader.supervises += _units(supervised[1], prose=prose)
    elif liaised and not liaised[1].endswith("工作"):
        leader.liaises += _units(liaised[1], prose=prose)
    elif liaised:
        leader.liaison_work += [w for w in re.split(r"[、，,]", liaised[1][:-2]) if w]
    else:
        if re.search(r"主持.{0,4}政府全面工作|领导.{0,4}政府全面工作", body):
            leader.presides = True
        leader.duties += body + "。"


def _units(text: str, *, prose: bool) -> list[UnitRef]:
    text = re.sub(r"(?:等)?(?:单位|部门)?工作$", "", text)
    refs, _ = split_unit_list(text, strict=True)
    if prose:
        refs = [r for r in refs if _unit_name(r.raw)]
    return refs


def _unit_name(name: str) -> bool:
    bare = re.sub(r"[（(][^()（）]*[)）]$", "", re.sub(r"^(?:以及|及|和|还有)", "", name))
    return len(bare) >= 3 and (looks_like_unit(bare) or bool(PARK_WORDS.search(bare)))
