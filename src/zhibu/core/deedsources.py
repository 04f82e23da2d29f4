"""A registry of records in other apps that count as a member's practical deed (办实事).

The report asks that work no performance indicator measures — packing graduates' belongings, helping a
graduate find a job, visiting enterprises — count as "为群众办实事、党员干实事". The deeds ledger lives
in `assessment`, above the record apps, which must not import it; so a record app registers here what
it can offer, and `assessment` turns each row into a deed that links back to its record.

    from zhibu.core import deedsources

    deedsources.register(deedsources.DeedSource(
        kind="gradmail.shift", label="毕业寄志愿服务", category="gradmail",
        rows=lambda *, under, start, end: [DeedRow(...), ...],
    ))

`rows(under=PATH, start=DATE, end=DATE)` returns the deeds of members of the organisations in the subtree
at the materialised path `under`, dated within [start, end], in a bounded number of queries. `source_id`
is unique within the kind and stable, so that syncing twice creates nothing new. `category` is one of
the deed categories of `assessment` (service, teaching, employment, gradmail, volunteering, other).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DeedRow:
    source_id: int
    member_id: int
    org_id: int
    date: dt.date
    title: str
    hours: Decimal = Decimal(0)
    beneficiaries: int = 0
    beneficiary_note: str = ""
    url: str = ""


@dataclass(frozen=True)
class DeedSource:
    kind: str
    label: str
    category: str
    rows: Callable[..., list[DeedRow]]


_SOURCES: dict[str, DeedSource] = {}


def register(source: DeedSource) -> None:
    """Add (or replace) the source of one record type."""
    _SOURCES[source.kind] = source


def sources() -> list[DeedSource]:
    return list(_SOURCES.values())


def source(kind: str) -> DeedSource | None:
    return _SOURCES.get(kind)
