"""A document read on its own, made ready for the ledger: its plan, what it covers, the lines
the administrator attached to items.

A gazette issue names its district and year; a notice uploaded alone (a livelihood list, a
division of labour, a revised breakdown, a city's notice) goes into the plan the
administrator picks or creates in the preview, and changes only what it covers: a
livelihood notice never withdraws tasks, a division of labour never touches items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .decisions import IGNORE, Decisions, item_key
from .parsing.blocks import LABEL
from .parsing.deadlines import deadline_for
from .parsing.model import BreakdownNotice, Document, Gazette, Unplaced
from .parsing.trailers import parse_trailer

TASK, LIVELIHOOD, DIVISION = "task", "livelihood", "division"
ISSUER = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,12}?(?:自治县|自治州|新区|开发区|区|县|市|旗))(?:人民政府|政府|管委会|管理委员会)"
)
YEAR = re.compile(r"(20\d{2})\s*年")
CITY_PREFIX = re.compile(
    r"^(?P<city>[\u4e00-\u9fff]{2,6}?(?:市|州|盟))(?P<district>[\u4e00-\u9fff]{2,10}(?:区|县|市|旗))$"
)


@dataclass
class Covers:
    kinds: frozenset[str]  # item kinds this document speaks for (missing ones are withdrawn)
    breakdown: bool  # the notice's own fields (number, title, requirements, chapters, main targets)


def covers(document: Document) -> Covers:
    if document.gazette is not None:
        kinds = {TASK} | ({LIVELIHOOD} if document.gazette.livelihood else set())
        return Covers(frozenset(kinds), True)
    if document.breakdown is not None:
        return Covers(frozenset({TASK}), True)
    if document.livelihood is not None:
        return Covers(frozenset({LIVELIHOOD}), False)
    return Covers(frozenset(), False)  # a division of labour: leaders and their units only


def guess_target(document: Document) -> dict[str, object]:
    """The district (or city) and year the document speaks of, as far as its text says."""
    if document.gazette is not None:
        return {
            "district": document.gazette.district,
            "city": document.gazette.city,
            "year": document.gazette.year,
        }
    text = document.original[:6000]
    issuer = ISSUER.search(text)
    name, city = (issuer["name"] if issuer else ""), ""
    split = CITY_PREFIX.match(name)
    if split:  # 济宁市兖州区 → 兖州区 of 济宁市, as districts are kept
        city, name = split["city"], split["district"]
    years = YEAR.findall(document.title) or YEAR.findall(text)
    return {"district": name, "city": city, "year": int(years[0]) if years else None}


def as_gazette(document: Document, *, district: str, city: str, year: int) -> Gazette:
    """The document in the shape the ledger importer reads; what it lacks stays empty."""
    if document.gazette is not None:
        return document.gazette
    breakdown = document.breakdown or BreakdownNotice(
        title="", number="", number_as_printed="", issued_on=None, line=0
    )
    for item in [*breakdown.tasks, *(document.livelihood.projects if document.livelihood else [])]:
        if item.deadline is None and year:
            # The 完成时限 column as written (全年 / 6月底前), else the time words of the text.
            written = item.deadline_note
            item.deadline, found = deadline_for(written or item.text, year)
            item.deadline_note = f"表中完成时限“{written}”" if written else found
    return Gazette(
        title=document.title or "单独上传的通知",
        district=district,
        city=city,
        year=year,
        issue="",
        total_issue="",
        published_on=None,
        work_report=None,
        breakdown=breakdown,
        livelihood=document.livelihood,
        division=document.division,
        appointments=[],
        appointments_date=None,
        chronicle=[],
        positions={},
        warnings=list(document.warnings),
        unplaced=list(document.unplaced),
        errors=list(document.errors),
    )


def attach_lines(gazette: Gazette, decisions: Decisions) -> list[dict[str, object]]:
    """Put each unplaced line the administrator attached into its item; return every decided line.

    A line with labels (牵头单位：… / 责任领导：…) adds its officials and units to the item;
    any other line is added to the item's text. Attached and ignored lines leave the list
    of unplaced lines, so the preview shows only what is still undecided, and lists the
    decided ones apart (with their choice, to be changed).
    """
    items = {item_key(TASK, t.number): t for t in gazette.breakdown.tasks}
    if gazette.livelihood:
        items |= {item_key(LIVELIHOOD, p.number): p for p in gazette.livelihood.projects}
    decided: list[dict[str, object]] = []
    kept: list[Unplaced] = []
    for line in gazette.unplaced:
        choice = decisions.unplaced.get(str(line.line))
        if choice is None or (choice != IGNORE and choice not in items):
            kept.append(line)
            continue
        if choice != IGNORE:
            _attach(items[choice], line)
        message = "已忽略" if choice == IGNORE else f"已并入{_label(choice)}"
        decided.append({"line": line.line, "text": line.text, "choice": choice, "message": message})
    gazette.unplaced = kept
    return decided


def _attach(item, line: Unplaced) -> None:
    if LABEL.search(line.text):
        trailer = parse_trailer(line.text)
        leads = getattr(item, "lead_officials", None)
        if leads is not None:
            leads += [name for name in trailer.leads if name not in leads]
        if hasattr(item, "units"):
            known = {u.name for u in item.units}
            item.units += [u for u in trailer.units if u.name not in known]
        else:  # a livelihood project keeps hosts and co-units apart
            known = {u.name for u in item.host_units + item.co_units}
            for ref in trailer.units:
                if ref.name not in known:
                    (item.host_units if ref.role == "host" else item.co_units).append(ref)
        if trailer.leads or trailer.units:
            return
    item.text = f"{item.text}\n{line.text.strip()}".strip()


def _label(key: str) -> str:
    kind, _, number = key.partition(":")
    return f"{'民生实事' if kind == LIVELIHOOD else '任务'} {number}"
