"""The careers home, the last-mile board and the destination rate: aggregates in SQL, a fixed number of queries."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zhibu.core.paths import Scope, subtree_q
from zhibu.orgs.models import Org
from zhibu.orgs.selectors import scope_for_user

from .models import EnterpriseVisit, Graduate, JobPost, VisitFollowUp, VisitTarget

STALE_DAYS = 14  # a graduate still seeking who has not been contacted for this long is flagged


def _in(scope: Scope, org: Org | None, field: str = "org_path") -> Q:
    q = scope.q(field)
    if org is not None:
        q &= subtree_q(field, org.path)
    return q


def rate(placed: int, total: int) -> float | None:
    return round(100 * placed / total, 1) if total else None


def target_progress(*, user, org: Org | None = None, year: int | None = None) -> list[dict]:
    """Each yearly target in scope with the distinct employers visited so far in the target org's subtree: two queries."""
    scope = scope_for_user(user)
    year = year or timezone.localdate().year
    targets = list(VisitTarget.objects.filter(_in(scope, org), year=year).select_related("org").order_by("org_path"))
    if not targets:
        return []
    pairs = set(EnterpriseVisit.objects.filter(_in(scope, org), visited_on__year=year)
                .values_list("org_path", "employer_id").distinct().order_by())
    rows = []
    for t in targets:
        employers = {e for path, e in pairs if path.startswith(t.org_path)}
        done = len(employers)
        rows.append({"target": t, "org": t.org, "year": year, "goal": t.employers, "done": done,
                     "percent": min(100, round(100 * done / t.employers)) if t.employers else 0})
    return rows


def careers_overview(*, user, org: Org | None = None) -> dict:
    """The numbers on the careers home: six aggregate queries whatever the data size."""
    scope = scope_for_user(user)
    today = timezone.localdate()
    stale = today - dt.timedelta(days=STALE_DAYS)
    g = Graduate.objects.filter(_in(scope, org)).aggregate(
        total=Count("id"),
        placed=Count("id", filter=Q(status__in=Graduate.PLACED)),
        seeking=Count("id", filter=Q(status=Graduate.Status.SEEKING)),
        no_helper=Count("id", filter=Q(status=Graduate.Status.SEEKING, helper__isnull=True)),
        stale=Count("id", filter=Q(status=Graduate.Status.SEEKING)
                    & (Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=stale))),
    )
    v = EnterpriseVisit.objects.filter(_in(scope, org), visited_on__year=today.year).aggregate(
        visits=Count("id"), employers=Count("employer", distinct=True))
    j = JobPost.objects.filter(_in(scope, org), status=JobPost.Status.OPEN, deadline__gte=today).aggregate(
        open_jobs=Count("id"))
    due = VisitFollowUp.objects.filter(_in(scope, org), done_on__isnull=True, visit__deleted_at__isnull=True,
                                       due_on__lte=today + dt.timedelta(days=7)).count()
    helped = Graduate.objects.filter(helper__user=user, status=Graduate.Status.SEEKING).count() \
        if getattr(user, "is_authenticated", False) else 0
    return {**g, **v, **j, "due_follow_ups": due, "helped": helped, "rate": rate(g["placed"], g["total"]), "year": today.year,
            "stale_days": STALE_DAYS}


def follow_ups_due(*, user, org: Org | None = None, limit: int = 10) -> list[VisitFollowUp]:
    scope = scope_for_user(user)
    return list(VisitFollowUp.objects.filter(_in(scope, org), done_on__isnull=True, visit__deleted_at__isnull=True)
                .select_related("visit__employer__unit", "assignee").order_by("due_on", "id")[:limit])


def last_mile_list(*, user, org: Org | None = None, helper_id: int | None = None,
                   stale_only: bool = False) -> QuerySet[Graduate]:
    """Graduates still seeking, longest since graduation first."""
    scope = scope_for_user(user)
    visible = _in(scope, org)
    if org is None:
        visible |= Q(helper__user=user)  # the graduates a faculty member helps, wherever they are
    qs = Graduate.objects.filter(visible, status=Graduate.Status.SEEKING)
    if helper_id:
        qs = qs.filter(helper_id=helper_id)
    if stale_only:
        stale = timezone.localdate() - dt.timedelta(days=STALE_DAYS)
        qs = qs.filter(Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=stale))
    return qs.select_related("org", "helper").order_by("graduation_date", "class_year", "last_contact_on",
                                                        "student_number", "id")


def annotate_last_mile(rows, *, today: dt.date | None = None):
    """Days since graduation and since the last contact, on a page of rows."""
    today = today or timezone.localdate()
    for g in rows:
        grad = g.graduation_date or dt.date(g.class_year, 6, 30)
        g.days_since_graduation = (today - grad).days if today >= grad else None
        g.days_since_contact = (today - g.last_contact_on).days if g.last_contact_on else None
        g.stale = g.days_since_contact is None or g.days_since_contact > STALE_DAYS
    return rows


def destination_rates(*, user, org: Org | None = None, class_year: int | None = None) -> dict:
    """去向落实率 by major and class year (one grouped query), with the chart's series."""
    scope = scope_for_user(user)
    qs = Graduate.objects.filter(_in(scope, org))
    if class_year:
        qs = qs.filter(class_year=class_year)
    groups = list(qs.values("major", "class_year").annotate(
        total=Count("id"),
        **{s: Count("id", filter=Q(status=s)) for s in Graduate.Status.values},
    ).order_by("-class_year", "major"))
    for row in groups:
        row["placed"] = sum(row[s] for s in Graduate.PLACED)
        row["rate"] = rate(row["placed"], row["total"])
    labels = [f"{r['major']}（{r['class_year']}届）" for r in groups]
    chart = {
        "categories": labels,
        "series": [{"code": s, "name": str(label), "data": [r[s] for r in groups]}
                   for s, label in Graduate.Status.choices],
        "rates": [r["rate"] or 0 for r in groups],
    }
    totals = {"total": sum(r["total"] for r in groups), "placed": sum(r["placed"] for r in groups)}
    totals["rate"] = rate(totals["placed"], totals["total"])
    return {"groups": groups, "chart": chart, "totals": totals}
