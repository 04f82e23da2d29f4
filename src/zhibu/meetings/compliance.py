"""Compliance reports built on the rules engine: scoped reads for the pages and the API, the heatmap's
cells, a branch-month drill-down, and the Excel export.

Reads check scope like every selector: an organisation outside the user's scope is a 404.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from zhibu.orgs.models import Org
from zhibu.orgs.selectors import org_get_for_user, scope_for_user

from .models import MeetingKind, Rule
from .rules import (
    MET,
    MISSING,
    OPEN,
    PERIODIC_CHECKS,
    STATUS_LABELS,
    BranchResult,
    Compliance,
    Period,
    RuleResult,
    compliance_compute,
    compliance_units,
    month_add,
    rules_enabled,
    talk_pairs_missing,
    unit_kinds,
    worst,
)
from .selectors import meeting_list_for_scope

# Heatmap cell values: ECharts colours them through a piecewise visual map.
CELL_VALUES = {None: 0, MET: 1, OPEN: 2, MISSING: 3}
COLOURS = {MET: "4CAF78", OPEN: "F2B441", MISSING: "D9534F", None: "EEEEEE"}
SOFT_COLOURS = {MET: "DFF2E6", OPEN: "FCEFD2", MISSING: "F9DCDB"}
CHECK_LABELS = {
    Rule.Check.TALK_COVERAGE: "谈心谈话",
    Rule.Check.COMMITTEE_REQUIRED: "委员会设置",
    Rule.Check.TERM_EXPIRY: "委员会任期",
    Rule.Check.BRANCH_SIZE: "支部规模",
}
SHORT_KINDS = {MeetingKind.GENERAL_MEETING: "党员大会", MeetingKind.COMMITTEE_MEETING: "支委会"}


def rule_label(rule: Rule) -> str:
    """A column heading: 支委会, 党课, 主题党日 … (the rule's name is a sentence)."""
    if rule.check_type == Rule.Check.MEETING_COUNT and rule.meeting_kind:
        return SHORT_KINDS.get(rule.meeting_kind) or MeetingKind(rule.meeting_kind).label
    return CHECK_LABELS.get(rule.check_type, rule.name)


def period_from(*, year: int | None = None, start: dt.date | None = None, end: dt.date | None = None,
                today: dt.date | None = None) -> Period:
    """A year, or a run of months; by default the current year."""
    if start or end:
        return Period.between(start or end, end or start)
    return Period.year(year or (today or timezone.localdate()).year)


# --- the report ------------------------------------------------------------------------------------


@dataclass
class Report:
    org: Org
    compliance: Compliance
    units: int

    @property
    def rules(self) -> list[Rule]:
        return self.compliance.rules

    @property
    def periodic_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.check_type in PERIODIC_CHECKS]


def report_for_user(*, user, code: str, period: Period, now: dt.datetime | None = None) -> Report:
    """Every unit under the organisation `code` (404 outside the user's scope), checked over `period`."""
    org = org_get_for_user(user=user, code=code)
    rules = rules_enabled()
    units = list(compliance_units(org=org, rules=rules))
    compliance = compliance_compute(branches=units, period=period, rules=rules, now=now, subtree=org.path)
    return Report(org=org, compliance=compliance, units=len(units))


def unit_get_for_user(*, user, code: str) -> Org:
    """A branch (or other unit the rules bind) in the user's scope, or 404."""
    org = org_get_for_user(user=user, code=code)
    if org.kind not in unit_kinds(rules_enabled()):
        raise Http404("该组织不在标准化检查范围内")
    return org


# --- heatmap ----------------------------------------------------------------------------------------


@dataclass
class Cell:
    month: dt.date
    status: str | None
    items: list[tuple[str, str, str]]  # (rule label, slot label, status) for the tooltip and drill-down


