"""宣传发布的接口: articles through their editorial flow, scoped like the pages (outside the scope: 404; a
read-only role or the author approving their own article: 403; refusals 422 naming the field), writing
through the same services. The integrity check's last run is for the same people as its page."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from zhibu.core.pagination import WRITE_ERRORS, ErrorOut, PageNumberPagination, renamed, write
from zhibu.orgs import selectors as org_selectors

from . import selectors, services
from .models import Article
from .schemas import (
    ArticleDetailOut,
    ArticleIn,
    ArticleOut,
    ArticlePatchIn,
    IntegrityCheckOut,
    PublishIn,
    ReasonIn,
)
from .services_integrity import check_report

router = Router(tags=["宣传发布"])
_READ = {404: ErrorOut}


class ArticleFilters(Schema):
    status: Article.State | None = Field(None, description="draft、in_review、published 或 withdrawn")
    kind: Article.Kind | None = Field(None, description="news、notice 或 case")
    org: str | None = Field(None, description="组织编码：该组织及下级组织的文章；不在范围内时返回 404")
    q: str | None = Field(None, description="按标题或组织名称查找")


def _article(request, article_id: int) -> Article:
    return selectors.article_get_for_user(user=request.user, article_id=article_id)


def _detail(request, article_id: int) -> Article:
    article = _article(request, article_id)
    article.versions = selectors.article_publications(article=article)
    return article


def _refuse(field: str, message: str):
    def call():
        raise ValidationError({field: message})

    return call


@router.get(
    "/articles/",
    response=list[ArticleOut],
    summary="文章列表",
    description="调用者范围内的文章（含草稿），最近修改的在前；可按状态、类别、组织和关键词筛选。",
)
@paginate(PageNumberPagination)
def article_list(request: HttpRequest, filters: Query[ArticleFilters]):
    org = org_selectors.org_get_for_user(user=request.user, code=filters.org) if filters.org else None
    return selectors.article_list_for_user(
        user=request.user, state=filters.status, kind=filters.kind, q=filters.q, org=org
    ).select_related("publication")


@router.get(
    "/articles/{int:article_id}",
    response={200: ArticleDetailOut, **_READ},
    summary="文章详情",
    description="含文字检查结果、各发布版本及签名校验结果；签名校验失败的已发布文章不返回正文。",
)
def article_detail(request: HttpRequest, article_id: int):
    return _detail(request, article_id)


@router.post(
    "/articles/",
    response={201: ArticleDetailOut, **WRITE_ERRORS},
    summary="新建文章（草稿）",
    description="在可以管理的组织中写新闻或通知公告；给出 case_id 时从已发布的工作法案例生成案例稿。",
)
def article_create(request: HttpRequest, payload: ArticleIn):
    if payload.case_id is not None:
        return write(
            lambda: _detail(
                request, services.case_writeup_create(by=request.user, case_id=payload.case_id).pk
            ),
            201,
        )
    if not payload.org:
        return write(_refuse("org", "请选择所属组织"))
    org = org_selectors.org_get_for_user(user=request.user, code=payload.org)

    def call():
        if payload.kind == Article.Kind.CASE:
            raise ValidationError({"kind": "案例稿请通过 case_id 从已发布的工作法案例生成"})
        article = services.article_create(
            by=request.user, org=org, kind=payload.kind, title=payload.title, body=payload.body
        )
        return _detail(request, article.pk)

    return write(call, 201)


@router.patch(
    "/articles/{int:article_id}",
    response={200: ArticleDetailOut, **WRITE_ERRORS},
    summary="修改文章草稿",
    description="只能修改草稿（含被退回的文章）；只修改给出的字段。",
)
def article_patch(request: HttpRequest, article_id: int, payload: ArticlePatchIn):
    article = _article(request, article_id)

    def call():
        services.article_update(
            by=request.user,
            article=article,
            title=article.title if payload.title is None else payload.title,
            body=article.body if payload.body is None else payload.body,
            kind=payload.kind,
        )
        return _detail(request, article.pk)

    return write(call)


def _step(name: str, summary: str, description: str, service, payload_schema=None, names=None):
    def run(request, article_id, payload):
        article = _article(request, article_id)

        def call():
            service(request.user, article, payload)
            return _detail(request, article.pk)

        return write(renamed(call, names or {}))

    if payload_schema is None:

        def endpoint(request: HttpRequest, article_id: int):
            return run(request, article_id, None)
    else:

        def endpoint(request: HttpRequest, article_id: int, payload: payload_schema):  # type: ignore[valid-type]
            return run(request, article_id, payload)

    endpoint.__name__ = f"article_{name}"
    router.post(
        f"/articles/{{int:article_id}}/{name}",
        response={200: ArticleDetailOut, **WRITE_ERRORS},
        summary=summary,
        description=description,
    )(endpoint)


_step(
    "submit",
    "提交审核",
    "草稿提交审核；可以审核的同志（作者除外）会收到通知。",
    lambda by, a, _p: services.article_submit(by=by, article=a),
)
_step(
    "approve",
    "审核通过并发布",
    "由作者以外的同志审核：通过即签名发布。文字检查有发现时拒绝（422），须经 /publish 填写强制发布理由。",
    lambda by, a, _p: services.article_approve(by=by, article=a),
)
_step(
    "return",
    "退回修改",
    "把待审核的文章退回草稿，reason 为退回意见（必填）。",
    lambda by, a, p: services.article_return(by=by, article=a, note=p.reason),
    ReasonIn,
    {"note": "reason"},
)
_step(
    "publish",
    "发布（签名）",
    "与审核通过相同，由作者以外的同志进行；文字检查有发现时须填写 override_reason（强制发布理由），记入签名版本和变更记录。",
    lambda by, a, p: services.article_approve(by=by, article=a, override_reason=p.override_reason),
    PublishIn,
)
_step(
    "withdraw",
    "撤回",
    "已发布的文章撤回，公开页面不再显示；reason 为撤回原因（必填）。",
    lambda by, a, p: services.article_withdraw(by=by, article=a, reason=p.reason),
    ReasonIn,
)


@router.get(
    "/integrity-checks/latest",
    response={200: IntegrityCheckOut, 403: ErrorOut, 404: ErrorOut},
    summary="最近一次完整性检查",
    description="只有系统管理员可以查看（与“完整性检查”页面相同）。",
)
def integrity_latest(request: HttpRequest):
    if not request.user.is_superuser:
        return Status(403, {"detail": "只有系统管理员可以查看完整性检查"})
    check = selectors.latest_check()
    if check is None:
        return Status(404, {"detail": "还没有进行过完整性检查"})
    return check_report(check)
