"""`zhibu generate` adds deeds, pledges and decided appraisals that satisfy the services' rules."""

import io

import pytest
from django.core.management import call_command

from zhibu.assessment import points
from zhibu.assessment.models import (
    AppraisalResult,
    AppraisalTally,
    AppraisalVoter,
    BadgePledge,
    Deed,
    MemberAppraisal,
)
from zhibu.orgs.models import Member, Org

pytestmark = pytest.mark.django_db


def test_generated_records_follow_the_rules():
    out = io.StringIO()
    call_command("generate", "--universities", "1", "--branches-per-university", "8", "--members-per-branch", "12",
                 "--seed", "5", stdout=out, stderr=io.StringIO())
    assert "党员实事" in out.getvalue()
    assert Deed.objects.exists() and BadgePledge.objects.exists() and MemberAppraisal.objects.exists()
    for d in Deed.objects.select_related("member"):
        assert d.org_id == d.member.org_id and d.org_path == d.member.org_path
        assert (d.status == "confirmed") == bool(d.confirmed_via)
    for a in MemberAppraisal.objects.all():
        full = set(Member.objects.filter(org=a.org, status="full").values_list("id", flat=True))
        assert set(AppraisalTally.objects.filter(appraisal=a).values_list("candidate_id", flat=True)) == full
        assert set(AppraisalVoter.objects.filter(appraisal=a).values_list("member_id", flat=True)) <= full
        results = AppraisalResult.objects.filter(appraisal=a)
        assert results.filter(grade="excellent").count() <= a.max_excellent(len(full))
    university = Org.objects.get(kind="committee", parent__code="M-JYGW")
    rows = points.points_totals(under=university.path, year=Deed.objects.first().date.year)
    assert rows and all(r.total >= 0 for r in rows)
