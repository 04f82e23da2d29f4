"""Writes to a case while it is a draft: its text, honours, evidence and media. Atomic, audited, re-indexed.

Autosave writes through `case_update(autosave=True)`: consecutive autosaves by the same person within
AUTOSAVE_WINDOW fold into one history entry (the value before the first and after the last), so that the
history shows every editing session's changes without an entry every few seconds.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhibu.core import evidence as registry
from zhibu.core.audit import audit_record, diff, history_for, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.uploads import check_upload
from zhibu.orgs.models import Honour

from . import search
from .models import SECTIONS, Case, CaseMedia, CaseStatus, Evidence, WorkMethod
from .roles import require_author, user_or_none

CASE_FIELDS = ["title", "method", *[key for key, _ in SECTIONS]]
EDITABLE = frozenset(CASE_FIELDS) | {"honours"}
HONOURS_KEY, EVIDENCE_KEY, MEDIA_KEY = "荣誉", "佐证材料", "媒体"
AUTOSAVE_NOTE = "自动保存"
AUTOSAVE_WINDOW = dt.timedelta(minutes=10)
MAX_EVIDENCE = 100


def _require_draft(case: Case) -> None:
    if case.status != CaseStatus.DRAFT:
        raise ValidationError(f"案例当前为“{case.get_status_display()}”，只有草稿可以修改；如需修改，请先撤回")


def _require_editor(by, case: Case) -> None:
    require_author(by, case.branch, "只有本支部的书记、支委或组织管理员可以修改案例")
    _require_draft(case)


def search_parts(case: Case) -> list[str]:
    method = case.method
    parts = [case.title, method.name, method.slogan, *method.approach, *method.practices, *method.goals,
             case.branch.name, *(text for _, _, text in case.sections())]
    for pillar in method.pillars.all():
        parts.append(pillar.label)
        parts.extend(item.text for item in pillar.items.all())
    return parts


def reindex_cases(cases: QuerySet[Case] | Iterable[Case]) -> None:
    for case in (cases.select_related("method", "branch") if isinstance(cases, QuerySet) else cases):
        text = search.index_text(search_parts(case))
        Case.all_objects.filter(pk=case.pk).update(search_text=text)
        case.search_text = text


def _check(case: Case, honours: Sequence[Honour] | None) -> None:
    errors: dict[str, list[str]] = {}
    if not (case.title or "").strip():
        errors.setdefault("title", []).append("请填写标题")
    if case.method_id and case.method.branch_id != case.branch_id:
        errors.setdefault("method", []).append("只能选择本支部的工作法")
    for h in honours or ():
        if h.org_id != case.branch_id:
            errors.setdefault("honours", []).append(f"荣誉“{h.title}”不属于本支部")
    try:
        case.full_clean(exclude=["org_path", "branch", "method", "honours", "title"], validate_constraints=False)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _honours_text(honours: Iterable[Honour]) -> str | None:
    names = sorted(str(h) for h in honours)
    return "、".join(names) if names else None


@transaction.atomic
def case_create(*, by, method: WorkMethod, title: str, honours: Sequence[Honour] = (), **sections: Any) -> Case:
    """Start a case (a draft) from one of the branch's methods."""
    branch = method.branch
    require_author(by, branch, "只有本支部的书记、支委或组织管理员可以撰写案例")
    unknown = set(sections) - {key for key, _ in SECTIONS}
    if unknown:
        raise TypeError(f"unknown case fields: {sorted(unknown)}")
    case = Case(title=(title or "").strip(), method=method, branch=branch, org_path=branch.path,
                created_by=user_or_none(by), **sections)
    _check(case, honours)
    case.save()
    if honours:
        case.honours.set(honours)
    changes = diff({}, snapshot(case, CASE_FIELDS))
    if honours:
        changes[HONOURS_KEY] = [None, _honours_text(honours)]
    audit_record(actor=by, obj=case, action=AuditEntry.Action.CREATE, changes=changes, org_path=case.org_path)
    reindex_cases([case])
    return case


def _fold_autosave(by, case: Case, changes: dict) -> bool:
    """Fold `changes` into the person's last autosave entry when it is recent; True when folded."""
    last = history_for(case).first()
    if (last is None or last.note != AUTOSAVE_NOTE or last.actor_id != getattr(by, "pk", None)
            or last.at < timezone.now() - AUTOSAVE_WINDOW):
        return False
    merged = dict(last.changes)
    for key, (old, new) in changes.items():
        first_old = merged[key][0] if key in merged else old
        merged[key] = [first_old, new]
    merged = {k: v for k, v in merged.items() if v[0] != v[1]}
    last.changes, last.at = merged, timezone.now()
    last.save(update_fields=["changes", "at"])
    return True


