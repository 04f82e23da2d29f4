"""Roster Excel pages: template download, import (upload → preview → confirm) and export."""

import re
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from . import roster, selectors
from .forms import MemberFilterForm
from .models import Org

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# How many rows without errors the preview shows; rows with errors are all shown up to ERROR_ROWS_SHOWN.
PREVIEW_ROWS = 100
ERROR_ROWS_SHOWN = 1000
CODES_LISTED = 3000


class RosterUploadForm(forms.Form):
    file = forms.FileField(label="名册文件（.xlsx）", error_messages={"required": "请选择要上传的名册文件", "empty": "文件是空的"})


def _xlsx_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX_TYPE)
    ascii_name = "roster-" + timezone.localdate().strftime("%Y%m%d") + ".xlsx"
    filename = re.sub(r'[\\/:*?"<>|\s]+', "_", filename)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
    )
    response["Cache-Control"] = "no-store"
    return response


def _require_importer(user) -> None:
    scope = selectors.scope_for_user(user)
    if not (scope.everything or scope.full_paths):
        raise PermissionDenied("您没有可以导入党员的支部")


def _writable(user, kinds) -> list[Org]:
    scope = selectors.scope_for_user(user)
    return list(Org.objects.filter(scope.full_q("path"), kind__in=kinds).order_by("path")[:CODES_LISTED])


@login_required
def roster_template(request):
    branches = _writable(request.user, [Org.Kind.BRANCH, Org.Kind.GENERAL_BRANCH])
    groups = _writable(request.user, [Org.Kind.GROUP]) if branches else []
    body = roster.roster_template_workbook(branches=branches, groups=groups)
    return _xlsx_response(body, "党员名册导入模板.xlsx")


@login_required
def roster_import(request):
    _require_importer(request.user)
    posted = request.method == "POST"
    form = RosterUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = roster.roster_check_file(upload)
        except roster.RosterFileError as exc:
            form.add_error("file", exc.message)
        else:
            token = roster.upload_save(data, user_id=request.user.pk, filename=upload.name)
            return redirect("orgs:roster_preview", token=token)
    return render(request, "orgs/roster_import.html", {
        "form": form, "max_mb": settings.ZHIBU_IMPORT_MAX_BYTES // (1024 * 1024),
        "columns": roster.COLUMNS,
    })


@login_required
def roster_preview(request, token: str):
    _require_importer(request.user)
    stored = roster.upload_open(token, user_id=request.user.pk)
    if stored is None:
        raise Http404("没有找到该上传文件，或它已过期")
    path, meta = stored
    try:
        result = roster.roster_parse(path, user=request.user)
    except roster.RosterFileError as exc:
        roster.upload_discard(token)
        messages.error(request, exc.message)
        return redirect("orgs:roster_import")

    if request.method == "POST" and result.ok:
        try:
            count = roster.roster_import(result, by=request.user, note=f"名册导入：{meta.get('filename', '')}")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, ";".join(getattr(exc, "messages", None) or [str(exc)]))
        else:
            roster.upload_discard(token)
            messages.success(request, f"已导入{count}名党员")
            return redirect("orgs:member_list")

    shown, error_rows = [], 0
    for i, row in enumerate(result.rows):
        if row.has_errors:
            error_rows += 1
            if error_rows <= ERROR_ROWS_SHOWN:
                shown.append(row)
        elif i < PREVIEW_ROWS:
            shown.append(row)
    return render(request, "orgs/roster_preview.html", {
        "result": result, "meta": meta, "token": token, "shown": shown, "columns": roster.COLUMNS,
        "preview_limit": PREVIEW_ROWS, "error_rows_cut": error_rows > ERROR_ROWS_SHOWN,
    })


@login_required
def roster_export(request):
    scope = selectors.scope_for_user(request.user)
    if scope.is_empty:
        raise PermissionDenied("您没有可以查看的党员")
    form = MemberFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    org = selectors.org_get_for_user(user=request.user, code=data["org"]) if data.get("org") else None
    members = selectors.member_list_for_user(
        user=request.user, org=org, status=data.get("status"), occupation=data.get("occupation"), q=data.get("q"),
    )
    if org is not None:
        show_personal = selectors.can_see_personal(request.user, org.path)
        title = org.name
    else:
        show_personal = scope.everything or all(scope.grants_full(p) for p in scope.paths)
        roots = list(Org.objects.filter(path__in=scope.paths)[:2]) if not scope.everything else []
        org = roots[0] if len(roots) == 1 else None
        title = org.name if org else "全部"
    body = roster.roster_export_workbook(members, show_personal=show_personal, title=title)
    short = org.display_name if org else "全部"
    return _xlsx_response(body, f"党员名册-{short}-{timezone.localdate():%Y%m%d}.xlsx")
