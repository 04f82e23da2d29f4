"""`graduate_only` in every template: whether the logged-in user is a graduate's own login with no role anywhere
(base.html shows such a user only 我的毕业寄). Evaluated only where a template reads it."""

from zhibu.careers.selectors import is_graduate_only


def graduate_only(request) -> dict:
    return {"graduate_only": lambda: is_graduate_only(getattr(request, "user", None))}
