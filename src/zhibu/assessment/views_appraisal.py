"""The member appraisal pages: open a ballot, self-assess and vote (phones), close, results, decide, locked view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.core.audit import history_for
from zhibu.core.forms import apply_validation_error
from zhibu.orgs import selectors as org_selectors

from . import export, selectors, services_appraisal
from .forms import GRADE_CHOICES, AppraisalOpenForm, SelfAssessForm, grades_from_post
from .models import Grade, MemberAppraisal
from .views_points import XLSX

Status = MemberAppraisal.Status


@login_required
def appraisal_list(request, code: str):
    org = org_selectors.org_get_for_user(user=request.user, code=code)
    can_manage = org_selectors.can_manage(request.user, org.path) and org.kind == "branch"
    form = AppraisalOpenForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有本支部书记、支委可以发起民主评议党员")
        if form.is_valid():
            try:
                a = services_appraisal.appraisal_open(by=request.user, org=org, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, f"{a.year}年度民主评议党员已开始投票")
                return redirect(a)
    return render(request, "assessment/appraisal_list.html", {
        "org": org, "form": form, "appraisals": list(selectors.appraisal_list_for_user(user=request.user, org=org)[:50]),
        "ancestors": org_selectors.org_ancestors(org=org, user=request.user),
    })


def _detail_context(request, appraisal: MemberAppraisal, **extra) -> dict:
    member = selectors.member_for_user(request.user)
    board = selectors.appraisal_board(appraisal=appraisal)
    candidate_ids = {row["member"].pk for row in board}
    is_candidate = member is not None and member.pk in candidate_ids
    voted = selectors.has_voted(appraisal=appraisal, member=member)
    can_manage = org_selectors.can_manage(request.user, appraisal.org_path)
    own_text = next((row["self"] for row in board if member is not None and row["member"].pk == member.pk), "")
    context = {
        "a": appraisal, "board": board, "member": member, "is_candidate": is_candidate, "voted": voted,
        "can_manage": can_manage, "voted_count": selectors.appraisal_voted_count(appraisal=appraisal),
        "grade_choices": GRADE_CHOICES, "grades": Grade.choices,
        "others": [row for row in board if member is None or row["member"].pk != member.pk],
        "self_form": extra.pop("self_form", None) or SelfAssessForm(initial={"text": own_text}),
        "max_excellent": appraisal.max_excellent(len(board)),
        "history": list(history_for(appraisal)[:20]) if can_manage else [],
        "errors": [], "chosen": {}, "decided_grades": {},
    }
    context.update(extra)
    for row in board:
        row["chosen"] = context["chosen"].get(row["member"].pk, "")
        row["decided"] = context["decided_grades"].get(row["member"].pk, "")
    return context


@login_required
def appraisal_detail(request, appraisal_id: int):
    a = selectors.appraisal_get_for_user(user=request.user, appraisal_id=appraisal_id)
    return render(request, "assessment/appraisal_detail.html", _detail_context(request, a))


@login_required
@require_POST
def appraisal_vote(request, appraisal_id: int):
    a = selectors.appraisal_get_for_user(user=request.user, appraisal_id=appraisal_id)
    ballot = grades_from_post(request.POST, "grade")
    try:
        services_appraisal.appraisal_vote(by=request.user, appraisal=a, ballot={k: v for k, v in ballot.items() if v})
    except ValidationError as exc:
        a.refresh_from_db()
        return render(request, "assessment/appraisal_detail.html",
                      _detail_context(request, a, errors=exc.messages, chosen=ballot), status=422)
    messages.success(request, "您的选票已提交。投票不记名：系统只记录您已投票，不记录您的选择")
    return redirect(a)


@login_required
@require_POST
def appraisal_self(request, appraisal_id: int):
    a = selectors.appraisal_get_for_user(user=request.user, appraisal_id=appraisal_id)
    form = SelfAssessForm(request.POST)
    if form.is_valid():
        try:
            services_appraisal.appraisal_self_assess(by=request.user, appraisal=a, text=form.cleaned_data["text"])
        except ValidationError as exc:
            apply_validation_error(form, exc, "text")
        else:
            messages.success(request, "个人自评已保存")
            return redirect(a)
    return render(request, "assessment/appraisal_detail.html", _detail_context(request, a, self_form=form), status=422)


@login_required
@require_POST
def appraisal_close(request, appraisal_id: int):
    a = selectors.appraisal_get_for_user(user=request.user, appraisal_id=appraisal_id)
    try:
        services_appraisal.appraisal_close(by=request.user, appraisal=a)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "投票已结束，可以查看票数并确定等次")
    return redirect(a)


@login_required
@require_POST
def appraisal_decide(request, appraisal_id: int):
    a = selectors.appraisal_get_for_user(user=request.user, appraisal_id=appraisal_id)
    grades = grades_from_post(request.POST, "decide")
    try:
        services_appraisal.appraisal_decide(by=request.user, appraisal=a, grades={k: v for k, v in grades.items() if v})
    except ValidationError as exc:
        a.refresh_from_db()
        return render(request, "assessment/appraisal_detail.html",
                      _detail_context(request, a, errors=exc.messages, decided_grades=grades), status=422)
    messages.success(request, "评议等次已确定并锁定")
    return redirect(a)


@login_required
def appraisal_export(request, appraisal_id: int):
    a = selectors.appraisal_get_for_user(user=request.user, appraisal_id=appraisal_id)
    if not a.results_visible:
        raise PermissionDenied("投票结束后才能导出结果")
    rows = [{"name": r["name"], "votes": r["votes"], "points": r["points"] or 0, "grade": r["grade_label"]}
            for r in selectors.appraisal_board(appraisal=a)]
    response = HttpResponse(export.appraisal_xlsx(appraisal=a, rows=rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="appraisal-{a.org.code}-{a.year}.xlsx"'
    return response
