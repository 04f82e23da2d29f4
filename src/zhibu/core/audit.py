"""Audit history: every service that changes a record writes what changed, by whom."""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry
from .personal import mask_id_number, mask_phone

# Field names whose values go into history masked: history is personal data's most common leak.
MASKED_FIELDS = {"id_number": mask_id_number, "phone": mask_phone}


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` on `obj`, as they would be stored in history (foreign keys by their name)."""
    data = {}
    for name in fields:
        f = obj._meta.get_field(name)
        if f.is_relation and f.many_to_one:
            data[name] = _plain(getattr(obj, name))
        else:
            data[name] = _plain(getattr(obj, f.attname))
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    changes = {}
    for key in after.keys() | before.keys():
        old, new = before.get(key), after.get(key)
        if old != new:
            mask = MASKED_FIELDS.get(key)
            if mask:
                old, new = mask(old or ""), mask(new or "")
            changes[key] = [old, new]
    return changes


def audit_entry(
    *,
    actor,
    obj: models.Model,
    action: str,
    changes: dict | None = None,
    org_path: str = "",
    note: str = "",
) -> AuditEntry:
    """An unsaved entry, for callers that bulk-create many (imports)."""
    return AuditEntry(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        org_path=org_path,
        action=action,
        changes=changes or {},
        note=note[:300],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def audit_record(**kwargs) -> AuditEntry:
    entry = audit_entry(**kwargs)
    entry.save()
    return entry


def history_for(obj: models.Model):
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")
