"""Reads of the org tree and members, always through the acting user's scope.

`*_get_for_user` return the object or raise Http404: outside the scope a row does not exist.
"""

import re

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from zhibu.core.paths import Scope, subtree_q

from .models import Member, Org, Position, Role

_SCOPE_ATTR = "_zhibu_scope"
_ID_LIKE = re.compile(r"^\d{17}[\dXx]$")


def scope_for_user(user) -> Scope:
    """The union of the subtrees of the user's roles; cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, _SCOPE_ATTR, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=True)
    else:
        rows = list(
            Role.objects.filter(user=user, org__deleted_at__isnull=True).values_list("kind", "org__path")
        )
        scope = Scope.of(
            paths=[path for _, path in rows],
            full_paths=[path for kind, path in rows if kind in Role.FULL_KINDS],
        )
    setattr(user, _SCOPE_ATTR, scope)
    return scope


def forget_scope(user) -> None:
    if hasattr(user, _SCOPE_ATTR):
        delattr(user, _SCOPE_ATTR)


def user_roles(user) -> QuerySet[Role]:
    return Role.objects.filter(user=user, org__deleted_at__isnull=True).select_related("org").order_by("org__path")


# --- organisations -------------------------------------------------------------------------------


def org_list_for_user(
    *, user, kind: str | None = None, q: str | None = None, parent: Org | None = None
) -> QuerySet[Org]:
    qs = Org.objects.filter(scope_for_user(user).q("path")).select_related("parent")
    if parent is not None:
        qs = qs.filter(parent=parent)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__iexact=q))
    return qs.order_by("path")


def org_get_for_user(*, user, code: str) -> Org:
    org = Org.objects.filter(code=code).select_related("parent").first()
    if org is None or not scope_for_user(user).contains(org.path):
        raise Http404("没有找到该组织")
    return org


def org_roots_for_user(*, user) -> QuerySet[Org]:
    """The top nodes of the user's scope: where they hold roles (or the tree's roots for superusers)."""
    scope = scope_for_user(user)
    if scope.everything:
        qs = Org.objects.filter(parent__isnull=True)
    else:
        qs = Org.objects.filter(path__in=scope.paths)
    return _with_counts(qs)


def org_children(*, org: Org) -> QuerySet[Org]:
    return _with_counts(Org.objects.filter(parent=org))


def _with_counts(qs: QuerySet[Org]) -> QuerySet[Org]:
    return qs.annotate(
        child_count=Count("children", filter=Q(children__deleted_at__isnull=True), distinct=True),
    ).order_by("sort_order", "path")


def org_ancestors(*, org: Org, user) -> list[Org]:
    """The breadcrumb: ancestors the user may see, top first."""
    ids = org.ancestor_ids
    if not ids:
        return []
    scope = scope_for_user(user)
    return [o for o in Org.objects.filter(id__in=ids).order_by("path") if scope.contains(o.path)]


def org_member_stats(*, org: Org) -> dict[str, int]:
    """Counts by status for the whole subtree, aggregated in SQL."""
    rows = (
        Member.objects.filter(subtree_q("org_path", org.path))
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    stats = {s: 0 for s in Member.Status.values}
    for row in rows:
        stats[row["status"]] = row["n"]
    stats["total"] = sum(stats[s] for s in Member.Status.values)
    return stats


def org_committee(*, org: Org) -> list[Position]:
    """Current office holders of the org (its committee, or a group's leader)."""
    order = {k: i for i, k in enumerate(Position.Kind.values)}
    rows = list(
        Position.objects.filter(org=org, ended_on__isnull=True, member__deleted_at__isnull=True).select_related("member")
    )
    return sorted(rows, key=lambda p: (order[p.kind], p.started_on, p.pk))


def org_descendant_count(*, org: Org) -> int:
    return Org.objects.filter(subtree_q("path", org.path)).exclude(pk=org.pk).count()


def orgs_by_codes(codes) -> dict[str, Org]:
    return {o.code: o for o in Org.objects.filter(code__in=list(codes))}


def org_official_names(*, under: str | None = None) -> list[str]:
    """Every registered organisation name and short name (of the subtree at `under`, or all), longest first.

    The text guard compares phrases standing where an organisation's name belongs with these, and
    suggests the official name a spam phrase replaced.
    """
    qs = Org.objects.all()
    if under:
        qs = qs.filter(subtree_q("path", under))
    names = set()
    for name, short in qs.values_list("name", "short_name"):
        names.add(name)
        if short:
            names.add(short)
    return sorted(names, key=lambda n: (-len(n), n))


# --- members -------------------------------------------------------------------------------------


def member_list_for_scope(
    scope: Scope,
    *,
    org: Org | None = None,
    status: str | None = None,
    occupation: str | None = None,
    q: str | None = None,
) -> QuerySet[Member]:
    """Members in `scope` (a group: its members), with branch, group and current offices loaded."""
    qs = Member.objects.filter(scope.q("org_path"))
    if org is not None:
        qs = qs.filter(group=org) if org.kind == Org.Kind.GROUP else qs.filter(subtree_q("org_path", org.path))
    if status:
        qs = qs.filter(status=status)
    if occupation:
        qs = qs.filter(occupation=occupation)
    if q and _ID_LIKE.match(q.strip()):
        # Look-up by ID number only where the user may see personal data: elsewhere it would confirm
        # who is a member without showing the number.
        qs = qs.filter(scope.full_q("org_path"), id_number=q.strip().upper())
    elif q:
        qs = qs.filter(Q(name__contains=q) | Q(major__contains=q))
    current = Position.objects.filter(ended_on__isnull=True).select_related("org")
    return (
        qs.select_related("org", "group")
        .prefetch_related(Prefetch("positions", queryset=current, to_attr="current_positions"))
        .order_by("org_path", "name", "id")
    )


def member_list_for_user(*, user, **filters) -> QuerySet[Member]:
    return member_list_for_scope(scope_for_user(user), **filters)


def member_get_for_user(*, user, member_id: int, include_deleted: bool = False) -> Member:
    manager = Member.all_objects if include_deleted else Member.objects
    member = manager.select_related("org", "group", "user").filter(pk=member_id).first()
    scope = scope_for_user(user)
    if member is None or not scope.contains(member.org_path):
        raise Http404("没有找到该党员")
    if member.is_deleted and not scope.grants_full(member.org_path):
        raise Http404("没有找到该党员")
    return member


def member_deleted_for_user(*, user) -> QuerySet[Member]:
    """Soft-deleted members the user may restore."""
    return (
        Member.all_objects.filter(deleted_at__isnull=False)
        .filter(scope_for_user(user).full_q("org_path"))
        .select_related("org", "deleted_by")
        .order_by("-deleted_at")
    )


def org_deleted_for_user(*, user) -> QuerySet[Org]:
    """Soft-deleted organisations the user may restore (a full role at or above them)."""
    return (
        Org.all_objects.filter(deleted_at__isnull=False)
        .filter(scope_for_user(user).full_q("path"))
        .select_related("parent", "deleted_by")
        .order_by("-deleted_at")
    )


def org_deleted_get_for_user(*, user, code: str) -> Org:
    org = org_deleted_for_user(user=user).filter(code=code).first()
    if org is None:
        raise Http404("没有找到该组织")
    return org


def member_positions(*, member: Member) -> QuerySet[Position]:
    return member.positions.select_related("org").order_by("-started_on")


def member_transfers(*, member: Member):
    return member.transfers.select_related("from_org", "to_org", "by")


def can_see_personal(user, org_path: str) -> bool:
    return scope_for_user(user).grants_full(org_path)


def can_manage(user, org_path: str) -> bool:
    return scope_for_user(user).grants_full(org_path)


def can_research(user, org_path: str) -> bool:
    """Whether the user may record the research visits (调研) of the org at `org_path`.

    Managers may; so may a reviewer of that org or one above it: a municipal department's reviewers
    hold the research symposia they review cases at, without a manager's rights over its records.
    """
    if can_manage(user, org_path):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    reviewer_paths = Role.objects.filter(
        user=user, kind=Role.Kind.REVIEWER, org__deleted_at__isnull=True
    ).values_list("org__path", flat=True)
    return any(org_path.startswith(p) for p in reviewer_paths)


def member_find_by_id_number(*, user, id_number: str) -> Member | None:
    """Exact look-up by ID number, only where the user may see personal data."""
    return Member.objects.filter(scope_for_user(user).full_q("org_path"), id_number=id_number.upper()).first()
