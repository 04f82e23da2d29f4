"""Reads of careers records, always through the acting user's scope (outside it: 404).

Graduates, visits, targets and job posts belong to an organisation and are visible in its subtree's scope.
Employers are a shared registry, like the external units they extend: every user with a role reads them.
Phones (graduates', employer contacts') are shown masked unless the user may see personal data there.
"""

from collections.abc import Iterable

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from zhibu.core.paths import SEGMENT, Scope, subtree_q
from zhibu.core.personal import mask_phone
from zhibu.orgs.models import Org
from zhibu.orgs.selectors import scope_for_user

from .models import (
    Employer,
    EmployerContact,
    EnterpriseVisit,
    Graduate,
    HelperContact,
    JobPost,
    Recommendation,
    VisitFollowUp,
    VisitVisitor,
)

# --- graduates (the contract gradmail relies on) --------------------------------------------------


def graduate_list_for_scope(
    scope: Scope,
    *,
    org: Org | None = None,
    status: str | None = None,
    major: str | None = None,
    class_year: int | None = None,
    helper_id: int | None = None,
    q: str | None = None,
) -> QuerySet[Graduate]:
    """Graduates in `scope`, with their organisation and helper loaded, in a stable order."""
    qs = Graduate.objects.filter(scope.q("org_path"))
    if org is not None:
        qs = qs.filter(subtree_q("org_path", org.path))
    if status:
        qs = qs.filter(status=status)
    if major:
        qs = qs.filter(major=major)
    if class_year:
        qs = qs.filter(class_year=class_year)
    if helper_id:
        qs = qs.filter(helper_id=helper_id)
    if q:
        q = q.strip()
        qs = qs.filter(Q(name__contains=q) | Q(student_number=q) | Q(major__contains=q))
    return qs.select_related("org", "helper").order_by("org_path", "class_year", "student_number", "id")


def graduate_list_for_user(*, user, **filters) -> QuerySet[Graduate]:
    return graduate_list_for_scope(scope_for_user(user), **filters)


def graduate_visible_q(user) -> Q:
    """In the user's scope, or helped by the user (a faculty member helping a student branch's graduate)."""
    q = scope_for_user(user).q("org_path")
    if getattr(user, "is_authenticated", False):
        q |= Q(helper__user=user)
    return q


def graduate_get_for_user(*, user, graduate_id: int) -> Graduate:
    """The graduate in the user's scope or helped by the user; 404 otherwise."""
    graduate = (Graduate.objects.filter(graduate_visible_q(user), pk=graduate_id)
                .select_related("org", "helper", "member", "user").first())
    if graduate is None:
        raise Http404("没有找到该毕业生")
    return graduate


def graduate_for_login(user) -> Graduate | None:
    """The graduate whose own login `user` is, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Graduate.objects.filter(user=user).select_related("org").first()


def graduates_by_student_numbers(*, under: str, numbers: Iterable[str]) -> dict[str, Graduate]:
    """{student number: graduate} for the given numbers within the subtree at path `under`: one query."""
    wanted = {str(n).strip() for n in numbers if str(n or "").strip()}
    if not wanted:
        return {}
    qs = Graduate.objects.filter(subtree_q("org_path", under), student_number__in=wanted).select_related("org")
    return {g.student_number: g for g in qs}


def phone_for(user, graduate: Graduate) -> str:
    """The graduate's phone as this user may see it."""
    return graduate.phone if scope_for_user(user).grants_full(graduate.org_path) else mask_phone(graduate.phone)


def with_phone_display(user, rows):
    """Set `phone_display` on every row (graduates or contacts with `org_path`): masked where personal data is closed."""
    scope = scope_for_user(user)
    for row in rows:
        row.phone_display = row.phone if scope.grants_full(row.org_path) else mask_phone(row.phone)
    return rows


def graduate_contacts(*, graduate: Graduate) -> list[HelperContact]:
    return list(graduate.contacts.select_related("by").order_by("-contacted_on", "-id")[:50])