def month_cells(branch: BranchResult, months: list[dt.date], today: dt.date, rule_code: str | None = None) -> list[Cell]:
    """The heatmap row of one branch.

    For one rule, each month shows the status of the slot it lies in (a quarter colours its three
    months). For all rules together, a slot's status shows in the month it closes — or in the current
    month while it is still open — so that a yearly meeting due in December does not colour January.
    """
    current = today.replace(day=1)
    by_month: dict[dt.date, list[tuple[str, str, str]]] = {m: [] for m in months}
    for code, result in branch.results.items():
        if result.rule.check_type not in PERIODIC_CHECKS or (rule_code and code != rule_code):
            continue
        label = rule_label(result.rule)
        for s in result.slots:
            if rule_code:
                shown = [m for m in s.slot.months if m in by_month]
            else:
                shown = [min(s.slot.months[-1], current)]
            for m in shown:
                if m in by_month:
                    by_month[m].append((label, s.slot.label, s.status))
    return [Cell(m, worst(st for _, _, st in items), items) for m, items in by_month.items()]


def heatmap_data(report: Report, branches: list[BranchResult], rule_code: str | None = None) -> dict:
    """What the page's ECharts heatmap draws: rows are branches (top first), columns months."""
    months = report.compliance.period.months
    today = report.compliance.today
    data = []
    for y, b in enumerate(branches):
        for x, cell in enumerate(month_cells(b, months, today, rule_code)):
            tip = [f"{label} {slot}:{STATUS_LABELS[st]}" for label, slot, st in cell.items]
            url = reverse("compliance:month", args=[b.org.code, cell.month.year, cell.month.month])
            data.append([x, y, CELL_VALUES[cell.status], tip, url])
    return {
        "months": [f"{m.month}月" if report.compliance.period.is_year else f"{m.year}年{m.month}月" for m in months],
        "branches": [b.org.display_name for b in branches],
        "data": data,
    }


# --- drill-down: one branch, one month -------------------------------------------------------------


def month_detail_for_user(*, user, code: str, month: dt.date, now: dt.datetime | None = None) -> dict:
    """A branch's records of one month, and the status of every rule's slot that covers the month."""
    org = unit_get_for_user(user=user, code=code)
    month = month.replace(day=1)
    compliance = compliance_compute(branches=[org], period=Period(month, month), now=now)
    result = compliance.branches[0]
    rows = []
    for rule in compliance.rules:
        r = result.results.get(rule.code)
        if r is None or not r.periodic:  # the state checks are not about a month: they are in the table
            continue
        for s in r.slots:
            short = (s.held or 0) - s.done
            rows.append({"rule": rule, "label": rule_label(rule), "slot": s, "note": r.note,
                         "short": short if short > 0 else 0})
    missing_pairs = []
    for rule in compliance.rules:
        r = result.results.get(rule.code)
        if rule.check_type == Rule.Check.TALK_COVERAGE and r is not None and r.status != MET:
            missing_pairs = talk_pairs_missing(org=org, rule=rule, slot=r.slots[-1].slot, now=compliance.now)[:60]
    meetings = list(meeting_list_for_scope(scope_for_user(user), org=org, date_from=month,
                                           date_to=month_add(month, 1) - dt.timedelta(days=1))[:200])
    return {"org": org, "month": month, "rows": rows, "meetings": meetings, "missing_pairs": missing_pairs,
            "today": compliance.today}


# --- Excel -----------------------------------------------------------------------------------------


def _cell(ws, value, *, bold=False, fill=None, wrap=False, colour=None):
    c = WriteOnlyCell(ws, value=value)
    if bold or colour:
        c.font = Font(bold=bold, color=colour)
    if fill:
        c.fill = PatternFill("solid", fgColor=fill)
    if wrap:
        c.alignment = Alignment(wrap_text=True, vertical="top")
    return c


