"""The inbox: notices from every app about what awaits the user."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .notifications import notification_list_for_user, notification_mark_read, unread_count


@login_required
def inbox(request):
    page = Paginator(notification_list_for_user(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page": page})


def inbox_badge(request):
    """The nav's unread count, fetched by htmx after the page so that no page pays a query for it."""
    count = unread_count(user=request.user) if request.user.is_authenticated else 0
    return render(request, "core/_inbox_badge.html", {"count": count})


@login_required
@require_POST
def inbox_read(request):
    """Mark one notice read and follow its link, or mark all read."""
    raw = request.POST.get("id")
    notice_id = int(raw) if raw and raw.isdigit() else None
    notification_mark_read(user=request.user, notification_id=notice_id)
    target = request.POST.get("next", "")
    if notice_id and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("core:inbox")
