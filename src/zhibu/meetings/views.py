"""Meeting pages: the list, the record form, the meeting page, delete and restore. Thin: a form, one
selector or service call, render. Row partials for htmx are in views_rows, files in views_files,
check-in in views_checkin, the calendar in views_calendar."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhibu.core.audit import history_for
from zhibu.orgs import selectors as org_selectors

from . import selectors, services
from .checkin import checkin_path, checkin_window, qr_svg
from .forms import (
    AttendanceLine,
    DeleteForm,
    MeetingFilterForm,
    MeetingForm,
    agenda_from_post,
    attendance_from_post,
    attendance_lines_for,
    guests_from_post,
)
from .models import Attendance, MeetingKind

PAGE_SIZE = 30
ROW_KEYS = ("agenda", "guests", "attendance", "files")


def _require_manage(user, path: str) -> None:
    if not org_selectors.can_manage(user, path):
        raise PermissionDenied("您在该组织只有查看权限")


def scope_label(user) -> str:
    """Which scope the user acts in, for the page header."""
    roles = list(org_selectors.user_roles(user)[:4])
    if getattr(user, "is_superuser", False):
        return "全部组织"
    names = list(dict.fromkeys(r.org.display_name for r in roles))
    return "、".join(names[:3]) + ("等" if len(names) > 3 else "")


@login_required
def meeting_list(request):
    form = MeetingFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    org = org_selectors.org_get_for_user(user=request.user, code=data["org"]) if data.get("org") else None
    qs = selectors.meeting_list_for_user(
        user=request.user, org=org, kind=data.get("kind"), date_from=data.get("date_from"),
        date_to=data.get("date_to"), q=data.get("q"),
    )
    scope = org_selectors.scope_for_user(request.user)
    return render(request, "meetings/meeting_list.html", {
        "form": form, "org": org, "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_record": scope.everything or bool(scope.full_paths), "scope_label": scope_label(request.user),
    })


@login_required
def meeting_detail(request, meeting_id: int):
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id, include_deleted=True,
                                             detail=True)
    can_manage = org_selectors.can_manage(request.user, meeting.org_path)
    context = {
        "meeting": meeting,
        "ancestors": org_selectors.org_ancestors(org=meeting.org, user=request.user) + [meeting.org],
        "counts": selectors.attendance_summary(meeting),
        "can_manage": can_manage,
        "history": history_for(meeting)[:50],
        "now": timezone.now(),
    }
    if can_manage and not meeting.is_deleted:
        url = request.build_absolute_uri(checkin_path(meeting))
        opens, closes = checkin_window(meeting)
        context.update(checkin_url=url, checkin_qr=qr_svg(url), checkin_opens=opens, checkin_closes=closes,
                       checkin_open=opens <= timezone.now() <= closes)
    return render(request, "meetings/meeting_detail.html", context)


# --- the record form -------------------------------------------------------------------------------


def _row_marks(exc: ValidationError) -> dict[str, set[int]]:
    marks: dict[str, set[int]] = {}
    for key, errors in getattr(exc, "error_dict", {}).items():
        for e in errors:
            row = (e.params or {}).get("row")
            if row:
                marks.setdefault(key, set()).add(row)
    return marks


def _apply_errors(form, exc: ValidationError, row_errors: dict[str, list[str]]) -> None:
    """A service's errors: fields next to their fields, rows above their section, the rest on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, msgs in exc.message_dict.items():
        if key in ROW_KEYS or key == "file":
            row_errors.setdefault("files" if key == "file" else key, []).extend(msgs)
        elif key in form.fields:
            form.add_error(key, msgs)
        else:
            form.add_error(None, msgs)


def _rows_context(agenda, guests, attendance: list[AttendanceLine], marks: dict[str, set[int]]) -> dict:
    agenda_rows = [{"title": a.title, "presenter": a.presenter, "summary": a.summary,
                    "error": i in marks.get("agenda", ())} for i, a in enumerate(agenda, start=1)]
    guest_rows = [{"name": g.name, "unit": g.unit, "title": g.title, "chair": g.chair,
                   "error": i in marks.get("guests", ())} for i, g in enumerate(guests, start=1)]
    for i, line in enumerate(attendance, start=1):
        line.error = i in marks.get("attendance", ())
    return {"agenda_rows": agenda_rows, "guest_rows": guest_rows, "attendance_rows": attendance}


def _render_form(request, form, *, meeting=None, rows: dict, row_errors=None, status: int = 200):
    return render(request, "meetings/meeting_form.html", {
        "form": form, "meeting": meeting, "host": form.host, "row_errors": row_errors or {},
        "statuses": Attendance.Status.choices, "title": f"编辑 {meeting.title}" if meeting else "登记组织生活",
        "member_choices": list(form.fields["chair"].queryset) if form.host else [],
        **rows,
    }, status=status)


