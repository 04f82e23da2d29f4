"""Points (积分): computed from the records under the rules in force for the year, never typed in.

Quantities per member come from grouped SQL queries, one per family of records, whatever the number of
members: the member list, attendance at 三会一课 (through meetings' selectors), confirmed deeds' hours,
co-building outcomes the member registered (through cobuild's selectors), badge pledges. Python only
multiplies by the rule's points and applies the yearly cap:

    rule total = quantity × points, then at most `cap` (a deduction: at least −cap)

The ledger (`points_ledger`) lists every record behind a member's points in date order with the rule it
falls under; a record that would pass the cap gets only what is left (marked "capped"), later ones 0.
Its lines add up to the total that `points_totals` computes for the same member.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from zhibu.cobuild import selectors as cobuild_selectors
from zhibu.core.paths import PathRange, path_successor, subtree_q
from zhibu.meetings import selectors as meeting_selectors
from zhibu.orgs.models import Member

from .defaults import default_rules
from .models import BadgePledge, Deed, PointRule

Kind = PointRule.Kind
ZERO = Decimal(0)
PARTY_STATUSES = (Member.Status.FULL, Member.Status.PROBATIONARY)
MEETING_KINDS = PointRule.MEETING_KINDS
STATUS_PRESENT, STATUS_ABSENT, STATUS_LEAVE = "present", "absent", "leave"


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def rules_for_year(year: int) -> dict[str, PointRule]:
    """The rule in force for each kind in `year` (one query)."""
    rules: dict[str, PointRule] = {}
    found = list(PointRule.objects.filter(enabled=True, year_from__lte=year).order_by("year_from", "id"))
    if not found and not PointRule.objects.exists():
        found = default_rules()
    for rule in found:
        if rule.year_to is None or rule.year_to >= year:
            rules[rule.kind] = rule
    return rules


@dataclass
class RuleTotal:
    kind: str
    label: str
    quantity: Decimal = ZERO
    raw: Decimal = ZERO
    points: Decimal = ZERO

    @property
    def capped(self) -> bool:
        return self.raw != self.points


# Totals add up in integer thousandths of a point (points have two decimals, hours one): exact and fast
# over tens of thousands of members; Decimals are made only for what is shown.
SCALE = 1000


def _milli(value: Decimal) -> int:
    return int(value * SCALE)


def _points(milli: int) -> Decimal:
    return (Decimal(milli) / SCALE).quantize(Decimal("0.01"))


class MemberPoints:
    """A member's year: total, rank in their branch and, per rule kind, (quantity, raw, counted) in thousandths."""

    __slots__ = ("member_id", "name", "org_id", "org_path", "status", "total_milli", "parts", "rank", "branch_size",
                 "_labels", "_rules")

    def __init__(self, member_id: int, name: str, org_id: int, org_path: str, status: str, labels=None):
        self.member_id, self.name, self.org_id, self.org_path, self.status = member_id, name, org_id, org_path, status
        self.total_milli, self.parts, self.rank, self.branch_size = 0, {}, 0, 0
        self._labels, self._rules = labels or {}, None

    @property
    def total(self) -> Decimal:
        return _points(self.total_milli)

    @property
    def rules(self) -> dict[str, RuleTotal]:
        if self._rules is None:
            self._rules = {k: RuleTotal(kind=k, label=self._labels.get(k, k), quantity=q, raw=_points(raw),
                                        points=_points(counted)) for k, (q, raw, counted) in self.parts.items()}
        return self._rules


def _quantities(*, under: str, year: int) -> dict[str, dict[int, int | Decimal]]:
    """{rule kind: {member id: quantity}}: a grouped query per family of records."""
    start, end = year_bounds(year)
    qty: dict[str, dict[int, int | Decimal]] = {k: {} for k in Kind.values}
    for row in meeting_selectors.attendance_counts_by_member(under=under, start=start, end=end, kinds=MEETING_KINDS):
        member_id = row[0]
        for kind, n in zip(MEETING_KINDS, row[1:-1], strict=True):
            if n:
                qty[kind][member_id] = n
        if row[-1]:
            qty[Kind.ABSENCE][member_id] = row[-1]
    qty[Kind.DEED_HOUR] = dict(
        Deed.objects.filter(subtree_q("org_path", under), status=Deed.Status.CONFIRMED, date__gte=start,
                            date__lte=end).values("member_id").annotate(h=Sum("hours")).order_by()
        .values_list("member_id", "h"))
    qty[Kind.COBUILD_OUTCOME] = cobuild_selectors.outcome_counts_by_registrar(under=under, start=start, end=end)
    qty[Kind.BADGE_PLEDGE] = dict.fromkeys(
        BadgePledge.objects.filter(subtree_q("org_path", under), year=year).values_list("member_id", flat=True), 1)
    return qty


