"""Enterprise visits and job posts as evidence for work-method cases, through `zhibu.core.evidence`."""

from django.db.models import Count, Q
from django.utils import timezone

from zhibu.core import evidence
from zhibu.core.paths import subtree_q

from .models import EnterpriseVisit, JobPost


def visit_records(org_path: str, *, ids=None, q: str = "", limit: int = 200) -> list[evidence.EvidenceRecord]:
    """The organisation's visits: one query."""
    qs = EnterpriseVisit.objects.filter(subtree_q("org_path", org_path)).select_related("employer__unit").annotate(
        visitor_count=Count("visitor_links", distinct=True))
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if q:
        qs = qs.filter(Q(employer__unit__name__contains=q) | Q(purpose__contains=q))
    return [
        evidence.EvidenceRecord(
            kind="careers_visit", id=v.pk, date=v.visited_on, title=f"访企拓岗：走访{v.employer.unit.name}",
            summary=f"党员{v.visitor_count}人参加；对方承诺岗位{v.jobs_promised}个"
                    + (f"；了解需求：{'、'.join(v.needs_labels())}" if v.needs else ""),
            url=v.get_absolute_url(),
        )
        for v in qs.order_by("-visited_on", "-id")[:limit]
    ]


def job_records(org_path: str, *, ids=None, q: str = "", limit: int = 200) -> list[evidence.EvidenceRecord]:
    """The organisation's job posts: one query."""
    qs = JobPost.objects.filter(subtree_q("org_path", org_path)).select_related("employer__unit")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(employer__unit__name__contains=q))
    return [
        evidence.EvidenceRecord(
            kind="careers_job", id=j.pk, date=timezone.localdate(j.created_at), title=f"就业岗位：{j.employer.unit.name} {j.title}",
            summary=f"{j.get_source_display()}；{j.city}，招{j.headcount}人，{j.majors_display}",
            url=j.get_absolute_url(),
        )
        for j in qs.order_by("-created_at", "-id")[:limit]
    ]


def register() -> None:
    evidence.register(evidence.Source(kind="careers_visit", label="访企拓岗", records=visit_records))
    evidence.register(evidence.Source(kind="careers_job", label="就业岗位", records=job_records))
