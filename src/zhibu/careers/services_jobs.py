"""Writes to job posts and recommendations. A post past its deadline (or not open) cannot be recommended."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.paths import SEGMENT
from zhibu.core.validation import Errors
from zhibu.orgs.models import Org

from . import matching
from .models import Employer, Graduate, JobPost, Recommendation
from .services_common import actor, require_manage, split_list
from .services_graduates import graduate_update

JOB_FIELDS = ["employer", "title", "majors", "degree", "city", "headcount", "salary_min", "salary_max", "deadline",
              "source", "visit", "partnership", "status", "description"]


def _check_job(job: JobPost, errors: Errors, *, new: bool) -> None:
    job.title = (job.title or "").strip()
    job.city = (job.city or "").strip()
    job.majors = split_list(job.majors)
    if job.salary_min and job.salary_max and job.salary_max < job.salary_min:
        errors.add("salary_max", f"月薪上限{job.salary_max}元低于下限{job.salary_min}元")
    if new and job.deadline and job.deadline < timezone.localdate():
        errors.add("deadline", f"截止日期{job.deadline:%Y年%-m月%-d日}已过")
    if job.source == JobPost.Source.VISIT and job.visit is None:
        errors.add("visit", "来源为访企拓岗的岗位，请选择对应的走访记录")
    if job.visit is not None and job.visit.employer_id != job.employer_id:
        errors.add("visit", "所选走访记录走访的不是该用人单位")
    if job.source == JobPost.Source.PARTNERSHIP and job.partnership is None:
        errors.add("partnership", "来源为校企共建的岗位，请选择对应的共建")
    if job.headcount is not None and job.headcount < 1:
        errors.add("headcount", "招聘人数至少为1")
    try:
        job.full_clean(exclude=["org_path", "majors"], validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc)


@transaction.atomic
def job_create(*, by, org: Org, employer: Employer, title: str, city: str, deadline: dt.date,
               **fields: Any) -> JobPost:
    require_manage(by, org.path, "您没有权限为该组织登记岗位")
    if fields.get("visit") is not None and fields.get("source") is None:
        fields["source"] = JobPost.Source.VISIT
    share = org.path[:-SEGMENT] if org.kind in (Org.Kind.BRANCH, Org.Kind.GROUP) and org.parent_id else org.path
    job = JobPost(org=org, org_path=org.path, share_path=share, employer=employer, title=title, city=city, deadline=deadline,
                  created_by=actor(by), **fields)
    errors = Errors()
    _check_job(job, errors, new=True)
    errors.raise_if_any()
    job.save()
    audit_record(actor=by, obj=job, action=AuditEntry.Action.CREATE, changes=diff({}, snapshot(job, JOB_FIELDS)),
                 org_path=job.org_path)
    return job


@transaction.atomic
def job_update(*, by, job: JobPost, **fields: Any) -> JobPost:
    require_manage(by, job.org_path, "您没有权限修改该岗位")
    before = snapshot(job, JOB_FIELDS)
    for key, value in fields.items():
        if key not in JOB_FIELDS:
            raise ValueError(f"unknown field {key}")
        setattr(job, key, value)
    errors = Errors()
    _check_job(job, errors, new=False)
    errors.raise_if_any()
    job.save()
    changes = diff(before, snapshot(job, JOB_FIELDS))
    if changes:
        audit_record(actor=by, obj=job, action=AuditEntry.Action.UPDATE, changes=changes, org_path=job.org_path)
    return job


@transaction.atomic
def job_delete(*, by, job: JobPost) -> None:
    require_manage(by, job.org_path, "您没有权限删除该岗位")
    job.deleted_at, job.deleted_by = timezone.now(), actor(by)
    job.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(actor=by, obj=job, action=AuditEntry.Action.DELETE, org_path=job.org_path)


@transaction.atomic
def job_restore(*, by, job: JobPost) -> JobPost:
    require_manage(by, job.org_path, "您没有权限恢复该岗位")
    if job.deleted_at is not None:
        job.deleted_at, job.deleted_by = None, None
        job.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        audit_record(actor=by, obj=job, action=AuditEntry.Action.RESTORE, org_path=job.org_path)
    return job


def seeker_of(graduate: Graduate) -> matching.Seeker:
    return matching.Seeker(graduate.pk, graduate.major, graduate.degree, tuple(graduate.preferred_cities),
                           tuple(graduate.preferred_industries))


def post_of(job: JobPost) -> matching.Post:
    return matching.Post(job.pk, tuple(job.majors), job.degree, job.city, job.employer.industry, job.deadline)


@transaction.atomic
def recommendation_create(*, by, graduate: Graduate, job: JobPost) -> Recommendation:
    """Recommend `job` to `graduate`, recording the score and why; refused for closed or past-deadline posts."""
    require_manage(by, graduate.org_path, "您没有权限为该毕业生推荐岗位")
    today = timezone.localdate()
    if job.deadline < today:
        raise ValidationError({"job": f"岗位“{job.title}”已于{job.deadline:%Y年%-m月%-d日}截止，不能再推荐"})
    if job.status != JobPost.Status.OPEN:
        raise ValidationError({"job": f"岗位“{job.title}”{job.get_status_display()}，不能再推荐"})
    if job.is_deleted or graduate.is_deleted:
        raise ValidationError({"job": "岗位或毕业生已删除"})
    if Recommendation.objects.filter(graduate=graduate, job=job).exists():
        raise ValidationError({"job": f"已向{graduate.name}推荐过岗位“{job.title}”"})
    match = matching.score(seeker_of(graduate), post_of(job), today=today, explain=True)
    if match is None:
        raise ValidationError({"job": f"岗位“{job.title}”要求{job.get_degree_display()}及以上学历，"
                                      f"{graduate.name}是{graduate.get_degree_display()}"})
    rec = Recommendation.objects.create(
        graduate=graduate, job=job, org_path=graduate.org_path, score=match.score,
        reasons=[{"label": r.label, "points": r.points, "text": r.text} for r in match.reasons],
        outcome_on=today, recommended_by=actor(by))
    audit_record(actor=by, obj=graduate, action=AuditEntry.Action.UPDATE,
                 changes={"岗位推荐": [None, f"{job.employer.unit.name} {job.title}（{match.score}分）"]},
                 org_path=graduate.org_path)
    return rec


_ORDER = [o.value for o in Recommendation.Outcome]


@transaction.atomic
def recommendation_set_outcome(*, by, recommendation: Recommendation, outcome: str,
                               on: dt.date | None = None) -> Recommendation:
    """Record how a recommendation went; a signed contract settles the graduate as employed there."""
    graduate = recommendation.graduate
    require_manage(by, graduate.org_path, "您没有权限修改该推荐")
    if outcome not in _ORDER:
        raise ValidationError({"outcome": f"进展“{outcome}”无效"})
    old = recommendation.outcome
    recommendation.outcome = outcome
    recommendation.outcome_on = on or timezone.localdate()
    recommendation.save(update_fields=["outcome", "outcome_on", "updated_at"])
    audit_record(actor=by, obj=graduate, action=AuditEntry.Action.UPDATE,
                 changes={"岗位推荐": [f"{recommendation.job.title} {Recommendation.Outcome(old).label}",
                                   f"{recommendation.job.title} {Recommendation.Outcome(outcome).label}"]},
                 org_path=graduate.org_path)
    if outcome == Recommendation.Outcome.SIGNED and graduate.status != Graduate.Status.EMPLOYED:
        graduate_update(by=by, graduate=graduate, status=Graduate.Status.EMPLOYED,
                        destination=recommendation.job.employer.unit.name, placed_on=recommendation.outcome_on)
    return recommendation
