"""Fake metrics with hand-chosen counts, so that every indicator of the faculty branch can be checked by hand.

`fake_metrics(values)` replaces the registry for the test with metrics returning {org id: n} from `values`
({code: {Org: n}}), counting calls; unknown codes return {}.
"""

from collections import Counter

import pytest

from zhibu.core import metrics


@pytest.fixture
def fake_metrics(monkeypatch):
    calls: Counter = Counter()

    def install(values: dict, *, keep_real: bool = False):
        registry = dict(metrics._METRICS) if keep_real else {}
        for code, by_org in values.items():
            def fn(*, under, start, end, _code=code, _by=by_org):
                calls[_code] += 1
                return {o.pk: n for o, n in _by.items() if o.path.startswith(under)}
            registry[code] = metrics.Metric(code=code, label=code, unit="", values=fn)
        monkeypatch.setattr(metrics, "_METRICS", registry)
        return calls

    return install


# Hand-computed branch: counts owned by the branch and by its group, summed.
def faculty_counts(cast) -> dict:
    b, g = cast.branch, cast.group
    return {
        "meetings.party_lectures": {b: 3, g: 1},                 # 4 / 4  -> 100
        "meetings.party_lecture_present": {b: 27},               # 27/36*100 = 75 / 90 -> 83.3
        "meetings.party_lecture_expected": {b: 36},
        "meetings.theme_days": {b: 6},                           # 6/12 -> 50
        "orgs.members_complete": {b: 9},                         # 9/10*100 = 90 / 100 -> 90
        "orgs.members": {b: 10},
        "meetings.general_meetings": {b: 5},                     # 5/4 -> 100 (capped)
        "assessment.badge_pledges": {b: 5},                      # 50 / 100 -> 50
        "meetings.org_life_meetings": {b: 1},                    # 100
        "assessment.appraisals_held": {},                        # 0
        "meetings.talks": {b: 8, g: 4},                          # 12/10 = 1.2 / 1 -> 100
        "cobuild.activities": {b: 2},                            # 50
        "integration.stages": {b: 6},                            # 6/8*100 = 75 -> 75
        "integration.stages_expected": {b: 8},
        "integration.student_activities": {b: 1},                # 25
        "publishing.articles": {b: 3},                           # 50
        "methods.cases_published": {b: 1},                       # 100
        "methods.adoptions": {b: 1},                             # 50
        "meetings.nonmember_attendance": {b: 10},                # 50
        "integration.students_reached": {b: 300},                # 100
        "cobuild.partner_participants": {b: 15},                 # 50
        "assessment.deeds": {b: 10, g: 5},                       # 75
        "assessment.deed_beneficiaries": {b: 20},                # 20
        "careers.graduates_placed": {b: 19},                     # 19/20*100 = 95 -> 100
        "careers.graduates": {b: 20},
        "gradmail.parcels": {b: 25},                             # 50
        "careers.jobs_opened": {cast.sibling: 30},               # other branch's: 0 here
    }


EXPECTED = {
    "party_lectures": (4, 100), "lecture_attendance": (75, 83.3), "theme_days": (6, 50),
    "member_records_complete": (90, 90), "general_meetings": (5, 100), "badge_pledges": (50, 50),
    "org_life_meeting": (1, 100), "appraisal": (0, 0), "talks_per_member": (1.2, 100),
    "cobuild_activities": (2, 50), "integration_rate": (75, 75), "student_activities": (1, 25),
    "articles": (3, 50), "cases_published": (1, 100), "case_adoptions": (1, 50),
    "nonmember_participation": (10, 50), "students_reached": (300, 100), "partner_participation": (15, 50),
    "deeds": (15, 75), "deed_beneficiaries": (20, 20), "destination_rate": (95, 100), "gradmail_parcels": (25, 50),
    "jobs_opened": (0, 0),
}
