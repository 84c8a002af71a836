"""Inferring host units (主办) where the notice's bold type was lost in extraction.

The rule (PRODUCT.md): the first listed unit hosts; where several lead officials are
named, so does, for each of them, the first listed unit he supervises according to
the division-of-labour notice. Groups (各镇街 …) never host when a real unit is listed.
Works on any hashable unit key, so the parser can run it on names and the importer on
database ids.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence


def infer_hosts[K: Hashable](
    units: Sequence[K],
    lead_officials: Sequence[str],
    supervises: Mapping[str, set[K]],
    is_group: Callable[[K], bool],
) -> list[K]:
    candidates = [u for u in units if not is_group(u)] or list(units)
    if not candidates:
        return []
    hosts = [candidates[0]]
    if len(lead_officials) > 1:
        for official in lead_officials:
            supervised = supervises.get(official, set())
            first = next((u for u in candidates if u in supervised), None)
            if first is not None and first not in hosts:
                hosts.append(first)
    return hosts