def _status_text(r: RuleResult) -> str:
    if r.rule.check_type in PERIODIC_CHECKS:
        return f"{STATUS_LABELS[r.status]} {r.done}/{r.required}"
    return f"{STATUS_LABELS[r.status]}（{r.note}）" if r.note else STATUS_LABELS[r.status]


def export_workbook(report: Report, *, detail: bool = False) -> bytes:
    """汇总 (branch rows × rule columns, coloured) and 规则 (the rules and their citations); with `detail`,
    also 明细 (every slot of every branch — ten times the cells, so only on request)."""
    wb = Workbook(write_only=True)
    c = report.compliance
    rules = report.rules

    ws = wb.create_sheet("汇总")
    ws.freeze_panes = "C3"
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 14
    for i in range(len(rules) + 1):
        ws.column_dimensions[get_column_letter(3 + i)].width = 16
    ws.append([_cell(ws, f"{report.org.name} 标准化检查（{c.period.label}，截至{c.today.isoformat()}）", bold=True)])
    ws.append([_cell(ws, h, bold=True, fill="F3F3F3", wrap=True)
               for h in ["支部", "编码", *[rule_label(r) for r in rules], "总体"]])
    for b in c.branches:
        row = [_cell(ws, b.org.name), _cell(ws, b.org.code)]
        for rule in rules:
            r = b.results.get(rule.code)
            row.append(_cell(ws, _status_text(r), fill=SOFT_COLOURS[r.status]) if r else _cell(ws, "不适用",
                                                                                             colour="999999"))
        overall = b.status
        row.append(_cell(ws, STATUS_LABELS[overall] if overall else "—", bold=True,
                         fill=SOFT_COLOURS.get(overall)))
        ws.append(row)

    if detail:
        _detail_sheet(wb, report)
    _rules_sheet(wb, rules)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _detail_sheet(wb: Workbook, report: Report) -> None:
    c = report.compliance
    rules = report.rules
    ws = wb.create_sheet("明细")
    ws.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHIJK", [30, 14, 20, 40, 16, 12, 12, 8, 8, 8, 36], strict=True):
        ws.column_dimensions[col].width = width
    ws.append([_cell(ws, h, bold=True, fill="F3F3F3") for h in
               ["支部", "编码", "规则编码", "规则", "周期", "开始日期", "结束日期", "应完成", "已完成", "状态", "说明"]])
    for b in c.branches:
        for rule in rules:
            r = b.results.get(rule.code)
            if r is None:
                continue
            for s in r.slots:
                ws.append([b.org.name, b.org.code, rule.code, rule.name, s.slot.label, s.slot.start.isoformat(),
                           s.slot.end.isoformat(), s.required, s.done,
                           _cell(ws, STATUS_LABELS[s.status], fill=SOFT_COLOURS[s.status]), r.note])


def _rules_sheet(wb: Workbook, rules: list[Rule]) -> None:
    ws = wb.create_sheet("规则")
    for col, width in zip("ABCDEFGH", [20, 44, 12, 10, 10, 24, 24, 60], strict=True):
        ws.column_dimensions[col].width = width
    ws.append([_cell(ws, h, bold=True, fill="F3F3F3") for h in
               ["编码", "名称", "周期", "最少次数", "出席比例", "适用组织", "生效期间", "依据"]])
    for rule in rules:
        kinds = "、".join(Org.Kind(k).label for k in rule.applies_to_kinds) or "全部"
        if rule.applies_to_categories:
            kinds += "(" + "、".join(Org.Category(k).label for k in rule.applies_to_categories) + ")"
        span = f"{rule.effective_from.isoformat() if rule.effective_from else ''}~" \
               f"{rule.effective_to.isoformat() if rule.effective_to else ''}"
        ws.append([rule.code, rule.name, rule.get_period_display() if rule.period else "现状", rule.min_count,
                   f"超过{rule.attendance_threshold:.0%}" if rule.attendance_threshold is not None else "",
                   kinds, span if span != "~" else "长期", _cell(ws, rule.citation, wrap=True)])
