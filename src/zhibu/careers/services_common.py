"""Helpers every careers service shares: permission checks, the acting user, lists typed in one field."""

from django.core.exceptions import PermissionDenied

from zhibu.orgs.selectors import can_manage, scope_for_user


def require_manage(by, path: str, message: str = "您没有权限修改该组织的就业工作记录") -> None:
    """`by=None` is the system (demo, generate, tests' factories)."""
    if by is not None and not can_manage(by, path):
        raise PermissionDenied(message)


def require_any_manage(by, message: str = "您没有登记用人单位的权限") -> None:
    if by is None:
        return
    scope = scope_for_user(by)
    if not (scope.everything or scope.full_paths):
        raise PermissionDenied(message)


def actor(by):
    return by if getattr(by, "is_authenticated", False) else None


def split_list(value) -> list[str]:
    """'北京，上海、天津' or ['北京', …] → ['北京', '上海', '天津'] (order kept, duplicates dropped)."""
    if value is None:
        return []
    if isinstance(value, str):
        for sep in "，、;；/|":  # typography: ascii
            value = value.replace(sep, ",")
        parts = value.split(",")
    else:
        parts = list(value)
    seen: list[str] = []
    for p in parts:
        p = str(p).strip()
        if p and p not in seen:
            seen.append(p)
    return seen
