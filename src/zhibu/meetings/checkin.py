"""Signed check-in links and their QR codes.

The link carries the meeting's id, signed with the project's key and a salt of its own, so that a
link cannot be forged or pointed at another meeting. It has no expiry of its own: whether it may be
used is decided at the moment of use from the meeting's current times (CHECKIN_MARGIN either side),
so that moving a meeting moves its check-in window too.
"""

import datetime as dt

import segno
from django.core import signing
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

SALT = "zhibu.meetings.checkin"
CHECKIN_MARGIN = dt.timedelta(minutes=60)


class BadCheckinLink(Exception):
    """The link is not one zhibu made for this meeting."""


def checkin_window(meeting) -> tuple[dt.datetime, dt.datetime]:
    return meeting.starts_at - CHECKIN_MARGIN, meeting.ends_at + CHECKIN_MARGIN


def _signer() -> signing.Signer:
    # No timestamp inside: the same meeting always has the same link, so a printed QR code keeps working
    # and the window is decided by the meeting's times alone.
    return signing.Signer(salt=SALT)


def checkin_token(meeting) -> str:
    return _signer().sign_object({"m": meeting.pk})


def checkin_path(meeting) -> str:
    return reverse("meetings:checkin", args=[meeting.pk, checkin_token(meeting)])


def read_checkin_token(token: str, *, meeting_id: int) -> None:
    """Raise BadCheckinLink unless `token` was signed by zhibu for meeting `meeting_id`."""
    try:
        payload = _signer().unsign_object(token)
    except signing.BadSignature as exc:
        raise BadCheckinLink("签到链接无效：签名校验失败，可能被篡改") from exc
    if not isinstance(payload, dict) or payload.get("m") != meeting_id:
        raise BadCheckinLink("这是另一场会议的签到码，不能用于本次会议")


def qr_svg(url: str) -> SafeString:
    """An inline SVG QR code of `url`, drawn on the server (no script, no third party)."""
    qr = segno.make(url, error="m", micro=False)
    svg = qr.svg_inline(scale=5, border=2, dark="#111", light="#fff", omitsize=True)
    return mark_safe(svg)  # segno draws modules only; the URL itself is not in the markup
