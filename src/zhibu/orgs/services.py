"""Every write to orgs and members: validated, atomic, scoped and written to the audit history."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.core.paths import path_child, subtree_q
from zhibu.core.personal import normalize_id_number, normalize_phone

from .models import Honour, Member, Org, Position, Role, Transfer
from .selectors import can_manage, forget_scope

ORG_FIELDS = [
    "name", "short_name", "code", "kind", "category", "parent", "established_on", "city",
    "term_start", "term_end", "description", "sort_order",
]
MEMBER_FIELDS = [
    "name", "gender", "birth_date", "id_number", "phone", "status", "joined_on", "full_on",
    "occupation", "major", "class_year", "org", "group", "note",
]


def _require_manage(by, path: str) -> None:
    if by is not None and not can_manage(by, path):
        raise PermissionDenied("您没有权限修改该组织的数据")


def _check_parent(kind: str, parent: Org | None) -> None:
    allowed = Org.ALLOWED_PARENTS[Org.Kind(kind)]
    parent_kind = Org.Kind(parent.kind) if parent else None
    if parent_kind not in allowed:
        where = parent.get_kind_display() if parent else "顶层"
        raise ValidationError({"parent": f"{Org.Kind(kind).label}不能设在{where}之下"})


# --- organisations -------------------------------------------------------------------------------


@transaction.atomic
def org_create(*, by, parent: Org | None, name: str, code: str, kind: str, **fields: Any) -> Org:
    if parent is not None:
        _require_manage(by, parent.path)
    elif by is not None and not by.is_superuser:
        raise PermissionDenied("只有系统管理员可以创建顶层组织")
    _check_parent(kind, parent)
    org = Org(parent=parent, name=name, code=code, kind=kind, **fields)
    org.full_clean(exclude=["path"])
    org.save()
    org.path = path_child(parent.path if parent else "", org.pk)
    org.depth = parent.depth + 1 if parent else 0
    org.save(update_fields=["path", "depth"])
    audit_record(actor=by, obj=org, action=AuditEntry.Action.CREATE, changes=diff({}, snapshot(org, ORG_FIELDS)),
                 org_path=org.path)
    return org


@transaction.atomic
def org_update(*, by, org: Org, **fields: Any) -> Org:
    _require_manage(by, org.path)
    if "parent" in fields and fields["parent"] != org.parent:
        raise ValidationError({"parent": "调整上级组织请使用“移动组织”功能"})
    before = snapshot(org, ORG_FIELDS)
    for name, value in fields.items():
        setattr(org, name, value)
    org.full_clean(exclude=["path"])
    org.save()
    changes = diff(before, snapshot(org, ORG_FIELDS))
    if changes:
        audit_record(actor=by, obj=org, action=AuditEntry.Action.UPDATE, changes=changes, org_path=org.path)
    return org


@transaction.atomic
def org_move(*, by, org: Org, new_parent: Org) -> Org:
    """Re-hang a subtree; every path below it, and every member's, is rewritten in SQL."""
    _require_manage(by, org.path)
    _require_manage(by, new_parent.path)
    if new_parent.path.startswith(org.path):
        raise ValidationError({"parent": "不能把组织移动到它自己或其下级组织之下"})
    _check_parent(org.kind, new_parent)
    old_path, new_path = org.path, path_child(new_parent.path, org.pk)
    old_parent = org.parent
    depth_shift = new_parent.depth + 1 - org.depth
    cut = len(old_path) + 1
    Org.all_objects.filter(subtree_q("path", old_path)).update(
        path=Concat(Value(new_path), Substr("path", cut)), depth=F("depth") + depth_shift
    )
    Member.all_objects.filter(subtree_q("org_path", old_path)).update(
        org_path=Concat(Value(new_path), Substr("org_path", cut))
    )
    AuditEntry.objects.filter(subtree_q("org_path", old_path)).update(
        org_path=Concat(Value(new_path), Substr("org_path", cut))
    )
    Org.all_objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    audit_record(actor=by, obj=org, action=AuditEntry.Action.UPDATE,
                 changes={"parent": [str(old_parent), str(new_parent)]}, org_path=org.path)
    return org


