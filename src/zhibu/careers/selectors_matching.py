"""Ranked job posts for a graduate and ranked graduates for a job post, within the acting user's scope.

Three queries each whatever the data size: the candidates as plain tuples, the winners as objects, the
recommendations already made.
"""

from dataclasses import dataclass

from django.utils import timezone

from zhibu.orgs.selectors import scope_for_user

from . import matching
from .models import DEGREE_RANK, Graduate, JobPost, Recommendation


@dataclass
class RankedJob:
    job: JobPost
    match: matching.Match
    recommendation: Recommendation | None


@dataclass
class RankedGraduate:
    graduate: Graduate
    match: matching.Match
    recommendation: Recommendation | None


def _seeker(g: Graduate) -> matching.Seeker:
    return matching.Seeker(g.pk, g.major, g.degree, tuple(g.preferred_cities), tuple(g.preferred_industries))


def open_posts_for_user(user, *, max_degree: str | None = None) -> list[matching.Post]:
    today = timezone.localdate()
    qs = JobPost.objects.filter(scope_for_user(user).q("org_path"), status=JobPost.Status.OPEN, deadline__gte=today,
                                employer__deleted_at__isnull=True)
    if max_degree:
        qs = qs.filter(degree__in=[d for d, r in DEGREE_RANK.items() if r <= DEGREE_RANK[max_degree]])
    return [matching.Post(pk, tuple(majors or ()), degree, city, industry, deadline) for pk, majors, degree, city,
            industry, deadline in qs.values_list("pk", "majors", "degree", "city", "employer__industry", "deadline")]


def matches_for_graduate(*, user, graduate: Graduate, limit: int = 10) -> list[RankedJob]:
    today = timezone.localdate()
    posts = open_posts_for_user(user, max_degree=graduate.degree)
    top = matching.rank_posts(_seeker(graduate), posts, today=today, limit=limit)
    jobs = JobPost.objects.select_related("org", "employer__unit").in_bulk([m.post_id for m in top])
    recs = {r.job_id: r for r in Recommendation.objects.filter(graduate=graduate, job_id__in=jobs)}
    return [RankedJob(jobs[m.post_id], m, recs.get(m.post_id)) for m in top if m.post_id in jobs]


def matches_for_job(*, user, job: JobPost, limit: int = 20) -> list[RankedGraduate]:
    """Graduates still seeking in the user's scope, best first; none when the post is closed or past its deadline."""
    today = timezone.localdate()
    if job.deadline < today or job.status != JobPost.Status.OPEN:
        return []
    post = matching.Post(job.pk, tuple(job.majors), job.degree, job.city, job.employer.industry, job.deadline)
    rank = DEGREE_RANK[job.degree]
    qs = Graduate.objects.filter(scope_for_user(user).q("org_path"), status=Graduate.Status.SEEKING,
                                 degree__in=[d for d, r in DEGREE_RANK.items() if r >= rank])
    seekers = [matching.Seeker(pk, major, degree, tuple(cities or ()), tuple(inds or ())) for pk, major, degree,
               cities, inds in qs.values_list("pk", "major", "degree", "preferred_cities", "preferred_industries")]
    top = matching.rank_seekers(post, seekers, today=today, limit=limit)
    grads = Graduate.objects.select_related("org", "helper").in_bulk([m.seeker_id for m in top])
    recs = {r.graduate_id: r for r in Recommendation.objects.filter(job=job, graduate_id__in=grads)}
    return [RankedGraduate(grads[m.seeker_id], m, recs.get(m.seeker_id)) for m in top if m.seeker_id in grads]
