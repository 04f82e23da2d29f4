"""Reads of co-building records, always through the acting user's scope.

A partnership is visible when its campus branch lies in the user's scope, or its partner branch does
(the student branch sees the faculty–student partnership it is part of). A major is visible inside its
school's subtree and to everyone above it; external units are a shared registry every user with a role
may read. Outside that a row does not exist (404).
"""

import datetime as dt
from typing import NamedTuple

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from zhibu.core.paths import SEGMENT, Scope, subtree_q
from zhibu.orgs.models import Org
from zhibu.orgs.selectors import can_manage, scope_for_user

from .models import Activity, Contact, ExternalUnit, Major, MajorLevel, Outcome, Partnership, StoredFile

Kind = Partnership.Kind


# --- scope helpers --------------------------------------------------------------------------------


def _ancestor_paths(scope: Scope) -> list[str]:
    """Every proper ancestor path of the scope's roots: the bodies above where the user acts."""
    found = set()
    for p in scope.paths:
        for end in range(SEGMENT, len(p), SEGMENT):
            found.add(p[:end])
    return sorted(found)


def partnership_visible_q(scope: Scope) -> Q:
    if scope.everything:
        return Q()
    if scope.is_empty:
        return Q(pk__in=[])
    return scope.q("org_path") | scope.q("partner_path")


def _in_org_q(org: Org) -> Q:
    """Partnerships of `org` and its subtree, on either side."""
    return subtree_q("org_path", org.path) | subtree_q("partner_path", org.path)


def can_write_partnership(user, partnership: Partnership) -> bool:
    """The campus branch's managers, and for a faculty–student partnership the student branch's too."""
    return can_manage(user, partnership.org_path) or bool(
        partnership.partner_path and can_manage(user, partnership.partner_path)
    )


# --- majors ---------------------------------------------------------------------------------------


def major_visible_q(scope: Scope) -> Q:
    if scope.everything:
        return Q()
    if scope.is_empty:
        return Q(pk__in=[])
    return scope.q("org_path") | Q(org_path__in=_ancestor_paths(scope))


def major_list_for_user(*, user, org: Org | None = None, q: str | None = None) -> QuerySet[Major]:
    qs = Major.objects.filter(major_visible_q(scope_for_user(user)))
    if org is not None:
        # A school's majors, or the majors a branch is built on.
        qs = qs.filter(Q(org=org) | Q(branch_links__branch=org)).distinct()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(code=q))
    return qs.select_related("org").prefetch_related(
        Prefetch("levels", queryset=MajorLevel.objects.order_by("tier", "-year"))
    ).order_by("org_path", "code")


def major_get_for_user(*, user, major_id: int) -> Major:
    major = Major.objects.filter(major_visible_q(scope_for_user(user)), pk=major_id).select_related("org").first()
    if major is None:
        raise Http404("没有找到该专业")
    return major


def major_branches(*, major: Major) -> list[Org]:
    return list(Org.objects.filter(major_links__major=major).order_by("path"))


def major_choices_for_branch(*, branch: Org) -> QuerySet[Major]:
    """Majors a branch may be built on or partner with: those of the schools above it."""
    ancestors = [branch.path[:end] for end in range(SEGMENT, len(branch.path), SEGMENT)]
    return Major.objects.filter(org_path__in=ancestors).select_related("org").order_by("code")


def student_branch_choices(*, user, branch: Org) -> QuerySet[Org]:
    """Student branches a faculty branch may partner with: its neighbours under the same school, and any in scope."""
    scope = scope_for_user(user)
    near = Q(parent_id=branch.parent_id) if branch.parent_id else Q(pk__in=[])
    return Org.objects.filter(near | scope.q("path"), kind=Org.Kind.BRANCH,
                              category=Org.Category.STUDENT).order_by("path")


def unit_choices() -> QuerySet[ExternalUnit]:
    return ExternalUnit.objects.order_by("name")


# --- external units -------------------------------------------------------------------------------


def unit_list_for_user(*, user, q: str | None = None, kind: str | None = None) -> QuerySet[ExternalUnit]:
    if scope_for_user(user).is_empty:
        return ExternalUnit.objects.none()
    qs = ExternalUnit.objects.all()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(credit_code=q.strip().upper()) | Q(city__contains=q))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(partnership_count=Count("partnerships", filter=Q(partnerships__deleted_at__isnull=True)))


