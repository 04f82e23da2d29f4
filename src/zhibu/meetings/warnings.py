"""The home page's standardisation reminders, for the branches a user manages.

"本月尚未召开支委会", "本季度尚未上党课", "支委会任期将于 2026年12月31日 届满": the rules engine run over
the current year up to today, turned into sentences. The queries are the engine's, a fixed number
whatever the number of branches; above MAX_BRANCHES managed branches the panel only links to the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from zhibu.orgs.models import Org
from zhibu.orgs.selectors import org_roots_for_user, scope_for_user

from .models import MeetingKind, Rule
from .rules import (
    MET,
    MISSING,
    OPEN,
    PERIOD_WORDS,
    PERIODIC_CHECKS,
    UNIT_FIELDS,
    BranchResult,
    Period,
    RuleResult,
    compliance_compute,
    local_tz,
    rules_enabled,
    term_end_of,
    unit_kinds,
)

MAX_BRANCHES = 300
SHOWN = 8  # branches
ITEMS_SHOWN = 8  # reminders per branch, in the rules' order; the rest are on the branch's report
MISSING_LISTED = 4  # periods named in one reminder ("1月、2月、3月、4月等10个月")
UNITS = {Rule.Period.MONTH: "个月", Rule.Period.QUARTER: "个季度", Rule.Period.HALF_YEAR: "个半年", Rule.Period.YEAR: "年"}

ACTIONS = {
    MeetingKind.GENERAL_MEETING: "召开支部党员大会",
    MeetingKind.COMMITTEE_MEETING: "召开支委会",
    MeetingKind.GROUP_MEETING: "召开党小组会",
    MeetingKind.PARTY_LECTURE: "上党课",
    MeetingKind.THEME_DAY: "开展主题党日",
    MeetingKind.ORG_LIFE_MEETING: "召开组织生活会",
    MeetingKind.APPRAISAL: "开展民主评议党员",
    MeetingKind.TALK: "开展谈心谈话",
}
NOUNS = {MeetingKind.COMMITTEE_MEETING: "支委会", MeetingKind.GENERAL_MEETING: "支部党员大会"}


@dataclass
class Warning:
    level: str  # "danger" (missing) or "warning" (open)
    text: str
    rule: str


@dataclass
class BranchWarnings:
    org: Org
    items: list[Warning]

    @property
    def missing(self) -> int:
        return sum(1 for w in self.items if w.level == "danger")

    @property
    def shown(self) -> list[Warning]:
        return self.items[:ITEMS_SHOWN]

    @property
    def hidden(self) -> int:
        return max(0, len(self.items) - ITEMS_SHOWN)


@dataclass
class Panel:
    branches: list[BranchWarnings] = field(default_factory=list)
    checked: int = 0
    more: int = 0
    too_many: bool = False
    roots: list[Org] = field(default_factory=list)
    year: int | None = None

    @property
    def manages(self) -> bool:
        return bool(self.checked or self.too_many)


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _action(kind: str) -> str:
    return ACTIONS.get(kind) or f"开展{MeetingKind(kind).label}"


def _listed(slots, period: str) -> str:
    labels = [s.slot.short_label for s in slots]
    if len(labels) > MISSING_LISTED:
        return "、".join(labels[:MISSING_LISTED]) + f"等{len(labels)}{UNITS.get(period, '个周期')}"
    return "、".join(labels)


def messages_for(result: RuleResult, branch: BranchResult, today: dt.date) -> list[Warning]:
    """What one rule's result asks of a branch, in sentences: what was missed, then what is still open."""
    rule = result.rule
    out: list[Warning] = []
    if rule.check_type in PERIODIC_CHECKS:
        kind = rule.meeting_kind
        params = rule.parameters or {}
        noun = NOUNS.get(kind) or MeetingKind(kind).label
        missed = [s for s in result.slots if s.status == MISSING]
        short = [s for s in missed if s.held]  # held, but too few present
        never = [s for s in missed if not s.held]
        if rule.check_type == Rule.Check.TALK_COVERAGE:
            if missed:
                out.append(Warning("danger", f"{_listed(missed, rule.period)}谈心谈话未覆盖全部支委与党员", rule.code))
        elif params.get("per_group"):
            if missed:
                out.append(Warning("danger", f"{_listed(missed, rule.period)}有党小组未召开党小组会", rule.code))
        else:
            if never:
                out.append(Warning("danger", f"{_listed(never, rule.period)}未{_action(kind)}", rule.code))
            if short:
                out.append(Warning("danger", f"{_listed(short, rule.period)}{noun}到会人数未达要求", rule.code))
        current = result.slots[-1] if result.slots and result.slots[-1].status == OPEN else None
        if current is not None:
            word = PERIOD_WORDS[rule.period]
            if rule.check_type == Rule.Check.TALK_COVERAGE:
                pct = round(100 * current.done / current.required)
                text = f"{word}谈心谈话已覆盖 {current.done}/{current.required} 对（{pct}%）"
            elif params.get("per_group"):
                text = f"{word}尚有{current.required - current.done}个党小组未召开党小组会"
            elif current.held and not current.done:
                text = f"{word}召开的{noun}到会人数未达要求"
            elif current.done:
                text = f"{word}已{_action(kind)}{current.done}次，要求至少{current.required}次"
            else:
                text = f"{word}尚未{_action(kind)}"
            out.append(Warning("warning", text, rule.code))
        return out
    if result.status == MET:
        return out
    level = "danger" if result.status == MISSING else "warning"
    facts = branch.facts
    if rule.check_type == Rule.Check.COMMITTEE_REQUIRED:
        hi = (rule.parameters or {}).get("max_size", 7)
        text = (f"支部委员会{facts.committee_size}人，超过{hi}人" if facts.committee_size > hi
                else f"正式党员已达{facts.full_members}人，应设立支部委员会")
    elif rule.check_type == Rule.Check.TERM_EXPIRY:
        end = term_end_of(branch.org, (rule.parameters or {}).get("term_years", 3))
        if end is None:
            text = "未登记本届支委会任期"
        elif result.status == OPEN:
            text = f"支委会任期将于 {_date(end)} 届满"
        else:
            text = f"支委会任期已于 {_date(end)} 届满，请及时换届"
    elif rule.check_type == Rule.Check.BRANCH_SIZE:
        limit = (rule.parameters or {}).get("max_members", 50)
        text = f"党员人数超过{limit}人，建议拆分支部"
    else:  # pragma: no cover - every check type is handled above
        text = result.note or rule.name
    out.append(Warning(level, text, rule.code))
    return out



