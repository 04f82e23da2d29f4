"""The scorer on a hand-computed branch, roll-up of groups, adjustments and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.orgs.factories import OrgFactory
from zhibu.orgs.models import Org
from zhibu.strengths import selectors, services
from zhibu.strengths.models import STRENGTH_CODES, Indicator

from .conftest import EXPECTED, faculty_counts

YEAR = 2022


def test_default_indicators_cover_the_seven_strengths_and_weigh_100(db):
    rows = list(Indicator.objects.filter(enabled=True))
    assert {i.strength for i in rows} == set(STRENGTH_CODES)
    assert sum(i.weight for i in rows) == 100
    assert all(i.citation for i in rows)


def test_each_indicator_of_a_hand_computed_branch(cast, fake_metrics):
    fake_metrics(faculty_counts(cast))
    score = selectors.branch_score(org=cast.branch, year=YEAR)
    got = {i.code: (i.value, i.score) for i in score.indicators}
    assert got == EXPECTED
    assert score.by_strength == {
        "educate_members": 76.0, "manage_members": 81.4, "supervise_members": 64.3, "organise_people": 51.8,
        "publicise_to_people": 67.9, "unite_people": 67.9, "serve_people": 56.1,
    }
    assert score.total == 66.7
    lecture = next(i for i in score.indicators if i.code == "lecture_attendance")
    assert (lecture.numerator, lecture.denominator, lecture.target, lecture.weight) == (27, 36, 90, 5)
    assert "支部工作条例" in next(i for i in score.indicators if i.code == "org_life_meeting").citation


def test_a_rate_without_denominator_has_no_value(cast, fake_metrics):
    fake_metrics({"careers.graduates_placed": {cast.branch: 3}})
    score = selectors.branch_score(org=cast.branch, year=YEAR)
    rate = next(i for i in score.indicators if i.code == "destination_rate")
    assert rate.value is None and rate.score == 0


def test_scope_scores_every_branch_with_its_groups_rolled_up(cast, fake_metrics):
    fake_metrics(faculty_counts(cast))
    scores = selectors.scores_for_scope(org=cast.university, year=YEAR)
    assert [s.org.code for s in scores] == ["U1-WL-JG", "U1-WL-XS", "U1-JG-GS"]  # tree order
    by = {s.org.code: s for s in scores}
    jobs = {s.org.code: next(i for i in s.indicators if i.code == "jobs_opened").value for s in scores}
    assert jobs == {"U1-JG-GS": 0, "U1-WL-JG": 0, "U1-WL-XS": 30}
    assert by["U1-WL-JG"].total == 66.7
    school = selectors.branch_score(org=cast.school, year=YEAR)
    assert school.branch_count == 2
    assert school.total == round((by["U1-WL-JG"].total + by["U1-WL-XS"].total) / 2, 1)


def test_query_count_does_not_grow_with_branches(cast, fake_metrics, django_assert_max_num_queries):
    calls = fake_metrics(faculty_counts(cast))
    with CaptureQueriesContext(connection) as small:
        selectors.scores_for_scope(org=cast.university, year=YEAR)
    for n in range(12):
        b = OrgFactory(name=f"新支部{n}", code=f"U1-WL-N{n}", parent=cast.school)
        OrgFactory(name="小组", code=f"U1-WL-N{n}-1", kind=Org.Kind.GROUP, parent=b)
    calls.clear()
    with CaptureQueriesContext(connection) as big:
        scores = selectors.scores_for_scope(org=cast.university, year=YEAR)
    assert len(scores) == 15
    assert len(big.captured_queries) == len(small.captured_queries) <= 4
    assert max(calls.values()) == 1  # one call per metric code for the whole subtree


def test_adjustment_moves_the_indicator_within_0_100(cast, fake_metrics):
    fake_metrics(faculty_counts(cast))
    appraisal = Indicator.objects.get(code="appraisal")
    theme = Indicator.objects.get(code="theme_days")
    services.adjustment_add(by=cast.reviewer, branch=cast.branch, year=YEAR, indicator=appraisal, points=40,
                            reason="评议会议记录遗漏，已核实纸质记录", evidence_title="2022年民主评议党员纸质记录")
    services.adjustment_add(by=cast.organiser, branch=cast.branch, year=YEAR, indicator=theme, points=80,
                            reason="主题党日与共建活动合并开展", evidence_title="共建活动记录")
    score = selectors.branch_score(org=cast.branch, year=YEAR)
    got = {i.code: (i.raw_score, i.adjustment, i.score) for i in score.indicators}
    assert got["appraisal"] == (0, 40, 40)
    assert got["theme_days"] == (50, 80, 100)
    assert len(score.adjustments) == 2
    # another year is untouched
    assert selectors.branch_score(org=cast.branch, year=YEAR + 1).adjustments == []


@pytest.mark.parametrize("who", ["secretary", "member_user", "sibling_secretary"])
def test_only_reviewers_and_admins_above_may_adjust(cast, who):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.adjustment_add(by=getattr(cast, who), branch=cast.branch, year=YEAR,
                                indicator=Indicator.objects.get(code="appraisal"), points=5, reason="理由充分写明",
                                evidence_title="材料")


def test_adjustment_needs_reason_and_evidence(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.adjustment_add(by=cast.reviewer, branch=cast.branch, year=YEAR,
                                indicator=Indicator.objects.get(code="appraisal"), points=0, reason="", evidence_title="")
    assert set(exc.value.message_dict) == {"points", "reason", "evidence"}
    assert "佐证" in exc.value.message_dict["evidence"][0]


def test_adjustment_is_audited(cast):
    from zhibu.core.audit import history_for

    a = services.adjustment_add(by=cast.reviewer, branch=cast.branch, year=YEAR,
                                indicator=Indicator.objects.get(code="appraisal"), points=-5,
                                reason="民主评议流于形式", evidence_title="督导检查通报")
    entry = history_for(a).get()
    assert entry.actor == cast.reviewer and entry.changes["reason"] == [None, "民主评议流于形式"]


def test_adjustment_evidence_must_be_the_branchs_own_record(cast):
    from django.core.exceptions import ValidationError

    from zhibu.meetings.factories import at, make_meeting
    from zhibu.meetings.models import MeetingKind

    own = make_meeting(org=cast.branch, kind=MeetingKind.APPRAISAL, title="民主评议党员大会", starts_at=at("2022-12-20"))
    other = make_meeting(org=cast.sibling, kind=MeetingKind.APPRAISAL, title="学生支部评议", starts_at=at("2022-12-20"))
    appraisal = Indicator.objects.get(code="appraisal")
    with pytest.raises(ValidationError) as exc:
        services.adjustment_add(by=cast.reviewer, branch=cast.branch, year=YEAR, indicator=appraisal, points=10,
                                reason="评议会议记录在册", evidence_kind="meeting", evidence_id=other.pk)
    assert "不是该支部的记录" in exc.value.message_dict["evidence"][0]
    a = services.adjustment_add(by=cast.reviewer, branch=cast.branch, year=YEAR, indicator=appraisal, points=10,
                                reason="评议会议记录在册", evidence_kind="meeting", evidence_id=own.pk)
    assert a.evidence_title.startswith("组织生活：") and a.evidence_title.endswith("民主评议党员大会")
