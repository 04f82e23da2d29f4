"""`zhibu generate` adds June campaigns whose rows follow the services' rules."""

import io

import pytest
from django.core.management import call_command

from zhibu.gradmail.models import Campaign, Parcel, Registration, Shift, Signup

pytestmark = pytest.mark.django_db


def test_generated_campaigns_follow_the_rules():
    out = io.StringIO()
    call_command("generate", "--universities", "1", "--branches-per-university", "12", "--members-per-branch", "10",
                 "--seed", "5", stdout=out, stderr=io.StringIO())
    assert "毕业寄工作" in out.getvalue()
    assert Campaign.objects.exists() and Shift.objects.exists() and Signup.objects.exists()
    for c in Campaign.objects.all():
        c.full_clean()
    for s in Shift.objects.prefetch_related("signups"):
        assert len(s.signups.all()) <= s.capacity
        assert s.campaign.starts_on <= s.date <= s.campaign.ends_on
    for signup in Signup.objects.select_related("member"):
        assert signup.member.org_path == signup.org_path and signup.name == signup.member.name
    for r in Registration.objects.select_related("shift", "graduate"):
        r.full_clean()
        assert r.org_path == r.graduate.org_path and r.org_path.startswith(r.campaign.org_path)
        if r.shift_id:
            assert r.shift.building == r.building and r.preferred_from <= r.shift.date <= r.preferred_to
        else:
            assert r.unassigned_reason
    for s in Shift.objects.all():
        assert s.registrations.count() <= s.quota
    for p in Parcel.objects.all():
        p.full_clean()
