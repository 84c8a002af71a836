"""What the administrator decided in the preview, checked against what the preview offered.

The preview lists what the parser was unsure of: new unit names (send to an existing unit
or create), lead officials the district does not know (send to an existing one or create),
each item's units with their host / co role (inferred ones first), lines placed nowhere
(attach to an item or ignore), unknown table columns, and errors that block confirmation.
The browser sends choices as form fields; nothing it sends is trusted: a name the preview
did not list, an id of another district's row or a role that does not exist is dropped.
The import applies exactly these decisions, so the import equals the preview.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .parsing.tables import column_role

ROLES = ("host", "co")
COLUMN_ROLES = ("number", "text", "title", "lead", "host", "co", "units", "deadline", "other", "ignore")
IGNORE = "ignore"


@dataclass
class Decisions:
    units: dict[str, int] = field(default_factory=dict)  # name as written -> existing unit id
    officials: dict[str, int] = field(default_factory=dict)  # name as written -> existing official id
    roles: dict[str, dict[str, str]] = field(default_factory=dict)  # "task:3" -> unit name -> host/co
    unplaced: dict[str, str] = field(default_factory=dict)  # line number -> "task:3" / "ignore"
    columns: dict[str, str] = field(default_factory=dict)  # header as written -> column role
    accepted: bool = False  # the errors were read and accepted

    @classmethod
    def load(cls, data: dict[str, Any] | None) -> Decisions:
        """From what is stored on the run (already checked when it was stored)."""
        data = data or {}
        return cls(
            units={str(k): int(v) for k, v in (data.get("units") or {}).items()},
            officials={str(k): int(v) for k, v in (data.get("officials") or {}).items()},
            roles={
                str(k): {str(n): str(r) for n, r in v.items()} for k, v in (data.get("roles") or {}).items()
            },
            unplaced={str(k): str(v) for k, v in (data.get("unplaced") or {}).items()},
            columns={str(k): str(v) for k, v in (data.get("columns") or {}).items()},
            accepted=bool(data.get("accepted")),
        )

    def dump(self) -> dict[str, Any]:
        return {
            "units": self.units,
            "officials": self.officials,
            "roles": self.roles,
            "unplaced": self.unplaced,
            "columns": self.columns,
            "accepted": self.accepted,
        }

    def role(self, item_key: str, unit_name: str) -> str | None:
        return self.roles.get(item_key, {}).get(unit_name)

    def attached(self) -> dict[str, list[int]]:
        """Item key -> the unplaced line numbers attached to it, in line order."""
        out: dict[str, list[int]] = {}
        for line, target in sorted(self.unplaced.items(), key=lambda pair: int(pair[0])):
            if target != IGNORE:
                out.setdefault(target, []).append(int(line))
        return out


def item_key(kind: str, number: int) -> str:
    return f"{kind}:{number}"


def from_form(post, preview: dict[str, Any], *, units: set[int], officials: set[int]) -> Decisions:
    """Read the preview form's fields, keeping only choices the preview offered.

    ``units`` and ``officials`` are the ids of the plan's district: an id from elsewhere
    is dropped, never applied. Fields: ``map:<name>`` (unit), ``official:<name>``,
    ``role:<item key>:<unit name>``, ``line:<n>``, ``column:<header>``, ``accept``.
    """
    new_units = {u["name"] for u in preview.get("units_new", []) + preview.get("units_mapped", [])}
    new_officials = set(preview.get("officials_new", [])) | {
        o["name"] for o in preview.get("officials_mapped", [])
    }
    rows = {row["key"]: {u["name"]: u["parsed"] for u in row["units"]} for row in preview.get("rows", [])}
    lines = {str(u["line"]) for u in preview.get("unplaced", []) + preview.get("attached", [])}
    headers = {c["name"] for c in preview.get("columns", [])}
    decisions = Decisions(accepted=post.get("accept") == "1")
    for key, value in post.items():
        kind, _, rest = key.partition(":")
        if kind == "map" and rest in new_units and str(value).isdigit() and int(value) in units:
            decisions.units[rest] = int(value)
        elif (
            kind == "official" and rest in new_officials and str(value).isdigit() and int(value) in officials
        ):
            decisions.officials[rest] = int(value)
        elif kind == "role" and value in ROLES:
            item, _, unit = rest.rpartition(":")
            parsed = rows.get(item, {}).get(unit)
            if parsed is not None and parsed != value:  # only a change is a decision
                decisions.roles.setdefault(item, {})[unit] = value
        elif kind == "line" and rest in lines and (value == IGNORE or value in rows):
            decisions.unplaced[rest] = value
        elif (
            kind == "column"
            and rest in headers
            and value in COLUMN_ROLES
            and value != (column_role(rest) or "other")  # only a change is a decision
        ):
            decisions.columns[rest] = value
    return decisions
