"""Charts of people and organisational life: members by status and occupation, and the standardisation
heatmap from the meetings rules engine.

Every chart is a plain dict that the page, the big screen and the API share: the numbers, and for every bar,
cell or point the URL of the records behind it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from zhibu.core.paths import SEGMENT, Scope
from zhibu.meetings import compliance as compliance_reports
from zhibu.meetings.rules import (
    MET,
    MISSING,
    OPEN,
    PERIODIC_CHECKS,
    STATUS_LABELS,
    Period,
    compliance_compute,
    compliance_units,
    month_add,
    rules_enabled,
)
from zhibu.orgs.models import Member
from zhibu.orgs.selectors import member_list_for_scope

from . import snapshots
from .board import Board


def _url(name: str, args=(), **query) -> str:
    q = urlencode({k: v for k, v in query.items() if v not in (None, "")})
    return reverse(name, args=args) + (f"?{q}" if q else "")


# --- members ---------------------------------------------------------------------------------------------


def members_chart(board: Board) -> dict:
    return snapshots.cached(board=board, chart="members", compute=lambda: members_data(board))


def members_data(board: Board) -> dict:
    """Members of the subtree by status (the bars) and occupation (the stacks): one aggregate query. The org is
    already checked against the user's scope, and its whole subtree lies within it."""
    rows = (
        member_list_for_scope(Scope(everything=True), org=board.org)
        .order_by().values("status", "occupation").annotate(n=Count("id"))
    )
    counts = {(r["status"], r["occupation"]): r["n"] for r in rows}
    statuses = list(reversed(Member.Status.choices))  # 正式党员, 预备党员, 发展对象, 入党积极分子
    series = []
    for occupation, label in Member.Occupation.choices:
        data = [{"value": counts.get((status, occupation), 0),
                 "url": _url("orgs:member_list", org=board.org.code, status=status, occupation=occupation)}
                for status, _ in statuses]
        if any(d["value"] for d in data):
            series.append({"name": label, "data": data})
    by_status = {s: sum(n for (st, _), n in counts.items() if st == s) for s, _ in statuses}
    return {
        "kind": "stacked_bar",
        "title": "党员队伍",
        "subtitle": "按政治面貌和身份",
        "categories": [label for _, label in statuses],
        "category_urls": [_url("orgs:member_list", org=board.org.code, status=s) for s, _ in statuses],
        "series": series,
        "total": sum(counts.values()),
        "party_members": by_status[Member.Status.FULL] + by_status[Member.Status.PROBATIONARY],
        "by_status": by_status,
        "url": _url("orgs:member_list", org=board.org.code),
    }


# --- compliance --------------------------------------------------------------------------------------------


def _month_label(m: dt.date) -> str:
    return f"{m.month}月"


def _month_query(m: dt.date) -> dict:
    return {"date_from": m.isoformat(), "date_to": (month_add(m, 1) - dt.timedelta(days=1)).isoformat()}


def _compliance_branch(board: Board, report) -> dict:
    """One branch: a row per periodic rule, a column per month, each cell the status of the slot it lies in;
    a cell opens the branch's meetings of that kind in that month."""
    months = report.compliance.period.months
    today = report.compliance.today
    branch = report.compliance.branches[0] if report.compliance.branches else None
    rows, data = [], []
    for rule in report.periodic_rules:
        if branch is None or rule.code not in branch.results:
            continue
        y = len(rows)
        rows.append(compliance_reports.rule_label(rule))
        for x, cell in enumerate(compliance_reports.month_cells(branch, months, today, rule.code)):
            tip = [f"{slot}：{STATUS_LABELS[st]}" for _, slot, st in cell.items]
            url = _url("meetings:meeting_list", org=board.org.code, kind=rule.meeting_kind or "",
                       **_month_query(cell.month))
            data.append([x, y, compliance_reports.CELL_VALUES[cell.status], tip, url])
    return {"mode": "status", "rows": rows, "data": data}


def _compliance_units(board: Board, report) -> dict:
    """A higher organisation: a row per child, a column per month, each cell the share of the child's
    branch-month results that met the rules; a cell opens the child's compliance report for that month."""
    months = report.compliance.period.months
    today = report.compliance.today
    child_by_path = {c.path: c for c in board.children}
    prefix = len(board.org.path) + SEGMENT
    tally: dict[int, list[dict[str, int]]] = defaultdict(lambda: [{MET: 0, OPEN: 0, MISSING: 0} for _ in months])
    for b in report.compliance.branches:
        child = child_by_path.get(b.org.path[:prefix])
        key = child.pk if child is not None else board.org.pk
        cells = compliance_reports.month_cells(b, months, today)
        for i, cell in enumerate(cells):
            if cell.status is not None:
                tally[key][i][cell.status] += 1
    units = [c for c in board.children if c.pk in tally]
    if board.org.pk in tally:
        units.insert(0, board.org)
    rows, data = [], []
    for y, unit in enumerate(units):
        rows.append("本级" if unit.pk == board.org.pk else unit.display_name)
        for x, counts in enumerate(tally[unit.pk]):
            total = sum(counts.values())
            if not total:
                continue
            rate = round(100 * counts[MET] / total)
            tip = [f"达标{counts[MET]}，进行中{counts[OPEN]}，未达标{counts[MISSING]}"]
            m = months[x]
            url = _url("compliance:report", args=[unit.code], start=f"{m:%Y-%m}", end=f"{m:%Y-%m}")
            data.append([x, y, rate, tip, url])
    return {"mode": "rate", "rows": rows, "data": data}


def compliance_data(board: Board) -> dict:
    """The rules engine over every unit of the subtree for the year (the org is already scope-checked)."""
    rules = rules_enabled()
    units = list(compliance_units(org=board.org, rules=rules))
    result = compliance_compute(branches=units, period=Period.year(board.year), rules=rules, subtree=board.org.path)
    report = compliance_reports.Report(org=board.org, compliance=result, units=len(units))
    summary = {MET: 0, OPEN: 0, MISSING: 0}
    for b in report.compliance.branches:
        for r in b.results.values():
            summary[r.status] += 1
    total = sum(summary.values())
    if board.is_branch:
        body = _compliance_branch(board, report)
    else:
        body = _compliance_units(board, report)
    return {
        "kind": "heatmap",
        "title": "标准化落实",
        "subtitle": "各月份组织生活达标情况" if body["mode"] == "status" else "各单位各月份支部达标比例",
        "months": [_month_label(m) for m in report.compliance.period.months],
        **body,
        "units": report.units,
        "summary": {"met": summary[MET], "open": summary[OPEN], "missing": summary[MISSING],
                    "rate": round(100 * summary[MET] / total) if total else None},
        "url": _url("compliance:report", args=[board.org.code], year=board.year),
        "rule_count": len([r for r in report.rules if r.check_type in PERIODIC_CHECKS]),
    }


def compliance_chart(board: Board) -> dict:
    return snapshots.cached(board=board, chart="compliance", compute=lambda: compliance_data(board))
