"""Pages of the org tree and members. Thin: a form, one selector or service call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.core.audit import history_for
from zhibu.core.forms import apply_validation_error

from . import selectors, services
from .forms import (
    DeleteForm,
    HonourForm,
    MemberCreateForm,
    MemberFilterForm,
    MemberForm,
    OrgForm,
    TransferForm,
)
from .models import Honour, Member, Org

PAGE_SIZE = 30
CHILDREN_SHOWN = 50  # a node may have thousands of children; the tree page browses them all


def _require_manage(user, path: str) -> None:
    if not selectors.can_manage(user, path):
        raise PermissionDenied("您在该组织只有查看权限")


def _page(request, qs, size: int = PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def _member_page(request, qs):
    """A page of members, each marked with whether this user may see its personal data unmasked."""
    page = _page(request, qs)
    scope = selectors.scope_for_user(request.user)
    for member in page:
        member.show_personal = scope.grants_full(member.org_path)
    return page


@login_required
def home(request):
    roles = list(selectors.user_roles(request.user))
    roots = list(selectors.org_roots_for_user(user=request.user)[:20])
    stats = selectors.org_member_stats(org=roots[0]) if len(roots) == 1 else None
    return render(request, "orgs/home.html", {"roles": roles, "roots": roots, "stats": stats})


@login_required
def org_tree(request):
    q = request.GET.get("q", "").strip()
    results = None
    if q:
        results = _page(request, selectors.org_list_for_user(user=request.user, q=q), 50)
    roots = selectors.org_roots_for_user(user=request.user)
    return render(request, "orgs/org_tree.html", {"roots": roots, "q": q, "results": results})


@login_required
def org_children_partial(request, code: str):
    org = selectors.org_get_for_user(user=request.user, code=code)
    return render(request, "orgs/_tree_children.html", {"nodes": selectors.org_children(org=org)})


@login_required
def org_detail(request, code: str):
    org = selectors.org_get_for_user(user=request.user, code=code)
    members = selectors.member_list_for_user(user=request.user, org=org)
    context = {
        "org": org,
        "ancestors": selectors.org_ancestors(org=org, user=request.user),
        "children": list(selectors.org_children(org=org)[: CHILDREN_SHOWN + 1]),
        "children_shown": CHILDREN_SHOWN,
        "committee": selectors.org_committee(org=org),
        "honours": list(org.honours.all()),
        "stats": selectors.org_member_stats(org=org),
        "page": _member_page(request, members),
        "can_manage": selectors.can_manage(request.user, org.path),
        "show_personal": selectors.can_see_personal(request.user, org.path),
        "honour_levels": Honour.Level.choices,
    }
    return render(request, "orgs/org_detail.html", context)


@login_required
def org_history(request, code: str):
    org = selectors.org_get_for_user(user=request.user, code=code)
    return render(request, "orgs/history.html", {
        "object": org, "org": org, "page": _page(request, history_for(org), 50),
        "ancestors": selectors.org_ancestors(org=org, user=request.user) + [org],
    })


@login_required
def org_edit(request, code: str):
    org = selectors.org_get_for_user(user=request.user, code=code)
    _require_manage(request.user, org.path)
    form = OrgForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.org_update(by=request.user, org=Org.objects.get(pk=org.pk), **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "组织信息已保存")
            return redirect(org)
    return render(request, "orgs/org_form.html", {"form": form, "org": org, "title": f"编辑 {org.name}"})


@login_required
def org_create_child(request, code: str):
    parent = selectors.org_get_for_user(user=request.user, code=code)
    _require_manage(request.user, parent.path)
    form = OrgForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            child = services.org_create(by=request.user, parent=parent, name=data.pop("name"),
                                        code=data.pop("code"), kind=data.pop("kind"), **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已创建“{child.name}”")
            return redirect(child)
    return render(request, "orgs/org_form.html", {"form": form, "org": parent, "title": f"在“{parent.name}”下新建组织"})


@login_required
@require_POST
def honour_create(request, code: str):
    org = selectors.org_get_for_user(user=request.user, code=code)
    _require_manage(request.user, org.path)
    form = HonourForm(request.POST)
    if form.is_valid():
        services.honour_add(by=request.user, org=org, **form.cleaned_data)
        messages.success(request, "荣誉已添加")
    else:
        messages.error(request, "荣誉未添加：" + ";".join(f"{form.fields[f].label}{e[0]}" for f, e in form.errors.items()))
    return redirect(org)


@login_required
def member_list(request):
    form = MemberFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    org = None
    if data.get("org"):
        org = selectors.org_get_for_user(user=request.user, code=data["org"])
    qs = selectors.member_list_for_user(
        user=request.user, org=org, status=data.get("status"), occupation=data.get("occupation"), q=data.get("q"),
    )
    scope = selectors.scope_for_user(request.user)
    return render(request, "orgs/member_list.html", {
        "form": form, "org": org, "page": _member_page(request, qs), "scope": scope,
    })


@login_required
def member_detail(request, member_id: int):
    member = selectors.member_get_for_user(user=request.user, member_id=member_id, include_deleted=True)
    return render(request, "orgs/member_detail.html", {
        "member": member,
        "ancestors": selectors.org_ancestors(org=member.org, user=request.user) + [member.org],
        "positions": selectors.member_positions(member=member),
        "transfers": selectors.member_transfers(member=member),
        "history": history_for(member)[:100],
        "show_personal": selectors.can_see_personal(request.user, member.org_path),
        "can_manage": selectors.can_manage(request.user, member.org_path),
    })


@login_required
def member_create_view(request):
    scope = selectors.scope_for_user(request.user)
    branches = Org.objects.filter(scope.full_q("path")).filter(
        Q(kind=Org.Kind.BRANCH) | Q(kind=Org.Kind.GENERAL_BRANCH)
    ).order_by("path")
    branch = None
    if request.GET.get("org"):
        branch = selectors.org_get_for_user(user=request.user, code=request.GET["org"])
        _require_manage(request.user, branch.path)
    if not branches.exists():
        raise PermissionDenied("您没有可以登记党员的支部")
    form = MemberCreateForm(request.POST or None, branches=branches, branch=branch,
                            initial={"org": branch} if branch else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = data.pop("org")
        try:
            member = services.member_create(by=request.user, org=target, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已登记党员{member.name}")
            return redirect(member)
    return render(request, "orgs/member_form.html", {"form": form, "title": "登记党员", "org": branch})


@login_required
def member_edit(request, member_id: int):
    member = selectors.member_get_for_user(user=request.user, member_id=member_id)
    _require_manage(request.user, member.org_path)
    form = MemberForm(request.POST or None, instance=member, branch=member.org)
    if request.method == "POST" and form.is_valid():
        try:
            # The form has already written the cleaned values to `member`; the service diffs against the stored row.
            stored = Member.objects.get(pk=member.pk)
            services.member_update(by=request.user, member=stored, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "党员信息已保存")
            return redirect(stored)
    return render(request, "orgs/member_form.html", {"form": form, "member": member, "title": f"编辑 {member.name}",
                                                    "org": member.org})


@login_required
def member_transfer_view(request, member_id: int):
    member = selectors.member_get_for_user(user=request.user, member_id=member_id)
    _require_manage(request.user, member.org_path)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = Org.objects.filter(code=data["to_org"]).first()
        if target is None or not selectors.scope_for_user(request.user).contains(target.path):
            form.add_error("to_org", f"没有找到编码为“{data['to_org']}”的支部")
        else:
            try:
                services.member_transfer(by=request.user, member=member, to_org=target,
                                         transferred_on=data["transferred_on"], reason=data["reason"])
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, PermissionDenied):
                    form.add_error("to_org", "您没有管理转入支部的权限")
                else:
                    apply_validation_error(form, exc)
            else:
                messages.success(request, f"{member.name}的组织关系已转入“{target.name}”")
                return redirect(member)
    return render(request, "orgs/member_transfer.html", {"form": form, "member": member})


@login_required
def member_delete_view(request, member_id: int):
    member = selectors.member_get_for_user(user=request.user, member_id=member_id)
    _require_manage(request.user, member.org_path)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.member_delete(by=request.user, member=member, reason=form.cleaned_data["reason"])
        messages.success(request, f"已删除{member.name}（可在回收站恢复）")
        return redirect(member.org)
    return render(request, "orgs/member_delete.html", {"form": form, "member": member})


@login_required
def member_trash(request):
    page = _page(request, selectors.member_deleted_for_user(user=request.user))
    orgs = selectors.org_deleted_for_user(user=request.user)[:100]
    return render(request, "orgs/member_trash.html", {"page": page, "deleted_orgs": orgs})


@login_required
@require_POST
def org_delete_view(request, code: str):
    org = selectors.org_get_for_user(user=request.user, code=code)
    _require_manage(request.user, org.path)
    try:
        services.org_delete(by=request.user, org=org)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
        return redirect(org)
    messages.success(request, f"已删除“{org.name}”（可在回收站恢复）")
    return redirect(org.parent) if org.parent_id else redirect("orgs:org_tree")


@login_required
@require_POST
def org_restore_view(request, code: str):
    org = selectors.org_deleted_get_for_user(user=request.user, code=code)
    try:
        services.org_restore(by=request.user, org=org)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
        return redirect("orgs:member_trash")
    messages.success(request, f"已恢复“{org.name}”")
    return redirect(org)


@login_required
@require_POST
def member_restore_view(request, member_id: int):
    member = selectors.member_get_for_user(user=request.user, member_id=member_id, include_deleted=True)
    _require_manage(request.user, member.org_path)
    try:
        services.member_restore(by=request.user, member=member)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
        return redirect("orgs:member_trash")
    messages.success(request, f"已恢复{member.name}")
    return redirect(member)
