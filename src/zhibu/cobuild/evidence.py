"""Partnerships and their outcomes as evidence for work-method cases, through `zhibu.core.evidence`.

Registered in `CobuildConfig.ready()`; `methods` lists a branch's records without importing this app.
"""

from django.db.models import Q
from django.urls import reverse

from zhibu.core import evidence
from zhibu.core.paths import subtree_q

from .models import Outcome, Partnership
from .selectors import with_counts


def _own_q(org_path: str) -> Q:
    return subtree_q("org_path", org_path) | subtree_q("partner_path", org_path)


def partnership_records(org_path: str, *, ids=None, q: str = "", limit: int = 200) -> list[evidence.EvidenceRecord]:
    """The branch's partnerships (either side): one query."""
    qs = with_counts(Partnership.objects.filter(_own_q(org_path))).select_related(
        "major", "partner_org", "external_unit")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if q:
        qs = qs.filter(title__contains=q)
    return [
        evidence.EvidenceRecord(
            kind="partnership", id=p.pk, date=p.starts_on, title=f"{p.get_kind_display()}：{p.title}",
            summary=f"与{p.counterpart}；共建活动{p.activity_count}次、成果{p.outcome_count}项",
            url=p.get_absolute_url(),
        )
        for p in qs.order_by("-starts_on", "-id")[:limit]
    ]


def outcome_records(org_path: str, *, ids=None, q: str = "", limit: int = 200) -> list[evidence.EvidenceRecord]:
    """The outcomes of the branch's partnerships: one query."""
    qs = Outcome.objects.filter(partnership__in=Partnership.objects.filter(_own_q(org_path)).values("pk"))
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if q:
        qs = qs.filter(title__contains=q)
    return [
        evidence.EvidenceRecord(
            kind="cobuild_outcome", id=o.pk, date=o.occurred_on, title=f"{o.get_kind_display()}：{o.title}",
            summary=f"{o.quantity}{o.unit}；{o.description[:100]}".rstrip("；"),
            url=reverse("cobuild:partnership_detail", args=[o.partnership_id]) + f"#outcome-{o.pk}",
        )
        for o in qs.order_by("-occurred_on", "-id")[:limit]
    ]


def register() -> None:
    evidence.register(evidence.Source(kind="partnership", label="共建", records=partnership_records))
    evidence.register(evidence.Source(kind="cobuild_outcome", label="共建成果", records=outcome_records))
