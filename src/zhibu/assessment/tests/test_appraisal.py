"""民主评议党员: one secret ballot per full member, results only after closing, the 优秀 share, the locked decision."""

import logging

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhibu.assessment import services_appraisal as svc
from zhibu.assessment.models import AppraisalResult, AppraisalTally, AppraisalVoter, MemberAppraisal
from zhibu.core.audit import history_for
from zhibu.core.models import AuditEntry

from .conftest import YEAR


@pytest.fixture
def appraisal(cast, voters):
    return svc.appraisal_open(by=cast.secretary, org=cast.branch, year=YEAR)


def _everyone(cast, voters):
    return [cast.sec_member, cast.plain_member, *voters]


def _ballot(voter, members, grade="qualified", special=None):
    return {m.pk: (special or {}).get(m.pk, grade) for m in members if m.pk != voter.pk}


def test_opening_makes_the_full_members_candidates(cast, voters, appraisal):
    assert appraisal.status == "open" and appraisal.max_excellent(6) == 2
    assert set(svc.candidate_ids(appraisal)) == {m.pk for m in _everyone(cast, voters)}
    with pytest.raises(ValidationError, match="每年只评议一次"):
        svc.appraisal_open(by=cast.secretary, org=cast.branch, year=YEAR)
    with pytest.raises(PermissionDenied):
        svc.appraisal_open(by=cast.sibling_secretary, org=cast.branch, year=YEAR + 1)


def test_each_member_votes_once(cast, voters, appraisal):
    members = _everyone(cast, voters)
    svc.appraisal_vote(by=cast.member_user, appraisal=appraisal, ballot=_ballot(cast.plain_member, members))
    with pytest.raises(ValidationError, match="只能投一次"):
        svc.appraisal_vote(by=cast.member_user, appraisal=appraisal, ballot=_ballot(cast.plain_member, members))
    assert AppraisalVoter.objects.filter(appraisal=appraisal).count() == 1
    assert sum(AppraisalTally.objects.filter(appraisal=appraisal).values_list("count", flat=True)) == 5


def test_incomplete_ballots_non_members_and_late_votes_are_refused(cast, voters, appraisal):
    members = _everyone(cast, voters)
    partial = _ballot(cast.plain_member, members)
    partial.pop(voters[0].pk)
    with pytest.raises(ValidationError, match=f"请为{voters[0].name}选择等次"):
        svc.appraisal_vote(by=cast.member_user, appraisal=appraisal, ballot=partial)
    with pytest.raises(ValidationError, match="不能给自己投票"):
        svc.appraisal_vote(by=cast.member_user, appraisal=appraisal,
                           ballot={**_ballot(cast.plain_member, members), cast.plain_member.pk: "excellent"})
    for outsider in (cast.organiser, cast.sibling_secretary):
        with pytest.raises(ValidationError, match="正式党员"):
            svc.appraisal_vote(by=outsider, appraisal=appraisal, ballot=_ballot(cast.sec_member, members))
    svc.appraisal_close(by=cast.secretary, appraisal=appraisal)
    with pytest.raises(ValidationError, match="投票已结束"):
        svc.appraisal_vote(by=cast.member_user, appraisal=appraisal, ballot=_ballot(cast.plain_member, members))
    assert not AppraisalVoter.objects.exists()
    assert sum(AppraisalTally.objects.values_list("count", flat=True)) == 0


def test_ballots_are_secret(cast, voters, appraisal, caplog):
    """Inspect every table of the app and the audit log: nothing ties a voter to what they chose."""
    members = _everyone(cast, voters)
    audit_before = AuditEntry.objects.count()
    caplog.set_level(logging.DEBUG)
    special = {voters[0].pk: "excellent"}
    with CaptureQueriesContext(connection) as queries:
        svc.appraisal_vote(by=cast.member_user, appraisal=appraisal,
                           ballot=_ballot(cast.plain_member, members, special=special))
    assert AuditEntry.objects.count() == audit_before
    assert not [r for r in caplog.records if r.name.startswith("zhibu")]
    # Every counter of the appraisal was written by the one UPDATE (1 or 0 added), not only the chosen ones.
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1 and "assessment_appraisaltally" in updates[0]
    # The voter table says who voted and nothing else; the tallies say how, and nothing of who.
    assert [f.name for f in AppraisalVoter._meta.concrete_fields] == ["id", "appraisal", "member"]
    assert [f.name for f in AppraisalTally._meta.concrete_fields] == ["id", "appraisal", "candidate", "grade", "count"]
    user_model = apps.get_model("auth", "User")
    for model in apps.get_app_config("assessment").get_models():
        for f in model._meta.concrete_fields:
            if model in (AppraisalVoter, AppraisalTally):
                assert not (f.is_relation and f.related_model is user_model), (model, f.name)
                assert f.get_internal_type() not in ("DateTimeField", "DateField"), (model, f.name)
    # No other table holds a row per ballot.
    for model in apps.get_app_config("assessment").get_models():
        if model not in (AppraisalVoter, AppraisalTally, MemberAppraisal):
            assert not model.objects.filter(**({"appraisal": appraisal} if "appraisal" in
                                              {f.name for f in model._meta.fields} else {"pk__in": []})).exists()
    # Tally rows were all made when the ballot opened; their ids and order carry no vote.
    ids = list(AppraisalTally.objects.filter(appraisal=appraisal).order_by("id").values_list("candidate_id", "grade"))
    assert ids == sorted(ids, key=lambda cg: (cg[0], ["excellent", "qualified", "basic", "unqualified"].index(cg[1])))
    entries = AuditEntry.objects.filter(object_id=str(appraisal.pk))
    assert all("excellent" not in str(e.changes) and cast.plain_member.name not in str(e.changes) for e in entries)


