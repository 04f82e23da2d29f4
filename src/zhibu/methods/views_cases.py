"""Case pages: create, the case page, the edit form with autosave (htmx), media, history."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhibu.core.audit import history_for
from zhibu.core.forms import apply_validation_error
from zhibu.orgs import selectors as org_selectors

from . import roles, selectors, services
from .forms import CaseCreateForm, CaseForm, NoteForm, PhotoForm, VideoForm
from .lifecycle import next_steps
from .models import SECTIONS, CaseMedia, CaseStatus, WorkMethod


def _require_editor(user, case) -> None:
    if roles.as_author(user, case.branch) is None:
        raise PermissionDenied("只有本支部的书记、支委或组织管理员可以修改案例")


@login_required
def case_create(request):
    branches = selectors.branches_for_author(user=request.user)
    if not branches:
        raise PermissionDenied("您没有可以撰写案例的支部")
    methods = WorkMethod.objects.filter(branch__in=branches).select_related("branch").order_by("org_path", "name")
    if not methods.exists():
        messages.info(request, "请先建立本支部的工作法，再撰写案例")
        return redirect("methods:method_create")
    initial = {"method": request.GET.get("method")} if request.GET.get("method") else None
    form = CaseCreateForm(request.POST or None, methods=methods, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "案例已创建，请填写各部分内容；编辑时会自动保存")
            return redirect("methods:case_edit", case.pk)
    return render(request, "methods/case_create.html", {"form": form})


def _detail_context(request, case) -> dict:
    adoptions = selectors.adoption_list(case=case)
    scope = org_selectors.scope_for_user(request.user)
    return {
        "case": case,
        "method": case.method,
        "ancestors": org_selectors.org_ancestors(org=case.branch, user=request.user) + [case.branch],
        "evidence": selectors.evidence_links(case=case),
        "timeline": selectors.case_timeline(case=case),
        "reviews": selectors.case_reviews(case=case),
        "adoptions": adoptions,
        "managed_adoptions": {a.pk for a in adoptions if scope.grants_full(a.org_path)},
        "reach": selectors.case_reach(case=case, adoptions=adoptions),
        "graph": selectors.adoption_graph(case=case, adoptions=adoptions),
        "steps": next_steps(request.user, case),
        "can_edit": case.status == CaseStatus.DRAFT and roles.as_author(request.user, case.branch) is not None,
        "can_adopt": bool(selectors.adoptable_branches(user=request.user, case=case)),
        "note_form": NoteForm(),
    }


@login_required
def case_detail(request, case_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id, detail=True)
    return render(request, "methods/case_detail.html", _detail_context(request, case))


@dataclass(frozen=True)
class EvidenceChoice:
    """How a record reads in the evidence checklist (not a tuple: a tuple would be taken for an option group)."""

    date: object
    title: str
    summary: str

    def __str__(self) -> str:
        return self.title


def _evidence_values(case) -> list[str]:
    return [f"{e.kind}:{e.record_id}" for e in case.evidence.all()]


def _case_form(request, case, data=None) -> CaseForm:
    records = selectors.evidence_choices(case=case)
    chosen = set(_evidence_values(case))
    known = {f"{r.kind}:{r.id}" for r in records}
    choices = [(f"{r.kind}:{r.id}", EvidenceChoice(r.date, r.title, r.summary)) for r in records]
    # Evidence linked earlier but no longer among the branch's records stays listed so that it can be removed.
    choices += [(f"{e.kind}:{e.record_id}", EvidenceChoice(e.record_date, e.title, e.summary))
                for e in case.evidence.all() if f"{e.kind}:{e.record_id}" not in known]
    initial = {"title": case.title, "method": case.method_id, "honours": list(case.honours.all()),
               "evidence": sorted(chosen), **{key: getattr(case, key) for key, _ in SECTIONS}}
    return CaseForm(data, branch=case.branch, evidence_choices=choices, initial=initial)


def _save(request, case, form, *, autosave: bool) -> None:
    data = dict(form.cleaned_data)
    evidence = data.pop("evidence")
    with transaction.atomic():
        services.case_update(by=request.user, case=case, autosave=autosave, **data)
        if sorted(evidence) != sorted(_evidence_values(case)):
            records = [(v.split(":", 1)[0], int(v.split(":", 1)[1])) for v in evidence]
            services.case_evidence_set(by=request.user, case=case, records=records)


@login_required
def case_edit(request, case_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id, detail=True)
    _require_editor(request.user, case)
    if case.status != CaseStatus.DRAFT:
        messages.error(request, f"案例当前为“{case.get_status_display()}”，只有草稿可以修改")
        return redirect(case)
    form = _case_form(request, case, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _save(request, case, form, autosave=False)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "案例已保存")
            return redirect(case)
    last = case.reviews.order_by("-round", "-at").first()
    return render(request, "methods/case_form.html", {
        "case": case, "form": form, "video_form": VideoForm(), "photo_form": PhotoForm(),
        "review": last if last and last.decision == "revise" else None,
        "ancestors": org_selectors.org_ancestors(org=case.branch, user=request.user) + [case.branch],
    })


@login_required
@require_POST
def case_autosave(request, case_id: int):
    """htmx: save what is in the form now; answers with a one-line status for the form's corner."""
    case = selectors.case_get_for_user(user=request.user, case_id=case_id, detail=True)
    _require_editor(request.user, case)
    form = _case_form(request, case, request.POST)
    error = ""
    if not form.is_valid():
        error = "；".join(f"{form.fields[k].label}：{v[0]}" if k in form.fields else v[0] for k, v in form.errors.items())
    else:
        try:
            _save(request, case, form, autosave=True)
        except ValidationError as exc:
            error = "；".join(exc.messages)
    return render(request, "methods/_autosave.html", {"error": error, "at": timezone.localtime()})


