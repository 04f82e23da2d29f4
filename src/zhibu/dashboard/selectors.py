"""Reads of the dashboard: one organisation's charts for one year, scoped by the acting user.

`board_for_user` raises Http404 outside the user's scope. Each chart is computed in a fixed number of queries
whatever the subtree's size; the large-scope compliance and strengths results are stored (see snapshots).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404
from django.utils import timezone

from zhibu.orgs.models import Org
from zhibu.orgs.selectors import org_roots_for_user

from . import charts_people, charts_work, snapshots
from .board import Board, board_for_user, clean_year, top_scope_for_user, year_choices

__all__ = ["Board", "CHARTS", "board_for_user", "chart_for_user", "clean_year", "dashboard_data", "PAGE_ORDER", "WIDE",
           "scope_choices", "top_scope_for_user", "year_choices"]

# code → (title, builder), in the order the page shows them.
CHARTS: dict[str, tuple[str, Callable[[Board], dict]]] = {
    "members": ("党员队伍", charts_people.members_chart),
    "compliance": ("标准化落实", charts_people.compliance_chart),
    "strengths": ("七个有力", charts_work.strengths_chart),
    "ranking": ("支部综合得分排名", charts_work.ranking_chart),
    "cases": ("工作法案例", charts_work.cases_chart),
    "reach": ("辐射带动", charts_work.reach_chart),
    "careers": ("毕业去向落实率", charts_work.careers_chart),
    "deeds": ("为群众办实事", charts_work.deeds_chart),
}

# How the page lays the charts out: wide ones take the whole row, the others go in pairs.
PAGE_ORDER = ["members", "strengths", "compliance", "ranking", "cases", "reach", "careers", "deeds"]
WIDE = {"compliance", "deeds"}

# Counts shown as tiles next to the charts, from other record apps' metrics.
EXTRA_METRICS = [
    ("gradmail.parcels", "毕业寄包裹", "件"),
    ("publishing.articles", "宣传报道", "篇"),
]


def chart_for_user(*, user, code: str, chart: str, year=None) -> dict:
    """One chart's data; 404 for an unknown chart or an organisation outside the scope."""
    if chart not in CHARTS:
        raise Http404("没有这个图表")
    board = board_for_user(user=user, code=code, year=year)
    return {**_header(board), "chart": chart, "data": CHARTS[chart][1](board)}


def dashboard_data(board: Board) -> dict:
    """Every chart of the board, and the headline numbers drawn from them."""
    charts = {code: build(board) for code, (_, build) in CHARTS.items()}
    return {**_header(board), "kpis": _kpis(board, charts), "charts": charts}


def _header(board: Board) -> dict:
    return {
        "org": {"code": board.org.code, "name": board.org.name, "short_name": board.org.display_name,
                "kind": board.org.kind, "kind_label": board.org.get_kind_display()},
        "year": board.year,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
    }


def _pct(value) -> str:
    return "—" if value is None else f"{value:g}%"


def _kpis(board: Board, charts: dict) -> list[dict]:
    m, c, s = charts["members"], charts["compliance"], charts["strengths"]
    cases, reach, careers, deeds = charts["cases"], charts["reach"], charts["careers"], charts["deeds"]
    tiles = [
        {"code": "members", "label": "党员", "value": f"{m['party_members']:,}", "unit": "人",
         "note": f"含积极分子、发展对象共{m['total']:,}人", "url": m["url"]},
        {"code": "compliance", "label": "标准化达标率", "value": _pct(c["summary"]["rate"]), "unit": "",
         "note": f"未达标{c['summary']['missing']:,}项", "url": c["url"]},
        {"code": "strengths", "label": "“七个有力”平均分", "unit": "分",
         "value": "—" if s.get("average") is None else f"{s['average']:g}",
         "note": f"{s.get('branches', 0)}个支部", "url": s.get("url", "")},
        {"code": "cases", "label": "已发布案例", "value": f"{cases['published']}", "unit": "个",
         "note": f"被借鉴{reach['adoptions']}次，覆盖{reach['branches']}个支部", "url": reach["url"]},
        {"code": "careers", "label": "毕业去向落实率", "value": _pct(careers.get("rate")), "unit": "",
         "note": f"{careers.get('placed', 0):,}/{careers.get('graduates', 0):,}人", "url": careers.get("url", "")},
        {"code": "deeds", "label": "办实事", "value": f"{deeds.get('deeds', 0):,}", "unit": "件",
         "note": f"受益{deeds.get('beneficiaries', 0):,}人", "url": deeds.get("url", "")},
    ]
    return tiles + snapshots.cached(board=board, chart="extras", compute=lambda: extra_tiles(board))["tiles"]


def extra_tiles(board: Board) -> dict:
    """The tiles of other record apps' yearly counts: one metric call each."""
    return {"tiles": [
        {"code": code, "label": label, "value": f"{int(board.metric_total(code)):,}", "unit": unit,
         "note": f"{board.year}年", "url": board.records_url(code)}
        for code, label, unit in EXTRA_METRICS if board.has_metric(code)
    ]}


def scope_choices(board: Board) -> list[tuple[str, list[Org]]]:
    """What the scope switch offers: the user's top organisations, the parent, and the children."""
    groups = []
    roots = list(org_roots_for_user(user=board.user)[:20])
    if len(roots) > 1 or (roots and roots[0].pk != board.org.pk):
        groups.append(("我的范围", roots))
    if board.ancestors:
        groups.append(("上级组织", board.ancestors[-1:]))
    if board.children:
        groups.append(("下级组织", board.children))
    return groups
