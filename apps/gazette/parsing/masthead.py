"""The formal parts of a notice: its document number, issuer and signature date."""

from __future__ import annotations

import datetime as dt
import re

from .context import ParseContext
from .text import (
    CN_NUMERALS,
    Line,
    chinese_numeral,
    strip_spaces,
)

NAME = r"[\u4e00-\u9fff]{2,3}"
DOC_NUMBER = re.compile(
    # 济兖政发〔2024〕1号 (city and district), 泗政发〔2025〕3号 (a county on its own)
    r"^[（(]?(?:(?P<city>[\u4e00-\u9fff])(?P<district>[\u4e00-\u9fff])|(?P<own>[\u4e00-\u9fff]))"
    r"(?P<org>政发|政字|政办发|政办字)[〔\[［【](?P<year>\d{4})[〕\]］】]第?(?P<no>\d+)号[)）]?$"
)
DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
CN_DATE = re.compile(rf"^([{CN_NUMERALS}]{{4}})年([{CN_NUMERALS}]{{1,2}})月([{CN_NUMERALS}]{{1,3}})日$")


def doc_number(lines: list[Line], *, district: str, city: str, ctx: ParseContext) -> tuple[str, str, int]:
    """(corrected number, number as printed, line) of the first document number in ``lines``."""
    for line in lines[:6]:
        compact = strip_spaces(line.text)
        match = DOC_NUMBER.match(compact)
        if not match:
            continue
        printed = compact.strip("（）()")
        corrected = printed
        if match["own"]:
            return printed, printed, line.no
        if district and match["district"] != district[0]:
            corrected = f"{match['city']}{district[0]}{printed[2:]}"
            ctx.warn(
                line.no, f"文号“{printed}”疑为“{corrected}”之误（提取错字），已按{district}更正", line.text
            )
        if city and match["city"] != city[0]:
            ctx.warn(line.no, f"文号“{printed}”的城市简称与{city}不符，请核对", line.text)
        return corrected, printed, line.no
    return "", "", 0


def signature_date(lines: list[Line], issuers: tuple[str, ...]) -> tuple[int, dt.date | None]:
    """(index of the signature line, its date) — the notice ends at its signature.

    The date is written 2024年1月12日 or 二〇二四年一月十二日.
    """
    for index, line in enumerate(lines):
        if strip_spaces(line.text) in issuers and index + 1 < len(lines):
            following = strip_spaces(lines[index + 1].text)
            match = DATE.match(following) or CN_DATE.match(following)
            if match:
                return index, date_from_match(match)
    return -1, None


def issuers(city: str, district: str) -> tuple[str, ...]:
    return (f"{city}{district}人民政府", f"{district}人民政府", f"{city}{district}人民政府办公室")


def date_from_match(match: re.Match[str]) -> dt.date:
    parts = []
    for group in match.groups():
        if group.isdigit():
            parts.append(int(group))
        elif len(group) == 4:
            parts.append(int("".join(str(chinese_numeral(ch)) for ch in group)))
        else:
            parts.append(chinese_numeral(group))
    return dt.date(*parts)
