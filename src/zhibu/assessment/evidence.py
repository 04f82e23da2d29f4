"""Confirmed deeds as evidence for work-method cases, through `zhibu.core.evidence`.

Registered in `AssessmentConfig.ready()`; `methods` lists a branch's records without importing this app.
"""

from zhibu.core import evidence
from zhibu.core.paths import subtree_q

from .models import Deed


def deed_records(org_path: str, *, ids=None, q: str = "", limit: int = 200) -> list[evidence.EvidenceRecord]:
    """The branch's confirmed deeds (its members'): one query."""
    qs = Deed.objects.filter(subtree_q("org_path", org_path), status=Deed.Status.CONFIRMED).select_related("member")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    if q:
        qs = qs.filter(title__contains=q)
    return [
        evidence.EvidenceRecord(
            kind="deed", id=d.pk, date=d.date, title=f"{d.get_category_display()}：{d.title}",
            summary=f"{d.member.name}；{d.hours.normalize():f}小时"
                    + (f"；服务{d.beneficiaries}人" if d.beneficiaries else "")
                    + (f"（{d.beneficiary_note}）" if d.beneficiary_note else "")
                    + f"；{d.get_confirmed_via_display()}",
            url=d.get_absolute_url(),
        )
        for d in qs.order_by("-date", "-id")[:limit]
    ]


def register() -> None:
    evidence.register(evidence.Source(kind="deed", label="党员办实事", records=deed_records))
