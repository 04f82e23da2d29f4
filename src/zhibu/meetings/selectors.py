"""Reads of meeting records, always through the acting user's scope.

A meeting is visible to a user when its host lies in their scope, or when one of its co-hosts does:
the superior body that co-hosted a research symposium sees it. Outside that, it does not exist (404).
Only the host's managers may change it.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber, TruncDate
from django.http import Http404
from django.utils import timezone

from zhibu.core.paths import Scope, path_ids, subtree_q
from zhibu.orgs.models import Member, Org, Position
from zhibu.orgs.selectors import can_manage, member_list_for_scope, org_committee, scope_for_user

from .models import Attachment, Attendance, Meeting, MeetingKind

MAX_HOST_MEMBERS = 1000
CALENDAR_PER_DAY = 4


def host_members(host: Org) -> QuerySet[Member]:
    """Members who may attend, chair or record a meeting of `host`: a group's members, a branch's members,
    everyone in a committee's subtree."""
    return member_list_for_scope(Scope(everything=True), org=host).prefetch_related(None).order_by()


def _co_host_in(scope_q: Q) -> Exists:
    through = Meeting.co_hosts.through
    return Exists(through.objects.filter(meeting_id=OuterRef("pk")).filter(scope_q))


def visible_q(scope: Scope) -> Q:
    """Meetings hosted or co-hosted inside `scope`."""
    if scope.everything:
        return Q()
    if scope.is_empty:
        return Q(pk__in=[])
    return scope.q("org_path") | Q(_co_host_in(scope.q("org__path")))


def _org_q(org: Org) -> Q:
    return subtree_q("org_path", org.path) | Q(_co_host_in(subtree_q("org__path", org.path)))


def local_day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_current_timezone())


