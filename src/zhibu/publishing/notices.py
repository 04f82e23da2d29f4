"""Whom publishing tells, and what (through `core.notifications.notify`: the inbox, and mail where configured).

- submitted for review: everyone who may approve it — a secretary, committee member or org admin of the
  article's organisation or one above it — except its author (superusers only when nobody else may);
- approved and published, returned, withdrawn: the author;
- an integrity check found tampering or cloaking: the org admins of the affected articles' organisations
  (at or above them) about their articles, and the superusers, who run the checks, about the whole run.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.urls import reverse

from zhibu.core.notifications import notify
from zhibu.core.paths import path_ids
from zhibu.orgs.models import Role

from .models import Article, IntegrityCheck, IntegrityFinding

K = IntegrityFinding.Kind
# What someone changed (or shows crawlers only); unavailable pages and unknown keys are not tampering.
TAMPER_KINDS = frozenset({K.SIGNATURE, K.STORED, K.SERVED, K.CLOAKING, K.GUARD})


def _users():
    return get_user_model().objects.filter(is_active=True)


def _superusers(exclude_id=None) -> list:
    return list(_users().filter(is_superuser=True).exclude(pk=exclude_id).order_by("pk"))


def approvers(article: Article) -> list:
    """Who may approve the article: a full role at its organisation or above; never its author."""
    people = list(
        _users()
        .filter(
            org_roles__org_id__in=path_ids(article.org_path),
            org_roles__kind__in=Role.FULL_KINDS,
            org_roles__org__deleted_at__isnull=True,
        )
        .exclude(pk=article.author_id)
        .distinct()
        .order_by("pk")
    )
    return people or _superusers(exclude_id=article.author_id)


def article_submitted(*, article: Article, by) -> None:
    notify(
        recipients=approvers(article),
        actor=by,
        url=article.get_absolute_url(),
        verb=f"{article.org.display_name}提交了{article.get_kind_display()}“{article.title}”，请审核发布",
    )


def tell_author(*, article: Article, by, verb: str) -> None:
    if article.author_id is None:
        return
    notify(recipients=[article.author], actor=by, url=article.get_absolute_url(), verb=verb)


def _title(article: Article) -> str:
    return article.publication.title if article.publication_id else article.title


def integrity_problems(*, check: IntegrityCheck, findings: Iterable[IntegrityFinding], by=None) -> None:
    problems = [f for f in findings if f.kind in TAMPER_KINDS]
    if not problems:
        return
    articles = {f.article.pk: f.article for f in problems if f.article is not None}
    kinds = "、".join(sorted({K(f.kind).label for f in problems}))
    notify(
        recipients=_superusers(),
        actor=by,
        url=reverse("publishing:integrity"),
        verb=f"完整性检查 #{check.pk} 发现{len(problems)}处篡改或差异内容（{kinds}），涉及{len(articles)}篇文章，请核查",
    )
    if not articles:
        return
    ids = {i for a in articles.values() for i in path_ids(a.org_path)}
    admins: dict[int, list[Article]] = {}
    for user_id, path in Role.objects.filter(
        kind=Role.Kind.ORG_ADMIN,
        org_id__in=ids,
        org__deleted_at__isnull=True,
        user__is_active=True,
        user__is_superuser=False,
    ).values_list("user_id", "org__path"):
        mine = admins.setdefault(user_id, [])
        mine += [a for a in articles.values() if a.org_path.startswith(path) and a not in mine]
    for user in _users().filter(pk__in=admins):
        mine = sorted(admins[user.pk], key=lambda a: a.pk)
        # The signed title: the row's own may be the very thing a defacer changed.
        titles = "、".join(f"“{_title(a)}”" for a in mine[:3]) + (f"等{len(mine)}篇" if len(mine) > 3 else "")
        notify(
            recipients=[user],
            actor=by,
            url=mine[0].get_absolute_url(),
            verb=f"完整性检查发现文章{titles}的公开页面被篡改或对搜索引擎展示不同内容，请核查",
        )
