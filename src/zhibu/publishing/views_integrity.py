"""The administrators' integrity page: the last check, running one, restoring an article from its signed copy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import fetch, selectors
from .models import Article
from .services_integrity import article_restore, integrity_check_run


def _require_admin(user) -> None:
    if not user.is_superuser:
        raise PermissionDenied("只有系统管理员可以进行完整性检查")


@login_required
def integrity(request):
    _require_admin(request.user)
    check = selectors.latest_check()
    return render(
        request,
        "publishing/integrity.html",
        {
            "check": check,
            "findings": list(selectors.check_findings(check=check)) if check else [],
            "checks": selectors.recent_checks(),
        },
    )


@login_required
@require_POST
def integrity_run(request):
    _require_admin(request.user)
    check = integrity_check_run(by=request.user, fetcher=fetch.ClientFetcher(host=request.get_host()))
    if check.ok:
        messages.success(request, f"检查完成：{check.articles}篇文章、{check.pages}个页面，未发现问题。")
    else:
        messages.error(request, f"检查完成：发现{check.problems}处问题，详见下方。")
    return redirect("publishing:integrity")


@login_required
@require_POST
def integrity_restore(request, article_id: int):
    _require_admin(request.user)
    article = get_object_or_404(Article.objects.select_related("publication"), pk=article_id)
    try:
        changed = article_restore(by=request.user, article=article)
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    else:
        messages.success(
            request, f"“{article.title}”已从签名版本恢复。" if changed else "内容与签名版本一致，无需恢复。"
        )
    return redirect("publishing:integrity")
