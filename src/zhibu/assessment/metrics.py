"""Per-organisation counts of deeds, pledges and appraisals for the "七个有力" scorer and the dashboard.

Registered in `AssessmentConfig.ready()` through `zhibu.core.metrics`; one aggregate query each over the
subtree, keyed by the owning org: a deed, a pledge or a grade by the member's branch, an appraisal by its
branch.

    assessment.deeds               confirmed deeds dated in the period
    assessment.deed_hours          their hours
    assessment.deed_beneficiaries  their beneficiaries
    assessment.appraisals_held     appraisals whose ballot closed in the period (closed or decided since)
    assessment.badge_pledges       members who pledged 戴党徽、亮身份 for a year the period touches
    assessment.members_excellent   members graded 优秀 in appraisals decided in the period
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse

from zhibu.core import metrics
from zhibu.core.paths import subtree_q
from zhibu.meetings.selectors import local_day_start

from .models import AppraisalResult, BadgePledge, Deed, Grade, MemberAppraisal


def _by(qs, field: str, value) -> dict[int, float]:
    return {r[field]: float(r["n"]) for r in qs.values(field).annotate(n=value).order_by() if r["n"]}


def _between(field: str, start: dt.date, end: dt.date) -> dict:
    return {f"{field}__gte": local_day_start(start), f"{field}__lt": local_day_start(end + dt.timedelta(days=1))}


def _confirmed(under: str, start: dt.date, end: dt.date):
    return Deed.objects.filter(subtree_q("org_path", under), status=Deed.Status.CONFIRMED, date__gte=start,
                               date__lte=end)


def deeds(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return _by(_confirmed(under, start, end), "org_id", Count("id"))


def deed_hours(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return _by(_confirmed(under, start, end), "org_id", Sum("hours"))


def deed_beneficiaries(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    return _by(_confirmed(under, start, end), "org_id", Sum("beneficiaries"))


def appraisals_held(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    qs = MemberAppraisal.objects.filter(subtree_q("org_path", under), status__in=["closed", "decided"],
                                        **_between("closed_at", start, end))
    return _by(qs, "org_id", Count("id"))


def badge_pledges(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    qs = BadgePledge.objects.filter(subtree_q("org_path", under), year__gte=start.year, year__lte=end.year)
    return _by(qs, "org_id", Count("member_id", distinct=True))


def members_excellent(*, under: str, start: dt.date, end: dt.date) -> dict[int, float]:
    qs = AppraisalResult.objects.filter(subtree_q("org_path", under), grade=Grade.EXCELLENT,
                                        **_between("appraisal__decided_at", start, end))
    return _by(qs, "member__org_id", Count("member_id", distinct=True))


def _deeds_url(*, org, start: dt.date, end: dt.date) -> str:
    return reverse("assessment:org_overview", args=[org.code]) + "?" + urlencode({"year": start.year})


def _appraisals_url(*, org, start: dt.date, end: dt.date) -> str:
    return reverse("assessment:appraisal_list", args=[org.code])


def register() -> None:
    for code, label, unit, fn, url in [
        ("assessment.deeds", "党员办实事（已确认）", "件", deeds, _deeds_url),
        ("assessment.deed_hours", "办实事时长", "小时", deed_hours, _deeds_url),
        ("assessment.deed_beneficiaries", "办实事服务人数", "人次", deed_beneficiaries, _deeds_url),
        ("assessment.appraisals_held", "民主评议党员", "次", appraisals_held, _appraisals_url),
        ("assessment.badge_pledges", "戴党徽、亮身份承诺党员", "人", badge_pledges, _deeds_url),
        ("assessment.members_excellent", "评议为优秀的党员", "人", members_excellent, _appraisals_url),
    ]:
        metrics.register(metrics.Metric(code=code, label=label, unit=unit, values=fn, records_url=url))
