"""QR check-in: a member opens the signed link on a phone and is marked present."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import services
from .checkin import BadCheckinLink, read_checkin_token
from .models import Meeting


def _refused(request, message: str, meeting: Meeting | None = None, status: int = 403):
    return render(request, "meetings/checkin.html", {"ok": False, "message": message, "meeting": meeting},
                  status=status)


@login_required
def checkin_view(request, meeting_id: int, token: str):
    """Opening the link is the check-in. Membership of the host, not a role, is what counts: the link
    itself is the capability, and only the host's members may use it, only around the meeting's time."""
    try:
        read_checkin_token(token, meeting_id=meeting_id)
    except BadCheckinLink as exc:
        return _refused(request, str(exc))
    meeting = Meeting.all_objects.select_related("org").filter(pk=meeting_id).first()
    if meeting is None:
        return _refused(request, "没有找到这场会议", status=404)
    try:
        attendance, new = services.checkin(meeting=meeting, user=request.user)
    except services.CheckinRefused as exc:
        return _refused(request, exc.messages[0], meeting)
    return render(request, "meetings/checkin.html", {
        "ok": True, "meeting": meeting, "attendance": attendance, "new": new,
    })