def unit_get_for_user(*, user, unit_id: int) -> ExternalUnit:
    unit = ExternalUnit.objects.filter(pk=unit_id).first() if not scope_for_user(user).is_empty else None
    if unit is None:
        raise Http404("没有找到该单位")
    return unit


def unit_find_by_code(code: str) -> ExternalUnit | None:
    return ExternalUnit.objects.filter(credit_code=(code or "").strip().upper()).first()


# --- partnerships ---------------------------------------------------------------------------------


def with_counts(qs: QuerySet[Partnership]) -> QuerySet[Partnership]:
    return qs.annotate(
        activity_count=Count("activities", filter=Q(activities__meeting__deleted_at__isnull=True), distinct=True),
        outcome_count=Count("outcomes", filter=Q(outcomes__deleted_at__isnull=True), distinct=True),
        last_activity_at=Max("activities__meeting__starts_at",
                             filter=Q(activities__meeting__deleted_at__isnull=True)),
    )


def partnership_list_for_user(
    *, user, org: Org | None = None, kind: str | None = None, q: str | None = None
) -> QuerySet[Partnership]:
    qs = Partnership.objects.filter(partnership_visible_q(scope_for_user(user)))
    if org is not None:
        qs = qs.filter(_in_org_q(org))
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(title__contains=q)
    return with_counts(qs).select_related("org", "major", "partner_org", "external_unit").order_by("-starts_on", "-id")


def partnership_get_for_user(*, user, partnership_id: int, include_deleted: bool = False) -> Partnership:
    manager = Partnership.all_objects if include_deleted else Partnership.objects
    p = (
        manager.filter(partnership_visible_q(scope_for_user(user)), pk=partnership_id)
        .select_related("org", "major", "major__org", "partner_org", "external_unit", "agreement", "created_by")
        .first()
    )
    if p is None or (p.is_deleted and not can_manage(user, p.org_path)):
        raise Http404("没有找到该共建")
    return p


def partnership_contacts(*, partnership: Partnership) -> list[Contact]:
    return list(partnership.contacts.all())


def activity_list(*, partnership: Partnership) -> list[Activity]:
    return list(
        Activity.objects.filter(partnership=partnership, meeting__deleted_at__isnull=True)
        .select_related("meeting", "meeting__org").order_by("-meeting__starts_at", "-id")
    )


def outcome_list(*, partnership: Partnership) -> list[Outcome]:
    return list(partnership.outcomes.select_related("evidence").order_by("-occurred_on", "-id"))


class TimelineEntry(NamedTuple):
    date: dt.date
    kind: str  # "activity" | "outcome"
    title: str
    detail: str
    url: str
    label: str


def partnership_timeline(*, partnership: Partnership) -> list[TimelineEntry]:
    """Activities and outcomes, newest first: the partnership's story."""
    entries = []
    for a in activity_list(partnership=partnership):
        m = a.meeting
        entries.append(TimelineEntry(
            timezone.localtime(m.starts_at).date(), "activity", m.title,
            f"校内{a.campus_count}人、共建方{a.partner_count}人参加" + (f"；{m.place}" if m.place else ""),
            m.get_absolute_url(), "共建活动",
        ))
    for o in outcome_list(partnership=partnership):
        entries.append(TimelineEntry(
            o.occurred_on, "outcome", o.title, f"{o.get_kind_display()} {o.quantity}{o.unit}"
            + (f"；{o.description[:80]}" if o.description else ""), "", o.get_kind_display(),
        ))
    return sorted(entries, key=lambda e: (e.date, e.kind), reverse=True)


def outcome_get_for_user(*, user, outcome_id: int) -> Outcome:
    o = Outcome.objects.filter(pk=outcome_id).select_related("evidence").first()
    if o is None:
        raise Http404("没有找到该成果")
    o.partnership = partnership_get_for_user(user=user, partnership_id=o.partnership_id)
    return o


def outcome_list_for_user(*, user, org: Org | None = None, kind: str | None = None) -> QuerySet[Outcome]:
    visible = Partnership.objects.filter(partnership_visible_q(scope_for_user(user)))
    if org is not None:
        visible = visible.filter(_in_org_q(org))
    qs = Outcome.objects.filter(partnership__in=visible.values("pk"))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("partnership").order_by("-occurred_on", "-id")


