"""Template helpers shared by every app: Chinese dates, masking, pagination links."""

import datetime as dt

from django import template
from django.utils import timezone

from zhibu.core.personal import mask_id_number, mask_phone

register = template.Library()


@register.filter
def cndate(value) -> str:
    """2022年7月14日."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def masked_id(value) -> str:
    return mask_id_number(value or "")


@register.filter
def masked_phone(value) -> str:
    return mask_phone(value or "")


@register.simple_tag(takes_context=True)
def page_url(context, page_number) -> str:
    """The current URL with `page` replaced, keeping the filters."""
    params = context["request"].GET.copy()
    params["page"] = page_number
    return "?" + params.urlencode()



@register.filter
def who(user) -> str:
    """A person's name for history and bylines; actions without a user were done by the system."""
    if user is None:
        return "系统"
    return user.get_full_name() or user.username
