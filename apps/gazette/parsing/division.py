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
from .masthead import NAME, doc_number, issuers, signature_date
from .model import DivisionOfLabour, Leader, UnitRef
from .text import Line, join_paragraphs, strip_spaces
from .units import PARK_WORDS, looks_like_unit, split_unit_list

TITLE = r"(?:(?:常务)?副?(?:省|市|区|县|州|旗|盟)长|秘书长)"
LEADER_LINE = re.compile(rf"^(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?:同志)?[：:]?(?P<title>{TITLE}|主任|副主任)$")
TITLE_THEN_NAME = re.compile(
    rf"(?P<title>{TITLE})(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?=主持|分管|负责|作为|兼|同志|牵头)"
)
# 常务副省长高建民：负责… / 高建民副省长：负责… — a leader's paragraph opened by title, name and a colon.
COLON_LEADER = (
    re.compile(rf"^(?P<title>{TITLE})(?P<name>[\u4e00-\u9fff]{{2,3}})(?:同志)?[：:](?P<rest>.+)$"),
    re.compile(rf"^(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?:同志)?(?P<title>{TITLE})[：:](?P<rest>.+)$"),
)
# 分管 / 联系 opening a sentence anywhere in a line (a profile run together on one line).
SENTENCE_START = re.compile(
    r"(?:^|[。；;])(?:分管|联系|负责(?:与|同)[^。；;]{2,80}?的?联系(?:工作)?(?=$|[。；;]))"
)
NAME_THEN_TITLE = re.compile(
    rf"(?P<name>[\u4e00-\u9fff]{{2,3}}?)(?P<as>作为)?(?P<title>{TITLE})(?=(?P<after>.{{0,4}}))"
)
STRUCTURED = re.compile(r"^(?:负责|分管|联系|协助|兼|领导|主持)")
NOT_NAMES = re.compile(r"[各位的了们府该其我你]")  # characters no personal name here holds
LEADING_WORDS = re.compile(r"^[由则是和与及为把对从在]")  # 由林锐副市长: the name starts after 由
NOT_NAME_WORDS = re.compile(
    r"^(?:协助|配合|负责|分管|联系|主持|根据|其中|同时|此外|实行|实施|推行|担任|兼任)"
)
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
        opened = colon_leader(text)
        if opened:
            current = _leader(notice, opened["name"], opened["title"], line.no)
            _clauses(current, opened["rest"], prose=False)
            continue
        mentions = _mentions(text)
        if mentions:
            for (start, name, title), following in zip(
                mentions, [*mentions[1:], (len(text), "", "")], strict=True
            ):
                current = _leader(notice, name, title, line.no)
                _clauses(current, text[start : following[0]], prose=True)
        elif STRUCTURED.match(text) or SENTENCE_START.search(text):
            current = current or _leader(notice, "", "", line.no)
            _clauses(current, text, prose=False)
        elif current is not None:
            current.duties += text
        else:
            ctx.unplace(line.no, line.text, "分工通知中不属于任何领导的文字")
    if not notice.leaders:
        ctx.warn(lines[0].no, "分工通知中未识别出任何领导")
    elif _cut_off(notice.leaders[-1]):
        last = notice.leaders.pop()
        ctx.warn(last.line, f"最后一位领导（{last.name or '未署名'}）的分工不完整，文件可能被截断，未计入")
    return notice


def colon_leader(text: str) -> re.Match[str] | None:
    """常务副省长高建民：负责… — title and name (either order) and a colon before the duties."""
    for pattern in COLON_LEADER:
        found = pattern.match(text)
        if (
            found
            and STRUCTURED.match(found["rest"])
            and not NOT_NAMES.search(found["name"])
            and not NOT_NAME_WORDS.match(found["name"])
        ):
            return found
    return None


def structured_clauses(text: str) -> int:
    """How many sentences of a line open with 分管 / 联系 (or say 负责与…的联系工作)."""
    return len(SENTENCE_START.findall(text))


def _cut_off(leader: Leader) -> bool:
    """A leader whose text stops mid-sentence with nothing read: the excerpt ends there."""
    duties = leader.duties.rstrip("。")
    return not (leader.supervises or leader.liaises or leader.assists) and len(duties) < 4


