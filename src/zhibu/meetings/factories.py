"""Meetings for tests, recorded through the real service so that paths, attendance and history are real."""

import datetime as dt

from django.utils import timezone

from zhibu.orgs.models import Org

from . import services
from .models import Attendance, Meeting, MeetingKind


def at(day: dt.date | str, hour: int = 14, minute: int = 30) -> dt.datetime:
    """An aware datetime in the site's time zone."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)), timezone.get_current_timezone())


def make_meeting(
    *,
    org: Org,
    by=None,
    kind: str = MeetingKind.THEME_DAY,
    title: str = "主题党日活动",
    starts_at: dt.datetime | None = None,
    hours: float = 2,
    attendees=(),
    **kwargs,
) -> Meeting:
    """A meeting of `org`; `attendees` are members (present) or (member, status, reason) tuples."""
    # Today, and already begun whatever the hour the tests run at (a meeting still to come is no evidence).
    starts_at = starts_at or min(at(timezone.localdate()), timezone.now() - dt.timedelta(minutes=1))
    rows = []
    for a in attendees:
        if isinstance(a, tuple):
            member, status, reason = (a + ("",))[:3]
        else:
            member, status, reason = a, Attendance.Status.PRESENT, ""
        rows.append(services.AttendanceRow(member_id=member.pk, status=status, reason=reason))
    return services.meeting_create(
        by=by, org=org, kind=kind, title=title, starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours), attendance=rows, **kwargs,
    )
