"""Template helpers of the methods pages: a case's status badge and its progress steps."""

from django import template
from django.utils import timezone

from ..models import CaseStatus

register = template.Library()


@register.inclusion_tag("methods/_status.html")
def case_status(case) -> dict:
    return {"status": case.status, "label": case.get_status_display()}


@register.inclusion_tag("methods/_steps.html")
def case_steps(case) -> dict:
    return {"case": case, "status_choices": CaseStatus.choices, "status_index": CaseStatus.values.index(case.status)}


@register.filter
def numerals(method) -> str:
    """The method's name as shown in lists: “一三三”."""
    return f"“{method.name}”"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def cnday(value) -> str:
    """2022年9月1日， without the time."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日"