def _leader(notice: DivisionOfLabour, name: str, title: str, line: int) -> Leader:
    for leader in notice.leaders:
        if name and leader.name == name:
            return leader
    leader = Leader(
        name=name,
        position=title,
        order=len(notice.leaders) + 1,
        duties="",
        supervises=[],
        liaises=[],
        liaison_work=[],
        line=line,
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
    # 分管和联系单位：… names one list under both words; it is read as supervised.
    both = r"分管(?:[和及、]联系)?(?:单位|部门)?[:：]?(.+)$"
    supervised = re.search(both, body) if prose else re.match("^" + both, body)
    liaised = re.match(r"^联系(?:单位|部门)?[:：]?(.+)$", body)
    liaison = re.match(r"^负责(?:与|同)(.{2,80}?)的?联系(?:工作)?$", body)
    if liaison:
        # 负责与区人大、区政协、驻区企业联系: bodies listed by 、 between 与 and 联系, each one.
        refs, _ = split_unit_list(re.sub(r"等$", "", liaison[1]))
        leader.liaises += [r for r in refs if len(r.name) >= 3]
    elif assisted:
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


# --- the division-of-labour notice inside a gazette issue ----------------------------------------------------------------


def read_division_notice(
    lines: list[Line], *, district: str, city: str, ctx: ParseContext
) -> DivisionOfLabour:
    number, printed, number_line = doc_number(lines[1:], district=district, city=city, ctx=ctx)
    end, issued_on = signature_date(lines, issuers(city, district))
    notice = DivisionOfLabour(
        title=strip_spaces(lines[0].text),
        number=number,
        number_as_printed=printed,
        issued_on=issued_on,
        line=lines[0].no,
    )
    leader_start = re.compile(rf"^(?P<name>{NAME})(?P<note>[（(]挂职[)）])?同志")

    def starts_new(text: str) -> bool:
        return bool(leader_start.match(text)) or text.startswith(("分管", "联系", "根据", "履行", "协助"))

    body = join_paragraphs(
        [ln for ln in lines[1 : end if end > 0 else None] if ln.no != number_line], starts_new
    )
    leader: Leader | None = None
    closing: list[str] = []
    for para in body:
        match = leader_start.match(para.text)
        if match and not para.text.startswith("根据"):
            leader = Leader(
                name=match["name"],
                position="",
                order=len(notice.leaders) + 1,
                duties="",
                supervises=[],
                liaises=[],
                liaison_work=[],
                line=para.no,
            )
            notice.leaders.append(leader)
            _leader_sentences(leader, para.text[match.end() :])
        elif "补位" in para.text:
            closing.append(para.text)
        elif leader is not None:
            _leader_sentences(leader, para.text)
    names = "|".join(sorted((re.escape(leader.name) for leader in notice.leaders), key=len, reverse=True))
    for text in closing:
        if names:
            notice.pairs += [(m[1], m[2]) for m in re.finditer(rf"({names})同志与({names})同志", text)]
            notice.acting += [
                (m[1], m[2]) for m in re.finditer(rf"({names})同志出区.*?由({names})同志主持", text)
            ]
    if not notice.leaders:
        ctx.warn(lines[0].no, "领导同志工作分工通知中未识别出任何领导")
    return notice


def _leader_sentences(leader: Leader, text: str) -> None:
    for sentence in [s for s in re.split(r"(?<=。)", text) if s.strip()]:
        body = sentence.strip().rstrip("。")
        if body.startswith("分管"):
            units, _ = split_unit_list(body[2:])
            leader.supervises += units
        elif body.startswith("联系"):
            rest = body[2:]
            if rest.endswith("工作"):
                leader.liaison_work += [w for w in re.split(r"[、，]", rest[:-2]) if w]
            else:
                units, _ = split_unit_list(rest, strict=True)
                leader.liaises += units
        else:
            if "主持区政府全面工作" in body or re.search(r"主持.{0,4}政府全面工作", body):
                leader.presides = True
            leader.duties = (leader.duties + sentence.strip()) if leader.duties else sentence.strip()
