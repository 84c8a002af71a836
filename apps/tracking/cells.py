"""Making a text safe to put in an exported cell (xlsx, csv) or a Word paragraph.

Formula injection (CSV/DDE injection) is an MLPS review item: a spreadsheet treats a
cell that starts with = + - @ (or with a tab or carriage return before one) as a
formula, so a progress report typed as ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0``
would run on the office's machines when the ledger is opened. Every export writes its
texts through this module so the rule lives in one place:

- CSV has no types: such a text gets a leading single quote, which Excel and WPS
  read as "this is text" (the OWASP recommendation); the text itself is kept.
- xlsx has types: the text is kept unchanged, stored as a string (never a ``<f>``
  formula element) and marked with the quote-prefix style, so Excel also keeps it as
  text when someone edits the cell.
- Word never evaluates a run's text (only field codes, which the bulletin never
  writes), so a paragraph only needs the characters XML cannot carry removed.

Control characters other than tab, newline and carriage return are not allowed in
XML at all; openpyxl and python-docx refuse them, which would fail the whole export
because of one pasted character, so they are dropped.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def formula_like(value) -> bool:
    """True when a spreadsheet would read ``value`` as a formula (or as one after a tab / CR)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def plain_text(value: str) -> str:
    """``value`` without the control characters XML cannot hold (for xlsx and docx)."""
    return XML_ILLEGAL.sub("", value)


def csv_text(value) -> str:
    """One CSV field: None is empty, a formula-like text gets a leading quote."""
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if formula_like(text) else text


def sheet_write(cell, value):
    """Put ``value`` into an openpyxl cell, never as a formula; returns the cell."""
    if isinstance(value, str):
        value = plain_text(value)
    cell.value = value
    if formula_like(value):
        # openpyxl turns any string starting with "=" into a formula; force a string
        # and add the quote prefix so Excel/WPS keep it as text when it is edited.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
