"""Charts of the work itself: the "七个有力" radar and ranking, work-method cases by stage and their reach,
graduates' destination rate, and deeds with their beneficiaries month by month.

Numbers of record apps come through `zhibu.core.metrics`; the branch score through `strengths.selectors`.
A chart whose source is not installed says so (`missing`) instead of failing the whole dashboard.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse

from zhibu.core.paths import subtree_q
from zhibu.meetings.rules import month_add
from zhibu.methods.models import PUBLIC_STATUSES, Adoption, Case, CaseStatus
from zhibu.methods.selectors import case_visible_q

from . import snapshots
from .board import Board

try:  # the scorer is built alongside the dashboard; without it the radar says so
    from zhibu.strengths import selectors as strengths_selectors
    from zhibu.strengths.models import Strength
except ImportError:  # pragma: no cover
    strengths_selectors = None
    Strength = None

TOP_BRANCHES = 10
TOP_CASES = 8
STRENGTH_LABELS = {
    "educate_members": "教育党员", "manage_members": "管理党员", "supervise_members": "监督党员",
    "organise_people": "组织师生", "publicise_to_people": "宣传师生", "unite_people": "凝聚师生",
    "serve_people": "服务师生",
}


def _url(name: str, args=(), **query) -> str:
    q = urlencode({k: v for k, v in query.items() if v not in (None, "")})
    return reverse(name, args=args) + (f"?{q}" if q else "")


def dashboard_url(org, year: int) -> str:
    return _url("dashboard:scope", args=[org.code], year=year)


def _missing(kind: str, title: str, what: str) -> dict:
    return {"kind": kind, "title": title, "missing": f"{what}尚未启用", "url": ""}


# --- the seven strengths -------------------------------------------------------------------------------------


def strengths_url(org, year: int) -> str:
    """The strengths app's page of a branch's score, or of a higher organisation's ranking (its dashboard while
    the strengths pages are not installed)."""
    try:
        if org.kind == "branch":
            return _url("strengths:branch", args=[org.code], year=year)
        return _url("strengths:index", org=org.code, year=year)
    except NoReverseMatch:
        return dashboard_url(org, year)


def _scores(board: Board) -> list:
    return strengths_selectors.scores_for_scope(org=board.org, year=board.year)


def _mean(scores: list, code: str) -> float:
    return round(sum(s.by_strength.get(code, 0.0) for s in scores) / len(scores), 1) if scores else 0.0


def strengths_data(board: Board) -> dict:
    scores = _scores(board)
    codes = list(STRENGTH_LABELS)
    indicators = [{"name": STRENGTH_LABELS[c], "code": c, "max": 100} for c in codes]
    series = []
    if board.is_branch:
        own = scores[0] if scores else None
        if own is not None:
            series.append({"name": board.org.display_name, "value": [own.by_strength.get(c, 0.0) for c in codes],
                           "url": strengths_url(board.org, board.year)})
    elif scores:
        series.append({"name": f"{len(scores)}个支部平均", "value": [_mean(scores, c) for c in codes],
                       "url": strengths_url(board.org, board.year)})
        best = max(scores, key=lambda s: (s.total, s.org.path))
        series.append({"name": f"最高：{best.org.display_name}", "value": [best.by_strength.get(c, 0.0) for c in codes],
                       "url": strengths_url(best.org, board.year)})
    ranked = sorted(scores, key=lambda s: (-s.total, s.org.path))
    ranking = [{"name": s.org.display_name, "value": s.total, "code": s.org.code,
                "url": strengths_url(s.org, board.year)} for s in ranked[:TOP_BRANCHES]]
    if board.is_branch and scores:
        ranking = [{"name": i.label, "value": i.score, "code": i.code, "url": i.records_url}
                   for i in sorted(scores[0].indicators, key=lambda i: (-i.score, i.code))[:TOP_BRANCHES]]
    return {
        "radar": {
            "kind": "radar", "title": "七个有力", "subtitle": "支部建设“七个有力”得分（满分100）",
            "indicators": indicators, "series": series,
            "average": round(sum(s.total for s in scores) / len(scores), 1) if scores else None,
            "branches": len(scores), "url": strengths_url(board.org, board.year),
        },
        "ranking": {
            "kind": "hbar", "title": "指标得分" if board.is_branch else "支部综合得分排名",
            "subtitle": "本支部各项指标得分" if board.is_branch else f"前{TOP_BRANCHES}名（满分100）",
            "unit": "分", "max": 100, "data": ranking, "url": strengths_url(board.org, board.year),
        },
    }


def _strengths(board: Board) -> dict:
    if strengths_selectors is None or not hasattr(strengths_selectors, "scores_for_scope"):
        return {"radar": _missing("radar", "七个有力", "支部“七个有力”评估"),
                "ranking": _missing("hbar", "支部综合得分排名", "支部“七个有力”评估")}
    return board.once("strengths", lambda: snapshots.cached(
        board=board, chart="strengths", compute=lambda: strengths_data(board)))


def strengths_chart(board: Board) -> dict:
    data = _strengths(board)
    return {**data["radar"], "computed_at": data.get("computed_at")}


def ranking_chart(board: Board) -> dict:
    data = _strengths(board)
    return {**data["ranking"], "computed_at": data.get("computed_at")}


# --- cases and their reach --------------------------------------------------------------------------------


def _cases_in_scope(board: Board):
    return Case.objects.filter(case_visible_q(board.user), subtree_q("org_path", board.org.path))


def cases_chart(board: Board) -> dict:
    """Work-method cases of the subtree that the user may see, by stage: one aggregate query."""
    counts = dict(_cases_in_scope(board).order_by().values_list("status").annotate(n=Count("id")))
    data = [{"name": label, "value": counts.get(status, 0), "status": status,
             "url": _url("methods:workbench", status=status, org=board.org.code)} for status, label in CaseStatus.choices]
    return {
        "kind": "bar", "title": "工作法案例", "subtitle": "各阶段案例数", "unit": "个",
        "data": data, "total": sum(counts.values()),
        "published": sum(counts.get(s, 0) for s in PUBLIC_STATUSES),
        "url": _url("methods:workbench", org=board.org.code),
    }


def reach_chart(board: Board) -> dict:
    """The subtree's published cases most adopted by other branches, and the reach in all: two queries."""
    public = _cases_in_scope(board).filter(status__in=PUBLIC_STATUSES)
    top = list(
        public.annotate(n=Count("adoptions", distinct=True)).filter(n__gt=0)
        .order_by("-n", "-id").values("id", "title", "n")[:TOP_CASES]
    )
    totals = Adoption.objects.filter(case__in=public.values("id")).aggregate(
        adoptions=Count("id"), branches=Count("branch", distinct=True),
        outside=Count("branch", distinct=True, filter=~Q(subtree_q("org_path", board.org.path))),
    )
    return {
        "kind": "hbar", "title": "辐射带动", "subtitle": "被借鉴次数最多的案例", "unit": "次",
        "data": [{"name": c["title"], "value": c["n"], "url": _url("methods:case_detail", args=[c["id"]])}
                 for c in top],
        "adoptions": totals["adoptions"], "branches": totals["branches"], "outside": totals["outside"],
        "url": _url("methods:library"),
    }


