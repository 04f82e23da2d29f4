"""`zhibu generate` gives universities a 样板支部 standard and branches plans that follow the services' rules;
last year's reviews hold the score the records give."""

import io

import pytest
from django.core.management import call_command

from zhibu.orgs.models import Org
from zhibu.strengths import selectors
from zhibu.strengths.models import Adjustment, BenchmarkStandard, Goal, Plan, PlanCategory

pytestmark = pytest.mark.django_db


def test_generated_plans_standards_and_reviews():
    out = io.StringIO()
    call_command("generate", "--universities", "1", "--branches-per-university", "12", "--members-per-branch", "8",
                 "--seed", "3", stdout=out, stderr=io.StringIO())
    assert "年度计划" in out.getvalue()
    university = Org.objects.get(kind="committee", parent__code="M-JYGW")
    standard = BenchmarkStandard.objects.get(org=university)
    assert standard.thresholds.count() == 5
    plans = list(Plan.objects.select_related("org"))
    assert plans and all(p.org.kind == Org.Kind.BRANCH and p.org_path == p.org.path for p in plans)
    for goal in Goal.objects.all():
        assert goal.category in PlanCategory.values
        assert (goal.indicator_id is None) == (goal.target_value is None)
    this_year = max(p.year for p in plans)
    reviewed = [p for p in plans if p.year == this_year - 1]
    assert reviewed and all(p.reviewed_at and p.review_note for p in reviewed)
    # The review keeps the score of its day; meetings come before strengths in `generate`, so theirs still hold.
    meetings = ("party_lectures", "theme_days", "general_meetings")
    first = max(reviewed, key=lambda p: sum(p.review_scores["indicators"][c]["value"] or 0 for c in meetings))
    score = selectors.branch_score(org=first.org, year=first.year)
    now = {i.code: i.value for i in score.indicators}
    assert set(first.review_scores["indicators"]) == set(now)
    for code in meetings:
        assert first.review_scores["indicators"][code]["value"] == now[code]
    assert sum(first.review_scores["indicators"][c]["value"] or 0 for c in meetings) > 0
    assert 0 < first.review_total <= 100
    assert not any(p.reviewed_at for p in plans if p.year == this_year)
    assert all(a.reason and a.evidence_title for a in Adjustment.objects.all())
