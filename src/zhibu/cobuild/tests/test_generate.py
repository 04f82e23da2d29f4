"""`zhibu generate` adds co-building, integration and course records that satisfy the services' rules."""

import io

import pytest
from django.core.management import call_command

from zhibu.cobuild.creditcode import credit_code_problem
from zhibu.cobuild.models import Activity, BranchMajor, ExternalUnit, Major, Outcome, Partnership
from zhibu.integration.models import Course, CourseElement, StageRecord, StudentActivity, WorkItem
from zhibu.integration.selectors import item_status
from zhibu.orgs.models import Org

pytestmark = pytest.mark.django_db


def _generate(seed: int = 3) -> str:
    out = io.StringIO()
    call_command("generate", "--universities", "1", "--branches-per-university", "12", "--members-per-branch", "15",
                 "--seed", str(seed), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_generated_records_follow_the_rules():
    summary = _generate()
    assert "共建" in summary and "课程思政元素" in summary
    assert Major.objects.exists() and BranchMajor.objects.exists() and Partnership.objects.exists()
    for p in Partnership.objects.select_related("org", "partner_org", "major", "external_unit"):
        p.full_clean()
        assert p.org.category == Org.Category.FACULTY
        if p.kind == "faculty_student":
            assert p.partner_org.category == Org.Category.STUDENT and p.partner_path == p.partner_org.path
        if p.kind == "branch_major":
            assert p.org.path.startswith(p.major.org_path)
    for unit in ExternalUnit.objects.all():
        assert credit_code_problem(unit.credit_code) is None
        unit.full_clean()
    for o in Outcome.objects.select_related("partnership"):
        assert o.partnership.starts_on <= o.occurred_on
        assert o.org_path == o.partnership.org_path
    for a in Activity.objects.select_related("meeting", "partnership"):
        assert a.meeting.kind == "cobuild_activity" and a.meeting.org_id == a.partnership.org_id
    for item in WorkItem.objects.prefetch_related("stages"):
        records = sorted(item.stages.all(), key=lambda r: ["research", "deploy", "implement", "assess"].index(r.stage))
        assert [r.stage for r in records] == ["research", "deploy", "implement", "assess"][: len(records)]
        assert [r.occurred_on for r in records] == sorted(r.occurred_on for r in records)
        item_status(item)
    assert StageRecord.objects.exists() and StudentActivity.objects.exists()
    for c in Course.objects.prefetch_related("teachers", "elements"):
        names = {t.name for t in c.teachers.all()}
        assert names and all(e.author in names for e in c.elements.all())
        assert c.org.path.startswith(c.major.org_path)
    assert CourseElement.objects.exists()


def test_two_runs_add_up():
    _generate(3)
    _generate(4)
    assert ExternalUnit.objects.values("credit_code").distinct().count() == ExternalUnit.objects.count()
