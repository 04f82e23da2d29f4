"""Per-organisation counts of organisational life for the "七个有力" scorer and the dashboard.

Registered in `MeetingsConfig.ready()` through `zhibu.core.metrics`; each is one aggregate query over the
subtree, keyed by the hosting org (a group's meetings by the group).
"""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from zhibu.core import metrics
from zhibu.core.paths import subtree_q
from zhibu.orgs.models import Member

from .models import Attendance, Guest, Meeting, MeetingKind
from .selectors import local_day_start


def _meetings(under: str, start: dt.date, end: dt.date):
    return Meeting.objects.filter(subtree_q("org_path", under), starts_at__gte=local_day_start(start),
                                  starts_at__lt=local_day_start(end + dt.timedelta(days=1)))


def _by_org(qs, field: str = "org_id", value=None) -> dict[int, float]:
    rows = qs.values(field).annotate(n=value if value is not None else Count("id")).order_by()
    return {r[field]: r["n"] for r in rows if r["n"]}


def meeting_count(kind: str):
    def values(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
        return _by_org(_meetings(under, start, end).filter(kind=kind))
    return values


def meeting_url(kind: str | None):
    def url(*, org, start: dt.date, end: dt.date) -> str:
        query = {"org": org.code, "date_from": start.isoformat(), "date_to": end.isoformat()}
        if kind:
            query["kind"] = kind
        return reverse("meetings:meeting_list") + "?" + urlencode(query)
    return url


def _attendance(under: str, start: dt.date, end: dt.date, kind: str | None = None):
    qs = Attendance.objects.filter(
        subtree_q("meeting__org_path", under), meeting__deleted_at__isnull=True,
        meeting__starts_at__gte=local_day_start(start),
        meeting__starts_at__lt=local_day_start(end + dt.timedelta(days=1)),
    )
    if kind:
        qs = qs.filter(meeting__kind=kind)
    return qs


def lecture_present(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    qs = _attendance(under, start, end, MeetingKind.PARTY_LECTURE).filter(status=Attendance.Status.PRESENT)
    return _by_org(qs, "meeting__org_id")


def lecture_expected(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return _by_org(_attendance(under, start, end, MeetingKind.PARTY_LECTURE), "meeting__org_id")


def nonmember_attendance(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    """Attendances of activists and development candidates (people not yet members) at any meeting."""
    qs = _attendance(under, start, end).filter(
        status=Attendance.Status.PRESENT,
        member__status__in=[Member.Status.ACTIVIST, Member.Status.CANDIDATE],
    )
    return _by_org(qs, "meeting__org_id")


def guests(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    qs = Guest.objects.filter(meeting__in=_meetings(under, start, end).values("pk"))
    return _by_org(qs, "meeting__org_id")


def three_meetings(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    kinds = [MeetingKind.GENERAL_MEETING, MeetingKind.COMMITTEE_MEETING, MeetingKind.GROUP_MEETING]
    return _by_org(_meetings(under, start, end).filter(Q(kind__in=kinds)))


COUNTS = [
    ("meetings.party_lectures", MeetingKind.PARTY_LECTURE, "党课", "次"),
    ("meetings.theme_days", MeetingKind.THEME_DAY, "主题党日", "次"),
    ("meetings.general_meetings", MeetingKind.GENERAL_MEETING, "支部党员大会", "次"),
    ("meetings.committee_meetings", MeetingKind.COMMITTEE_MEETING, "支部委员会会议", "次"),
    ("meetings.group_meetings", MeetingKind.GROUP_MEETING, "党小组会", "次"),
    ("meetings.org_life_meetings", MeetingKind.ORG_LIFE_MEETING, "组织生活会", "次"),
    ("meetings.appraisals", MeetingKind.APPRAISAL, "民主评议党员", "次"),
    ("meetings.talks", MeetingKind.TALK, "谈心谈话", "次"),
    ("meetings.symposiums", MeetingKind.SYMPOSIUM, "座谈会/调研", "次"),
    ("meetings.teacher_studies", MeetingKind.TEACHER_STUDY, "教师理论学习", "次"),
]


def register() -> None:
    for code, kind, label, unit in COUNTS:
        metrics.register(metrics.Metric(code=code, label=label, unit=unit, values=meeting_count(kind),
                                        records_url=meeting_url(kind)))
    lecture = meeting_url(MeetingKind.PARTY_LECTURE)
    metrics.register(metrics.Metric(code="meetings.party_lecture_present", label="党课出席人次", unit="人次",
                                    values=lecture_present, records_url=lecture))
    metrics.register(metrics.Metric(code="meetings.party_lecture_expected", label="党课应到人次", unit="人次",
                                    values=lecture_expected, records_url=lecture))
    metrics.register(metrics.Metric(code="meetings.nonmember_attendance", label="入党积极分子、发展对象参加组织生活",
                                    unit="人次", values=nonmember_attendance, records_url=meeting_url(None)))
    metrics.register(metrics.Metric(code="meetings.guests", label="来宾", unit="人次", values=guests,
                                    records_url=meeting_url(None)))
    metrics.register(metrics.Metric(code="meetings.three_meetings", label="“三会”", unit="次",
                                    values=three_meetings, records_url=meeting_url(None)))