def warnings_for_user(*, user, now: dt.datetime | None = None) -> Panel:
    """Reminders for every branch where the user holds a managing role (secretary, committee, org admin)."""
    scope = scope_for_user(user)
    panel = Panel(roots=list(org_roots_for_user(user=user)[:5]))
    if scope.is_empty or (not scope.everything and not scope.full_paths):
        return panel
    now = now or timezone.now()
    today = timezone.localtime(now, local_tz()).date()
    panel.year = today.year
    rules = rules_enabled()
    units = list(
        Org.objects.filter(scope.full_q("path"), kind__in=unit_kinds(rules))
        .only(*UNIT_FIELDS).order_by("path")[: MAX_BRANCHES + 1]
    )
    if len(units) > MAX_BRANCHES:
        panel.too_many = True
        return panel
    panel.checked = len(units)
    period = Period(dt.date(today.year, 1, 1), today.replace(day=1))
    compliance = compliance_compute(branches=units, period=period, rules=rules, now=now)
    found = []
    for b in compliance.branches:
        items = []
        for rule in rules:
            r = b.results.get(rule.code)
            if r is not None:
                items.extend(messages_for(r, b, today))
        if items:
            found.append(BranchWarnings(org=b.org, items=items))
    found.sort(key=lambda bw: (-bw.missing, -len(bw.items), bw.org.path))
    panel.branches, panel.more = found[:SHOWN], max(0, len(found) - SHOWN)
    return panel
