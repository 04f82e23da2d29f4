import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .forms import TokenForm
from .models import ApiToken
from .services import token_create, token_revoke


@login_required
def profile(request):
    new_key = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            days = form.cleaned_data["expires_in_days"]
            expires = timezone.now() + dt.timedelta(days=days) if days else None
            _, new_key = token_create(user=request.user, name=form.cleaned_data["name"], expires_at=expires)
            form = TokenForm()
    else:
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "core/profile.html", {"form": form, "tokens": tokens, "new_key": new_key})


@login_required
@require_POST
def token_revoke_view(request, token_id: int):
    try:
        token = token_revoke(user=request.user, token_id=token_id)
    except ApiToken.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(request, f"令牌“{token.name}”已撤销")
    return redirect("core:profile")


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
