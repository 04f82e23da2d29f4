"""The all-or-nothing import of a checked roster."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhibu.core.audit import audit_entry, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.progress import ProgressCallback

from ..models import Member, Position
from ..selectors import can_manage
from ..services import MEMBER_FIELDS
from .results import RosterResult

BATCH_SIZE = 1000


def roster_import(
    result: RosterResult, *, by, progress: ProgressCallback | None = None, note: str = ""
) -> int:
    """Create every member of a clean result in one transaction; returns how many. Refuses results with errors."""
    if result.errors:
        raise ValidationError(f"名册中有{len(result.errors)}处错误，未导入任何数据，请修改后重新上传")
    if not result.rows:
        raise ValidationError("名册中没有党员数据")
    for path in {row.data["org"].path for row in result.rows}:
        if by is not None and not can_manage(by, path):
            raise PermissionDenied("您没有权限向该支部导入党员")
    total = len(result.rows)
    actor = by if getattr(by, "is_authenticated", False) else None
    today = timezone.localdate()
    note = (note or "名册导入")[:300]
    try:
        with transaction.atomic():
            for start in range(0, total, BATCH_SIZE):
                batch = result.rows[start : start + BATCH_SIZE]
                members = [
                    Member(org_path=row.data["org"].path, **row.data) for row in batch
                ]
                Member.objects.bulk_create(members, batch_size=BATCH_SIZE)
                positions: list[Position] = []
                entries: list[AuditEntry] = []
                for row, member in zip(batch, members, strict=True):
                    changes = diff({}, snapshot(member, MEMBER_FIELDS))
                    held = [Position(member=member, org=org, kind=kind, title=title, started_on=today)
                            for kind, title, org in row.positions]
                    if held:
                        changes["positions"] = [None, "、".join(f"{p.org} {p.label}" for p in held)]
                        positions.extend(held)
                    entries.append(audit_entry(actor=actor, obj=member, action=AuditEntry.Action.IMPORT,
                                               changes=changes, org_path=member.org_path, note=note))
                if positions:
                    Position.objects.bulk_create(positions, batch_size=BATCH_SIZE)
                AuditEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
                if progress:
                    progress(start + len(batch), total)
    except IntegrityError as exc:
        # Someone registered one of these ID numbers, or a secretary, after the file was checked.
        raise ValidationError("导入时数据已被他人修改（如身份证号码已被登记或支部已任命书记），"
                              "未导入任何数据；请重新上传校验") from exc
    return total
