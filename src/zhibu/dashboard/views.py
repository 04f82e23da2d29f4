"""Dashboard pages: the index picks the user's top scope, the scope page with its year selector and
breadcrumb, and the full-screen mode for a meeting-room display. Thin: one selector call, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from . import selectors

REFRESH_DEFAULT, REFRESH_MIN, REFRESH_MAX = 5, 1, 60


@login_required
def dashboard_index(request):
    """The user's top organisation; `?org=CODE` (the scope switch without JavaScript) goes to that one."""
    code = request.GET.get("org") or selectors.top_scope_for_user(user=request.user).code
    board = selectors.board_for_user(user=request.user, code=code, year=request.GET.get("year"))
    return redirect(f"{reverse('dashboard:scope', args=[board.org.code])}?year={board.year}")


@login_required
def dashboard_scope(request, code: str):
    board = selectors.board_for_user(user=request.user, code=code, year=request.GET.get("year"))
    data = selectors.dashboard_data(board)
    return render(request, "dashboard/scope.html", {
        "board": board, "org": board.org, "data": data, "kpis": data["kpis"],
        "charts": [(c, selectors.CHARTS[c][0], data["charts"][c], c in selectors.WIDE) for c in selectors.PAGE_ORDER],
        "ancestors": board.ancestors, "years": selectors.year_choices(), "scopes": selectors.scope_choices(board),
        "children": board.children,
    })


def _refresh_minutes(value) -> int:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return REFRESH_DEFAULT
    return min(max(minutes, REFRESH_MIN), REFRESH_MAX)


@login_required
def dashboard_screen(request, code: str):
    board = selectors.board_for_user(user=request.user, code=code, year=request.GET.get("year"))
    data = selectors.dashboard_data(board)
    minutes = _refresh_minutes(request.GET.get("refresh"))
    return render(request, "dashboard/screen.html", {
        "board": board, "org": board.org, "data": data, "kpis": data["kpis"], "refresh_minutes": minutes,
        "refresh_seconds": minutes * 60,
        "charts": [(c, selectors.CHARTS[c][0], data["charts"][c]) for c in selectors.CHARTS],
    })
