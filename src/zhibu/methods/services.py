"""Writes to work methods: validated (the name must agree with the pillars), atomic, audited.

Cases are written in `cases.py`, their life in `lifecycle.py`, adoptions in `adoptions.py`; this module
re-exports them so that other code writes through `methods.services` alone.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.orgs.models import Org

from .formula import MAX_COUNT, items_problems, name_for, name_problems, numeral
from .models import Case, Pillar, PillarItem, WorkMethod
from .roles import require_author, user_or_none

METHOD_FIELDS = ["name", "slogan", "approach", "practices", "goals", "description"]
PILLARS_KEY = "组成部分"


@dataclass(frozen=True)
class PillarRow:
    """One pillar as entered: count None for an open part ("X")."""

    label: str
    count: int | None
    items: Sequence[str] = field(default_factory=tuple)
    measure: str = ""


def _clean_list(values: Sequence[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = re.split(r"[\n、;；]", values)
    return [v.strip() for v in values if v and v.strip()]


def _clean_pillars(rows: Sequence[PillarRow], errors: dict[str, list]) -> list[PillarRow]:
    cleaned = []
    for i, row in enumerate(rows, start=1):
        label = (row.label or "").strip()
        items = [str(x).strip() for x in row.items if str(x).strip()]
        if not label and not items and row.count is None:
            continue  # an empty row of the form
        if not label:
            errors.setdefault("pillars", []).append(ValidationError(f"第{i}部分：请填写名称，如“中心”“任务”",
                                                                    params={"row": i}))
        if row.count is not None and not 1 <= row.count <= MAX_COUNT:
            errors.setdefault("pillars", []).append(
                ValidationError(f"第{i}部分：数目应在1至{MAX_COUNT}之间", params={"row": i}))
        for item in items:
            if len(item) > 120:
                errors.setdefault("pillars", []).append(
                    ValidationError(f"第{i}部分：条目“{item[:20]}…”超过120字", params={"row": i}))
        cleaned.append(PillarRow(label=label, count=row.count, items=tuple(items), measure=(row.measure or "").strip()))
    if not cleaned:
        errors.setdefault("pillars", []).append(ValidationError("请至少填写一个组成部分"))
    for i, message in items_problems((p.count, p.measure + p.label, p.items) for p in cleaned):
        errors.setdefault("pillars", []).append(ValidationError(message, params={"row": i}))
    return cleaned


def _check_name(name: str, pillars: list[PillarRow], errors: dict[str, list]) -> str:
    name = (name or "").strip().strip("“”\"")
    if not pillars:
        return name
    if not name:
        return name_for([p.count for p in pillars])
    for message in name_problems(name, [(p.count, p.label) for p in pillars]):
        errors.setdefault("name", []).append(ValidationError(message))
    return name


def pillars_text(pillars: Sequence[PillarRow]) -> str:
    """一个中心：围绕专业建设；三重共建工作机制：A、B、C — how pillars read in history."""
    return "；".join(f"{numeral(p.count)}{p.measure}{p.label}：{'、'.join(p.items)}" for p in pillars)


def _write_pillars(method: WorkMethod, rows: Sequence[PillarRow]) -> None:
    method.pillars.all().delete()
    pillars = Pillar.objects.bulk_create([
        Pillar(method=method, ordinal=i, count=row.count, measure=row.measure, label=row.label)
        for i, row in enumerate(rows, start=1)
    ])
    PillarItem.objects.bulk_create([
        PillarItem(pillar=pillar, ordinal=j, text=text)
        for pillar, row in zip(pillars, rows, strict=True) for j, text in enumerate(row.items, start=1)
    ])


def method_pillar_rows(method: WorkMethod) -> list[PillarRow]:
    return [PillarRow(label=p.label, count=p.count, measure=p.measure, items=tuple(i.text for i in p.items.all()))
            for p in method.pillars.all()]


def _validated(method: WorkMethod, pillars: Sequence[PillarRow] | None) -> list[PillarRow] | None:
    errors: dict[str, list] = {}
    rows = _clean_pillars(pillars, errors) if pillars is not None else None
    check_rows = rows if rows is not None else method_pillar_rows(method)
    method.name = _check_name(method.name, check_rows, errors)
    for key in ("approach", "practices", "goals"):
        setattr(method, key, _clean_list(getattr(method, key)))
    clash = WorkMethod.objects.filter(branch=method.branch, name=method.name).exclude(pk=method.pk)
    if method.name and clash.exists():
        errors.setdefault("name", []).append(ValidationError(f"本支部已有“{method.name}”工作法"))
    try:
        method.full_clean(exclude=["org_path", "branch", "approach", "practices", "goals"], validate_constraints=False)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(ValidationError(m) for m in messages)
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def method_create(*, by, branch: Org, name: str, pillars: Sequence[PillarRow], **fields: Any) -> WorkMethod:
    """Record a branch's method; its name must spell its pillars' counts ("一三三" ↔ 1, 3, 3)."""
    require_author(by, branch)
    if branch.kind != Org.Kind.BRANCH:
        raise ValidationError({"branch": f"工作法属于党支部，不能建在{branch.get_kind_display()}"})
    unknown = set(fields) - set(METHOD_FIELDS)
    if unknown:
        raise TypeError(f"unknown method fields: {sorted(unknown)}")
    method = WorkMethod(branch=branch, org_path=branch.path, name=name, created_by=user_or_none(by), **fields)
    rows = _validated(method, pillars)
    method.save()
    _write_pillars(method, rows)
    changes = diff({}, snapshot(method, METHOD_FIELDS))
    changes[PILLARS_KEY] = [None, pillars_text(rows)]
    audit_record(actor=by, obj=method, action=AuditEntry.Action.CREATE, changes=changes, org_path=method.org_path)
    return method


@transaction.atomic
def method_update(*, by, method: WorkMethod, pillars: Sequence[PillarRow] | None = None, **fields: Any) -> WorkMethod:
    """Change a method; `pillars` (when given) replace the old ones whole. Cases that use it are re-indexed."""
    require_author(by, method.branch)
    unknown = set(fields) - set(METHOD_FIELDS)
    if unknown:
        raise TypeError(f"unknown method fields: {sorted(unknown)}")
    before = snapshot(method, METHOD_FIELDS)
    old_pillars = pillars_text(method_pillar_rows(method)) if pillars is not None else None
    for key, value in fields.items():
        setattr(method, key, value)
    rows = _validated(method, pillars)
    method.save()
    changes = diff(before, snapshot(method, METHOD_FIELDS))
    if rows is not None:
        _write_pillars(method, rows)
        new_pillars = pillars_text(rows)
        if new_pillars != old_pillars:
            changes[PILLARS_KEY] = [old_pillars, new_pillars]
    if changes:
        audit_record(actor=by, obj=method, action=AuditEntry.Action.UPDATE, changes=changes, org_path=method.org_path)
        reindex_cases(Case.objects.filter(method=method))
    return method


@transaction.atomic
def method_delete(*, by, method: WorkMethod) -> None:
    require_author(by, method.branch)
    if Case.objects.filter(method=method).exists():
        raise ValidationError("该工作法已有案例，不能删除")
    method.deleted_at, method.deleted_by = timezone.now(), user_or_none(by)
    method.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(actor=by, obj=method, action=AuditEntry.Action.DELETE, org_path=method.org_path)


from .adoptions import adoption_create, adoption_record_outcomes  # noqa: E402
from .cases import (  # noqa: E402
    case_create,
    case_delete,
    case_evidence_set,
    case_media_add_photo,
    case_media_add_video,
    case_media_remove,
    case_update,
    reindex_cases,
)
from .lifecycle import (  # noqa: E402
    case_endorse,
    case_promote,
    case_publish,
    case_research,
    case_research_record,
    case_review,
    case_submit,
    case_withdraw,
)

__all__ = [
    "PillarRow", "adoption_create", "adoption_record_outcomes", "case_create", "case_delete", "case_endorse",
    "case_evidence_set", "case_media_add_photo", "case_media_add_video", "case_media_remove", "case_promote",
    "case_publish", "case_research", "case_research_record", "case_review", "case_submit", "case_update", "case_withdraw", "method_create",
    "method_delete", "method_pillar_rows", "method_update", "reindex_cases",
]
