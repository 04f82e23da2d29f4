"""A registry of record types that can serve as evidence for a work-method case.

Record apps (meetings, cobuild, careers, assessment …) sit below `methods` and must not import it, so the
registry lives here: an app registers its record type in its `AppConfig.ready()`, and `methods` lists a
branch's records through it without knowing the app.

    from zhibu.core import evidence

    evidence.register(evidence.Source(
        kind="meeting", label="组织生活",
        records=lambda org_path, ids=None, q="", limit=200: [...],   # EvidenceRecord list, newest first
    ))

`records(org_path, ids=…, q=…, limit=…)` returns the records owned by the organisation at `org_path`
(its own and its groups'; for meetings also those it co-hosted): `ids` restricts to those ids (to check
that chosen records are the branch's own), `q` filters by title. It must run a bounded number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class EvidenceRecord:
    kind: str
    id: int
    date: dt.date | None
    title: str
    summary: str = ""
    url: str = ""


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    records: Callable[..., list[EvidenceRecord]]


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add (or replace) the source of one record type."""
    _SOURCES[source.kind] = source


def sources() -> list[Source]:
    return list(_SOURCES.values())


def source(kind: str) -> Source | None:
    return _SOURCES.get(kind)


def label(kind: str) -> str:
    s = _SOURCES.get(kind)
    return s.label if s else kind


def records_for(org_path: str, *, kinds: Iterable[str] | None = None, q: str = "",
                limit: int = 200) -> list[EvidenceRecord]:
    """A branch's records of every registered type (or of `kinds`), newest first."""
    found: list[EvidenceRecord] = []
    for s in sources():
        if kinds is not None and s.kind not in kinds:
            continue
        found.extend(s.records(org_path, q=q, limit=limit))
    return sorted(found, key=lambda r: (r.date or dt.date.min, r.id), reverse=True)
