"""Every write to articles: validated, atomic, scoped and written to the audit history.

The flow is draft → in review → published → withdrawn (and back to draft to rework). Publication needs
a second person: whoever approves may not be the article's author. Approval runs the text guard; text
with findings is refused unless the approver overrides with a reason, which is kept on the signed
publication and in the audit history.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhibu.core.audit import audit_record, diff, snapshot
from zhibu.core.models import AuditEntry
from zhibu.methods import selectors as method_selectors
from zhibu.methods.models import PUBLIC_STATUSES
from zhibu.orgs.models import Org
from zhibu.orgs.selectors import can_manage, scope_for_user

from . import guard, notices, render, signing
from .models import Article, Publication

State = Article.State
FIELDS = ["org", "kind", "title", "body"]
MIN_REASON = 4


def _require_manage(by, org_path: str) -> None:
    if by is None:  # the system: demo, imports
        return
    if not scope_for_user(by).contains(org_path):
        raise PermissionDenied("不在您的管理范围内")
    if not can_manage(by, org_path):
        raise PermissionDenied("您在该组织只有查看权限")


def _require_state(article: Article, *states: str, action: str) -> None:
    if article.state not in states:
        raise ValidationError(f"文章当前为“{article.get_state_display()}”，不能{action}")


def _clean(*, title: str, body: str, kind: str) -> tuple[str, str]:
    errors = {}
    title, body = (title or "").strip(), render.normalise_text(body)
    if not title:
        errors["title"] = "请填写标题"
    elif len(title) > 200:
        errors["title"] = f"标题不能超过200字（现为{len(title)}字）"
    if not body.strip():
        errors["body"] = "请填写正文"
    if kind not in Article.Kind.values:
        errors["kind"] = f"类别“{kind}”无效"
    if errors:
        raise ValidationError(errors)
    return title, body


def _scan(article: Article) -> list[dict]:
    found = [
        {**f.to_dict(), "label": f.category_label}
        for f in guard.scan_article(title=article.title, body=article.body, org_path=article.org_path)
    ]
    article.findings, article.scanned_at = found, timezone.now()
    return found


def _audit(*, by, article: Article, before: dict | None, note: str, action: str = AuditEntry.Action.UPDATE):
    after = snapshot(article, FIELDS + ["state"])
    audit_record(
        actor=by,
        obj=article,
        action=action,
        org_path=article.org_path,
        changes=diff(before or {}, after),
        note=note,
    )


@transaction.atomic
def article_create(*, by, org: Org, kind: str, title: str, body: str, case=None) -> Article:
    _require_manage(by, org.path)
    title, body = _clean(title=title, body=body, kind=kind)
    article = Article(
        org=org,
        org_path=org.path,
        kind=kind,
        title=title,
        body=body,
        case=case,
        author=by if getattr(by, "is_authenticated", False) else None,
    )
    _scan(article)
    article.save()
    _audit(by=by, article=article, before=None, note="创建文章", action=AuditEntry.Action.CREATE)
    return article


@transaction.atomic
def article_update(*, by, article: Article, title: str, body: str, kind: str | None = None) -> Article:
    _require_manage(by, article.org_path)
    _require_state(article, State.DRAFT, action="修改（请先退回草稿）")
    kind = article.kind if article.case_id else (kind or article.kind)
    title, body = _clean(title=title, body=body, kind=kind)
    before = snapshot(article, FIELDS + ["state"])
    article.title, article.body, article.kind = title, body, kind
    _scan(article)
    article.save()
    _audit(by=by, article=article, before=before, note="修改文章")
    return article


def _transition(*, by, article: Article, to: str, note: str, **fields) -> Article:
    before = snapshot(article, FIELDS + ["state"])
    article.state = to
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()
    _audit(by=by, article=article, before=before, note=note)
    return article


@transaction.atomic
def article_submit(*, by, article: Article, at=None) -> Article:
    """Send the draft for review; the guard's findings are shown to the reviewer first."""
    _require_manage(by, article.org_path)
    _require_state(article, State.DRAFT, action="提交审核")
    _scan(article)
    _transition(
        by=by,
        article=article,
        to=State.IN_REVIEW,
        note="提交审核",
        submitted_at=at or timezone.now(),
        review_note="",
    )
    notices.article_submitted(article=article, by=by)
    return article


@transaction.atomic
def article_return(*, by, article: Article, note: str) -> Article:
    _require_manage(by, article.org_path)
    _require_state(article, State.IN_REVIEW, action="退回")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "请填写退回意见"})
    _transition(by=by, article=article, to=State.DRAFT, note=f"退回修改：{note}", review_note=note[:300])
    notices.tell_author(
        article=article, by=by, verb=f"您的{article.get_kind_display()}“{article.title}”被退回修改：{note}"
    )
    return article