@login_required
def case_history(request, case_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    return render(request, "methods/history.html", {
        "object": case, "back": case.get_absolute_url(),
        "page": Paginator(history_for(case), 50).get_page(request.GET.get("page")),
    })


@login_required
@require_POST
def case_media_add(request, case_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    _require_editor(request.user, case)
    try:
        if request.FILES.get("file"):
            form = PhotoForm(request.POST, request.FILES)
            if form.is_valid():
                services.case_media_add_photo(by=request.user, case=case, upload=form.cleaned_data["file"],
                                              caption=form.cleaned_data["caption"])
                messages.success(request, "照片已上传")
        else:
            form = VideoForm(request.POST)
            if form.is_valid():
                services.case_media_add_video(by=request.user, case=case, **form.cleaned_data)
                messages.success(request, "视频链接已添加")
        if not form.is_valid():
            messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(f"{case.get_absolute_url()}edit/#media")


@login_required
@require_POST
def case_media_remove(request, case_id: int, media_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    _require_editor(request.user, case)
    media = CaseMedia.objects.filter(pk=media_id, case=case).first()
    if media is None:
        raise Http404("没有找到该媒体")
    try:
        services.case_media_remove(by=request.user, media=media)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect(f"{case.get_absolute_url()}edit/#media")


def media_response(case, media_id: int) -> FileResponse:
    media = CaseMedia.objects.filter(pk=media_id, case=case, kind=CaseMedia.Kind.PHOTO).first()
    if media is None or not default_storage.exists(media.file.name):
        raise Http404("没有找到该照片")
    response = FileResponse(default_storage.open(media.file.name, "rb"), content_type=media.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def case_media_file(request, case_id: int, media_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    return media_response(case, media_id)


@login_required
@require_POST
def case_delete(request, case_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    _require_editor(request.user, case)
    try:
        services.case_delete(by=request.user, case=case)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(case)
    messages.success(request, f"已删除案例“{case.title}”")
    return redirect("methods:workbench")
