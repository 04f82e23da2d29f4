"""Graduates: the list with filters, one graduate with matches, recommendations and the last-mile log; the import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhibu.core.audit import history_for
from zhibu.core.forms import apply_validation_error
from zhibu.orgs import selectors as org_selectors

from . import imports, selectors, services_graduates
from .forms import GraduateFilterForm, GraduateForm, HelperContactForm, HelperForm, ImportForm, StatusForm
from .models import Recommendation
from .selectors_matching import matches_for_graduate
from .views import PAGE_SIZE, can_write, require_manage, require_manage_somewhere


@login_required
def graduate_list(request):
    options = selectors.graduate_filter_options(user=request.user)
    form = GraduateFilterForm(request.GET or None, majors=options["majors"], years=options["years"])
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    org = org_selectors.org_get_for_user(user=request.user, code=data["org"]) if data.get("org") else None
    qs = selectors.graduate_list_for_user(user=request.user, org=org, status=data.get("status"),
                                          major=data.get("major"), class_year=data.get("class_year"), q=data.get("q"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.with_phone_display(request.user, page.object_list)
    return render(request, "careers/graduate_list.html", {
        "form": form, "org": org, "page": page, "can_write": can_write(request.user),
    })


@login_required
def graduate_create(request):
    require_manage_somewhere(request.user)
    form = GraduateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        try:
            g = services_graduates.graduate_create(by=request.user, **d)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已登记毕业生{g.name}")
            return redirect(g)
    return render(request, "careers/graduate_form.html", {"form": form})


@login_required
def graduate_import(request):
    require_manage_somewhere(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.graduate_import(by=request.user, org=form.cleaned_data["org"],
                                             data=upload.read(imports.settings.ZHIBU_IMPORT_MAX_BYTES + 1))
        except imports.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            if result.ok:
                messages.success(request, f"已导入{result.created}名毕业生")
                return redirect("careers:graduates")
    return render(request, "careers/graduate_import.html", {"form": form, "result": result})


@login_required
def graduate_template(request):
    response = HttpResponse(imports.template_workbook(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''graduates-template.xlsx"
    return response


@login_required
def graduate_detail(request, graduate_id: int):
    g = selectors.graduate_get_for_user(user=request.user, graduate_id=graduate_id)
    manage = org_selectors.can_manage(request.user, g.org_path)
    g.phone_display = selectors.phone_for(request.user, g)
    return render(request, "careers/graduate_detail.html", {
        "g": g, "can_manage": manage,
        "matches": matches_for_graduate(user=request.user, graduate=g) if g.status == "seeking" else [],
        "recommendations": selectors.graduate_recommendations(graduate=g),
        "contacts": selectors.graduate_contacts(graduate=g), "outcomes": Recommendation.Outcome.choices,
        "status_form": StatusForm(initial={"status": g.status, "destination": g.destination}) if manage else None,
        "helper_form": HelperForm(user=request.user, initial={"helper": g.helper_id}) if manage else None,
        "contact_form": HelperContactForm() if manage else None,
        "history": list(history_for(g)[:20]),
    })


def _post_form(request, graduate_id: int, form_class, action, **form_kwargs):
    g = selectors.graduate_get_for_user(user=request.user, graduate_id=graduate_id)
    require_manage(request.user, g.org_path)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            action(g, form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
    if form.errors:
        messages.error(request, "；".join(m for msgs in form.errors.values() for m in msgs))
    else:
        messages.success(request, "已保存")
    return redirect(g)


@login_required
@require_POST
def graduate_status(request, graduate_id: int):
    return _post_form(request, graduate_id, StatusForm, lambda g, d: services_graduates.graduate_set_status(
        by=request.user, graduate=g, **d))


@login_required
@require_POST
def graduate_helper(request, graduate_id: int):
    return _post_form(request, graduate_id, HelperForm, lambda g, d: services_graduates.graduate_assign_helper(
        by=request.user, graduate=g, helper=d["helper"]), user=request.user)


@login_required
@require_POST
def graduate_contact(request, graduate_id: int):
    return _post_form(request, graduate_id, HelperContactForm, lambda g, d: services_graduates.helper_contact_add(
        by=request.user, graduate=g, **d))
