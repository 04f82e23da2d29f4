"""The course registry (课程思政): courses, their elements, and the Excel import."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from zhibu.cobuild.selectors import major_choices_for_branch
from zhibu.core.forms import apply_validation_error as apply_errors
from zhibu.orgs import selectors as org_selectors

from . import selectors, services
from .course_import import ImportFileError, course_import_apply, course_import_parse, course_template_workbook
from .forms import CourseForm, ElementForm, ImportForm

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_manage(user, path: str) -> None:
    if not org_selectors.can_manage(user, path):
        raise PermissionDenied("您在该组织只有查看权限")


@login_required
def course_list(request, code: str):
    org = org_selectors.org_get_for_user(user=request.user, code=code)
    courses = selectors.course_list_for_user(user=request.user, org=org, q=request.GET.get("q", "").strip() or None)
    return render(request, "integration/course_list.html", {
        "org": org, "page": Paginator(courses, 30).get_page(request.GET.get("page")), "q": request.GET.get("q", ""),
        "coverage": selectors.course_coverage(user=request.user, org=org),
        "can_manage": org_selectors.can_manage(request.user, org.path) and org.kind in ("branch", "general_branch"),
        "ancestors": org_selectors.org_ancestors(org=org, user=request.user) + [org],
    })


@login_required
def course_create(request, code: str):
    org = org_selectors.org_get_for_user(user=request.user, code=code)
    _require_manage(request.user, org.path)
    form = CourseForm(request.POST or None, majors=major_choices_for_branch(branch=org))
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(by=request.user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记课程《{course.name}》")
            return redirect(course)
    return render(request, "integration/simple_form.html", {
        "form": form, "org": org, "title": "登记课程", "back": "integration:course_list"})


@login_required
def course_edit(request, course_id: int):
    course = selectors.course_get_for_user(user=request.user, course_id=course_id)
    _require_manage(request.user, course.org_path)
    initial = {"major": course.major, "name": course.name, "code": course.code,
               "teachers": "、".join(t.name for t in course.teachers.all())}
    form = CourseForm(request.POST or None, majors=major_choices_for_branch(branch=course.org), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(by=request.user, course=course, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存课程《{form.cleaned_data['name']}》")
            return redirect(course)
    return render(request, "integration/simple_form.html", {
        "form": form, "org": course.org, "title": f"修改课程《{course.name}》", "back": "integration:course_list"})


@login_required
def course_detail(request, course_id: int):
    course = selectors.course_get_for_user(user=request.user, course_id=course_id)
    can_manage = org_selectors.can_manage(request.user, course.org_path)
    teachers = [t.name for t in course.teachers.all()]
    form = ElementForm(request.POST or None, teachers=teachers) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("您在该课程只有查看权限")
        if form.is_valid():
            try:
                services.element_add(by=request.user, course=course, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "课程思政元素已添加")
                return redirect(course)
    return render(request, "integration/course_detail.html", {
        "course": course, "teachers": teachers, "elements": selectors.course_elements(course=course), "form": form,
        "ancestors": org_selectors.org_ancestors(org=course.org, user=request.user) + [course.org],
    })


@login_required
def course_template(request):
    response = HttpResponse(course_template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = ("attachment; filename=\"courses.xlsx\"; "
                                       f"filename*=UTF-8''{quote('课程与课程思政元素导入模板.xlsx')}")
    return response


@login_required
def course_import(request):
    scope = org_selectors.scope_for_user(request.user)
    if not (scope.everything or scope.full_paths):
        raise PermissionDenied("您没有可以导入课程的支部")
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    result = None
    if posted and form.is_valid():
        try:
            result = course_import_parse(form.cleaned_data["file"], user=request.user)
        except ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            if result.ok and request.POST.get("action") == "import":
                try:
                    n_courses, n_elements = course_import_apply(
                        result, by=request.user, note=f"课程导入：{form.cleaned_data['file'].name}"[:300])
                except (ValidationError, PermissionDenied) as exc:
                    messages.error(request, "；".join(getattr(exc, "messages", None) or [str(exc)]))
                else:
                    messages.success(request, f"已导入课程{n_courses}门、课程思政元素{n_elements}个")
                    return redirect("cobuild:index")
    return render(request, "integration/course_import.html", {"form": form, "result": result})
