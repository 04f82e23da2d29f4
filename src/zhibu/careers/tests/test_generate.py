"""`zhibu generate` adds employers, visits, posts and graduates that satisfy the services' rules."""

import io

import pytest
from django.core.management import call_command

from zhibu.careers.models import Employer, EnterpriseVisit, Graduate, JobPost, VisitTarget, VisitVisitor
from zhibu.core.personal import phone_problem

pytestmark = pytest.mark.django_db


def test_generated_careers_records_follow_the_rules():
    out = io.StringIO()
    call_command("generate", "--universities", "1", "--branches-per-university", "12", "--members-per-branch", "12",
                 "--seed", "5", stdout=out, stderr=io.StringIO())
    assert "毕业生" in out.getvalue() and "访企拓岗走访" in out.getvalue()
    assert VisitTarget.objects.filter(employers=100).count() == 1
    assert Employer.objects.exists() and EnterpriseVisit.objects.exists() and JobPost.objects.exists()
    for v in EnterpriseVisit.objects.select_related("org"):
        assert v.org.category == "faculty" and v.org_path == v.org.path
    for link in VisitVisitor.objects.select_related("visit", "member"):
        assert link.member.org_path == link.visit.org_path
    for j in JobPost.objects.select_related("employer", "org"):
        assert j.org.path.startswith(j.share_path) and j.org_path == j.org.path
        assert j.salary_max >= j.salary_min and j.headcount >= 1
    graduates = list(Graduate.objects.select_related("org", "helper"))
    assert len(graduates) >= 20
    assert len({g.student_number for g in graduates}) == len(graduates)
    seeking = [g for g in graduates if g.status == "seeking"]
    assert 0 < len(seeking) < len(graduates) / 2
    for g in graduates:
        g.full_clean(exclude=["preferred_industries"])
        assert phone_problem(g.phone) is None and g.org_path == g.org.path
        if g.helper_id:
            assert g.status == "seeking" and g.helper.org_path[:27] == g.org_path[:27]
        if g.is_placed:
            assert g.placed_on is not None