@transaction.atomic
def article_approve(*, by, article: Article, override_reason: str = "", at=None) -> Publication:
    """Publish: a second person approves; the text is checked, rendered, hashed and signed."""
    _require_manage(by, article.org_path)
    article = Article.objects.select_for_update().get(pk=article.pk)
    _require_state(article, State.IN_REVIEW, action="审核发布")
    if article.author_id is not None and article.author_id == getattr(by, "pk", None):
        raise PermissionDenied("作者不能审核发布自己的文章，请由另一位有权限的同志审核")
    override_reason = (override_reason or "").strip()
    findings = _scan(article)
    if findings and not override_reason:
        raise ValidationError(
            {
                "override_reason": (
                    f"正文含有{len(findings)}处可疑内容（{guard.summary(findings)}），不能发布；"
                    "请修改正文，或由审核人填写强制发布理由"
                )
            }
        )
    if override_reason and len(override_reason) < MIN_REASON:
        raise ValidationError({"override_reason": f"强制发布理由至少{MIN_REASON}个字"})
    if not findings:
        override_reason = ""
    now = at or timezone.now()
    version = article.publications.count() + 1
    html = render.article_html(title=article.title, body=article.body)
    digest, signature, key = signing.sign(article_id=article.pk, version=version, html=html)
    publication = Publication.objects.create(
        article=article,
        org_id=article.org_id,
        org_path=article.org_path,
        version=version,
        title=article.title,
        source_body=article.body,
        html=html,
        sha256=digest,
        signature=signature,
        key_id=key,
        signed_at=now,
        signed_by=by if getattr(by, "is_authenticated", False) else None,
        findings=findings,
        override_reason=override_reason,
    )
    note = f"审核发布（第{version}版，SHA-256 {digest[:16]}…）"
    if override_reason:
        note = f"强制发布（含{len(findings)}处可疑内容）：{override_reason}"
    _transition(
        by=by,
        article=article,
        to=State.PUBLISHED,
        note=note,
        published_at=now,
        publication=publication,
        withdrawn_at=None,
        withdrawn_reason="",
    )
    audit_record(
        actor=by,
        obj=publication,
        action=AuditEntry.Action.CREATE,
        org_path=article.org_path,
        changes={"sha256": [None, digest], "key_id": [None, key]},
        note=note,
    )
    notices.tell_author(
        article=article,
        by=by,
        verb=f"您的{article.get_kind_display()}“{article.title}”已审核通过并发布（第{version}版）",
    )
    return publication


@transaction.atomic
def article_withdraw(*, by, article: Article, reason: str) -> Article:
    _require_manage(by, article.org_path)
    _require_state(article, State.PUBLISHED, action="撤回")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤回原因"})
    _transition(
        by=by,
        article=article,
        to=State.WITHDRAWN,
        note=f"撤回：{reason}",
        withdrawn_at=timezone.now(),
        withdrawn_reason=reason[:300],
    )
    notices.tell_author(
        article=article, by=by, verb=f"您的{article.get_kind_display()}“{article.title}”已撤回：{reason}"
    )
    return article


@transaction.atomic
def article_reopen(*, by, article: Article) -> Article:
    """A withdrawn article back to draft, to be reworked and published again as a new version."""
    _require_manage(by, article.org_path)
    _require_state(article, State.WITHDRAWN, action="重新编辑")
    return _transition(by=by, article=article, to=State.DRAFT, note="重新编辑")


@transaction.atomic
def article_delete(*, by, article: Article) -> None:
    _require_manage(by, article.org_path)
    if article.publications.exists():
        raise ValidationError("文章已发布过，只能撤回，不能删除")
    article.deleted_at, article.deleted_by = (
        timezone.now(),
        by if getattr(by, "is_authenticated", False) else None,
    )
    article.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
    audit_record(
        actor=by, obj=article, action=AuditEntry.Action.DELETE, org_path=article.org_path, note="删除草稿"
    )


def case_writeup_body(case) -> str:
    """The write-up's text from the case: the method's formula, approach and goals, then the sections."""
    method = case.method
    lines = [f"## “{method.name}”工作法"]
    for p in method.pillars.all():
        lines.append(f"- {p.numeral}{p.measure}{p.label}：" + "、".join(i.text for i in p.items.all()))
    if method.approach:
        lines.append("- 工作思路：" + "、".join(method.approach))
    if method.goals:
        lines.append("- 工作目标：" + "、".join(method.goals))
    for _key, label, text in case.sections():
        if text and text.strip():
            lines += ["", f"## {label}", render.normalise_text(text)]
    reviews = [
        r for r in method_selectors.case_reviews(case=case) if r.decision == "approve" and r.overall.strip()
    ]
    if reviews:
        lines += ["", "## 上级点评"]
        for r in reviews:
            by = r.reviewer_org.display_name if r.reviewer_org_id else "上级组织部门"
            lines += [render.normalise_text(r.overall), f"——{by}", ""]
    return render.normalise_text("\n".join(lines))


@transaction.atomic
def case_writeup_create(*, by, case_id: int) -> Article:
    """An article from a case that methods has published, prefilled from its sections."""
    case = method_selectors.case_get_for_user(user=by, case_id=case_id, detail=True)
    if case.status not in PUBLIC_STATUSES:
        raise ValidationError({"case": f"案例“{case.title}”尚未发布，不能撰写案例稿"})
    existing = Article.objects.filter(case_id=case.pk).exclude(state=State.WITHDRAWN).first()
    if existing is not None:
        raise ValidationError({"case": f"案例“{case.title}”已有案例稿（{existing.get_state_display()}）"})
    return article_create(
        by=by,
        org=case.branch,
        kind=Article.Kind.CASE,
        title=case.title,
        body=case_writeup_body(case),
        case=case,
    )