def with_counts(qs: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Attendance counts in the same query: attendee_count, present_count, leave_count, absent_count."""
    return qs.annotate(
        attendee_count=Count("attendance"),
        present_count=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT)),
        leave_count=Count("attendance", filter=Q(attendance__status=Attendance.Status.LEAVE)),
        absent_count=Count("attendance", filter=Q(attendance__status=Attendance.Status.ABSENT)),
    )


def meeting_list_for_scope(
    scope: Scope,
    *,
    org: Org | None = None,
    kind: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    q: str | None = None,
) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(visible_q(scope))
    if org is not None:
        qs = qs.filter(_org_q(org))
    if kind:
        qs = qs.filter(kind=kind)
    if date_from:
        qs = qs.filter(starts_at__gte=local_day_start(date_from))
    if date_to:
        qs = qs.filter(starts_at__lt=local_day_start(date_to + dt.timedelta(days=1)))
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(topic__icontains=q) | Q(place__icontains=q))
    return (
        with_counts(qs)
        .select_related("org", "chair", "chair_guest", "recorder")
        .prefetch_related("co_hosts")
        .order_by("-starts_at", "-id")
    )


def meeting_list_for_user(*, user, **filters) -> QuerySet[Meeting]:
    return meeting_list_for_scope(scope_for_user(user), **filters)


def meeting_get_for_user(*, user, meeting_id: int, include_deleted: bool = False, detail: bool = False) -> Meeting:
    """The meeting, or Http404 when it is outside the user's scope (or deleted, except for its managers)."""
    manager = Meeting.all_objects if include_deleted else Meeting.objects
    qs = manager.filter(pk=meeting_id).filter(visible_q(scope_for_user(user))).select_related(
        "org", "chair", "chair_guest", "recorder", "created_by", "deleted_by"
    )
    if detail:
        qs = qs.prefetch_related(
            "co_hosts", "agenda", "guests",
            Prefetch("attendance", queryset=Attendance.objects.select_related("member").order_by("member__name", "pk")),
            Prefetch("attachments", queryset=Attachment.objects.filter(deleted_at__isnull=True).order_by("created_at"),
                     to_attr="live_attachments"),
        )
    meeting = qs.first()
    if meeting is None or (meeting.is_deleted and not can_manage(user, meeting.org_path)):
        raise Http404("没有找到该组织生活记录")
    return meeting


def meeting_deleted_for_user(*, user) -> QuerySet[Meeting]:
    """Deleted meetings the user may restore."""
    return (
        Meeting.all_objects.filter(deleted_at__isnull=False)
        .filter(scope_for_user(user).full_q("org_path"))
        .select_related("org", "deleted_by")
        .order_by("-deleted_at")
    )


def attachment_get_for_user(*, user, meeting_id: int, attachment_id: int) -> Attachment:
    meeting = meeting_get_for_user(user=user, meeting_id=meeting_id)
    attachment = Attachment.objects.filter(pk=attachment_id, meeting=meeting, deleted_at__isnull=True).first()
    if attachment is None:
        raise Http404("没有找到该附件")
    attachment.meeting = meeting
    return attachment


def attendance_summary(meeting: Meeting) -> dict:
    """Counts and names by status from the (prefetched) attendance: 应到、实到、请假、缺席."""
    rows = list(meeting.attendance.all())
    by_status: dict[str, list[Attendance]] = defaultdict(list)
    for a in rows:
        by_status[a.status].append(a)
    return {
        "expected": len(rows),
        "present": by_status[Attendance.Status.PRESENT],
        "leave": by_status[Attendance.Status.LEAVE],
        "absent": by_status[Attendance.Status.ABSENT],
        "qr": sum(1 for a in rows if a.via == Attendance.Via.QR),
    }


# --- calendar ------------------------------------------------------------------------------------


def meeting_calendar_for_scope(
    scope: Scope, *, start: dt.date, end: dt.date, org: Org | None = None, per_day: int = CALENDAR_PER_DAY
) -> tuple[dict[dt.date, list[Meeting]], dict[dt.date, int]]:
    """Events from `start` up to (not including) `end`: the first `per_day` of each day, and each day's count.

    Two queries whatever the number of meetings: a university's month holds thousands.
    """
    tz = timezone.get_current_timezone()
    qs = Meeting.objects.filter(visible_q(scope), starts_at__gte=local_day_start(start),
                                starts_at__lt=local_day_start(end))
    if org is not None:
        qs = qs.filter(_org_q(org))
    counts = {
        row["day"]: row["n"]
        for row in qs.annotate(day=TruncDate("starts_at", tzinfo=tz)).values("day").annotate(n=Count("id")).order_by()
    }
    first = (
        qs.annotate(
            day=TruncDate("starts_at", tzinfo=tz),
            rank=Window(RowNumber(), partition_by=[TruncDate("starts_at", tzinfo=tz)], order_by=["starts_at", "id"]),
        )
        .filter(rank__lte=per_day)
        .select_related("org")
        .only("id", "title", "kind", "starts_at", "ends_at", "place", "org__name", "org__short_name", "org__code")
        .order_by("starts_at", "id")
    )
    events: dict[dt.date, list[Meeting]] = defaultdict(list)
    for m in first:
        events[timezone.localtime(m.starts_at).date()].append(m)
    return events, counts


def meeting_upcoming_for_scope(scope: Scope, *, org: Org | None = None, limit: int = 8) -> list[Meeting]:
    qs = Meeting.objects.filter(visible_q(scope), ends_at__gte=timezone.now())
    if org is not None:
        qs = qs.filter(_org_q(org))
    return list(qs.select_related("org").order_by("starts_at", "id")[:limit])


def meeting_recent_for_scope(scope: Scope, *, org: Org | None = None, limit: int = 8) -> list[Meeting]:
    qs = Meeting.objects.filter(visible_q(scope), ends_at__lt=timezone.now())
    if org is not None:
        qs = qs.filter(_org_q(org))
    return list(qs.select_related("org").order_by("-starts_at", "-id")[:limit])


# --- choices for forms and the API ----------------------------------------------------------------


def host_choices_for_user(*, user) -> QuerySet[Org]:
    """Organisations whose meetings the user may record."""
    return Org.objects.filter(scope_for_user(user).full_q("path")).order_by("path")


def host_members_for_form(*, org: Org) -> list[Member]:
    return list(host_members(org).order_by("name", "pk")[:MAX_HOST_MEMBERS])


def default_attendees(*, org: Org, kind: str) -> list[Member]:
    """Who a new record lists at first: the committee for a committee meeting, nobody for a talk, else
    the host's party members (full and probationary)."""
    if kind == MeetingKind.TALK:
        return []
    if kind == MeetingKind.COMMITTEE_MEETING and org.kind != Org.Kind.GROUP:
        committee = [p.member for p in org_committee(org=org)
                     if p.kind in (Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY,
                                   Position.Kind.COMMITTEE_MEMBER)]
        seen: dict[int, Member] = {}
        for m in committee:
            seen.setdefault(m.pk, m)
        return sorted(seen.values(), key=lambda m: (m.name, m.pk))
    return list(
        host_members(org).filter(status__in=[Member.Status.FULL, Member.Status.PROBATIONARY])
        .order_by("name", "pk")[:MAX_HOST_MEMBERS]
    )


def co_host_candidates_for_user(*, user, limit: int = 60) -> list[Org]:
    """Organisations a user would name as co-hosts: the bodies above their own, their neighbours
    (a sibling branch in 教工与学生党支部共建) and their own nodes with the level below."""
    scope = scope_for_user(user)
    if scope.everything:
        return list(Org.objects.filter(depth__lte=2).order_by("path")[:limit])
    roots = scope.full_paths or scope.paths
    ancestor_ids = {i for p in roots for i in path_ids(p)}
    parent_ids = {path_ids(p)[-2] for p in roots if len(path_ids(p)) > 1}
    root_ids = {path_ids(p)[-1] for p in roots}
    # The user's own nodes host their meetings; the level below them may co-host (a branch under a committee).
    qs = Org.objects.filter(
        Q(pk__in=ancestor_ids - root_ids) | Q(parent_id__in=parent_ids) | Q(parent_id__in=root_ids)
    ).exclude(pk__in=root_ids).exclude(kind=Org.Kind.GROUP)
    return list(qs.order_by("depth", "sort_order", "path")[:limit])


def co_hosts_by_codes_for_user(*, user, codes: list[str]) -> tuple[list[Org], list[str]]:
    """(orgs, codes not found). A code is found when the user may name that org: inside their scope, above
    it, or beside it. Anything else is reported as not found, as if it did not exist."""
    codes = [c for c in dict.fromkeys(c.strip() for c in codes) if c]
    if not codes:
        return [], []
    scope = scope_for_user(user)
    roots = scope.paths
    ancestor_ids = {i for p in roots for i in path_ids(p)}
    parent_ids = {path_ids(p)[-2] for p in roots if len(path_ids(p)) > 1}
    found = {}
    for org in Org.objects.filter(code__in=codes):
        if scope.contains(org.path) or org.pk in ancestor_ids or org.parent_id in parent_ids:
            found[org.code] = org
    return [found[c] for c in codes if c in found], [c for c in codes if c not in found]


# --- for the assessment's points (appended by assessment) ------------------------------------------


def _held_between_q(start: dt.date, end: dt.date) -> Q:
    return Q(meeting__deleted_at__isnull=True, meeting__starts_at__gte=local_day_start(start),
             meeting__starts_at__lt=local_day_start(end + dt.timedelta(days=1)))


def attendance_counts_by_member(*, under: str, start: dt.date, end: dt.date, kinds) -> list[tuple]:
    """Attendance of the members of the subtree at `under` at meetings of `kinds` held in [start, end], one
    row per member: (member_id, present at kinds[0], present at kinds[1], …, absent at any of them).
    Grouped in SQL: one query, one row per member whatever the number of meetings."""
    kinds = list(kinds)
    present = {f"p{i}": Count("id", filter=Q(status=Attendance.Status.PRESENT, meeting__kind=k))
               for i, k in enumerate(kinds)}
    return list(
        Attendance.objects.filter(subtree_q("member__org_path", under), _held_between_q(start, end),
                                  meeting__kind__in=kinds)
        .values("member_id")
        .annotate(**present, absent=Count("id", filter=Q(status=Attendance.Status.ABSENT)))
        .order_by()
        .values_list("member_id", *present, "absent")
    )


def attendance_for_member(*, member_id: int, start: dt.date, end: dt.date, kinds) -> list[Attendance]:
    """A member's attendance at meetings of `kinds` held in [start, end], with the meetings, oldest first."""
    return list(
        Attendance.objects.filter(_held_between_q(start, end), member_id=member_id, meeting__kind__in=list(kinds))
        .select_related("meeting")
        .order_by("meeting__starts_at", "id")
    )
