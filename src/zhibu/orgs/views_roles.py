"""Accounts and roles at an org node, and the committee's offices."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.core.forms import BootstrapMixin, DateInput, apply_validation_error
from zhibu.core.paths import subtree_q

from . import selectors, services
from .models import Member, Position, Role
from .views import _require_manage

User = get_user_model()


class RoleGrantForm(BootstrapMixin, forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    kind = forms.ChoiceField(label="角色", choices=Role.Kind.choices, initial=Role.Kind.MEMBER)
    full_name = forms.CharField(label="姓名（新建账号时填写）", max_length=150, required=False)
    password = forms.CharField(label="初始密码（新建账号时填写）", required=False, widget=forms.PasswordInput)


class PositionForm(BootstrapMixin, forms.Form):
    member = forms.ModelChoiceField(label="党员", queryset=Member.objects.none())
    kind = forms.ChoiceField(label="职务", choices=Position.Kind.choices)
    title = forms.CharField(label="分工", max_length=40, required=False, help_text="如 组织委员、宣传委员")
    started_on = forms.DateField(label="任职日期", widget=DateInput())

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        members = Member.objects.filter(subtree_q("org_path", org.path)) if org.kind != "group" else \
            Member.objects.filter(group=org)
        self.fields["member"].queryset = members.order_by("name")


@login_required
def org_roles(request, code: str):
    org = selectors.org_get_for_user(user=request.user, code=code)
    _require_manage(request.user, org.path)
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = User.objects.filter(username=data["username"]).first()
        try:
            with transaction.atomic():
                if user is None:
                    if not data["password"]:
                        raise ValidationError({"password": "用户名不存在；如需新建账号，请填写初始密码"})
                    user = User(username=data["username"], first_name=data["full_name"])
                    validate_password(data["password"], user)
                    user.set_password(data["password"])
                    user.save()
                services.role_grant(by=request.user, user=user, org=org, kind=data["kind"])
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="password")
        else:
            messages.success(request, f"已授予{user.get_full_name() or user.username}“{Role.Kind(data['kind']).label}”角色")
            return redirect("orgs:org_roles", code=org.code)
    roles = Role.objects.filter(subtree_q("org__path", org.path)).select_related("user", "org", "granted_by")
    page = Paginator(roles.order_by("org__path", "user__username"), 50).get_page(request.GET.get("page"))
    return render(request, "orgs/org_roles.html", {
        "org": org, "form": form, "page": page,
        "ancestors": selectors.org_ancestors(org=org, user=request.user) + [org],
    })


@login_required
@require_POST
def role_revoke_view(request, code: str, role_id: int):
    org = selectors.org_get_for_user(user=request.user, code=code)
    role = Role.objects.filter(pk=role_id).filter(subtree_q("org__path", org.path)).select_related("org", "user").first()
    if role is None:
        raise Http404
    _require_manage(request.user, role.org.path)
    services.role_revoke(by=request.user, role=role)
    messages.success(request, f"已撤销{role.user.username}的“{role.get_kind_display()}”角色")
    return redirect("orgs:org_roles", code=org.code)


@login_required
def position_create(request, code: str):
    org = selectors.org_get_for_user(user=request.user, code=code)
    _require_manage(request.user, org.path)
    form = PositionForm(request.POST or None, org=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.position_assign(by=request.user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "职务已登记")
            return redirect(org)
    return render(request, "orgs/position_form.html", {"org": org, "form": form})


@login_required
@require_POST
def position_end_view(request, code: str, position_id: int):
    org = selectors.org_get_for_user(user=request.user, code=code)
    position = Position.objects.filter(pk=position_id, org=org, ended_on__isnull=True).select_related("member", "org").first()
    if position is None:
        raise Http404
    _require_manage(request.user, org.path)
    services.position_end(by=request.user, position=position)
    messages.success(request, f"{position.member.name}已离任{position.label}")
    return redirect(org)
