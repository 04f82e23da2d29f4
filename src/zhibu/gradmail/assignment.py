"""Putting registrations on packing shifts: pure computation, no database.

Every registration must go to a shift of its own building, on a date within its preferred range, and no
shift may take more registrations than it has places left. Within one building this is matching intervals
(the preferred dates) to points (the shifts) with capacities, and the earliest-deadline-first sweep is
optimal for it: walk the building's shifts in time order; each shift takes, among the registrations whose
range has begun and not ended, those whose range ends soonest. A registration passed over by every shift
of its range can only be one whose every possible shift was filled by registrations with no later
deadline, so no other choice places more. O(n log n) per building.

What cannot be placed gets a reason: no shift in its building at all, none within its dates, or all of
those full.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Need:
    """A registration waiting for a shift."""

    id: int
    building: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Place:
    """A shift with `free` places left."""

    id: int
    building: str
    date: dt.date
    order: int  # the slot's order within the day
    free: int


NO_BUILDING, NO_DATES, FULL = "no_building", "no_dates", "full"
REASON_LABELS = {
    NO_BUILDING: "所在楼栋没有安排班次",
    NO_DATES: "意向日期内所在楼栋没有班次",
    FULL: "意向日期内所在楼栋的班次已满",
}


@dataclass
class Outcome:
    placed: dict[int, int] = field(default_factory=dict)  # need id → place id
    unplaced: dict[int, tuple[str, str]] = field(default_factory=dict)  # need id → (code, message)

    def reason_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for code, _ in self.unplaced.values():
            counts[code] += 1
        return dict(counts)


def _day(d: dt.date) -> str:
    return f"{d.month}月{d.day}日"


def assign(needs: Iterable[Need], places: Iterable[Place],
           progress: Callable[[int, int], None] | None = None) -> Outcome:
    by_building_needs: dict[str, list[Need]] = defaultdict(list)
    for n in needs:
        by_building_needs[n.building].append(n)
    by_building_places: dict[str, list[Place]] = defaultdict(list)
    for p in places:
        by_building_places[p.building].append(p)

    out = Outcome()
    total = sum(len(v) for v in by_building_needs.values())
    done = 0
    if progress:
        progress(0, total)
    for building, group in sorted(by_building_needs.items()):
        shifts = sorted(by_building_places.get(building, []), key=lambda p: (p.date, p.order, p.id))
        group.sort(key=lambda n: (n.start, n.end, n.id))
        if not shifts:
            for n in group:
                out.unplaced[n.id] = (NO_BUILDING, f"楼栋“{building}”没有安排班次")
        else:
            _sweep(group, shifts, out)
            dates = [s.date for s in shifts]
            for n in group:
                if n.id in out.placed:
                    continue
                lo, hi = bisect.bisect_left(dates, n.start), bisect.bisect_right(dates, n.end)
                window = f"意向日期{_day(n.start)}至{_day(n.end)}"
                if lo == hi:
                    out.unplaced[n.id] = (NO_DATES, f"{window}内楼栋“{building}”没有班次")
                else:
                    out.unplaced[n.id] = (FULL, f"{window}内楼栋“{building}”的{hi - lo}个班次已满")
        done += len(group)
        if progress:
            progress(done, total)
    return out


def _sweep(group: list[Need], shifts: list[Place], out: Outcome) -> None:
    waiting: list[tuple[dt.date, int, Need]] = []
    i = 0
    for s in shifts:
        while i < len(group) and group[i].start <= s.date:
            n = group[i]
            heapq.heappush(waiting, (n.end, n.id, n))
            i += 1
        while waiting and waiting[0][0] < s.date:
            heapq.heappop(waiting)  # its range is over: it stays unplaced
        free = s.free
        while free > 0 and waiting:
            _, _, n = heapq.heappop(waiting)
            out.placed[n.id] = s.id
            free -= 1
