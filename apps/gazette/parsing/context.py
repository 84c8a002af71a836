"""The one object a parse carries through its stages: what it noticed, what it could not read.

Warnings are things handled (a glued line split, a trailing 等 dropped); errors are things
that may have lost data (a task number never found) and must block confirmation until an
administrator resolves or accepts them; unplaced lines are shown, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import ParseWarning, Unplaced


@dataclass
class ParseContext:
    warnings: list[ParseWarning] = field(default_factory=list)
    errors: list[ParseWarning] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)

    def warn(self, line: int, message: str, text: str = "") -> None:
        self.warnings.append(ParseWarning(line, message, text))

    def error(self, line: int, message: str, text: str = "") -> None:
        self.errors.append(ParseWarning(line, message, text))

    def unplace(self, line: int, text: str, reason: str) -> None:
        self.unplaced.append(Unplaced(line, text, reason))
