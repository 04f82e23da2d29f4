"""Meetings as evidence for cases, through the registry in `zhibu.core.evidence`."""

from django.utils import timezone

from zhibu.core import evidence
from zhibu.core.paths import Scope
from zhibu.meetings.selectors import meeting_list_for_scope

SUMMARY_CHARS = 120


def _summary(meeting) -> str:
    text = meeting.topic or meeting.minutes or ""
    text = " ".join(text.split())
    return text[:SUMMARY_CHARS] + ("…" if len(text) > SUMMARY_CHARS else "")


def meeting_records(org_path: str, *, ids=None, q: str = "", limit: int = 200) -> list[evidence.EvidenceRecord]:
    """The branch's meetings that have taken place: hosted by it or its groups, or co-hosted by it (a superior's
    research symposium). A meeting still to come is no evidence yet."""
    qs = (meeting_list_for_scope(Scope.of([org_path]), q=q or None).prefetch_related(None).select_related(None)
          .filter(starts_at__lte=timezone.now()))
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    rows = qs.only("id", "title", "topic", "minutes", "kind", "starts_at")[:limit]
    return [
        evidence.EvidenceRecord(
            kind="meeting", id=m.pk, date=timezone.localtime(m.starts_at).date(),
            title=f"{m.get_kind_display()}：{m.title}", summary=_summary(m), url=m.get_absolute_url(),
        )
        for m in rows
    ]


def register_meetings() -> None:
    evidence.register(evidence.Source(kind="meeting", label="组织生活", records=meeting_records))