# --- destination rate ---------------------------------------------------------------------------------------

GRADUATES, PLACED = "careers.graduates", "careers.graduates_placed"


def careers_chart(board: Board) -> dict:
    if not (board.has_metric(GRADUATES) and board.has_metric(PLACED)):
        return _missing("combo", "毕业去向落实率", "毕业生就业记录")
    return snapshots.cached(board=board, chart="careers", compute=lambda: careers_data(board))


def careers_data(board: Board) -> dict:
    """Graduates of the year and those with a settled destination, by unit, and the rate: two metric calls."""
    title = "毕业去向落实率"
    graduates, placed = board.metric(GRADUATES), board.metric(PLACED)
    units = [u for u in board.units if graduates.get(u.pk)]
    rows = []
    for u in units:
        g, p = graduates.get(u.pk, 0.0), placed.get(u.pk, 0.0)
        rows.append({"name": u.display_name, "graduates": int(g), "placed": int(p),
                     "rate": round(100 * p / g, 1) if g else None, "url": board.records_url(GRADUATES, org=u)})
    total_g, total_p = sum(graduates.values()), sum(placed.values())
    return {
        "kind": "combo", "title": title, "subtitle": f"{board.year}届毕业生", "rows": rows,
        "graduates": int(total_g), "placed": int(total_p),
        "rate": round(100 * total_p / total_g, 1) if total_g else None,
        "url": board.records_url(GRADUATES),
    }


# --- deeds over time -----------------------------------------------------------------------------------------

DEEDS, BENEFICIARIES = "assessment.deeds", "assessment.deed_beneficiaries"


def deeds_data(board: Board) -> dict:
    """Deeds and the people they served, month by month: two metric calls a month, 24 in all (stored for a large
    scope, like the compliance heatmap)."""
    months = []
    for m in board.months:
        end = month_add(m, 1) - dt.timedelta(days=1)
        deeds = board.metric_total(DEEDS, m, end)
        people = board.metric_total(BENEFICIARIES, m, end) if board.has_metric(BENEFICIARIES) else 0.0
        months.append({"name": f"{m.month}月", "deeds": int(deeds), "beneficiaries": int(people),
                       "url": board.records_url(DEEDS, start=m, end=end)})
    return {
        "kind": "months", "title": "为群众办实事", "subtitle": "每月办实事件数与受益人数", "months": months,
        "deeds": sum(m["deeds"] for m in months), "beneficiaries": sum(m["beneficiaries"] for m in months),
        "url": board.records_url(DEEDS),
    }


def deeds_chart(board: Board) -> dict:
    if not board.has_metric(DEEDS):
        return _missing("months", "为群众办实事", "办实事台账")
    return snapshots.cached(board=board, chart="deeds", compute=lambda: deeds_data(board))
