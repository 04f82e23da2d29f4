"""Standardisation rules as data, and the engine that checks the records against them.

A `Rule` says what 《中国共产党支部工作条例（试行）》 (or a local rule) requires of which organisations:
kinds and categories, a period, a minimum count, an optional attendance threshold, effective dates
and a citation. Admins edit rules here (`rule_update`, `rule_create`), with history.

The engine (`compliance_compute`) takes a set of branches and a run of months and returns, per
branch × rule × period slot, what is required, what was done and a status:

    met       done ≥ required
    open      the current slot, not met yet: there is still time
    missing   a slot that has closed without enough

Slots that have not started are not counted, nor slots that close while the rule is not in force or
before the branch was established. Checks of the present state (committee size, term, branch size)
have one slot, today.

Everything is counted in the database: one grouped query per family of rules over all the branches
at once, by host and by month or slot in the configured time zone (Beijing time: a meeting at 23:30
on 31 March belongs to March, one at 00:10 on 1 April to April). The number of queries depends on the
rules, never on the number of branches or meetings; Python only adds up the grouped rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.paths import subtree_q
from zhibu.orgs.models import Member, Org, Position

from .models import Attendance, Meeting, MeetingKind, Rule

MET, OPEN, MISSING = "met", "open", "missing"
STATUS_LABELS = {MET: "达标", OPEN: "进行中", MISSING: "未达标"}
# Worst first: a branch, a month or a rule takes the worst status among its parts.
STATUS_ORDER = {MISSING: 0, OPEN: 1, MET: 2}

COMMITTEE_KINDS = (Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY, Position.Kind.COMMITTEE_MEMBER)
PARTY_STATUSES = (Member.Status.FULL, Member.Status.PROBATIONARY)
# A branch "has a committee" from three office holders: below that it has a secretary (and a deputy).
COMMITTEE_MIN_SIZE = 3

PERIOD_MONTHS = {Rule.Period.MONTH: 1, Rule.Period.QUARTER: 3, Rule.Period.HALF_YEAR: 6, Rule.Period.YEAR: 12}
PERIOD_WORDS = {Rule.Period.MONTH: "本月", Rule.Period.QUARTER: "本季度", Rule.Period.HALF_YEAR: "本半年",
                Rule.Period.YEAR: "本年度"}
QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}

# The parameters each check understands, with their types; the form and `rule_validate` check them.
PARAMETERS: dict[str, dict[str, type]] = {
    Rule.Check.MEETING_COUNT: {"per_group": bool, "requires_committee": bool, "count_co_hosted": bool},
    Rule.Check.TALK_COVERAGE: {},
    Rule.Check.COMMITTEE_REQUIRED: {"min_full_members": int, "min_size": int, "max_size": int},
    Rule.Check.TERM_EXPIRY: {"term_years": int, "warn_days": int},
    Rule.Check.BRANCH_SIZE: {"max_members": int},
}
PERIODIC_CHECKS = (Rule.Check.MEETING_COUNT, Rule.Check.TALK_COVERAGE)


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=local_tz())


def month_add(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


# --- periods and slots ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A run of whole months, `first` to `last` (each the first day of its month)."""

    first: dt.date
    last: dt.date

    MAX_MONTHS = 36

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 1))

    @classmethod
    def between(cls, first: dt.date, last: dt.date) -> Period:
        first, last = first.replace(day=1), last.replace(day=1)
        if last < first:
            raise ValidationError("结束月份不能早于开始月份")
        if (last.year - first.year) * 12 + last.month - first.month >= cls.MAX_MONTHS:
            raise ValidationError(f"一次最多检查{cls.MAX_MONTHS}个月")
        return cls(first, last)

    @property
    def months(self) -> list[dt.date]:
        out, m = [], self.first
        while m <= self.last:
            out.append(m)
            m = month_add(m, 1)
        return out

    @property
    def end(self) -> dt.date:
        """The last day of the last month."""
        return month_add(self.last, 1) - dt.timedelta(days=1)

    @property
    def is_year(self) -> bool:
        return self.first.month == 1 and self.last == self.first.replace(month=12)

    @property
    def label(self) -> str:
        if self.is_year:
            return f"{self.first.year}年"
        if self.first == self.last:
            return f"{self.first.year}年{self.first.month}月"
        return f"{self.first.year}年{self.first.month}月至{self.last.year}年{self.last.month}月"


@dataclass(frozen=True, slots=True)
class Slot:
    """One period of a rule: a month, a quarter, a half-year, a year (or today, for checks of the state)."""

    key: str
    label: str
    start: dt.date
    end: dt.date  # inclusive
    months: tuple[dt.date, ...]

    @property
    def short_label(self) -> str:
        """3月, 第二季度, 上半年: the label without its year (a whole year keeps it)."""
        return self.label[5:] if len(self.label) > 5 and self.label[4] == "年" else self.label


def _slot(period_kind: str, start: dt.date) -> Slot:
    size = PERIOD_MONTHS[period_kind]
    months = tuple(month_add(start, i) for i in range(size))
    end = month_add(start, size) - dt.timedelta(days=1)
    y, m = start.year, start.month
    if period_kind == Rule.Period.MONTH:
        key, label = f"{y}-{m:02d}", f"{y}年{m}月"
    elif period_kind == Rule.Period.QUARTER:
        q = (m - 1) // 3 + 1
        key, label = f"{y}-Q{q}", f"{y}年{QUARTER_NAMES[q]}"
    elif period_kind == Rule.Period.HALF_YEAR:
        h = 1 if m <= 6 else 2
        key, label = f"{y}-H{h}", f"{y}年{'上' if h == 1 else '下'}半年"
    else:
        key, label = f"{y}", f"{y}年"
    return Slot(key, label, start, end, months)


