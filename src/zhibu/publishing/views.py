"""The editors' pages: the workbench (articles by state), the article form and page with the text guard's
findings first, and the review steps. Integrity pages are in views_integrity, the public site in
views_public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from zhibu.core.forms import apply_validation_error

from . import render as article_render
from . import selectors, services
from .forms import ApproveForm, ArticleForm, FilterForm, ReturnForm, WithdrawForm
from .models import Article

PAGE_SIZE = 20


def _require_edit(user, article: Article) -> None:
    if not selectors.can_edit(user, article):
        raise PermissionDenied("您在该组织只有查看权限")


@login_required
def index(request):
    form = FilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    qs = selectors.article_list_for_user(
        user=request.user, state=data.get("state"), kind=data.get("kind"), q=data.get("q")
    )
    counts = selectors.state_counts(user=request.user)
    return render(
        request,
        "publishing/index.html",
        {
            "form": form,
            "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "tabs": [(v, label, counts[v]) for v, label in Article.State.choices],
            "state": data.get("state") or "",
            "can_write": selectors.writable_orgs(user=request.user).exists(),
        },
    )


@login_required
def article_create(request):
    orgs = selectors.writable_orgs(user=request.user)
    if not orgs.exists():
        raise PermissionDenied("您没有可以发布文章的组织")
    form = ArticleForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(by=request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, "文章草稿已保存。")
            return redirect(article)
    return render(request, "publishing/article_form.html", {"form": form})


@login_required
def case_writeup(request):
    if request.method == "POST":
        try:
            article = services.case_writeup_create(
                by=request.user, case_id=int(request.POST.get("case") or 0)
            )
        except ValidationError as e:
            messages.error(request, "；".join(e.messages))
        else:
            messages.success(request, "已根据案例生成案例稿草稿，请修改后提交审核。")
            return redirect(article)
    return render(
        request,
        "publishing/case_writeup.html",
        {
            "cases": selectors.publishable_cases(user=request.user),
        },
    )


@login_required
def article_detail(request, article_id: int):
    article = selectors.article_get_for_user(user=request.user, article_id=article_id)
    preview = article_render.article_html(title=article.title, body=article.body)
    return render(
        request,
        "publishing/article_detail.html",
        {
            "article": article,
            "preview": mark_safe(preview),  # noqa: S308 (rendered from escaped text)
            "can_edit": selectors.can_edit(request.user, article),
            "can_approve": selectors.can_approve(request.user, article),
            "approve_form": ApproveForm(),
            "return_form": ReturnForm(),
            "withdraw_form": WithdrawForm(),
            "publications": selectors.article_publications(article=article),
            "history": selectors.article_history(article=article),
        },
    )


@login_required
def article_edit(request, article_id: int):
    article = selectors.article_get_for_user(user=request.user, article_id=article_id)
    _require_edit(request.user, article)
    initial = {"kind": article.kind, "title": article.title, "body": article.body}
    form = ArticleForm(request.POST or None, initial=initial, article=article)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(
                by=request.user,
                article=article,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                kind=form.cleaned_data.get("kind"),
            )
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            messages.success(request, "文章已保存。")
            return redirect(article)
    return render(request, "publishing/article_form.html", {"form": form, "article": article})


def _step(request, article_id: int, action, form_class=None, done: str = ""):
    article = selectors.article_get_for_user(user=request.user, article_id=article_id)
    _require_edit(request.user, article)
    form = form_class(request.POST) if form_class else None
    try:
        if form is not None and not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        action(article, form.cleaned_data if form is not None else {})
    except ValidationError as e:
        messages.error(request, "；".join(e.messages))
    else:
        messages.success(request, done)
    return redirect(article)


@login_required
@require_POST
def article_submit(request, article_id: int):
    return _step(
        request,
        article_id,
        lambda a, _d: services.article_submit(by=request.user, article=a),
        done="已提交审核，请另一位同志审核发布。",
    )


@login_required
@require_POST
def article_approve(request, article_id: int):
    return _step(
        request,
        article_id,
        lambda a, d: services.article_approve(
            by=request.user, article=a, override_reason=d.get("override_reason", "")
        ),
        ApproveForm,
        done="文章已发布并签名。",
    )


@login_required
@require_POST
def article_return(request, article_id: int):
    return _step(
        request,
        article_id,
        lambda a, d: services.article_return(by=request.user, article=a, note=d["note"]),
        ReturnForm,
        done="已退回修改。",
    )


@login_required
@require_POST
def article_withdraw(request, article_id: int):
    return _step(
        request,
        article_id,
        lambda a, d: services.article_withdraw(by=request.user, article=a, reason=d["reason"]),
        WithdrawForm,
        done="文章已撤回，公开页面不再显示。",
    )


@login_required
@require_POST
def article_reopen(request, article_id: int):
    return _step(
        request,
        article_id,
        lambda a, _d: services.article_reopen(by=request.user, article=a),
        done="文章已退回草稿，可以修改后重新提交。",
    )
