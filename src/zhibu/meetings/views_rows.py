"""htmx partials of the record form: one more agenda, guest or attendance row, and the parts that depend
on the host (chair, recorder, attendance list) when the host or the kind changes."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from zhibu.orgs import selectors as org_selectors

from . import selectors
from .forms import AttendanceLine, MeetingForm
from .models import Attendance, MeetingKind
from .views import _require_manage


@login_required
def agenda_row(request):
    return render(request, "meetings/_agenda_row.html", {"row": {}})


@login_required
def guest_row(request):
    return render(request, "meetings/_guest_row.html", {"row": {}})


@login_required
def attendance_row(request):
    try:
        member_id = int(request.GET.get("add_member", ""))
    except ValueError:
        return HttpResponse("")
    member = org_selectors.member_get_for_user(user=request.user, member_id=member_id)
    return render(request, "meetings/_attendance_row.html", {
        "line": AttendanceLine(member_id=member.pk, name=member.name), "statuses": Attendance.Status.choices,
    })


@login_required
def host_fields(request):
    host = org_selectors.org_get_for_user(user=request.user, code=request.GET.get("org", ""))
    _require_manage(request.user, host.path)
    kind = request.GET.get("kind") if request.GET.get("kind") in MeetingKind.values else MeetingKind.THEME_DAY
    form = MeetingForm(user=request.user, host=host, initial={"org": host.code, "kind": kind})
    lines = [AttendanceLine(member_id=m.pk, name=m.name) for m in selectors.default_attendees(org=host, kind=kind)]
    return render(request, "meetings/_host_fields.html", {
        "form": form, "host": host, "attendance_rows": lines, "statuses": Attendance.Status.choices,
        "member_choices": list(form.fields["chair"].queryset), "row_errors": {},
    })
