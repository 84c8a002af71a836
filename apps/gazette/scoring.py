"""How well the intake reads real notices: the parser's output against hand-written keys.

Each ``<name>.txt`` of the corpus has a ``<name>.expected.json`` answer key (see the
corpus INDEX.md); so does each Word, PDF, Excel or CSV copy of a table (``<name>.docx`` /
``.pdf`` / ``.xlsx`` / ``.csv``), read through the upload's own file reader. For every file the parser's single-document entry point is run and,
item by item (by order; division leaders by name where the key names them):

- tasks found: expected complete items the parser returned;
- leads exact: items whose lead officials equal the key's;
- units exact: items whose set of host and co-units equals the key's;
- host exact: items whose host units equal the key's;
- lines unplaced: how many lines the parser could place nowhere (shown, not scored).

Names are compared after folding width, spaces, brackets, traditional characters,
inserted pinyin and trailing punctuation or 等, so only a real difference counts.
Plain Python: the management command and the tests call it alike.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .parsing.document import parse_document
from .parsing.errors import GazetteFormatError
from .parsing.files import read_text
from .parsing.model import Document
from .parsing.normalise import simplified, without_pinyin
from .parsing.notices import hosts_and_co

MEASURES = ("found", "leads", "units", "hosts")
SUFFIXES = (".txt", ".docx", ".pdf", ".xlsx", ".csv")  # the corpus files that are scored


@dataclass
class Compared:
    leads: list[str]
    hosts: list[str]
    co: list[str]
    name: str = ""  # a division leader's name, to match by


@dataclass
class FileScore:
    name: str
    kind: str  # what the key says
    found_kind: str
    expected: int
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    extra: int = 0  # items returned beyond the key's complete ones
    unplaced: int = 0
    errors: int = 0
    refused: str = ""

    def share(self, measure: str) -> float | None:
        return self.counts[measure] / self.expected if self.expected else None


def normalised(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    text = simplified(without_pinyin(text))
    text = re.sub(r"\s+", "", text).replace("【", "[").replace("】", "]")
    return re.sub(r"(?:等|[，。、；;:：,.*])+$", "", text)


def found_items(document: Document) -> list[Compared]:
    if document.division:
        return [
            Compared(
                [leader.name] if leader.name else [],
                [u.raw for u in leader.supervises],
                [u.raw for u in leader.liaises],
                leader.name,
            )
            for leader in document.division.leaders
        ]
    if document.livelihood:
        return [
            Compared(p.lead_officials, [u.raw for u in p.host_units], [u.raw for u in p.co_units])
            for p in document.livelihood.projects
        ]
    tasks = document.breakdown.tasks if document.breakdown else []
    items = []
    for task in tasks:
        hosts, co, _ = hosts_and_co(task.units)
        items.append(Compared(task.lead_officials, [u.raw for u in hosts], [u.raw for u in co]))
    return items


def expected_items(key: dict) -> list[Compared]:
    if key.get("leaders"):
        return [
            Compared(
                [leader["name"]] if leader.get("name") else [],
                leader.get("supervises", []),
                leader.get("liaises", []),
                leader.get("name") or "",
            )
            for leader in key["leaders"]
        ]
    return [
        Compared(item.get("leads", []), item.get("hosts", []), item.get("co", [])) for item in key["items"]
    ]


def score_file(path: Path) -> FileScore:
    key = json.loads(_key_path(path).read_text("utf-8"))
    expected = expected_items(key)[: key["complete_items"]]
    name = path.stem if path.suffix == ".txt" else path.name
    score = FileScore(name, key.get("kind", ""), "", len(expected))
    try:
        text = (
            path.read_text("utf-8") if path.suffix == ".txt" else read_text(path.read_bytes(), path.name)[0]
        )
        document = parse_document(text)
    except GazetteFormatError as refused:
        score.refused = refused.message.splitlines()[0]
        return score
    score.found_kind, score.unplaced, score.errors = (
        document.kind,
        len(document.unplaced),
        len(document.errors),
    )
    found = found_items(document)
    score.extra = max(0, len(found) - len(expected))
    by_name = {normalised(item.name): item for item in found if item.name}
    for order, want in enumerate(expected):
        got = (
            by_name.get(normalised(want.name))
            if want.name
            else (found[order] if order < len(found) else None)
        )
        if got is None:
            continue
        score.counts["found"] += 1
        score.counts["leads"] += _names(got.leads) == _names(want.leads)
        score.counts["units"] += set(_names(got.hosts + got.co)) == set(_names(want.hosts + want.co))
        score.counts["hosts"] += set(_names(got.hosts)) == set(_names(want.hosts))
    return score


def _names(names: list[str]) -> list[str]:
    return [normalised(n) for n in names if normalised(n)]


def _key_path(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(path.suffix) + ".expected.json")


def score_corpus(directory: Path) -> list[FileScore]:
    """Every corpus file with an answer key beside it: .txt, and .docx/.pdf/.xlsx/.csv copies."""
    paths = sorted(
        path
        for path in Path(directory).rglob("*")
        if path.suffix in SUFFIXES and (path.suffix == ".txt" or _key_path(path).exists())
    )
    return [score_file(path) for path in paths]


def overall(scores: list[FileScore]) -> dict[str, float]:
    expected = sum(s.expected for s in scores)
    result = {m: (sum(s.counts[m] for s in scores) / expected if expected else 1.0) for m in MEASURES}
    result["unplaced"] = sum(s.unplaced for s in scores)
    result["extra"] = sum(s.extra for s in scores)
    return result


def table(scores: list[FileScore]) -> str:
    """The per-file table and the overall line, as the command prints them."""

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value * 100:.0f}%"

    head = f"{'file':<46}{'kind':<12}{'items':>6}{'found':>7}{'leads':>7}{'units':>7}{'hosts':>7}{'extra':>6}{'unpl.':>6}{'err':>4}"
    rows = [head, "-" * len(head)]
    for s in scores:
        kind = s.found_kind if s.found_kind == s.kind else f"{s.found_kind or '拒绝'}≠{s.kind}"
        rows.append(
            f"{s.name:<46}{kind:<12}{s.expected:>6}"
            + "".join(f"{pct(s.share(m)):>7}" for m in MEASURES)
            + f"{s.extra:>6}{s.unplaced:>6}{s.errors:>4}"
        )
        if s.refused:
            rows.append(f"    {s.refused}")
    total = overall(scores)
    rows.append("-" * len(head))
    rows.append(
        f"{'overall':<46}{'':<12}{sum(s.expected for s in scores):>6}"
        + "".join(f"{total[m] * 100:>6.1f}%" for m in MEASURES)
        + f"{total['extra']:>6}{total['unplaced']:>6}"
    )
    return "\n".join(rows)