def graduate_recommendations(*, graduate: Graduate) -> list[Recommendation]:
    return list(graduate.recommendations.select_related("job", "job__employer__unit").order_by("-created_at", "-id"))


def graduate_filter_options(*, user) -> dict:
    """Majors and class years present in the scope, for the filters: two small aggregate queries."""
    qs = Graduate.objects.filter(scope_for_user(user).q("org_path"))
    return {
        "majors": list(qs.values_list("major", flat=True).distinct().order_by("major")),
        "years": list(qs.values_list("class_year", flat=True).distinct().order_by("-class_year")),
    }


# --- employers ------------------------------------------------------------------------------------


def employer_list_for_user(*, user, q: str | None = None, industry: str | None = None,
                           partner_status: str | None = None) -> QuerySet[Employer]:
    if scope_for_user(user).is_empty:
        return Employer.objects.none()
    qs = Employer.objects.all()
    if q:
        qs = qs.filter(Q(unit__name__contains=q) | Q(unit__city__contains=q))
    if industry:
        qs = qs.filter(industry=industry)
    if partner_status:
        qs = qs.filter(partner_status=partner_status)
    return qs.select_related("unit").annotate(
        visit_count=Count("visits", filter=Q(visits__deleted_at__isnull=True), distinct=True),
        job_count=Count("jobs", filter=Q(jobs__deleted_at__isnull=True), distinct=True),
    ).order_by("unit__name", "id")


def employer_get_for_user(*, user, employer_id: int) -> Employer:
    emp = None
    if not scope_for_user(user).is_empty:
        emp = Employer.objects.filter(pk=employer_id).select_related("unit", "org").first()
    if emp is None:
        raise Http404("没有找到该用人单位")
    return emp


def employer_contacts(*, user, employer: Employer) -> list[EmployerContact]:
    contacts = list(employer.contacts.all())
    full = scope_for_user(user).grants_full(employer.org_path)
    for c in contacts:
        c.phone_display = c.phone if full else mask_phone(c.phone)
    return contacts


def employer_choices(*, user) -> QuerySet[Employer]:
    if scope_for_user(user).is_empty:
        return Employer.objects.none()
    return Employer.objects.select_related("unit").order_by("unit__name")


def employer_for_unit(unit_id: int) -> Employer | None:
    return Employer.objects.filter(unit_id=unit_id).first()


# --- visits ---------------------------------------------------------------------------------------


def visit_list_for_user(*, user, org: Org | None = None, year: int | None = None,
                        employer_id: int | None = None) -> QuerySet[EnterpriseVisit]:
    qs = EnterpriseVisit.objects.filter(scope_for_user(user).q("org_path"))
    if org is not None:
        qs = qs.filter(subtree_q("org_path", org.path))
    if year:
        qs = qs.filter(visited_on__year=year)
    if employer_id:
        qs = qs.filter(employer_id=employer_id)
    return qs.select_related("org", "employer__unit").prefetch_related(
        Prefetch("visitor_links", queryset=VisitVisitor.objects.select_related("member").order_by("id"))
    ).annotate(
        open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done_on__isnull=True)),
    ).order_by("-visited_on", "-id")


def visit_get_for_user(*, user, visit_id: int) -> EnterpriseVisit:
    visit = (EnterpriseVisit.objects.filter(scope_for_user(user).q("org_path"), pk=visit_id)
             .select_related("org", "employer__unit", "created_by")
             .prefetch_related(Prefetch("visitor_links", queryset=VisitVisitor.objects.select_related("member")))
             .first())
    if visit is None:
        raise Http404("没有找到该走访记录")
    return visit


def visit_follow_ups(*, visit: EnterpriseVisit) -> list[VisitFollowUp]:
    return list(visit.follow_ups.select_related("assignee").order_by("done_on", "due_on", "id"))