@transaction.atomic
def org_delete(*, by, org: Org) -> None:
    _require_manage(by, org.path)
    if org.parent_id is None and by is not None and not by.is_superuser:
        raise PermissionDenied("只有系统管理员可以删除顶层组织")
    if Org.objects.filter(parent=org).exists():
        raise ValidationError("该组织下还有下级组织，请先移走或删除下级组织")
    if Member.objects.filter(Q(org=org) | Q(group=org)).exists():
        raise ValidationError("该组织还有党员，请先转出党员或调整党小组")
    org.deleted_at, org.deleted_by = timezone.now(), by
    org.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(actor=by, obj=org, action=AuditEntry.Action.DELETE, org_path=org.path)


@transaction.atomic
def org_restore(*, by, org: Org) -> Org:
    _require_manage(by, org.path)
    if org.parent is not None and org.parent.is_deleted:
        raise ValidationError("上级组织已被删除，请先恢复上级组织")
    org.deleted_at, org.deleted_by = None, None
    org.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(actor=by, obj=org, action=AuditEntry.Action.RESTORE, org_path=org.path)
    return org


@transaction.atomic
def honour_add(*, by, org: Org, title: str, year: int, level: str, awarded_by: str = "") -> Honour:
    _require_manage(by, org.path)
    honour = Honour(org=org, title=title, year=year, level=level, awarded_by=awarded_by)
    honour.full_clean()
    honour.save()
    audit_record(actor=by, obj=org, action=AuditEntry.Action.UPDATE,
                 changes={"honours": [None, str(honour)]}, org_path=org.path)
    return honour


@transaction.atomic
def honour_remove(*, by, honour: Honour) -> None:
    org = honour.org
    _require_manage(by, org.path)
    audit_record(actor=by, obj=org, action=AuditEntry.Action.UPDATE,
                 changes={"honours": [str(honour), None]}, org_path=org.path)
    honour.delete()


# --- members -------------------------------------------------------------------------------------


def _normalise_member(member: Member) -> None:
    member.id_number = normalize_id_number(member.id_number)
    member.phone = normalize_phone(member.phone)
    if member.group_id and member.group.parent_id != member.org_id:
        raise ValidationError({"group": "党小组必须属于所在支部"})
    if not member.org.holds_members:
        raise ValidationError({"org": f"党员不能直接编入{member.org.get_kind_display()}"})


def _check_unique_id(member: Member) -> None:
    clash = Member.objects.filter(id_number=member.id_number).exclude(pk=member.pk).select_related("org").first()
    if clash:
        raise ValidationError({"id_number": f"身份证号已登记在“{clash.org}”的党员名下"})


@transaction.atomic
def member_create(*, by, org: Org, **fields: Any) -> Member:
    _require_manage(by, org.path)
    member = Member(org=org, org_path=org.path, **fields)
    _normalise_member(member)
    _check_unique_id(member)
    member.full_clean()
    member.save()
    audit_record(actor=by, obj=member, action=AuditEntry.Action.CREATE,
                 changes=diff({}, snapshot(member, MEMBER_FIELDS)), org_path=member.org_path)
    return member


@transaction.atomic
def member_update(*, by, member: Member, **fields: Any) -> Member:
    _require_manage(by, member.org_path)
    if "org" in fields and fields["org"] != member.org:
        raise ValidationError({"org": "调整所在支部请使用“组织关系转接”"})
    before = snapshot(member, MEMBER_FIELDS)
    for name, value in fields.items():
        setattr(member, name, value)
    _normalise_member(member)
    _check_unique_id(member)
    member.full_clean()
    member.save()
    changes = diff(before, snapshot(member, MEMBER_FIELDS))
    if changes:
        audit_record(actor=by, obj=member, action=AuditEntry.Action.UPDATE, changes=changes,
                     org_path=member.org_path)
    return member