def _save(request, form, *, meeting=None):
    """Run the service (and attachments) in one transaction; returns (meeting, None) or (None, context)."""
    agenda, guests = agenda_from_post(request.POST), guests_from_post(request.POST)
    attendance, lines = attendance_from_post(request.POST)
    row_errors: dict[str, list[str]] = {}
    marks: dict[str, set[int]] = {}
    if form.is_valid():
        try:
            with transaction.atomic():
                kwargs = form.service_kwargs()
                if meeting is None:
                    saved = services.meeting_create(by=request.user, org=form.cleaned_data["org"], agenda=agenda,
                                                    guests=guests, attendance=attendance, **kwargs)
                else:
                    saved = services.meeting_update(by=request.user, meeting=meeting, agenda=agenda, guests=guests,
                                                    attendance=attendance, **kwargs)
                for upload in request.FILES.getlist("files"):
                    services.attachment_add(by=request.user, meeting=saved, upload=upload)
        except ValidationError as exc:
            _apply_errors(form, exc, row_errors)
            marks = _row_marks(exc)
        else:
            return saved, None
    if request.FILES.getlist("files"):
        row_errors.setdefault("files", []).append("未保存，请重新选择要上传的附件")
    return None, {"rows": _rows_context(agenda, guests, lines, marks), "row_errors": row_errors}


def _initial_times() -> tuple[dt.datetime, dt.datetime]:
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time(14, 30)), tz)
    return start, start + dt.timedelta(hours=2)


@login_required
def meeting_create_view(request):
    hosts = selectors.host_choices_for_user(user=request.user)
    if not hosts.exists():
        raise PermissionDenied("您没有可以登记组织生活的组织")
    if request.method == "POST":
        form = MeetingForm(request.POST, user=request.user)
        meeting, failed = _save(request, form)
        if meeting is not None:
            messages.success(request, f"已登记“{meeting.title}”")
            return redirect(meeting)
        return _render_form(request, form, **failed)
    if request.GET.get("org"):
        host = org_selectors.org_get_for_user(user=request.user, code=request.GET["org"])
        _require_manage(request.user, host.path)
    else:
        host = hosts.first()
    kind = request.GET.get("kind") if request.GET.get("kind") in MeetingKind.values else MeetingKind.THEME_DAY
    starts, ends = _initial_times()
    form = MeetingForm(user=request.user, host=host, initial={
        "org": host.code if host else None, "kind": kind, "starts_at": starts, "ends_at": ends,
    })
    attendees = selectors.default_attendees(org=host, kind=kind) if host else []
    rows = _rows_context([services.AgendaRow(title="")], [], [AttendanceLine(member_id=m.pk, name=m.name)
                                                             for m in attendees], {})
    return _render_form(request, form, rows=rows)


@login_required
def meeting_edit(request, meeting_id: int):
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id, detail=True)
    _require_manage(request.user, meeting.org_path)
    if request.method == "POST":
        form = MeetingForm(request.POST, user=request.user, meeting=meeting, host=meeting.org,
                           initial={"org": meeting.org.code})
        saved, failed = _save(request, form, meeting=meeting)
        if saved is not None:
            messages.success(request, "已保存")
            return redirect(saved)
        return _render_form(request, form, meeting=meeting, **failed)
    form = MeetingForm(user=request.user, meeting=meeting, host=meeting.org, initial={
        "org": meeting.org.code, "kind": meeting.kind, "title": meeting.title, "topic": meeting.topic,
        "starts_at": timezone.localtime(meeting.starts_at), "ends_at": timezone.localtime(meeting.ends_at),
        "place": meeting.place, "research": meeting.research, "co_hosts": [o.code for o in meeting.co_hosts.all()],
        "chair": meeting.chair_id, "recorder": meeting.recorder_id, "minutes": meeting.minutes,
        "resolutions": meeting.resolutions,
    })
    guests = [services.GuestRow(name=g.name, unit=g.unit, title=g.title, chair=g.pk == meeting.chair_guest_id)
              for g in meeting.guests.all()]
    agenda = [services.AgendaRow(title=a.title, presenter=a.presenter, summary=a.summary) for a in meeting.agenda.all()]
    rows = _rows_context(agenda, guests, attendance_lines_for(meeting), {})
    return _render_form(request, form, meeting=meeting, rows=rows)


# --- delete, restore, trash ------------------------------------------------------------------------


@login_required
def meeting_delete_view(request, meeting_id: int):
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id)
    _require_manage(request.user, meeting.org_path)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.meeting_delete(by=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
        messages.success(request, f"已删除“{meeting.title}”（可在回收站恢复）")
        return redirect("meetings:meeting_list")
    return render(request, "meetings/meeting_delete.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def meeting_restore_view(request, meeting_id: int):
    meeting = selectors.meeting_get_for_user(user=request.user, meeting_id=meeting_id, include_deleted=True)
    _require_manage(request.user, meeting.org_path)
    try:
        services.meeting_restore(by=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        messages.success(request, f"已恢复“{meeting.title}”")
    return redirect(meeting)


@login_required
def meeting_trash(request):
    qs = selectors.meeting_deleted_for_user(user=request.user)
    return render(request, "meetings/meeting_trash.html", {
        "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
    })

