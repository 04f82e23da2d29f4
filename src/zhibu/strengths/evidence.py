"""A branch's year-end assessments as evidence for work-method cases, through `zhibu.core.evidence`.

Each reviewed annual plan is one record: the year's "七个有力" score as frozen by the review. Registered in
`StrengthsConfig.ready()`; `methods` lists them without importing this app.
"""

from django.utils import timezone

from zhibu.core import evidence
from zhibu.core.paths import subtree_q

from .models import Plan, Strength


def assessment_records(org_path: str, *, ids=None, q: str = "", limit: int = 200) -> list[evidence.EvidenceRecord]:
    """The branch's reviewed plans, newest first: one query."""
    qs = Plan.objects.filter(subtree_q("org_path", org_path), reviewed_at__isnull=False).select_related("org")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    rows = []
    for p in qs.order_by("-year", "-id")[:limit]:
        title = f"{p.year}年度“七个有力”评估：{p.review_total}分"
        if q and q not in title:
            continue
        by = (p.review_scores or {}).get("by_strength", {})
        summary = "；".join(f"{Strength(c).label}{v}" for c, v in by.items() if c in Strength.values)
        rows.append(evidence.EvidenceRecord(kind="strengths", id=p.pk, date=timezone.localdate(p.reviewed_at), title=title,
                                            summary=summary[:300], url=p.get_absolute_url()))
    return rows


def register() -> None:
    evidence.register(evidence.Source(kind="strengths", label="“七个有力”评估", records=assessment_records))