def points_totals(*, under: str | PathRange, year: int, statuses=PARTY_STATUSES) -> list[MemberPoints]:
    """Every party member of the subtree with their year's points by rule, total and rank in their branch;
    ordered by branch, then rank. Six queries whatever the subtree's size."""
    rules = rules_for_year(year)
    labels = {k: r.label for k, r in rules.items()}
    result = {m[0]: MemberPoints(*m, labels=labels) for m in Member.objects.filter(
        subtree_q("org_path", under), status__in=list(statuses)).values_list("id", "name", "org_id", "org_path", "status")}
    quantities = _quantities(under=under, year=year)
    quantities[Kind.BASE] = dict.fromkeys(result, 1)
    for kind, rule in rules.items():
        per_point, cap = _milli(rule.points), (_milli(rule.cap) if rule.cap is not None else None)
        for member_id, quantity in quantities.get(kind, {}).items():
            mp = result.get(member_id)
            if mp is None or not quantity:
                continue
            raw = (_milli(quantity) * per_point // SCALE) if isinstance(quantity, Decimal) else quantity * per_point
            counted = raw if cap is None else (max(raw, -cap) if raw < 0 else min(raw, cap))
            mp.parts[kind] = (quantity, raw, counted)
            mp.total_milli += counted
    by_branch: dict[int, list[MemberPoints]] = defaultdict(list)
    for mp in result.values():
        by_branch[mp.org_id].append(mp)
    ordered = []
    for branch_rows in by_branch.values():
        branch_rows.sort(key=lambda r: (-r.total_milli, r.name, r.member_id))
        previous, rank = None, 0
        for i, row in enumerate(branch_rows, start=1):
            if row.total_milli != previous:
                rank, previous = i, row.total_milli
            row.rank, row.branch_size = rank, len(branch_rows)
        ordered.extend(branch_rows)
    ordered.sort(key=lambda r: (r.org_path, r.rank, r.name, r.member_id))
    return ordered


class PointsRanking:
    """A subtree's ranking for a year (the order of `points_totals`), computed a page at a time.

    `len()` is one grouped COUNT of party members per organisation. A slice computes only the organisations
    it covers, whole (a rank needs all of a branch): they are consecutive in path order, so they are one
    `PathRange` and one `points_totals` call, seven queries in all, whatever the size of the subtree. Django's
    Paginator and the API's pagination take it as they take a list.
    """

    def __init__(self, *, under: str, year: int, statuses=PARTY_STATUSES):
        self.under, self.year, self.statuses = under, year, tuple(statuses)
        self._groups: list[tuple[str, int]] | None = None

    @property
    def groups(self) -> list[tuple[str, int]]:
        """(organisation path, party members there) in path order."""
        if self._groups is None:
            self._groups = list(
                Member.objects.filter(subtree_q("org_path", self.under), status__in=list(self.statuses))
                .values("org_path").annotate(n=Count("id")).order_by("org_path").values_list("org_path", "n"))
        return self._groups

    def __len__(self) -> int:
        return sum(n for _, n in self.groups)

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if isinstance(index, int):
            rows = self[index : index + 1] if index >= 0 else self[len(self) + index : len(self) + index + 1]
            if not rows:
                raise IndexError(index)
            return rows[0]
        start, stop, _ = index.indices(len(self))
        if start >= stop:
            return []
        first = stop_path = None
        offset = first_offset = 0
        for path, n in self.groups:
            if offset >= stop:
                stop_path = path
                break
            if first is None and offset + n > start:
                first, first_offset = path, offset
            offset += n
        rows = points_totals(under=PathRange(first, stop_path or path_successor(self.under)), year=self.year,
                             statuses=self.statuses)
        return rows[start - first_offset : stop - first_offset]


def member_points(*, member: Member, year: int) -> MemberPoints:
    """One member's total and rank in their branch (computed over the branch: rank needs the others)."""
    for row in points_totals(under=member.org_path, year=year, statuses=(member.status, *PARTY_STATUSES)):
        if row.member_id == member.pk:
            return row
    return MemberPoints(member.pk, member.name, member.org_id, member.org_path, member.status)


# --- the ledger -----------------------------------------------------------------------------------


@dataclass
class LedgerLine:
    date: dt.date | None
    kind: str
    rule_label: str
    rule_code: str
    record: str
    record_url: str
    quantity: Decimal
    unit: str
    points: Decimal = ZERO
    capped: bool = False
    note: str = ""


@dataclass
class Ledger:
    year: int
    lines: list[LedgerLine]
    totals: list[RuleTotal]
    total: Decimal
    rules: dict[str, PointRule]


def points_ledger(*, member: Member, year: int) -> Ledger:
    """Every point of `member` in `year`: which record, which rule, capped or not. Five queries."""
    rules = rules_for_year(year)
    start, end = year_bounds(year)
    lines: list[LedgerLine] = []

    def add(kind: str, date, record: str, url: str, quantity, note: str = "") -> None:
        rule = rules.get(kind)
        if rule is None:
            lines.append(LedgerLine(date, kind, "（本年度无此规则）", "", record, url, Decimal(quantity), "",
                                    note=note or "不计分"))
            return
        lines.append(LedgerLine(date, kind, rule.label, rule.code, record, url, Decimal(quantity), rule.unit,
                                points=(Decimal(quantity) * rule.points).quantize(Decimal("0.01")), note=note))

    if member.status in PARTY_STATUSES:
        add(Kind.BASE, None, f"{year}年度在册党员", "", 1)
    for a in meeting_selectors.attendance_for_member(member_id=member.pk, start=start, end=end, kinds=MEETING_KINDS):
        m = a.meeting
        when = timezone.localtime(m.starts_at).date()
        title = f"{m.get_kind_display()}：{m.title}"
        if a.status == STATUS_PRESENT:
            add(m.kind, when, title, m.get_absolute_url(), 1)
        elif a.status == STATUS_ABSENT:
            add(Kind.ABSENCE, when, title, m.get_absolute_url(), 1, note="缺席，未请假")
        else:
            lines.append(LedgerLine(when, "leave", "请假", "", title, m.get_absolute_url(), Decimal(1), "次",
                                    note=f"请假（{a.reason}），不计分、不扣分"))
    for d in Deed.objects.filter(member=member, date__gte=start, date__lte=end).order_by("date", "id"):
        if d.is_confirmed:
            add(Kind.DEED_HOUR, d.date, f"办实事：{d.title}", d.get_absolute_url(), d.hours,
                note=d.get_confirmed_via_display())
        else:
            lines.append(LedgerLine(d.date, Kind.DEED_HOUR, "办实事（待确认）", "", f"办实事：{d.title}",
                                    d.get_absolute_url(), d.hours, "小时", note="尚未确认，确认后计分"))
    for o in cobuild_selectors.outcomes_registered_by(user_id=member.user_id, start=start, end=end):
        add(Kind.COBUILD_OUTCOME, o.occurred_on, f"共建成果：{o.title}", o.partnership.get_absolute_url(), 1)
    if BadgePledge.objects.filter(member=member, year=year).exists():
        add(Kind.BADGE_PLEDGE, None, f"{year}年度戴党徽、亮身份承诺", "", 1)

    lines.sort(key=lambda ln: (ln.date or dt.date(year, 1, 1), ln.kind))
    running: dict[str, Decimal] = defaultdict(lambda: ZERO)
    totals: dict[str, RuleTotal] = {}
    for line in lines:
        rule = rules.get(line.kind)
        if rule is None or not line.rule_code:
            continue
        t = totals.setdefault(line.kind, RuleTotal(kind=line.kind, label=rule.label))
        t.quantity += line.quantity
        t.raw += line.points
        if rule.cap is not None:
            room = (rule.cap - abs(running[line.kind]))
            if abs(line.points) > room:
                line.points = room if line.points > 0 else -room
                line.capped = True
                line.note = (line.note + "；" if line.note else "") + f"已达年度上限{rule.cap.normalize():f}分"
        running[line.kind] += line.points
        t.points += line.points
    order = {k: i for i, k in enumerate(Kind.values)}
    return Ledger(year=year, lines=lines, totals=sorted(totals.values(), key=lambda t: order.get(t.kind, 99)),
                  total=sum((t.points for t in totals.values()), ZERO), rules=rules)