@transaction.atomic
def member_transfer(
    *, by, member: Member, to_org: Org, transferred_on: dt.date | None = None, reason: str = ""
) -> Transfer:
    """Move a member to another branch: offices in the old branch end, the transfer is kept as history."""
    _require_manage(by, member.org_path)
    _require_manage(by, to_org.path)
    if to_org.pk == member.org_id:
        raise ValidationError({"to_org": "转入支部与当前支部相同"})
    if not to_org.holds_members:
        raise ValidationError({"to_org": f"党员不能直接编入{to_org.get_kind_display()}"})
    when = transferred_on or timezone.localdate()
    from_org = member.org
    transfer = Transfer.objects.create(
        member=member, from_org=from_org, to_org=to_org, transferred_on=when, reason=reason, by=by
    )
    Position.objects.filter(member=member, ended_on__isnull=True).exclude(
        subtree_q("org__path", to_org.path)
    ).update(ended_on=when)
    member.org, member.org_path, member.group = to_org, to_org.path, None
    member.save(update_fields=["org", "org_path", "group", "updated_at"])
    audit_record(actor=by, obj=member, action=AuditEntry.Action.TRANSFER,
                 changes={"org": [str(from_org), str(to_org)]}, org_path=to_org.path, note=reason)
    return transfer


@transaction.atomic
def member_delete(*, by, member: Member, reason: str = "") -> None:
    _require_manage(by, member.org_path)
    member.deleted_at, member.deleted_by = timezone.now(), by
    member.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    Position.objects.filter(member=member, ended_on__isnull=True).update(ended_on=timezone.localdate())
    audit_record(actor=by, obj=member, action=AuditEntry.Action.DELETE, org_path=member.org_path, note=reason)


@transaction.atomic
def member_restore(*, by, member: Member) -> Member:
    _require_manage(by, member.org_path)
    clash = Member.objects.filter(id_number=member.id_number).exclude(pk=member.pk).first()
    if clash:
        raise ValidationError(f"无法恢复：身份证号已被“{clash.org}”的党员{clash.name}使用")
    member.deleted_at, member.deleted_by = None, None
    member.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(actor=by, obj=member, action=AuditEntry.Action.RESTORE, org_path=member.org_path)
    return member


@transaction.atomic
def position_assign(
    *, by, member: Member, org: Org, kind: str, title: str = "", started_on: dt.date | None = None
) -> Position:
    _require_manage(by, org.path)
    if not member.org_path.startswith(org.path) and member.group_id != org.pk:
        raise ValidationError({"member": "只能任命本组织的党员"})
    when = started_on or timezone.localdate()
    if kind == Position.Kind.SECRETARY:
        Position.objects.filter(org=org, kind=kind, ended_on__isnull=True).update(ended_on=when)
    position = Position(member=member, org=org, kind=kind, title=title, started_on=when)
    position.full_clean()
    position.save()
    audit_record(actor=by, obj=member, action=AuditEntry.Action.UPDATE,
                 changes={"positions": [None, f"{org} {position.label}"]}, org_path=member.org_path)
    return position


@transaction.atomic
def position_end(*, by, position: Position, ended_on: dt.date | None = None) -> Position:
    _require_manage(by, position.org.path)
    position.ended_on = ended_on or timezone.localdate()
    position.save(update_fields=["ended_on", "updated_at"])
    audit_record(actor=by, obj=position.member, action=AuditEntry.Action.UPDATE,
                 changes={"positions": [f"{position.org} {position.label}", None]},
                 org_path=position.member.org_path)
    return position


# --- roles ---------------------------------------------------------------------------------------


@transaction.atomic
def role_grant(*, by, user, org: Org, kind: str) -> Role:
    _require_manage(by, org.path)
    role, created = Role.objects.get_or_create(user=user, org=org, kind=kind, defaults={"granted_by": by})
    if created:
        audit_record(actor=by, obj=org, action=AuditEntry.Action.UPDATE,
                     changes={"roles": [None, f"{user.username} {role.get_kind_display()}"]}, org_path=org.path)
    forget_scope(user)
    return role


@transaction.atomic
def role_revoke(*, by, role: Role) -> None:
    _require_manage(by, role.org.path)
    audit_record(actor=by, obj=role.org, action=AuditEntry.Action.UPDATE,
                 changes={"roles": [f"{role.user.username} {role.get_kind_display()}", None]},
                 org_path=role.org.path)
    role.delete()
    forget_scope(role.user)