def stored_file_for(*, user, partnership_id: int, file_id: int) -> StoredFile:
    """A file of a visible partnership: its agreement or one of its outcomes' evidence."""
    p = partnership_get_for_user(user=user, partnership_id=partnership_id)
    ok = p.agreement_id == file_id or p.outcomes.filter(evidence_id=file_id).exists()
    f = StoredFile.objects.filter(pk=file_id).first() if ok else None
    if f is None:
        raise Http404("没有找到该文件")
    return f


# --- the overview ---------------------------------------------------------------------------------


def cobuild_overview(*, user, org: Org, months: int = 12) -> dict:
    """The three mechanisms for `org` (and its subtree): partnerships, activities, outcomes, last activity,
    and activities per month for the chart. A fixed number of aggregate queries."""
    visible = Partnership.objects.filter(partnership_visible_q(scope_for_user(user))).filter(_in_org_q(org))
    today = timezone.localdate()
    per_kind = {k: {"kind": k, "label": label, "partnerships": 0, "active": 0, "activities": 0, "outcomes": 0,
                    "last_activity": None} for k, label in Kind.choices}
    for row in visible.values("kind").annotate(
        n=Count("id"),
        active=Count("id", filter=Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))),
    ).order_by():
        per_kind[row["kind"]].update(partnerships=row["n"], active=row["active"])
    activities = Activity.objects.filter(partnership__in=visible.values("pk"), meeting__deleted_at__isnull=True)
    for row in activities.values("partnership__kind").annotate(
        n=Count("id"), last=Max("meeting__starts_at")
    ).order_by():
        per_kind[row["partnership__kind"]].update(
            activities=row["n"], last_activity=timezone.localtime(row["last"]).date() if row["last"] else None
        )
    outcomes = Outcome.objects.filter(partnership__in=visible.values("pk"))
    for row in outcomes.values("partnership__kind").annotate(n=Count("id")).order_by():
        per_kind[row["partnership__kind"]]["outcomes"] = row["n"]
    by_outcome_kind = {
        row["kind"]: row["q"] for row in outcomes.values("kind").annotate(q=Sum("quantity")).order_by()
    }

    first_month = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    month_keys = []
    d = first_month
    while d <= today:
        month_keys.append(d)
        d = (d + dt.timedelta(days=32)).replace(day=1)
    series = {k: [0] * len(month_keys) for k in Kind.values}
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(first_month, dt.time.min), tz)
    for row in activities.filter(meeting__starts_at__gte=start).annotate(
        month=TruncMonth("meeting__starts_at", tzinfo=tz)
    ).values("partnership__kind", "month").annotate(n=Count("id")).order_by():
        month = row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]
        if month in month_keys:
            series[row["partnership__kind"]][month_keys.index(month)] = row["n"]
    last = max((v["last_activity"] for v in per_kind.values() if v["last_activity"]), default=None)
    return {
        "mechanisms": list(per_kind.values()),
        "outcome_totals": [
            {"kind": k, "label": label, "quantity": by_outcome_kind.get(k, 0), "unit": Outcome.UNITS[k]}
            for k, label in Outcome.Kind.choices
        ],
        "chart": {
            "months": [f"{m.year}年{m.month}月" for m in month_keys],
            "series": [{"name": label, "data": series[k]} for k, label in Kind.choices],
        },
        "last_activity": last,
        "totals": {key: sum(v[key] for v in per_kind.values()) for key in ("partnerships", "activities", "outcomes")},
    }


def recent_partnerships(*, user, org: Org, limit: int = 20) -> list[Partnership]:
    return list(partnership_list_for_user(user=user, org=org)[:limit])


# --- for the assessment's points (appended by assessment) ------------------------------------------


def outcome_counts_by_registrar(*, under: str, start: dt.date, end: dt.date) -> dict[int, int]:
    """{member id: outcomes registered in [start, end]} for members of the subtree at `under`, by the member
    whose login registered the outcome (登记人). One grouped query."""
    rows = (
        Outcome.objects.filter(subtree_q("created_by__member__org_path", under), occurred_on__gte=start,
                               occurred_on__lte=end, created_by__member__deleted_at__isnull=True)
        .values("created_by__member__id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["created_by__member__id"]: row["n"] for row in rows}


def outcomes_registered_by(*, user_id: int | None, start: dt.date, end: dt.date) -> list[Outcome]:
    """The outcomes a user registered in [start, end], with their partnerships, oldest first."""
    if user_id is None:
        return []
    return list(
        Outcome.objects.filter(created_by_id=user_id, occurred_on__gte=start, occurred_on__lte=end)
        .select_related("partnership").order_by("occurred_on", "id")
    )
