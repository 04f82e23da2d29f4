"""Records of other apps become deeds: the sync over every `core.deedsources` source.

For a subtree and a period, each registered source lists its rows (graduation-mailing shifts, job-help
follow-ups …); each row becomes a Deed keyed by (source kind, source_id), confirmed by its record and
linking back to it. Syncing again creates nothing new: changed rows are updated, rows that vanished from
their source (the record was deleted) are withdrawn, the rest is left alone. A bounded number of queries
per source (chunks of CHUNK rows), whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zhibu.core import deedsources
from zhibu.core.audit import audit_record
from zhibu.core.models import AuditEntry
from zhibu.core.paths import subtree_q
from zhibu.core.progress import ProgressCallback
from zhibu.orgs.models import Member, Org
from zhibu.orgs.selectors import can_manage

from .models import Deed, DeedSyncRun

CHUNK = 500
SYNCED_FIELDS = ["member_id", "org_id", "org_path", "date", "title", "category", "hours", "beneficiaries",
                 "beneficiary_note", "source_url"]


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


@transaction.atomic
def deeds_sync(*, by, org: Org, start: dt.date, end: dt.date, progress: ProgressCallback | None = None) -> DeedSyncRun:
    """Create or update the deeds of every registered source for the subtree of `org` in [start, end]."""
    if by is not None and not can_manage(by, org.path):
        raise PermissionDenied("只有本组织的书记、支委或管理员可以同步实事")
    run = DeedSyncRun(org=org, org_path=org.path, start=start, end=end,
                      by=by if getattr(by, "is_authenticated", False) else None)
    sources = deedsources.sources()
    now = timezone.now()
    for index, source in enumerate(sources):
        if progress:
            progress(index, len(sources))
        category = source.category if source.category in Deed.Category.values else Deed.Category.OTHER
        rows = {row.source_id: row for row in source.rows(under=org.path, start=start, end=end)}
        members = {}
        for ids in _chunks(sorted({r.member_id for r in rows.values()})):
            members.update({m[0]: m for m in Member.objects.filter(pk__in=ids).values_list("id", "org_id", "org_path")})
        existing: dict[int, Deed] = {}
        for ids in _chunks(sorted(rows)):
            existing.update({d.source_id: d for d in Deed.all_objects.filter(source_kind=source.kind, source_id__in=ids)})
        creates, updates = [], []
        for source_id, row in rows.items():
            member = members.get(row.member_id)
            if member is None:
                continue
            values = {"member_id": member[0], "org_id": member[1], "org_path": member[2], "date": row.date,
                      "title": (row.title or source.label)[:200], "category": category,
                      "hours": Decimal(row.hours or 0).quantize(Decimal("0.1")),
                      "beneficiaries": max(int(row.beneficiaries or 0), 0),
                      "beneficiary_note": (row.beneficiary_note or "")[:200], "source_url": (row.url or "")[:300]}
            deed = existing.get(source_id)
            if deed is None:
                creates.append(Deed(source_kind=source.kind, source_id=source_id, status=Deed.Status.CONFIRMED,
                                    confirmed_via=Deed.Via.RECORD, confirmed_at=now, confirmer_name=source.label,
                                    **values))
                continue
            changed = any(getattr(deed, k) != v for k, v in values.items()) or deed.deleted_at is not None
            if changed:
                for k, v in values.items():
                    setattr(deed, k, v)
                deed.deleted_at, deed.deleted_by, deed.updated_at = None, None, now
                updates.append(deed)
            else:
                run.unchanged += 1
        Deed.objects.bulk_create(creates, batch_size=CHUNK)
        Deed.all_objects.bulk_update(updates, [*SYNCED_FIELDS, "deleted_at", "deleted_by", "updated_at"],
                                     batch_size=CHUNK)
        in_period = Deed.objects.filter(subtree_q("org_path", org.path), source_kind=source.kind, date__gte=start,
                                        date__lte=end)
        gone = sorted(set(in_period.values_list("source_id", flat=True)) - set(rows))
        for ids in _chunks(gone):
            run.removed += Deed.objects.filter(source_kind=source.kind, source_id__in=ids).update(
                deleted_at=now, updated_at=now)
        run.created += len(creates)
        run.updated += len(updates)
    if progress:
        progress(len(sources), len(sources))
    run.save()
    audit_record(actor=by, obj=run, action=AuditEntry.Action.IMPORT, org_path=org.path,
                 note=f"同步业务记录生成的实事：新增{run.created}条，更新{run.updated}条，撤销{run.removed}条，未变{run.unchanged}条")
    return run


def deeds_sync_year(*, by, org: Org, year: int, progress: ProgressCallback | None = None) -> DeedSyncRun:
    return deeds_sync(by=by, org=org, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), progress=progress)
