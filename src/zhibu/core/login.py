"""Login with a lock-out: five failed attempts for a user name (or from an address) within
fifteen minutes lock further attempts for the rest of that window."""

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils import timezone

from .models import FailedLogin

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)


def client_ip(request) -> str:
    """The client's address; behind a trusted proxy, the address the proxy saw (the last X-Forwarded-For hop)."""
    if settings.ZHIBU_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or ""


def is_locked(username: str, ip: str) -> bool:
    since = timezone.now() - WINDOW
    recent = FailedLogin.objects.filter(at__gte=since)
    return (
        recent.filter(username=username.strip().lower()).count() >= MAX_FAILURES
        or (ip and recent.filter(ip=ip).count() >= MAX_FAILURES * 4)
    )


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确，请重新输入。",
        "inactive": "该账号已停用。",
        "locked": "登录失败次数过多，请15分钟后再试。",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request) if self.request else ""
        if is_locked(username, ip):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            return super().clean()
        except forms.ValidationError:
            FailedLogin.objects.create(username=username.strip().lower()[:150], ip=ip or None)
            raise


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True


def purge_old_failures() -> int:
    return FailedLogin.objects.filter(~Q(at__gte=timezone.now() - WINDOW)).delete()[0]