def test_results_only_after_closing(cast, voters, appraisal):
    with pytest.raises(PermissionDenied):
        svc.tallies(appraisal)
    members = _everyone(cast, voters)
    svc.appraisal_vote(by=cast.member_user, appraisal=appraisal,
                       ballot=_ballot(cast.plain_member, members, special={voters[0].pk: "excellent"}))
    svc.appraisal_vote(by=voters[1].user, appraisal=appraisal,
                       ballot=_ballot(voters[1], members, special={voters[0].pk: "excellent"}))
    with pytest.raises(PermissionDenied):
        svc.appraisal_close(by=cast.member_user, appraisal=appraisal)
    closed = svc.appraisal_close(by=cast.secretary, appraisal=appraisal)
    votes = svc.tallies(closed)
    assert votes[voters[0].pk] == {"excellent": 2, "qualified": 0, "basic": 0, "unqualified": 0}
    assert votes[cast.sec_member.pk]["qualified"] == 2 and votes[voters[1].pk]["qualified"] == 1
    assert "实投2人" in history_for(closed).first().note


def _close_with_votes(cast, voters, appraisal):
    members = _everyone(cast, voters)
    for member in members:
        svc.appraisal_vote(by=member.user, appraisal=appraisal, ballot=_ballot(member, members))
    return svc.appraisal_close(by=cast.secretary, appraisal=appraisal)


def test_the_excellent_share_is_enforced_with_the_counts(cast, voters, appraisal):
    closed = _close_with_votes(cast, voters, appraisal)
    members = _everyone(cast, voters)
    grades = {m.pk: "qualified" for m in members}
    for m in members[:3]:
        grades[m.pk] = "excellent"
    with pytest.raises(ValidationError) as exc:
        svc.appraisal_decide(by=cast.secretary, appraisal=closed, grades=grades)
    assert exc.value.messages == ["评定为优秀的党员不得超过参评党员的三分之一：本次参评6名，优秀至多2名，现评定为优秀的有3名"]
    closed.refresh_from_db()
    assert closed.status == "closed" and not AppraisalResult.objects.exists()


def test_a_configured_share(cast, voters):
    a = svc.appraisal_open(by=cast.secretary, org=cast.branch, year=YEAR, share_num=1, share_den=5)
    closed = _close_with_votes(cast, voters, a)
    grades = {m.pk: "qualified" for m in _everyone(cast, voters)}
    grades[voters[0].pk] = grades[voters[1].pk] = "excellent"
    with pytest.raises(ValidationError, match="五分之一：本次参评6名，优秀至多1名，现评定为优秀的有2名"):
        svc.appraisal_decide(by=cast.secretary, appraisal=closed, grades=grades)


def test_the_decision_is_locked_with_votes_points_and_history(cast, voters, appraisal):
    with pytest.raises(ValidationError, match="投票尚未结束"):
        svc.appraisal_decide(by=cast.secretary, appraisal=appraisal, grades={})
    closed = _close_with_votes(cast, voters, appraisal)
    members = _everyone(cast, voters)
    grades = {m.pk: "qualified" for m in members}
    grades[voters[0].pk], grades[voters[1].pk], grades[voters[3].pk] = "excellent", "excellent", "basic"
    missing = dict(grades)
    missing.pop(voters[2].pk)
    with pytest.raises(ValidationError, match=f"请为{voters[2].name}确定等次"):
        svc.appraisal_decide(by=cast.secretary, appraisal=closed, grades=missing)
    with pytest.raises(PermissionDenied):
        svc.appraisal_decide(by=cast.sibling_secretary, appraisal=closed, grades=grades)
    decided = svc.appraisal_decide(by=cast.secretary, appraisal=closed, grades=grades)
    assert decided.status == "decided" and decided.decided_by == cast.secretary
    result = AppraisalResult.objects.get(appraisal=decided, member=voters[0])
    assert result.grade == "excellent" and result.votes["qualified"] == 5 and result.points == 60
    with pytest.raises(ValidationError, match="已确定并锁定"):
        svc.appraisal_decide(by=cast.secretary, appraisal=decided, grades=grades)
    entry = history_for(decided).first()
    assert "优秀" in entry.changes["评定等次"][1] and entry.actor == cast.secretary


def test_self_assessment(cast, voters, appraisal):
    svc.appraisal_self_assess(by=cast.member_user, appraisal=appraisal, text="坚持戴党徽、亮身份，参加毕业寄志愿服务。")
    svc.appraisal_self_assess(by=cast.member_user, appraisal=appraisal, text="修改后的自评")
    assert appraisal.self_assessments.get().text == "修改后的自评"
    with pytest.raises(ValidationError, match="正式党员"):
        svc.appraisal_self_assess(by=cast.organiser, appraisal=appraisal, text="x")
