"""Dataclasses the parser returns; the importer maps them onto Django models."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class ParseWarning:
    """Something the parser noticed and handled, with the line it comes from."""

    line: int
    message: str
    text: str = ""


@dataclass
class Unplaced:
    """A line the parser could not place in any item, heading or known part; shown, never dropped."""

    line: int
    text: str
    reason: str


@dataclass
class Target:
    """A measurable promise inside an item's text (指标)."""

    label: str
    value: Decimal
    value_text: str
    unit: str
    comparison: str  # "=", ">=", "<="
    increase: bool  # the value is a rise (增长/提高 …), not a level
    source_text: str


@dataclass
class UnitRef:
    """A responsible unit as written in the notice, with its canonical name."""

    raw: str
    name: str  # canonical name (aliases resolved)
    kind: str
    segment: int  # which comma-separated group of the list it stood in
    role: str = ""  # "host" / "co" when a label word says so (主办 / 协办); "" when to be inferred


@dataclass
class ReportParagraph:
    section: str  # "二、2024 年工作安排 / （一）聚力制造强区建设…"
    subsection_index: int  # 0 for none, 1 for （一） …
    heading: str  # the paragraph's own lead phrase, e.g. 壮大优势产业集群
    text: str
    line: int


@dataclass
class WorkReport:
    title: str
    delivered_on: dt.date | None
    speaker: str
    paragraphs: list[ReportParagraph]
    subsections: list[str]  # titles of （一）…（九） under the year's work plan, then 三、…


@dataclass
class Difference:
    """One place where the notice's text departs from the adopted report."""

    report: str  # the report's wording at that place ("" when the notice adds text)
    notice: str  # the notice's wording ("" when the notice drops text)
    report_context: str
    notice_context: str
    position: int  # character offset in the notice text (whitespace removed)


@dataclass
class Task:
    number: int
    chapter: int  # chapter number (2 for 二、 …)
    text: str
    lead_officials: list[str]
    units: list[UnitRef]
    line: int
    section: str = ""  # headings between the chapter and the item (（二）扩大有效投资)
    printed_number: str = ""  # the number as printed, where it differs from ``number``
    title: str = ""
    targets: list[Target] = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_note: str = ""
    report_passage: str = ""
    report_heading: str = ""
    differences: list[Difference] = field(default_factory=list)


@dataclass
class Chapter:
    number: int
    numeral: str
    title: str
    line: int
    report_title: str = ""
    differences: list[Difference] = field(default_factory=list)


@dataclass
class LivelihoodProject:
    number: int
    title: str
    text: str
    host_units: list[UnitRef]
    co_units: list[UnitRef]
    line: int
    targets: list[Target] = field(default_factory=list)
    lead_officials: list[str] = field(default_factory=list)  # where a notice names them (分管领导)
    deadline: dt.date | None = None
    deadline_note: str = ""


@dataclass
class Notice:
    title: str
    number: str  # corrected document number, e.g. 济兖政发〔2024〕1号
    number_as_printed: str
    issued_on: dt.date | None
    line: int


@dataclass
class BreakdownNotice(Notice):
    general_requirements: str = ""
    main_targets_text: str = ""
    main_targets: list[Target] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    host_note: str = ""  # e.g. 黑体为主办单位，其他为协办单位
    differences: list[Difference] = field(default_factory=list)  # plan-level (总体要求)


@dataclass
class LivelihoodNotice(Notice):
    projects: list[LivelihoodProject] = field(default_factory=list)


@dataclass
class Leader:
    """One district government leader in the division-of-labour notice."""

    name: str
    position: str
    order: int
    duties: str  # the 负责 / 协助 sentences, as written
    supervises: list[UnitRef]
    liaises: list[UnitRef]
    liaison_work: list[str]  # 联系 … 工作 that names work, not units (史志、档案)
    presides: bool = False
    line: int = 0
    assists: list[UnitRef] = field(default_factory=list)  # 协助分管 …


@dataclass
class DivisionOfLabour(Notice):
    leaders: list[Leader] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # mutual substitution pairs
    acting: list[tuple[str, str]] = field(default_factory=list)  # (absent head, who presides)


@dataclass
class Appointment:
    person: str
    action: str  # appoint | remove | hire | end_hire | note
    position: str
    text: str
    line: int


@dataclass
class ChronicleEntry:
    date: dt.date
    end_date: dt.date | None
    text: str
    names: list[str]  # people named as 区领导 or with a district title
    line: int


@dataclass
class Gazette:
    title: str
    district: str
    city: str
    year: int
    issue: str  # 2024年第1-3期
    total_issue: str  # 总第121-123期
    published_on: dt.date | None
    work_report: WorkReport | None
    breakdown: BreakdownNotice
    livelihood: LivelihoodNotice | None
    division: DivisionOfLabour | None
    appointments: list[Appointment]
    appointments_date: dt.date | None
    chronicle: list[ChronicleEntry]
    positions: dict[str, str]  # official name -> position as titled in the text
    warnings: list[ParseWarning]
    unplaced: list[Unplaced] = field(default_factory=list)
    # The header of the item table read: {"name", "role", "known"} per column; known=False when
    # no column word matched (read as "other" until a column map names its role).
    columns: list[dict] = field(default_factory=list)
    # What may have been lost (a task number never found): the preview blocks confirmation.
    errors: list[ParseWarning] = field(default_factory=list)


@dataclass
class Document:
    """One uploaded document read on its own: what it is, and what it holds.

    ``kind`` is what the content showed it to be: "breakdown" (numbered items with
    responsibility labels or columns), "livelihood" (projects with host / co units),
    "division" (负责 / 分管 / 联系 per leader) or "gazette" (a whole issue). The text is
    kept as uploaded (``original``) for display; parsing used its simplified form.
    """

    kind: str
    title: str
    original: str
    breakdown: BreakdownNotice | None = None
    livelihood: LivelihoodNotice | None = None
    division: DivisionOfLabour | None = None
    gazette: Gazette | None = None
    evidence: list[str] = field(default_factory=list)  # why the kind was chosen
    warnings: list[ParseWarning] = field(default_factory=list)
    errors: list[ParseWarning] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
