"""Annual plans in the four categories, goals linked to indicators, the year-end review from the records."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zhibu.core import evidence
from zhibu.strengths import selectors, services
from zhibu.strengths.models import Plan

from .conftest import faculty_counts

YEAR = 2022

GOALS = [
    {"category": "routine", "title": "按期开展“三会一课”，党课每季度1次", "indicator": "party_lectures", "target_value": "4"},
    {"category": "key", "title": "“四同”融合覆盖全部事项", "indicator": "integration_rate", "target_value": "100"},
    {"category": "assessment", "title": "民主评议党员按时完成", "indicator": "appraisal", "target_value": "1"},
    {"category": "signature", "title": "总结推广“一三三”工作法", "indicator": "", "target_value": ""},
]


def test_plan_goals_show_their_results_from_the_records(cast, fake_metrics):
    fake_metrics(faculty_counts(cast))
    plan = services.plan_save(by=cast.secretary, branch=cast.branch, year=YEAR, summary="常规、重点、考核、特色",
                              goals=GOALS)
    rows = selectors.plan_results(selectors.plan_for(org=cast.branch, year=YEAR),
                                  selectors.branch_score(org=cast.branch, year=YEAR))
    assert [(r["goal"].category, r["value"], r["met"]) for r in rows] == [
        ("routine", 4, True), ("key", 75, False), ("assessment", 0, False), ("signature", None, None)]
    assert plan.goals.count() == 4


def test_plan_errors_name_the_row(cast):
    with pytest.raises(ValidationError) as exc:
        services.plan_save(by=cast.secretary, branch=cast.branch, year=YEAR, summary="", goals=[
            {"category": "routine", "title": "好", "indicator": "party_lectures", "target_value": ""},
            {"category": "nope", "title": "坏", "indicator": "", "target_value": "x"},
        ])
    msgs = exc.value.message_dict["goals"]
    assert "第1条目标：关联了指标“党课”，须填写目标值" in msgs
    assert any(m.startswith("第2条目标：类别") for m in msgs)
    assert not Plan.objects.exists()


def test_only_the_branch_plans(cast):
    for user in (cast.member_user, cast.sibling_secretary):
        with pytest.raises(PermissionDenied):
            services.plan_save(by=user, branch=cast.branch, year=YEAR, summary="", goals=[])


def test_review_freezes_the_score_and_becomes_case_evidence(cast, fake_metrics):
    fake_metrics(faculty_counts(cast))
    plan = services.plan_save(by=cast.secretary, branch=cast.branch, year=YEAR, summary="", goals=GOALS)
    services.plan_review(by=cast.secretary, plan=plan, note="全年计划基本完成。")
    plan.refresh_from_db()
    assert float(plan.review_total) == 66.7
    records = evidence.source("strengths").records(cast.branch.path)
    assert [r.title for r in records] == ["2022年度“七个有力”评估：66.7分"]
    assert "教育党员有力76.0" in records[0].summary
    assert evidence.source("strengths").records(cast.sibling.path) == []


def test_plan_pages(cast, fake_metrics, login):
    fake_metrics(faculty_counts(cast))
    c = login(cast.secretary)
    url = reverse("strengths:plan_edit", args=["U1-WL-JG", YEAR])
    assert c.get(url).status_code == 200
    r = c.post(url, {"summary": "思路", "goal_category": ["routine", "key"],
                     "goal_title": ["党课每季度1次", ""], "goal_indicator": ["party_lectures", ""],
                     "goal_target": ["", ""]})
    assert r.status_code == 200 and "须填写目标值" in r.content.decode()
    assert "党课每季度1次" in r.content.decode()  # re-shows what was typed
    r = c.post(url, {"summary": "思路", "goal_category": ["routine"], "goal_title": ["党课每季度1次"],
                     "goal_indicator": ["party_lectures"], "goal_target": ["4"]})
    assert r.status_code == 302
    r = c.get(reverse("strengths:plan", args=["U1-WL-JG", YEAR]))
    assert r.status_code == 200 and "已完成" in r.content.decode()
    r = c.post(reverse("strengths:plan_review", args=["U1-WL-JG", YEAR]), {"review_note": "完成"})
    assert r.status_code == 302 and Plan.objects.get().reviewed_at is not None
    assert login(cast.member_user).post(reverse("strengths:plan_review", args=["U1-WL-JG", YEAR]),
                                        {"review_note": "x"}).status_code == 403
