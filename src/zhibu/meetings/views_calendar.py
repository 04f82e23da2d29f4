"""The calendar: a month grid of a scope's events, with what is coming up and what was held lately."""

import calendar
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from zhibu.orgs import selectors as org_selectors

from . import selectors
from .models import MeetingKind
from .views import scope_label

WEEKDAYS = "一二三四五六日"
LEGEND = ("committee_meeting", "general_meeting", "group_meeting", "party_lecture")


def _month(value: str | None) -> dt.date:
    try:
        year, month = (int(x) for x in (value or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def _shift(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@login_required
def meeting_calendar(request):
    first = _month(request.GET.get("month"))
    code = request.GET.get("org", "").strip()
    org = org_selectors.org_get_for_user(user=request.user, code=code) if code else None
    scope = org_selectors.scope_for_user(request.user)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1] + dt.timedelta(days=1)
    events, counts = selectors.meeting_calendar_for_scope(scope, start=start, end=end, org=org)
    today = timezone.localdate()
    grid = [[{
        "day": day, "weekday": WEEKDAYS[day.weekday()], "in_month": day.month == first.month, "today": day == today,
        "events": events.get(day, []), "more": counts.get(day, 0) - len(events.get(day, [])),
        "count": counts.get(day, 0),
    } for day in week] for week in weeks]
    return render(request, "meetings/meeting_calendar.html", {
        "first": first, "grid": grid, "weekdays": WEEKDAYS, "org": org, "code": code,
        "prev": _shift(first, -1), "next": _shift(first, 1), "this_month": today.replace(day=1),
        "month_total": sum(n for day, n in counts.items() if day.month == first.month),
        "upcoming": selectors.meeting_upcoming_for_scope(scope, org=org),
        "recent": selectors.meeting_recent_for_scope(scope, org=org),
        "scope_label": scope_label(request.user),
        "legend": [(k, MeetingKind(k).label) for k in LEGEND],
    })