def follow_up_get_for_user(*, user, follow_up_id: int) -> VisitFollowUp:
    f = (VisitFollowUp.objects.filter(scope_for_user(user).q("org_path"), pk=follow_up_id,
                                      visit__deleted_at__isnull=True).select_related("visit").first())
    if f is None:
        raise Http404("没有找到该跟进事项")
    return f


# --- job posts ------------------------------------------------------------------------------------


def _ancestors_or_self(scope: Scope) -> list[str]:
    return sorted({p[:end] for p in scope.paths for end in range(SEGMENT, len(p) + 1, SEGMENT)})


def job_visible_q(scope: Scope) -> Q:
    """Posts recorded in the scope, and posts shared with a school the user works in or under (a faculty branch's
    posts serve the student branches of its school)."""
    if scope.everything:
        return Q()
    if scope.is_empty:
        return Q(pk__in=[])
    return scope.q("org_path") | scope.q("share_path") | Q(share_path__in=_ancestors_or_self(scope))


def job_list_for_user(*, user, status: str | None = None, q: str | None = None, employer_id: int | None = None,
                      city: str | None = None) -> QuerySet[JobPost]:
    qs = JobPost.objects.filter(job_visible_q(scope_for_user(user)))
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(employer__unit__name__contains=q))
    if employer_id:
        qs = qs.filter(employer_id=employer_id)
    if city:
        qs = qs.filter(city__contains=city)
    return qs.select_related("org", "employer__unit").annotate(
        recommendation_count=Count("recommendations")).order_by("deadline", "id")


def job_get_for_user(*, user, job_id: int) -> JobPost:
    job = (JobPost.objects.filter(job_visible_q(scope_for_user(user)), pk=job_id)
           .select_related("org", "employer__unit", "visit", "partnership").first())
    if job is None:
        raise Http404("没有找到该岗位")
    return job


def job_recommendations(*, job: JobPost) -> list[Recommendation]:
    return list(job.recommendations.select_related("graduate").order_by("-created_at", "-id"))


def recommendation_get_for_user(*, user, recommendation_id: int) -> Recommendation:
    r = (Recommendation.objects.filter(pk=recommendation_id, graduate__in=Graduate.objects.filter(
            graduate_visible_q(user)).values("pk"),
                                       graduate__deleted_at__isnull=True)
         .select_related("graduate", "job", "job__employer__unit").first())
    if r is None:
        raise Http404("没有找到该推荐")
    return r


# --- soft-deleted rows (restore) ------------------------------------------------------------------

TRASH_LIMIT = 50


def deleted_for_user(*, user) -> dict[str, list]:
    """The most recently deleted visits, posts and graduates where the user may restore them: three queries."""
    full = scope_for_user(user).full_q("org_path")
    return {
        "visits": list(EnterpriseVisit.all_objects.filter(full, deleted_at__isnull=False)
                       .select_related("employer__unit", "deleted_by").order_by("-deleted_at")[:TRASH_LIMIT]),
        "jobs": list(JobPost.all_objects.filter(full, deleted_at__isnull=False)
                     .select_related("employer__unit", "deleted_by").order_by("-deleted_at")[:TRASH_LIMIT]),
        "graduates": list(Graduate.all_objects.filter(full, deleted_at__isnull=False)
                          .select_related("deleted_by").order_by("-deleted_at")[:TRASH_LIMIT]),
    }


def deleted_get_for_user(*, user, model, pk: int):
    """A soft-deleted visit, post or graduate in the user's scope; 404 otherwise."""
    row = model.all_objects.filter(scope_for_user(user).q("org_path"), pk=pk, deleted_at__isnull=False).first()
    if row is None:
        raise Http404("没有找到该已删除的记录")
    return row


def is_graduate_only(user) -> bool:
    """A graduate's own login with no role anywhere: they see their own 毕业寄 and nothing of the school's.

    The scope is usually cached already; the graduate lookup runs only for users without any role.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_careers_graduate_only", None)
    if cached is None:
        cached = scope_for_user(user).is_empty and Graduate.objects.filter(user=user).exists()
        user._careers_graduate_only = cached
    return cached
