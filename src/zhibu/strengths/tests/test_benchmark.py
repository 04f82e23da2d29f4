"""对标争先: thresholds, recent honours, a clean record; gaps per branch and the closest branches."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zhibu.orgs import services as org_services
from zhibu.orgs.models import Honour
from zhibu.strengths import benchmark, selectors, services

from .conftest import faculty_counts

YEAR = 2022


@pytest.fixture
def standard(cast, fake_metrics):
    counts = faculty_counts(cast)
    counts["meetings.party_lectures"][cast.sibling] = 2
    fake_metrics(counts, keep_real=True)  # honours come from the real orgs metric
    return services.standard_save(by=cast.organiser, org=cast.university, name="示例大学样板支部标准", min_total=60,
                                  honour_years=3, honour_min=1, honour_levels=["national", "provincial", "municipal"],
                                  thresholds={"party_lectures": "4", "org_life_meeting": "1", "appraisal": "1"})


def _honour(org, year, level=Honour.Level.NATIONAL):
    return org_services.honour_add(by=None, org=org, title="全国党建工作样板支部", year=year, level=level)


def test_branch_sees_which_checks_it_meets_and_its_gaps(cast, standard):
    _honour(cast.branch, 2020)
    score = selectors.branch_score(org=cast.branch, year=YEAR)
    [b] = benchmark.evaluate(standard=selectors.standard_for(cast.branch), root=cast.branch, year=YEAR, scores=[score])
    by = {c.label: (c.met, c.actual) for c in b.checks}
    assert by == {"党课": (True, "4次"), "组织生活会": (True, "1次"), "民主评议党员": (False, "0次"),
                  "“七个有力”总分": (True, "66.7分"), "近3年全国、省部级、市级荣誉": (True, "1项"),
                  "近3年无违纪问题": (True, "0起")}
    assert [c.label for c in b.gaps] == ["民主评议党员"] and not b.meets


def test_old_or_low_honours_and_discipline_are_gaps(cast, standard):
    _honour(cast.branch, 2019)                                  # outside 2020–2022
    _honour(cast.branch, 2021, Honour.Level.SCHOOL)             # level not counted
    services.discipline_record_add(by=cast.organiser, branch=cast.branch, occurred_on=dt.date(2021, 5, 1),
                                   summary="支部党员违反工作纪律受到批评教育")
    score = selectors.branch_score(org=cast.branch, year=YEAR)
    [b] = benchmark.evaluate(standard=standard, root=cast.branch, year=YEAR, scores=[score])
    gaps = {c.label: c.actual for c in b.gaps}
    assert gaps["近3年全国、省部级、市级荣誉"] == "0项" and gaps["近3年无违纪问题"] == "1起"


def test_university_sees_the_closest_branches_first(cast, standard):
    _honour(cast.branch, 2022)
    scores = selectors.scores_for_scope(org=cast.university, year=YEAR)
    ranked = benchmark.closest(benchmark.evaluate(standard=standard, root=cast.university, year=YEAR, scores=scores))
    assert [r.org.code for r in ranked] == ["U1-WL-JG", "U1-WL-XS", "U1-JG-GS"]
    assert [len(r.gaps) for r in ranked] == [1, 5, 5]  # all but the clean record
    # the sibling's two lectures of four put it ahead of the branch with none
    assert ranked[1].distance[1] < ranked[2].distance[1]


def test_standard_rules(cast):
    with pytest.raises(PermissionDenied):
        services.standard_save(by=cast.secretary, org=cast.university, name="x")
    with pytest.raises(ValidationError) as exc:
        services.standard_save(by=cast.organiser, org=cast.university, name="x", min_total=120, honour_levels=["galaxy"],
                               thresholds={"party_lectures": "四"})
    assert set(exc.value.message_dict) == {"min_total", "honour_levels", "threshold-party_lectures"}


def test_benchmark_pages(cast, standard, login):
    c = login(cast.organiser)
    r = c.get(reverse("strengths:benchmark", args=["U1"]) + f"?year={YEAR}")
    assert r.status_code == 200 and "民主评议党员" in r.content.decode()
    r = c.get(reverse("strengths:standard_edit", args=["U1"]))
    assert r.status_code == 200
    r = c.post(reverse("strengths:standard_edit", args=["U1"]), {
        "name": "新标准", "min_total": "70", "honour_years": "3", "honour_min": "1", "honour_levels": ["national"],
        "require_clean_record": "on", "threshold-party_lectures": "4", "threshold-theme_days": "10"})
    assert r.status_code == 302
    std = selectors.standard_for(cast.branch)
    assert std.name == "新标准" and {t.indicator.code for t in std.thresholds.all()} == {"party_lectures", "theme_days"}
    assert login(cast.secretary).get(reverse("strengths:standard_edit", args=["U1"])).status_code == 404
    assert login(cast.sibling_secretary).get(reverse("strengths:benchmark", args=["U1"])).status_code == 404
    r = login(cast.secretary).get(reverse("strengths:branch", args=["U1-WL-JG"]) + f"?year={YEAR}")
    assert r.context["bench"] is not None and "bench-table" in r.content.decode()