def slots_for(period_kind: str, period: Period) -> list[Slot]:
    """The rule's slots that overlap the period, each whole (a quarter is counted in full)."""
    size = PERIOD_MONTHS[period_kind]
    starts = dict.fromkeys(m.replace(month=(m.month - 1) // size * size + 1) for m in period.months)
    return [_slot(period_kind, s) for s in starts]


def state_slot(today: dt.date) -> Slot:
    return Slot(today.isoformat(), f"截至{today.year}年{today.month}月{today.day}日", today, today, ())


# --- results --------------------------------------------------------------------------------------


@dataclass(slots=True)
class SlotResult:
    slot: Slot
    required: int
    done: int
    status: str
    held: int | None = None  # meetings held, including those short of the attendance threshold


class RuleResult:
    """A rule's result for one branch: the worst status of its slots, required and done added up over the
    slots (done counting at most `required` in each), and the slots themselves.

    A province's report holds millions of slots, so they are kept as parallel lists and turned into
    SlotResult objects only when someone reads `slots`."""

    __slots__ = ("rule", "status", "required", "done", "note", "_slots", "_required", "_done", "_statuses",
                 "_held", "_built")

    def __init__(self, rule: Rule, slots: list[Slot], required: list[int], done: list[int], statuses: list[str],
                 held: list[int] | None = None, note: str = "", measured: bool = False):
        self.rule, self.note = rule, note
        self._slots, self._required, self._done, self._statuses, self._held = slots, required, done, statuses, held
        self._built: list[SlotResult] | None = None
        self.status = MISSING if MISSING in statuses else OPEN if OPEN in statuses else MET
        self.required = sum(required)
        # A check of the state reports what it measured (members, committee size); periods are capped.
        self.done = sum(done) if measured else sum(map(min, done, required))

    @property
    def slots(self) -> list[SlotResult]:
        if self._built is None:
            held = self._held or [None] * len(self._slots)
            self._built = list(map(SlotResult, self._slots, self._required, self._done, self._statuses, held))
        return self._built

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def periodic(self) -> bool:
        return self.rule.check_type in PERIODIC_CHECKS


@dataclass(slots=True)
class BranchFacts:
    party_members: int = 0
    full_members: int = 0
    committee_size: int = 0
    groups: int = 0


@dataclass(slots=True)
class BranchResult:
    org: Org
    facts: BranchFacts
    results: dict[str, RuleResult]

    @property
    def status(self) -> str | None:
        return worst(r.status for r in self.results.values())

    def count(self, status: str) -> int:
        return sum(1 for r in self.results.values() if r.status == status)

    @property
    def missing_count(self) -> int:
        return self.count(MISSING)


@dataclass
class Compliance:
    period: Period
    now: dt.datetime
    rules: list[Rule]
    branches: list[BranchResult]

    @property
    def today(self) -> dt.date:
        return timezone.localtime(self.now, local_tz()).date()

    def summary(self) -> list[dict[str, Any]]:
        """Per rule: how many branches it binds, and how many of them met it, missed it, are still open."""
        rows = []
        for rule in self.rules:
            counts = {MET: 0, OPEN: 0, MISSING: 0}
            for b in self.branches:
                r = b.results.get(rule.code)
                if r is not None:
                    counts[r.status] += 1
            total = sum(counts.values())
            rows.append({"rule": rule, "total": total, **counts,
                         "met_pct": round(100 * counts[MET] / total) if total else None})
        return rows


def worst(statuses: Iterable[str]) -> str | None:
    return min(statuses, key=STATUS_ORDER.__getitem__, default=None)


# --- rules: reading and editing -------------------------------------------------------------------

RULE_FIELDS = [
    "code", "name", "check_type", "meeting_kind", "applies_to_kinds", "applies_to_categories", "period",
    "min_count", "attendance_threshold", "attendance_base", "parameters", "effective_from", "effective_to",
    "citation", "enabled",
]


CHECK_ORDER = [Rule.Check.MEETING_COUNT, Rule.Check.TALK_COVERAGE, Rule.Check.COMMITTEE_REQUIRED,
               Rule.Check.TERM_EXPIRY, Rule.Check.BRANCH_SIZE]


def rule_sort_key(rule: Rule) -> tuple:
    """三会一课 first, in the order of the meeting kinds, then talks, then the checks of the state."""
    kinds = MeetingKind.values
    return (CHECK_ORDER.index(rule.check_type) if rule.check_type in CHECK_ORDER else len(CHECK_ORDER),
            kinds.index(rule.meeting_kind) if rule.meeting_kind in kinds else len(kinds), rule.code)


def rules_enabled() -> list[Rule]:
    return sorted(Rule.objects.filter(enabled=True), key=rule_sort_key)


def can_edit_rules(user) -> bool:
    """Rules bind every organisation in the system, so only system administrators change them."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def rule_validate(rule: Rule) -> None:
    """What a rule must hold for the engine to read it; errors are keyed by field, in Chinese."""
    errors: dict[str, str] = {}
    if rule.check_type in PERIODIC_CHECKS:
        if not rule.meeting_kind:
            errors["meeting_kind"] = "按会议检查的规则须指定会议类型"
        if not rule.period:
            errors["period"] = "按会议检查的规则须指定周期"
    if rule.min_count < 1:
        errors["min_count"] = "最少次数至少为1"
    if rule.attendance_threshold is not None:
        if rule.check_type != Rule.Check.MEETING_COUNT:
            errors["attendance_threshold"] = "只有按会议次数检查的规则可以设出席比例"
        elif not (Decimal(0) < rule.attendance_threshold < Decimal(1)):
            errors["attendance_threshold"] = "出席比例须在0与1之间，如0.5表示须超过半数"
        elif not rule.attendance_base:
            errors["attendance_base"] = "设了出席比例，须指定出席比例的基数"
    if rule.effective_from and rule.effective_to and rule.effective_to < rule.effective_from:
        errors["effective_to"] = "失效日期不能早于生效日期"
    kinds, categories = rule.applies_to_kinds, rule.applies_to_categories
    if not isinstance(kinds, list) or not kinds or any(k not in Org.Kind.values for k in kinds):
        errors["applies_to_kinds"] = "请至少选择一种适用的组织类型"
    if not isinstance(categories, list) or any(c not in Org.Category.values for c in categories):
        errors["applies_to_categories"] = "组织类别不正确"
    known = PARAMETERS.get(rule.check_type, {})
    if not isinstance(rule.parameters, dict):
        errors["parameters"] = "参数须为 JSON 对象，如 {\"min_full_members\": 7}"
    else:
        for key, value in rule.parameters.items():
            expected = known.get(key)
            if expected is None:
                errors["parameters"] = f"不认识的参数“{key}”；此类规则可用：{'、'.join(known) or '无'}"
                break
            if type(value) is not expected or (expected is int and value < 0):
                errors["parameters"] = f"参数“{key}”应为{'是/否(true/false)' if expected is bool else '非负整数'}"
                break
    if errors:
        raise ValidationError(errors)


def _require_rule_admin(by) -> None:
    if not can_edit_rules(by):
        raise PermissionDenied("只有系统管理员可以修改标准化规则")


@transaction.atomic
def rule_update(*, by, rule: Rule, **fields: Any) -> Rule:
    """Change a rule's settings. The code and the kind of check stay: reports and history refer to them."""
    _require_rule_admin(by)
    if fields.get("code", rule.code) != rule.code or fields.get("check_type", rule.check_type) != rule.check_type:
        raise ValidationError({"code": "规则编码和检查方式不能修改"})
    before = snapshot(rule, RULE_FIELDS)
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule_validate(rule)
    rule.save()
    changes = diff(before, snapshot(rule, RULE_FIELDS))
    if changes:
        audit_record(actor=by, obj=rule, action=AuditEntry.Action.UPDATE, changes=changes)
    return rule


@transaction.atomic
def rule_create(*, by, code: str, name: str, check_type: str, **fields: Any) -> Rule:
    """A new rule, e.g. a local one (教工党支部每月开展1次教师理论学习)."""
    _require_rule_admin(by)
    rule = Rule(code=code, name=name, check_type=check_type, **fields)
    rule.full_clean()
    rule_validate(rule)
    rule.save()
    audit_record(actor=by, obj=rule, action=AuditEntry.Action.CREATE,
                 changes={k: [None, v] for k, v in snapshot(rule, RULE_FIELDS).items() if v not in (None, "", [], {})})
    return rule


# --- which organisations ---------------------------------------------------------------------------

UNIT_FIELDS = ("id", "code", "name", "short_name", "kind", "category", "path", "parent_id", "established_on",
               "term_start", "term_end")


def unit_kinds(rules: Sequence[Rule]) -> list[str]:
    """The kinds of organisation the rules bind (a rule naming no kind binds every kind)."""
    kinds: set[str] = set()
    for rule in rules:
        kinds.update(rule.applies_to_kinds or Org.Kind.values)
    return sorted(kinds)


def compliance_units(*, org: Org, rules: Sequence[Rule]) -> QuerySet[Org]:
    """The organisations in `org`'s subtree (itself included) that the rules bind, in tree order."""
    return (
        Org.objects.filter(subtree_q("path", org.path), kind__in=unit_kinds(rules))
        .only(*UNIT_FIELDS)
        .order_by("path")
    )


# --- the engine ------------------------------------------------------------------------------------


@dataclass
class _Target:
    """Which rows belong to the branches being checked: a whole subtree (path ranges, for a report of
    thousands of branches) or a list of branches (a page of them)."""

    branch_ids: list[int]
    subtree: str | None

    def meetings(self) -> Q:
        """For meetings hosted by the branches."""
        if self.subtree is not None:
            return subtree_q("org_path", self.subtree)
        return Q(org_id__in=self.branch_ids)

    def group_meetings(self) -> Q:
        """For meetings hosted by the branches' groups."""
        if self.subtree is not None:
            return subtree_q("org_path", self.subtree) & Q(org__kind=Org.Kind.GROUP)
        return Q(org__parent_id__in=self.branch_ids, org__kind=Org.Kind.GROUP)

    def orgs(self, prefix: str = "org") -> Q:
        """For rows with a foreign key `prefix` to the branch itself."""
        if self.subtree is not None:
            return subtree_q(f"{prefix}__path", self.subtree)
        return Q(**{f"{prefix}_id__in": self.branch_ids})

    def members(self) -> Q:
        if self.subtree is not None:
            return subtree_q("org_path", self.subtree)
        return Q(org_id__in=self.branch_ids)

    def groups(self) -> Q:
        if self.subtree is not None:
            return subtree_q("path", self.subtree)
        return Q(parent_id__in=self.branch_ids)


def compliance_compute(
    *,
    branches: Sequence[Org],
    period: Period,
    rules: Sequence[Rule] | None = None,
    now: dt.datetime | None = None,
    subtree: str | None = None,
) -> Compliance:
    """Check `branches` against `rules` (default: the enabled ones) over `period`, as of `now`.

    Pass `subtree` (a path) when `branches` is everything under it: the queries then filter by path
    range instead of listing ids.
    """
    rules = list(rules_enabled() if rules is None else rules)
    now = now or timezone.now()
    today = timezone.localtime(now, local_tz()).date()
    branches = list(branches)
    target = _Target(branch_ids=[b.pk for b in branches], subtree=subtree)
    result = Compliance(period=period, now=now, rules=rules, branches=[])
    if not branches:
        return result

    facts = _facts(target, rules, today)
    slots = {r.code: _counted_slots(r, period, today) for r in rules}
    data = _Data(target=target, now=now, rules=rules, slots=slots, facts=facts)
    data.load()
    result.branches = _evaluate(branches, rules, facts, data, slots, today)
    return result



def _evaluate(branches, rules, facts, data, slots, today) -> list[BranchResult]:
    """Every branch against every rule, from the loaded counts: no queries here."""
    checks = [(rule, CHECKS[rule.check_type], slots[rule.code], set(rule.applies_to_kinds),
               set(rule.applies_to_categories)) for rule in rules]
    out = []
    empty = BranchFacts()
    for org in branches:
        f = facts.get(org.pk) or empty
        results: dict[str, RuleResult] = {}
        for rule, check, rule_slots, kinds, categories in checks:
            if (kinds and org.kind not in kinds) or (categories and org.category not in categories):
                continue
            r = check(rule, org, f, data, rule_slots, today)
            if r is not None:
                results[rule.code] = r
        out.append(BranchResult(org=org, facts=f, results=results))
    return out


def _counted_slots(rule: Rule, period: Period, today: dt.date) -> list[Slot]:
    if rule.check_type not in PERIODIC_CHECKS:
        return [state_slot(today)] if rule.is_effective_on(today) else []
    # A slot counts once it has started, if the rule is in force when it closes: a rule taking effect
    # mid-month binds that month as a whole.
    return [s for s in slots_for(rule.period, period) if s.start <= today and rule.is_effective_on(s.end)]


def _facts(target: _Target, rules: Sequence[Rule], today: dt.date) -> dict[int, BranchFacts]:
    """Members, committee and groups of every branch: three grouped queries."""
    facts: dict[int, BranchFacts] = defaultdict(BranchFacts)
    members = (
        Member.objects.filter(target.members())
        .values("org_id")
        .annotate(party=Count("id", filter=Q(status__in=PARTY_STATUSES)),
                  full=Count("id", filter=Q(status=Member.Status.FULL)))
        .order_by()
    )
    for row in members:
        f = facts[row["org_id"]]
        f.party_members, f.full_members = row["party"], row["full"]
    committee = (
        Position.objects.filter(target.orgs(), kind__in=COMMITTEE_KINDS, ended_on__isnull=True,
                                started_on__lte=today, member__deleted_at__isnull=True)
        .values("org_id")
        .annotate(n=Count("member_id", distinct=True))
        .order_by()
    )
    for row in committee:
        facts[row["org_id"]].committee_size = row["n"]
    if any(r.parameters.get("per_group") for r in rules):
        groups = Org.objects.filter(target.groups(), kind=Org.Kind.GROUP).values("parent_id").annotate(n=Count("id"))
        for parent_id, n in groups.values_list("parent_id", "n").order_by():
            facts[parent_id].groups = n
    return facts


# From this many branches the queries hash whole tables; below it they look rows up by index.
LARGE_REPORT = 1000


class _Data:
    """The grouped counts the checks read, loaded in a fixed number of queries."""

    def __init__(self, *, target: _Target, now: dt.datetime, rules: Sequence[Rule], slots: dict[str, list[Slot]],
                 facts: dict[int, BranchFacts]):
        self.target, self.now, self.rules, self.slots, self.facts = target, now, rules, slots, facts
        # (org_id, kind) → {month: n}: hosted meetings; co-hosted ones separately
        self.hosted: dict[tuple[int, str], dict[dt.date, int]] = defaultdict(dict)
        self.co_hosted: dict[tuple[int, str], dict[dt.date, int]] = defaultdict(dict)
        # rule code → org_id → {month: (held, done)}: meetings with an attendance threshold
        self.quorum: dict[str, dict[int, dict[dt.date, tuple[int, int]]]] = {}
        # rule code → org_id → talk pairs covered, by slot
        self.pairs: dict[str, dict[int, list[int]]] = {}
        # rule code → branch id → groups that met the rule, by slot
        self.groups_met: dict[str, dict[int, list[int]]] = {}
        # rule code → month → index of the rule's counted slot that holds it
        self.slot_of_month = {code: {m: i for i, s in enumerate(ss) for m in s.months} for code, ss in slots.items()}
        # rule code → whether each slot is still running (short of its requirement it is open, not missing)
        today = timezone.localtime(now, local_tz()).date()
        self.running = {code: [s.end >= today for s in ss] for code, ss in slots.items()}

    def _range(self, codes: Iterable[str]) -> tuple[dt.datetime, dt.datetime] | None:
        """From the first counted slot's start to the last one's end, but never past now: a meeting
        that has not started yet has not been held."""
        slots = [s for c in codes for s in self.slots.get(c, ())]
        if not slots:
            return None
        lo = local_midnight(min(s.start for s in slots))
        hi = min(local_midnight(max(s.end for s in slots) + dt.timedelta(days=1)), self.now)
        return (lo, hi) if lo < hi else None

    @staticmethod
    def _months(lo: dt.datetime, hi: dt.datetime) -> list[dt.date]:
        first, last = timezone.localtime(lo, local_tz()).date().replace(day=1), \
            timezone.localtime(hi - dt.timedelta(microseconds=1), local_tz()).date().replace(day=1)
        months = [first]
        while months[-1] < last:
            months.append(month_add(months[-1], 1))
        return months

    @staticmethod
    def _bucket(field_name: str, ends: list[dt.date]) -> Case:
        """Which period a timestamp falls in: the index of the first of `ends` (exclusive local dates)
        before which it lies, comparing it with each end as an instant in the configured time zone —
        23:30 on 31 March in Beijing is March, 00:10 on 1 April is April. Rows must already be filtered
        to start at or after the first period's start.

        Comparisons rather than Trunc*(tzinfo=…): nothing is converted per row (on SQLite a Trunc with
        a time zone is a Python function called for every row), and they hold across DST changes too."""
        return Case(
            *[When(**{f"{field_name}__lt": local_midnight(end)}, then=Value(i)) for i, end in enumerate(ends)],
            default=Value(-1), output_field=IntegerField(),
        )

    def _month_index(self, field_name: str, months: list[dt.date]) -> Case:
        return self._bucket(field_name, [month_add(m, 1) for m in months])

    def _slot_index(self, field_name: str, slots: list[Slot]) -> Case:
        return self._bucket(field_name, [s.end + dt.timedelta(days=1) for s in slots])

    def load(self) -> None:
        counted = [r for r in self.rules if r.check_type == Rule.Check.MEETING_COUNT and self.slots[r.code]]
        plain = [r for r in counted if r.attendance_threshold is None and not r.parameters.get("per_group")]
        if plain:
            self._load_counts(plain)
        for rule in counted:
            if rule.attendance_threshold is not None:
                self._load_quorum(rule)
            elif rule.parameters.get("per_group"):
                self._load_groups(rule)
        for rule in self.rules:
            if rule.check_type == Rule.Check.TALK_COVERAGE and self.slots[rule.code]:
                self._load_pairs(rule)

    def _load_counts(self, rules: list[Rule]) -> None:
        """Meetings per host, kind and local month: one query, and one more for co-hosted meetings."""
        span = self._range(r.code for r in rules)
        if span is None:
            return
        lo, hi = span
        months = self._months(lo, hi)
        kinds = sorted({r.meeting_kind for r in rules})
        rows = (
            Meeting.objects.filter(self.target.meetings(), kind__in=kinds, starts_at__gte=lo, starts_at__lt=hi)
            .annotate(month=self._month_index("starts_at", months))
            .values("org_id", "kind", "month")
            .annotate(n=Count("id"))
            .values_list("org_id", "kind", "month", "n")
            .order_by()
        )
        hosted = self.hosted
        for org_id, kind, month, n in _rows(rows):
            hosted[(org_id, kind)][months[month]] = n
        co_kinds = sorted({r.meeting_kind for r in rules if r.parameters.get("count_co_hosted")})
        if not co_kinds:
            return
        through = Meeting.co_hosts.through
        rows = (
            through.objects.filter(self.target.orgs(), meeting__deleted_at__isnull=True, meeting__kind__in=co_kinds,
                                   meeting__starts_at__gte=lo, meeting__starts_at__lt=hi)
            .exclude(meeting__org_id=F("org_id"))
            .annotate(month=self._month_index("meeting__starts_at", months))
            .values("org_id", "meeting__kind", "month")
            .annotate(n=Count("meeting_id", distinct=True))
            .values_list("org_id", "meeting__kind", "month", "n")
            .order_by()
        )
        for org_id, kind, month, n in rows:
            self.co_hosted[(org_id, kind)][months[month]] = n

    def _load_groups(self, rule: Rule) -> None:
        """Per branch and slot, how many of its groups held at least `min_count` meetings. One query."""
        slots = self.slots[rule.code]
        span = self._range([rule.code])
        self.groups_met[rule.code] = counts = {}
        if span is None:
            return
        lo, hi = span
        qs = (
            Meeting.objects.filter(self.target.group_meetings(), org__deleted_at__isnull=True, kind=rule.meeting_kind,
                                   starts_at__gte=lo, starts_at__lt=hi)
            .annotate(slot=self._slot_index("starts_at", slots))
        )
        if rule.min_count == 1:
            rows = (qs.values("org__parent_id", "slot").annotate(n=Count("org_id", distinct=True))
                    .values_list("org__parent_id", "slot", "n").order_by())
            for parent_id, slot, n in _rows(rows):
                counts.setdefault(parent_id, [0] * len(slots))[slot] = n
        else:  # one row per group and slot that met the rule: bounded by the groups, not the meetings
            rows = (qs.values("org__parent_id", "org_id", "slot").annotate(n=Count("id"))
                    .filter(n__gte=rule.min_count).values_list("org__parent_id", "slot").order_by())
            for parent_id, slot in rows:
                counts.setdefault(parent_id, [0] * len(slots))[slot] += 1

    def _load_quorum(self, rule: Rule) -> None:
        """Meetings of the rule's kind per host and month: how many were held, and how many had more than
        the threshold of their base present — the committee as it stood on the meeting's (local) day, or
        the host's party members. One query: the meetings once, then their base and their present counted
        by joins, never meeting by meeting."""
        span = self._range([rule.code])
        self.quorum[rule.code] = counts = {}
        if span is None:
            return
        lo, hi = span
        months = self._months(lo, hi)
        held = (
            Meeting.objects.filter(self.target.meetings(), kind=rule.meeting_kind, starts_at__gte=lo, starts_at__lt=hi)
            .annotate(day=TruncDate("starts_at", tzinfo=local_tz()), month=self._month_index("starts_at", months))
            .values("id", "org_id", "day", "month")
            .order_by()
        )
        meetings_sql, meetings_params = held.query.sql_with_params()
        position, attendance, member = (Position._meta.db_table, Attendance._meta.db_table, Member._meta.db_table)
        kinds = ", ".join(["%s"] * len(COMMITTEE_KINDS))
        present = Attendance.Status.PRESENT
        if rule.attendance_base == Rule.AttendanceBase.COMMITTEE:
            # Each meeting × each member who ever held a committee office in its host, kept when the
            # office covered the meeting's day; whether they were present is one more join. One
            # aggregation by meeting, hashed, no COUNT(DISTINCT …).
            per_meeting = (
                f"SELECT cm.id, COUNT(*) AS base, COUNT(a.member_id) AS present FROM cm "
                f"JOIN (SELECT DISTINCT org_id, member_id FROM {position} WHERE kind IN ({kinds}) "
                f"AND org_id IN (SELECT org_id FROM cm)) pm "
                f"ON pm.org_id = cm.org_id "
                f"LEFT JOIN {attendance} a ON a.meeting_id = cm.id AND a.member_id = pm.member_id AND a.status = %s "
                f"WHERE EXISTS (SELECT 1 FROM {position} p WHERE p.org_id = cm.org_id AND p.member_id = pm.member_id "
                f"AND p.kind IN ({kinds}) AND p.started_on <= cm.day AND (p.ended_on IS NULL OR p.ended_on >= cm.day)) "
                f"GROUP BY cm.id"
            )
            params = [*COMMITTEE_KINDS, present, *COMMITTEE_KINDS]
        else:
            per_meeting = (
                f"SELECT cm.id, COUNT(*) AS base, COUNT(a.member_id) AS present FROM cm "
                f"JOIN {member} mb ON mb.org_id = cm.org_id AND mb.deleted_at IS NULL AND mb.status IN (%s, %s) "
                f"LEFT JOIN {attendance} a ON a.meeting_id = cm.id AND a.member_id = mb.id AND a.status = %s "
                f"GROUP BY cm.id"
            )
            params = [*PARTY_STATUSES, present]
        # "More than half": present / base > threshold, compared in whole numbers (thousandths).
        milli = int(rule.attendance_threshold * 1000)
        sql = (
            f"WITH cm AS MATERIALIZED ({meetings_sql}) "
            f"SELECT cm.org_id, cm.month, COUNT(*), "
            f"SUM(CASE WHEN per.base > 0 AND per.present * 1000 > per.base * %s THEN 1 ELSE 0 END) "
            f"FROM cm LEFT JOIN ({per_meeting}) per ON per.id = cm.id "
            f"GROUP BY cm.org_id, cm.month"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*meetings_params, milli, *params])
            for org_id, month, n_held, n_done in cursor.fetchall():
                counts.setdefault(org_id, {})[months[month]] = (n_held, int(n_done))

    def _load_pairs(self, rule: Rule) -> None:
        """Talk pairs covered per branch and slot: two party members of the branch present at one of its
        talks, at least one of them on the committee; each unordered pair counts once. One query: the
        talks once, their present members once, then the pairs by a self-join counted in the database."""
        slots = self.slots[rule.code]
        span = self._range([rule.code])
        self.pairs[rule.code] = counts = {}
        if span is None:
            return
        lo, hi = span
        talks = (
            Meeting.objects.filter(self.target.meetings(), kind=rule.meeting_kind, starts_at__gte=lo, starts_at__lt=hi)
            .annotate(slot=self._slot_index("starts_at", slots))
            .values("id", "org_id", "slot")
            .order_by()
        )
        talks_sql, talks_params = talks.query.sql_with_params()
        committee = (
            Position.objects.filter(self.target.orgs(), kind__in=COMMITTEE_KINDS, ended_on__isnull=True)
            .values("member_id", "org_id").distinct().order_by()
        )
        committee_sql, committee_params = committee.query.sql_with_params()
        attendance, member = Attendance._meta.db_table, Member._meta.db_table
        party = "AND {m}.deleted_at IS NULL AND {m}.status IN (%s, %s)"
        present = Attendance.Status.PRESENT
        if len(self.target.branch_ids) < LARGE_REPORT:
            # x: a committee member present; y: another party member of the branch present at the same
            # talk (a pair of two committee members counted once, from its lower id). Base tables only:
            # index look-ups, with estimates the planner can trust for a few branches.
            sql = (
                f"WITH t AS ({talks_sql}), c AS ({committee_sql}) "
                f"SELECT t.org_id, t.slot, COUNT(DISTINCT x.member_id * 10000000000 + y.member_id) FROM t "
                f"JOIN {attendance} x ON x.meeting_id = t.id AND x.status = %s "
                f"JOIN c cx ON cx.member_id = x.member_id AND cx.org_id = t.org_id "
                f"JOIN {member} mx ON mx.id = x.member_id AND mx.org_id = t.org_id {party.format(m='mx')} "
                f"JOIN {attendance} y ON y.meeting_id = t.id AND y.status = %s AND y.member_id <> x.member_id "
                f"JOIN {member} my ON my.id = y.member_id AND my.org_id = t.org_id {party.format(m='my')} "
                f"LEFT JOIN c cy ON cy.member_id = y.member_id AND cy.org_id = t.org_id "
                f"WHERE cy.member_id IS NULL OR y.member_id > x.member_id "
                f"GROUP BY t.org_id, t.slot"
            )
            params = [*talks_params, *committee_params, present, *PARTY_STATUSES, present, *PARTY_STATUSES]
        else:
            # Thousands of branches: every talk's present party members once, flagged as committee or not
            # by a hash join, then paired by a self-join of that set — whole tables hashed, never looked
            # up row by row.
            sql = (
                f"WITH t AS ({talks_sql}), c AS ({committee_sql}), "
                f"att AS MATERIALIZED ("
                f"SELECT a.meeting_id, a.member_id, t.org_id, t.slot, "
                f"CASE WHEN c.member_id IS NULL THEN 0 ELSE 1 END AS committee "
                f"FROM t JOIN {attendance} a ON a.meeting_id = t.id AND a.status = %s "
                f"JOIN {member} mb ON mb.id = a.member_id AND mb.org_id = t.org_id {party.format(m='mb')} "
                f"LEFT JOIN c ON c.member_id = a.member_id AND c.org_id = t.org_id) "
                f"SELECT x.org_id, x.slot, COUNT(DISTINCT x.member_id * 10000000000 + y.member_id) "
                f"FROM att x JOIN att y ON y.meeting_id = x.meeting_id AND y.member_id <> x.member_id "
                f"WHERE x.committee = 1 AND (y.committee = 0 OR y.member_id > x.member_id) "
                f"GROUP BY x.org_id, x.slot"
            )
            params = [*talks_params, *committee_params, present, *PARTY_STATUSES]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for org_id, slot, n in cursor.fetchall():
                counts.setdefault(org_id, [0] * len(slots))[slot] = n

def _rows(qs: QuerySet) -> list[tuple]:
    """A values_list() queryset's rows straight from the cursor: hundreds of thousands of grouped rows
    for a province, without the ORM's per-row work."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _by_slot(per_month: dict, slot_of: dict[dt.date, int], n: int) -> list[int]:
    """Monthly counts added up into the rule's slots (a quarter, a year …)."""
    out = [0] * n
    for month, count in per_month.items():
        i = slot_of.get(month)
        if i is not None:
            out[i] += count
    return out


def _result(rule: Rule, org: Org, slots: list[Slot], required: int | list[int], done: list[int], data: _Data,
            held: list[int] | None = None, note: str = "") -> RuleResult | None:
    """The result over the rule's slots, leaving out those that close before the branch was established."""
    running = data.running[rule.code]
    est = org.established_on
    if est is not None and slots and slots[0].end < est:
        keep = [i for i, s in enumerate(slots) if s.end >= est]
        if not keep:
            return None
        slots, done, running = [slots[i] for i in keep], [done[i] for i in keep], [running[i] for i in keep]
        required = required if isinstance(required, int) else [required[i] for i in keep]
        held = None if held is None else [held[i] for i in keep]
    if not slots:
        return None
    if isinstance(required, int):
        statuses = [MET if d >= required else OPEN if r else MISSING for d, r in zip(done, running, strict=True)]
        required = [required] * len(slots)
    else:
        statuses = [MET if d >= q else OPEN if r else MISSING for d, q, r in zip(done, required, running, strict=True)]
    return RuleResult(rule, slots, required, done, statuses, held, note)


def check_meeting_count(rule, org, facts, data, slots, today) -> RuleResult | None:
    params = rule.parameters or {}
    if params.get("requires_committee") and facts.committee_size < COMMITTEE_MIN_SIZE:
        return None
    n = len(slots)
    if params.get("per_group"):
        if not facts.groups:
            return None
        done = data.groups_met.get(rule.code, {}).get(org.id) or [0] * n
        return _result(rule, org, slots, facts.groups, done, data)
    slot_of = data.slot_of_month[rule.code]
    if rule.attendance_threshold is not None:
        per_month = data.quorum.get(rule.code, {}).get(org.id) or {}
        held = _by_slot({m: hd[0] for m, hd in per_month.items()}, slot_of, n)
        done = _by_slot({m: hd[1] for m, hd in per_month.items()}, slot_of, n)
        return _result(rule, org, slots, rule.min_count, done, data, held)
    done = _by_slot(data.hosted.get((org.id, rule.meeting_kind)) or {}, slot_of, n)
    if params.get("count_co_hosted"):
        co = data.co_hosted.get((org.id, rule.meeting_kind))
        if co:
            done = [a + b for a, b in zip(done, _by_slot(co, slot_of, n), strict=True)]
    return _result(rule, org, slots, rule.min_count, done, data)


def talk_pairs_required(committee: int, party_members: int) -> int:
    """Each committee member with every other party member of the branch, committee members among
    themselves included: k·(n−k) + k·(k−1)/2 unordered pairs."""
    k, n = committee, party_members
    if k <= 0 or n <= 1:
        return 0
    k = min(k, n)
    return k * (n - k) + k * (k - 1) // 2


def check_talk_coverage(rule, org, facts, data, slots, today) -> RuleResult | None:
    required = talk_pairs_required(facts.committee_size, facts.party_members)
    if not required:
        return None
    done = data.pairs.get(rule.code, {}).get(org.id) or [0] * len(slots)
    result = _result(rule, org, slots, required, done, data)
    if result is not None:
        last = result._done[-1]
        result.note = f"覆盖 {last}/{required} 对（{round(100 * last / required)}%）"
    return result


def check_committee_required(rule, org, facts, data, slots, today) -> RuleResult | None:
    if not slots:
        return None
    p = rule.parameters or {}
    min_full, lo, hi = p.get("min_full_members", 7), p.get("min_size", 3), p.get("max_size", 7)
    size = facts.committee_size
    if facts.full_members < min_full and size <= hi:
        return None
    if size > hi:
        status, note = MISSING, f"支部委员会{size}人，超过{hi}人"
    elif size < lo:
        status, note = MISSING, f"正式党员{facts.full_members}人，应设立支部委员会（{lo}至{hi}人），现有{size}人"
    else:
        status, note = MET, f"支部委员会{size}人"
    return RuleResult(rule, slots[:1], [lo], [size], [status], note=note, measured=True)


def term_end_of(org: Org, term_years: int) -> dt.date | None:
    if org.term_end:
        return org.term_end
    if org.term_start:
        try:
            return org.term_start.replace(year=org.term_start.year + term_years)
        except ValueError:  # 29 February
            return org.term_start.replace(year=org.term_start.year + term_years, day=28)
    return None


def check_term_expiry(rule, org, facts, data, slots, today) -> RuleResult | None:
    if not slots:
        return None
    p = rule.parameters or {}
    end = term_end_of(org, p.get("term_years", 3))
    if end is None:
        if facts.committee_size < COMMITTEE_MIN_SIZE:
            return None
        status, note = MISSING, "未登记本届委员会任期"
    elif end < today:
        status, note = MISSING, f"任期已于{end.year}年{end.month}月{end.day}日届满"
    elif (end - today).days <= p.get("warn_days", 90):
        status, note = OPEN, f"任期将于{end.year}年{end.month}月{end.day}日届满"
    else:
        status, note = MET, f"任期至{end.year}年{end.month}月{end.day}日"
    return RuleResult(rule, slots[:1], [1], [0 if status == MISSING else 1], [status], note=note)


def check_branch_size(rule, org, facts, data, slots, today) -> RuleResult | None:
    if not slots:
        return None
    limit = (rule.parameters or {}).get("max_members", 50)
    n = facts.party_members
    status = MISSING if n > limit else MET
    note = f"党员{n}人，超过{limit}人，建议拆分支部" if n > limit else f"党员{n}人"
    return RuleResult(rule, slots[:1], [limit], [n], [status], note=note, measured=True)


CHECKS = {
    Rule.Check.MEETING_COUNT: check_meeting_count,
    Rule.Check.TALK_COVERAGE: check_talk_coverage,
    Rule.Check.COMMITTEE_REQUIRED: check_committee_required,
    Rule.Check.TERM_EXPIRY: check_term_expiry,
    Rule.Check.BRANCH_SIZE: check_branch_size,
}


# --- talks: who has not talked with whom (one branch) ----------------------------------------------


def talk_pairs_missing(*, org: Org, rule: Rule, slot: Slot, now: dt.datetime | None = None) -> list[tuple[Member, Member]]:
    """The committee member × member pairs of one branch with no talk in the slot (for its drill-down).

    Three queries; the pairs are built in Python, bounded by one branch's size."""
    now = now or timezone.now()
    committee_ids = set(
        Position.objects.filter(org=org, kind__in=COMMITTEE_KINDS, ended_on__isnull=True,
                                member__deleted_at__isnull=True).values_list("member_id", flat=True)
    )
    members = {m.pk: m for m in Member.objects.filter(org=org, status__in=PARTY_STATUSES).order_by("name", "pk")}
    hi = min(local_midnight(slot.end + dt.timedelta(days=1)), now)
    talks = defaultdict(set)
    for meeting_id, member_id in Attendance.objects.filter(
        meeting__org=org, meeting__kind=rule.meeting_kind, meeting__deleted_at__isnull=True,
        meeting__starts_at__gte=local_midnight(slot.start), meeting__starts_at__lt=hi,
        status=Attendance.Status.PRESENT,
    ).values_list("meeting_id", "member_id"):
        talks[meeting_id].add(member_id)
    covered = set()
    for people in talks.values():
        for a in people:
            for b in people:
                if a < b:
                    covered.add((a, b))
    missing = []
    seen = set()
    for c in sorted(committee_ids & members.keys(), key=lambda i: (members[i].name, i)):
        for m in members.values():
            pair = (min(c, m.pk), max(c, m.pk))
            if m.pk == c or pair in seen:
                continue
            seen.add(pair)
            if pair not in covered:
                missing.append((members[c], m))
    return missing
