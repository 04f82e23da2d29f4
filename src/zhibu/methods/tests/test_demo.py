"""The demo's case tells a history that could have happened: evidence before submission, steps in order."""

import io

import pytest
from django.core.management import call_command

from zhibu.core import evidence
from zhibu.meetings.models import Meeting
from zhibu.methods.models import Case, CaseStatus

pytestmark = pytest.mark.django_db(transaction=False)


def test_the_demo_case_is_promoted_with_evidence_older_than_its_submission():
    call_command("demo", "--no-serve", stdout=io.StringIO())
    case = Case.objects.get(branch__code="U1-WL-JG")
    assert case.status == CaseStatus.PROMOTED
    steps = list(case.transitions.order_by("at").values_list("action", "at"))
    assert [a for a, _ in steps][:3] == ["submit", "endorse", "research"]
    submitted = steps[0][1].date()
    records = []
    for kind in set(case.evidence.values_list("kind", flat=True)):
        ids = list(case.evidence.filter(kind=kind).values_list("record_id", flat=True))
        records += evidence.source(kind).records(case.org_path, ids=ids, limit=len(ids))
    research = [r for r in records if r.kind == "meeting" and Meeting.objects.get(pk=r.id).research]
    assert len(research) == 1 and research[0].date.isoformat() == "2022-07-14"
    others = [r for r in records if r not in research]
    assert len(others) >= 3 and len({r.kind for r in others}) >= 2, "several kinds of the branch's records"
    assert all(r.date < submitted for r in others), "no evidence postdates the submission"
