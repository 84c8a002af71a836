"""Turning raw bytes into clean lines: decoding, whitespace, page furniture, broken lines."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import GazetteFormatError

ENCODINGS = ("utf-8-sig", "gb18030")

# A line ends a sentence (and so may end a paragraph) when it ends with one of these.
TERMINAL = "。！？；：!?;:"
CJK = r"\u4e00-\u9fff"


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the file
    text: str


def decode(data: bytes) -> tuple[str, str]:
    """Decode a text file written in UTF-8 or GB18030/GBK; refuse anything else.

    Returns (text, encoding). A strict decode chain is used instead of statistical
    detection: the two encodings are the ones Chinese offices produce, and a file
    that is neither must be refused rather than guessed at.
    """
    if not data.strip():
        raise GazetteFormatError(
            expected_zh="政府公报文本文件",
            found_zh="空文件",
            expected_en="a gazette text file",
            found_en="an empty file",
        )
    if b"\x00" in data[:4096] or _control_ratio(data[:4096]) > 0.05:
        raise GazetteFormatError(
            expected_zh="UTF-8 或 GB18030/GBK 编码的文本文件",
            found_zh="二进制数据（非文本文件）",
            expected_en="a text file in UTF-8 or GB18030/GBK",
            found_en="binary data (not a text file)",
        )
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise GazetteFormatError(
        expected_zh="UTF-8 或 GB18030/GBK 编码的文本文件",
        found_zh="无法识别编码的数据",
        expected_en="a text file in UTF-8 or GB18030/GBK",
        found_en="data in an unknown encoding",
    )


def _control_ratio(sample: bytes) -> float:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(len(sample), 1)


def normalize_line(text: str) -> str:
    """Fold full-width ASCII to half-width, drop stray spaces, keep Chinese punctuation.

    Spaces the PDF extractor put around numbers ("投资 140 亿元") and between the
    characters of a name ("王 营") are removed; a space between two Latin words stays.
    """
    text = text.replace("\u3000", " ").replace("\xa0", " ")
    text = "".join(_fold(ch) for ch in text)
    text = re.sub(r"[ \u2002\u2003\u2009]+", " ", text).strip(" ")
    # Remove spaces next to a CJK character or CJK punctuation.
    text = re.sub(rf"(?<=[{CJK}\u3000-\u303f\uff01-\uff5e“”‘’（）])\s+", "", text)
    text = re.sub(rf"\s+(?=[{CJK}\u3000-\u303f“”‘’（）])", "", text)
    return text


_FULLWIDTH_KEEP = set("，。；：！？（）、【】《》“”‘’")


def _fold(ch: str) -> str:
    """Full-width digits and Latin letters to ASCII; Chinese punctuation stays as it is."""
    if "\uff10" <= ch <= "\uff19" or "\uff21" <= ch <= "\uff3a" or "\uff41" <= ch <= "\uff5a":
        return unicodedata.normalize("NFKC", ch)
    if ch in ("\uff0e",):  # full-width full stop used in numbering "1．"
        return "."
    if ch == "\uff05":
        return "%"
    return ch


def split_lines(text: str) -> list[Line]:
    """Non-empty, normalized lines with their original line numbers (tabs kept for tables)."""
    lines = []
    for no, raw in enumerate(text.splitlines(), start=1):
        if "\t" in raw:
            # Table rows: cells may hold space-separated unit lists, so spaces stay.
            cells = [re.sub(r"\s+", " ", "".join(_fold(ch) for ch in c)).strip() for c in raw.split("\t")]
            cleaned = "\t".join(cells).strip()
        elif raw.count("|") >= 2:
            # A web table's row joined with '|': a space inside a cell may part two units
            # (县教体局 各相关乡镇政府), so a space between two Chinese characters stays, once.
            cells = [_cell_spaces(c) for c in raw.split("|")]
            cleaned = " | ".join(cells).strip(" |")
            cleaned = f"{cleaned} |" if raw.rstrip().endswith("|") else cleaned
        else:
            cleaned = normalize_line(raw)
        if cleaned:
            lines.append(Line(no, cleaned))
    return lines


def _cell_spaces(cell: str) -> str:
    """A table cell normalised like a line, except that a space between two words stays."""
    words = [normalize_line(part) for part in re.split(r"[ \u3000\xa0\u2002\u2003\u2009]+", cell.strip())]
    return " ".join(w for w in words if w)


def strip_spaces(text: str) -> str:
    """All whitespace removed: the form used to compare two texts."""
    return re.sub(r"\s+", "", text)


PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$")


def drop_furniture(lines: Iterable[Line], running_titles: Iterable[str]) -> tuple[list[Line], list[Line]]:
    """Remove page numbers and running heads that PDF extraction left inside the text.

    Returns (kept, dropped). A running head is a line equal to the publication's title
    (e.g. 济宁市兖州区人民政府公报) met again in the body.
    """
    titles = {strip_spaces(t) for t in running_titles if t}
    kept, dropped = [], []
    for line in lines:
        compact = strip_spaces(line.text)
        if PAGE_NUMBER.match(line.text) or compact in titles:
            dropped.append(line)
        else:
            kept.append(line)
    return kept, dropped


def join_paragraphs(lines: list[Line], starts_new: Callable[[str], bool] | None = None) -> list[Line]:
    """Re-join lines that PDF extraction broke in the middle of a sentence.

    A line continues the previous one unless the previous ended a sentence, or this
    line starts a new unit (a numbered task, a dated chronicle entry, a heading) as
    told by ``starts_new``. The joined paragraph keeps the number of its first line.
    """
    out: list[Line] = []
    for line in lines:
        if out and not ends_sentence(out[-1].text) and not (starts_new and starts_new(line.text)):
            prev = out[-1]
            out[-1] = Line(prev.no, join_two(prev.text, line.text))
        else:
            out.append(line)
    return out


def ends_sentence(text: str) -> bool:
    return bool(text) and (text[-1] in TERMINAL or is_heading(text))


def join_two(left: str, right: str) -> str:
    """Join two pieces of one sentence; a space only between two Latin/digit characters."""
    if (
        left
        and right
        and left[-1].isascii()
        and left[-1].isalnum()
        and right[0].isascii()
        and right[0].isalnum()
    ):
        return f"{left} {right}"
    return left + right


CN_NUMERALS = "〇零一二三四五六七八九十百"
HEADING = re.compile(rf"^(?:[{CN_NUMERALS}]+、|[（(][{CN_NUMERALS}]+[)）])[^。；]{{2,40}}$")


def is_heading(text: str) -> bool:
    """A numbered heading line such as 二、聚力… or （一）聚力… with no sentence in it."""
    return bool(HEADING.match(text))


def numeral_text(number: int) -> str:
    """2 → 二, 11 → 十一, 23 → 二十三: the inverse of chinese_numeral (below 100)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, ones = divmod(number, 10)
    return f"{digits[tens] if tens > 1 else ''}十{digits[ones] if ones else ''}"


def chinese_numeral(text: str) -> int:
    """二 → 2, 十一 → 11, 二十三 → 23 (enough for chapter and section numbers)."""
    digits = {
        "〇": 0,
        "零": 0,
        "一": 1,
        "二": 2,
        "两": 2,
        "三": 3,
        "四": 4,
        "五": 5,
        "六": 6,
        "七": 7,
        "八": 8,
        "九": 9,
    }
    if not text:
        raise ValueError("empty numeral")
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    value = 0
    for ch in text:
        value = value * 10 + digits[ch]
    return value
