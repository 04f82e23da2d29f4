"""`zhibu generate` adds work methods, cases at every stage and adoptions that satisfy the services' rules."""

import io

import pytest
from django.core.management import call_command

from zhibu.methods.formula import name_problems
from zhibu.methods.models import Adoption, Case, CaseStatus, Transition, WorkMethod
from zhibu.methods.selectors import case_library

pytestmark = pytest.mark.django_db

FLOW = ["draft", "submitted", "endorsed", "researched", "reviewed", "published", "promoted"]


def test_generated_methods_cases_and_adoptions_follow_the_rules():
    out = io.StringIO()
    call_command("generate", "--universities", "1", "--branches-per-university", "150", "--members-per-branch", "3",
                 "--seed", "5", stdout=out, stderr=io.StringIO())
    assert "工作法案例" in out.getvalue()
    methods = list(WorkMethod.objects.prefetch_related("pillars__items"))
    assert 5 <= len(methods) <= 30
    for m in methods:
        pillars = list(m.pillars.all())
        assert all(p.count == len(p.items.all()) for p in pillars)
        assert not name_problems(m.name, [(p.count, p.label) for p in pillars])
    cases = list(Case.objects.all())
    assert cases and {c.branch_id for c in cases} <= {m.branch_id for m in methods}
    for c in cases:
        steps = list(Transition.objects.filter(case=c).order_by("at"))
        assert [t.to_status for t in steps] == FLOW[1:FLOW.index(c.status) + 1], "the timeline leads to the status"
        assert (c.submitted_at is not None) == bool(steps)
    public = {c.pk for c in cases if c.status in (CaseStatus.PUBLISHED, CaseStatus.PROMOTED)}
    assert {c.pk for c in case_library()} == public, "the library shows exactly the published cases"
    for a in Adoption.objects.select_related("case", "via"):
        assert a.case_id in public and a.branch_id != a.case.branch_id
        assert a.org_path[:27] == a.case.org_path[:27]
        if a.via is not None:
            assert a.via.case_id == a.case_id and a.via.adopted_on <= a.adopted_on
