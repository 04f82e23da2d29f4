"""Who may do what to a case, from the user's roles in the tree.

- author: a secretary, committee member or organisation admin of the branch itself (drafts, submits, withdraws);
- organiser: an organisation admin of a committee above the branch (the university's 组织部； endorses);
- superior: a reviewer or organisation admin of a superior body above the branch （市委组织部， 教育工委；
  researches, reviews, publishes, promotes).

A superuser may act in every part. Each check returns the org through which the user acts (for the
timeline), or None.
"""

from django.db.models import Q

from zhibu.core.paths import path_ids
from zhibu.orgs.models import Org, Role

_ATTR = "_zhibu_method_roles"
AUTHOR_KINDS = frozenset(Role.FULL_KINDS)
SUPERIOR_KINDS = frozenset({Role.Kind.REVIEWER, Role.Kind.ORG_ADMIN})


def _roles(user) -> list[tuple[str, int, str, str]]:
    """(role kind, org id, org path, org kind) of the user's roles; cached on the user for the request."""
    cached = getattr(user, _ATTR, None)
    if cached is None:
        cached = list(
            Role.objects.filter(user=user, org__deleted_at__isnull=True).values_list(
                "kind", "org_id", "org__path", "org__kind"
            )
        )
        setattr(user, _ATTR, cached)
    return cached


def forget(user) -> None:
    if hasattr(user, _ATTR):
        delattr(user, _ATTR)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def as_author(user, branch: Org) -> Org | None:
    if not _active(user):
        return None
    if user.is_superuser:
        return branch
    for kind, _org_id, path, _ in _roles(user):
        if kind in AUTHOR_KINDS and path == branch.path:
            return branch
    return None


def as_organiser(user, branch: Org) -> int | None:
    """The id of the committee above the branch where the user is an organisation admin."""
    if not _active(user):
        return None
    if user.is_superuser:
        return branch.parent_id
    for kind, org_id, path, org_kind in _roles(user):
        if (kind == Role.Kind.ORG_ADMIN and org_kind == Org.Kind.COMMITTEE and path != branch.path
                and branch.path.startswith(path)):
            return org_id
    return None


def as_superior(user, branch: Org) -> int | None:
    """The id of the superior body above the branch where the user reviews (or administers)."""
    if not _active(user):
        return None
    if user.is_superuser:
        return path_ids(branch.path)[0]
    for kind, org_id, path, org_kind in _roles(user):
        if kind in SUPERIOR_KINDS and org_kind == Org.Kind.SUPERIOR and branch.path.startswith(path):
            return org_id
    return None


def research_hosts(user, branch: Org):
    """The superior bodies above the branch in whose name the user may hold a research symposium."""
    if not _active(user):
        return Org.objects.none()
    if user.is_superuser:
        return Org.objects.filter(pk__in=path_ids(branch.path), kind=Org.Kind.SUPERIOR)
    ids = [org_id for kind, org_id, path, org_kind in _roles(user)
           if kind in SUPERIOR_KINDS and org_kind == Org.Kind.SUPERIOR and branch.path.startswith(path)]
    return Org.objects.filter(pk__in=ids).order_by("path")


def own_paths(user) -> set[str]:
    """Every org path at or above one of the user's roles: a case there is 'theirs' (drafts included)."""
    paths: set[str] = set()
    for _, _, path, _ in _roles(user):
        ids = path_ids(path)
        for i in range(1, len(ids) + 1):
            paths.add(path[: i * 9])
    return paths


def authors_q(branch: Org) -> Q:
    return Q(org_roles__org=branch, org_roles__kind__in=AUTHOR_KINDS)


def organisers_q(branch: Org) -> Q:
    return Q(org_roles__org_id__in=path_ids(branch.path)[:-1], org_roles__org__kind=Org.Kind.COMMITTEE,
             org_roles__kind=Role.Kind.ORG_ADMIN)


def superiors_q(branch: Org) -> Q:
    return Q(org_roles__org_id__in=path_ids(branch.path)[:-1], org_roles__org__kind=Org.Kind.SUPERIOR,
             org_roles__kind__in=SUPERIOR_KINDS)


def user_or_none(by):
    """The acting user for a foreign key: None for the system (demo, commands) and anonymous users."""
    return by if getattr(by, "is_authenticated", False) else None


def require_author(by, branch: Org, message: str = "只有本支部的书记、支委或组织管理员可以编辑") -> Org:
    """The branch, when `by` may write its methods and drafts; by=None is the system (demo, imports)."""
    if by is None:
        return branch
    org = as_author(by, branch)
    if org is None:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(message)
    return org
