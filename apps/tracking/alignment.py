"""A notice's item beside the work report's passage it came from, differences marked.

Plain Python (no Django): the gazette parser uses ``merged_edits`` too, when it lists the
differences between notice and report.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher


def merged_edits(opcodes):
    """Join two edits separated by a single equal character: one change, not two."""
    out = []
    for op in opcodes:
        if (
            len(out) >= 2
            and op[0] != "equal"
            and out[-1][0] == "equal"
            and out[-1][2] - out[-1][1] <= 1
            and out[-2][0] != "equal"
        ):
            _, a1, _, b1, _ = out[-2]
            out[-2:] = [("replace", a1, op[2], b1, op[4])]
        else:
            out.append(op)
    return out


def side_by_side(report_text: str, notice_text: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both texts cut into (piece, differs) runs, for showing them side by side with marks."""
    report, notice = re.sub(r"\s+", "", report_text), re.sub(r"\s+", "", notice_text)
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for tag, a1, a2, b1, b2 in merged_edits(
        SequenceMatcher(None, report, notice, autojunk=False).get_opcodes()
    ):
        if report[a1:a2]:
            left.append((report[a1:a2], tag != "equal"))
        if notice[b1:b2]:
            right.append((notice[b1:b2], tag != "equal"))
    return left, right