@transaction.atomic
def case_update(*, by, case: Case, autosave: bool = False, **fields: Any) -> Case:
    """Change a draft. `honours` (a list) replaces the honours shown; other keys are the case's fields."""
    _require_editor(by, case)
    unknown = set(fields) - EDITABLE
    if unknown:
        raise TypeError(f"unknown case fields: {sorted(unknown)}")
    honours = fields.pop("honours", None)
    before = snapshot(case, CASE_FIELDS)
    old_honours = _honours_text(case.honours.all()) if honours is not None else None
    for key, value in fields.items():
        setattr(case, key, value.strip() if isinstance(value, str) else value)
    _check(case, honours)
    case.save()
    changes = diff(before, snapshot(case, CASE_FIELDS))
    if honours is not None:
        case.honours.set(honours)
        new_honours = _honours_text(honours)
        if new_honours != old_honours:
            changes[HONOURS_KEY] = [old_honours, new_honours]
    if changes:
        if not (autosave and _fold_autosave(by, case, changes)):
            audit_record(actor=by, obj=case, action=AuditEntry.Action.UPDATE, changes=changes,
                         org_path=case.org_path, note=AUTOSAVE_NOTE if autosave else "")
        reindex_cases([case])
    return case


@transaction.atomic
def case_delete(*, by, case: Case) -> None:
    """Delete a draft that was never submitted (a submitted case stays, as the record of its rounds)."""
    _require_editor(by, case)
    if case.round:
        raise ValidationError("该案例已经报送过，不能删除；可以修改后重新提交")
    case.deleted_at, case.deleted_by = timezone.now(), user_or_none(by)
    case.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(actor=by, obj=case, action=AuditEntry.Action.DELETE, org_path=case.org_path)


@transaction.atomic
def case_evidence_set(*, by, case: Case, records: Sequence[tuple[str, int]]) -> list[Evidence]:
    """Replace the case's evidence with `records` [(kind, id)], each of which must be the branch's own."""
    _require_editor(by, case)
    wanted: dict[str, list[int]] = {}
    for kind, record_id in dict.fromkeys((k, int(i)) for k, i in records):
        wanted.setdefault(kind, []).append(record_id)
    if sum(len(v) for v in wanted.values()) > MAX_EVIDENCE:
        raise ValidationError({"evidence": f"佐证材料最多{MAX_EVIDENCE}项"})
    found = []
    errors = []
    for kind, ids in wanted.items():
        source = registry.source(kind)
        if source is None:
            errors.append(f"不认识的记录类型“{kind}”")
            continue
        rows = {r.id: r for r in source.records(case.org_path, ids=ids, limit=len(ids))}
        for record_id in ids:
            if record_id in rows:
                found.append(rows[record_id])
            else:
                errors.append(f"{source.label}记录（编号{record_id}）不是本支部的记录，不能作为佐证")
    if errors:
        raise ValidationError({"evidence": errors})
    old = [e.title for e in case.evidence.all()]
    case.evidence.all().delete()
    rows = Evidence.objects.bulk_create([
        Evidence(case=case, kind=r.kind, record_id=r.id, record_date=r.date, title=r.title[:200],
                 summary=r.summary[:300], ordinal=i)
        for i, r in enumerate(sorted(found, key=lambda r: (r.date or dt.date.min, r.id)), start=1)
    ])
    new = [e.title for e in rows]
    if sorted(old) != sorted(new):
        audit_record(actor=by, obj=case, action=AuditEntry.Action.UPDATE, org_path=case.org_path,
                     changes={EVIDENCE_KEY: ["、".join(old) or None, "、".join(new) or None]})
    return rows


@transaction.atomic
def case_media_add_video(*, by, case: Case, url: str, caption: str = "") -> CaseMedia:
    _require_editor(by, case)
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise ValidationError({"url": "请填写以 http:// 或 https:// 开头的视频链接"}) from exc
    media = CaseMedia.objects.create(case=case, kind=CaseMedia.Kind.VIDEO, url=url, caption=(caption or "").strip()[:200])
    audit_record(actor=by, obj=case, action=AuditEntry.Action.UPDATE, org_path=case.org_path,
                 changes={MEDIA_KEY: [None, f"视频：{media}"]})
    return media


@transaction.atomic
def case_media_add_photo(*, by, case: Case, upload, caption: str = "", name: str | None = None) -> CaseMedia:
    """Store a photo after checking by its content that it is one (JPEG, PNG or WebP)."""
    _require_editor(by, case)
    original = (name or getattr(upload, "name", "") or "照片").replace("\\", "/").rsplit("/", 1)[-1][:200]
    try:
        checked = check_upload(upload, name=original)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    if checked.type.kind != "image":
        raise ValidationError({"file": f"“{original}”不是照片（按文件内容判断，只接受JPEG、PNG、WebP）"})
    path = f"methods/{checked.sha256[:2]}/{checked.sha256}{checked.type.extension}"
    if not default_storage.exists(path):
        path = default_storage.save(path, ContentFile(checked.data))
    media = CaseMedia(case=case, kind=CaseMedia.Kind.PHOTO, original_name=original,
                      content_type=checked.type.content_type, extension=checked.type.extension,
                      sha256=checked.sha256, caption=(caption or "").strip()[:200])
    media.file.name = path
    media.save()
    audit_record(actor=by, obj=case, action=AuditEntry.Action.UPDATE, org_path=case.org_path,
                 changes={MEDIA_KEY: [None, f"照片：{media}"]})
    return media


@transaction.atomic
def case_media_remove(*, by, media: CaseMedia) -> None:
    case = media.case
    _require_editor(by, case)
    label = f"{media.get_kind_display()}：{media}"
    media.delete()
    audit_record(actor=by, obj=case, action=AuditEntry.Action.UPDATE, org_path=case.org_path,
                 changes={MEDIA_KEY: [label, None]})
